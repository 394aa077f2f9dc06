"""`python -m whatsapp_sim`: runs the simulator; settings from the environment, then flags."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
from collections.abc import Sequence

from aiohttp import web
from common.gc_tuning import tune_gc

from whatsapp_sim.app import create_app
from whatsapp_sim.config import SimConfig, from_env

log = logging.getLogger("whatsapp_sim")


def _on_off(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"expected 1/0, got {value!r}")


def parse_args(argv: Sequence[str] | None, base: SimConfig) -> tuple[SimConfig, str]:
    parser = argparse.ArgumentParser(
        prog="python -m whatsapp_sim",
        description="WhatsApp Cloud API simulator: plays Meta for the helpline gateway and "
                    "sender. Flags override the environment.",
    )
    parser.add_argument("--host", default=base.host, help="SIM_HOST")
    parser.add_argument("--port", type=int, default=base.port, help="SIM_PORT")
    parser.add_argument("--gateway-webhook-url", default=base.gateway_webhook_url,
                        help="GATEWAY_WEBHOOK_URL")
    parser.add_argument("--app-secret", default=base.app_secret, help="WHATSAPP_APP_SECRET")
    parser.add_argument("--access-token", default=base.access_token,
                        help="WHATSAPP_ACCESS_TOKEN")
    parser.add_argument("--phone-number-id", default=base.phone_number_id,
                        help="WHATSAPP_PHONE_NUMBER_ID")
    parser.add_argument("--display-phone-number", default=base.display_phone_number,
                        help="WHATSAPP_DISPLAY_PHONE_NUMBER")
    parser.add_argument("--waba-id", default=base.waba_id, help="WHATSAPP_WABA_ID")
    parser.add_argument("--status-webhooks", type=_on_off, default=base.status_webhooks,
                        metavar="1|0", help="SIM_STATUS_WEBHOOKS")
    parser.add_argument("--read-receipts", type=_on_off, default=base.read_receipts,
                        metavar="1|0", help="SIM_READ_RECEIPTS")
    parser.add_argument("--mps", type=int, default=base.mps,
                        help="messages per second before 130429 (SIM_MPS)")
    parser.add_argument("--pair-limit", type=int, default=base.pair_limit,
                        help="sends to one recipient per pair window before 131056; "
                             "0 = off (SIM_PAIR_LIMIT)")
    parser.add_argument("--pair-window-s", type=float, default=base.pair_window_s,
                        help="SIM_PAIR_WINDOW_S")
    parser.add_argument("--enforce-window", type=_on_off, default=base.enforce_window,
                        metavar="1|0", help="131047 for free-form sends to citizens silent "
                                            "for 24 h (SIM_ENFORCE_WINDOW)")
    parser.add_argument("--log-level", default=os.environ.get("SIM_LOG_LEVEL", "INFO"))
    args = parser.parse_args(argv)
    config = dataclasses.replace(
        base, host=args.host, port=args.port, gateway_webhook_url=args.gateway_webhook_url,
        app_secret=args.app_secret, access_token=args.access_token,
        phone_number_id=args.phone_number_id, display_phone_number=args.display_phone_number,
        waba_id=args.waba_id, status_webhooks=args.status_webhooks,
        read_receipts=args.read_receipts, mps=args.mps, pair_limit=args.pair_limit,
        pair_window_s=args.pair_window_s, enforce_window=args.enforce_window,
    )
    return config, str(args.log_level).upper()


def main(argv: Sequence[str] | None = None) -> None:
    config, level = parse_args(argv, from_env())
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log.info("WhatsApp simulator on http://%s:%d (phone_number_id %s) → webhooks to %s",
             config.host, config.port, config.phone_number_id, config.gateway_webhook_url)
    # run_app turns SIGINT/SIGTERM into a graceful shutdown: long-polls are released, pending
    # status webhooks cancelled, and in-flight requests get a few seconds to finish.
    # No access log: its URLs (`/sim/outbox?to=...`) would put phone numbers in the log.
    app = create_app(config)
    app.on_startup.append(_tune_gc)
    web.run_app(app, host=config.host, port=config.port, shutdown_timeout=5.0,
                handle_signals=True, print=None, access_log=None)
    log.info("WhatsApp simulator stopped")


async def _tune_gc(_app: web.Application) -> None:
    # The outbox keeps every accepted message: full collections over it would delay answers
    # and skew what a benchmark measures of the sender.
    tune_gc()


if __name__ == "__main__":
    main()
