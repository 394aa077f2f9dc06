"""A WhatsApp Cloud API simulator that plays Meta for the helpline (see README.md)."""
