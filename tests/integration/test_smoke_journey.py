"""The issue's "done when" conversation, end to end through RabbitMQ and the simulator."""

from __future__ import annotations

from tests.integration.harness import Helpline, all_text, new_number


async def test_done_when_conversation(helpline: Helpline) -> None:
    me = new_number()
    expected = 0

    async def say(text: str, at_least: int = 1) -> str:
        nonlocal expected
        await helpline.citizen_says(me, text)
        expected += at_least
        got = await helpline.replies(me, expected)
        assert len(got) >= expected, f"no reply to {text!r}: {all_text(got)}"
        new = got[expected - at_least:]
        expected = len(got)
        return all_text(new)

    welcome = await say("Merhaba")
    assert "Kızılay" in welcome and "1" in welcome
    blood_menu = await say("1")
    assert "kan" in blood_menu.lower()
    ankara = await say("kan bağışı ankara")
    assert "Ankara" in ankara and "ÖRNEK" in ankara.upper()
    volunteer = await say("gönüllü olmak istiyorum")
    assert "gonulluol.org" in volunteer
    donation = await say("bağış")
    assert "kizilay.org.tr" in donation
    agent = await say("temsilci")
    assert "KZ-H-" in agent
