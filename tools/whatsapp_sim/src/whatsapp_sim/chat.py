"""Terminal chat with the helpline through the simulator, as one citizen.

    python -m whatsapp_sim.chat --as 905321234567 [--name "Test Citizen"] [--sim URL]

Lines are sent as text. `/loc <lat> <lon> [name]` shares a location, `/tap <n>` taps the n-th
row or button of the latest tappable message, `/react <emoji>` reacts to the latest message,
`/quit` ends. With piped stdin each line waits for the bot's replies before the next is sent,
so scripted conversations (including `/tap`) read like a transcript.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import secrets
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from whatsapp_sim.render import Choice, choices, describe

HELP = ("commands: /loc <lat> <lon> [name]  /tap <n>  /react <emoji>  /photo [caption]  /help  /quit  "
        "(anything else is sent as text)")
POLL_WAIT_S = 20.0


@dataclass
class Conversation:
    sim: str
    wa_id: str | None
    user_id: str | None
    name: str | None
    last_seq: int = 0
    received: int = 0
    last_activity: float = field(default_factory=time.monotonic)
    tappable: list[Choice] = field(default_factory=list)
    last_wamid: str | None = None

    @property
    def address(self) -> str:
        return self.wa_id or self.user_id or ""

    def citizen_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        if self.wa_id:
            fields["from"] = self.wa_id
        if self.user_id:
            fields["user_id"] = self.user_id
        if self.name:
            fields["profile_name"] = self.name
        return fields


def show(message: dict[str, Any]) -> None:
    failed = message.get("failed_code")
    note = f"  (not delivered: {failed})" if failed else ""
    text = describe(message).replace("\n", "\n      ")
    print(f"bot > {text}{note}", flush=True)


async def poll_outbox(session: aiohttp.ClientSession, chat: Conversation) -> None:
    while True:
        params = {"to": chat.address, "after": str(chat.last_seq), "wait": str(POLL_WAIT_S)}
        try:
            async with session.get(f"{chat.sim}/sim/outbox", params=params) as response:
                data = await response.json()
        except (aiohttp.ClientError, TimeoutError) as exc:
            print(f"!! cannot reach the simulator: {exc}", file=sys.stderr, flush=True)
            await asyncio.sleep(2)
            continue
        for message in data.get("messages", []):
            show(message)
            chat.received += 1
            chat.last_activity = time.monotonic()
            chat.last_wamid = message.get("wamid")
            if options := choices(message):
                chat.tappable = options
        chat.last_seq = max(chat.last_seq, int(data.get("last_seq", chat.last_seq)))


async def send(session: aiohttp.ClientSession, chat: Conversation,
               content: dict[str, Any]) -> None:
    try:
        async with session.post(f"{chat.sim}/sim/messages",
                                json=chat.citizen_fields() | content) as response:
            data = await response.json()
    except (aiohttp.ClientError, TimeoutError) as exc:
        print(f"!! cannot reach the simulator: {exc}", file=sys.stderr, flush=True)
        return
    status = data.get("gateway_status")
    if status != 200:
        reason = data.get("error") or data.get("gateway_body") or ""
        print(f"!! gateway answered {status} {reason}".rstrip(), file=sys.stderr, flush=True)


def parse_line(line: str, chat: Conversation) -> dict[str, Any] | str | None:
    """The `/sim/messages` content for a typed line, a message for the user, or None to quit."""
    if not line.startswith("/"):
        return {"text": line}
    command, *args = line.split()
    if command == "/quit":
        return None
    if command == "/loc":
        try:
            latitude, longitude = float(args[0]), float(args[1])
        except (IndexError, ValueError):
            return "usage: /loc <lat> <lon> [name]"
        location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if args[2:]:
            location["name"] = " ".join(args[2:])
        return {"location": location}
    if command == "/tap":
        try:
            choice = chat.tappable[int(args[0]) - 1]
        except (IndexError, ValueError):
            return f"nothing to tap at {args[0] if args else '?'} ({len(chat.tappable)} choices)"
        if choice.kind == "button":
            return {"button": {"payload": choice.id, "text": choice.title,
                               "context_id": choice.context_id}}
        return {"interactive": {"type": choice.kind, "id": choice.id, "title": choice.title,
                                "context_id": choice.context_id}}
    if command == "/react":
        if not args or not chat.last_wamid:
            return "usage: /react <emoji> (after the bot wrote something)"
        return {"reaction": {"message_id": chat.last_wamid, "emoji": args[0]}}
    if command == "/photo":
        # A made-up media id, as WhatsApp gives one per upload; there is no file behind it.
        image: dict[str, Any] = {"id": str(secrets.randbelow(10**15) + 10**15), "mime_type": "image/jpeg",
                                 "sha256": secrets.token_hex(32)}
        if args:
            image["caption"] = line.split(None, 1)[1]
        return {"message": {"type": "image", "image": image}}
    if command == "/help":
        return HELP
    return f"unknown command {command}; {HELP}"


async def settle(chat: Conversation, before: int, first_wait_s: float, idle_s: float) -> None:
    """Waits for the bot to answer (up to `first_wait_s`) and then to fall quiet for `idle_s`."""
    started = time.monotonic()
    while True:
        await asyncio.sleep(0.05)
        now = time.monotonic()
        if chat.received > before:
            if now - chat.last_activity >= idle_s:
                return
        elif now - started >= first_wait_s:
            return


def stdin_lines() -> asyncio.Queue[str | None]:
    """Lines from stdin, then None at EOF.

    A thread, not connect_read_pipe: it works for terminals, pipes and redirected files alike.
    A daemon thread, not the default executor: asyncio.run would wait at exit for a readline
    still blocked on the terminal.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def pump() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(queue.put_nowait, line.rstrip("\n"))
        loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=pump, name="stdin", daemon=True).start()
    return queue


async def run(chat: Conversation, *, linger_s: float, reply_wait_s: float,
              settle_s: float) -> None:
    scripted = not sys.stdin.isatty()
    timeout = aiohttp.ClientTimeout(total=POLL_WAIT_S + 10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        try:
            async with session.get(f"{chat.sim}/sim/outbox", params={"after": "0"}) as response:
                # Start after what is already there, so old conversations are not replayed.
                chat.last_seq = int((await response.json()).get("last_seq", 0))
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SystemExit(f"cannot reach the simulator at {chat.sim}: {exc}") from exc
        poller = asyncio.create_task(poll_outbox(session, chat))
        if not scripted:
            print(f"chatting as {chat.address} via {chat.sim}; {HELP}", flush=True)
        try:
            lines = stdin_lines()
            while (line := await lines.get()) is not None:
                if not line.strip():
                    continue
                parsed = parse_line(line.strip(), chat)
                if parsed is None:
                    break
                if isinstance(parsed, str):
                    print(parsed, flush=True)
                    continue
                if scripted:
                    print(f"you > {line.strip()}", flush=True)
                before = chat.received
                await send(session, chat, parsed)
                if scripted:
                    await settle(chat, before, reply_wait_s, idle_s=settle_s)
            await settle(chat, chat.received, linger_s, idle_s=linger_s)
        finally:
            poller.cancel()
            await asyncio.gather(poller, return_exceptions=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m whatsapp_sim.chat", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--as", dest="wa_id", help="the citizen's phone number (wa_id)")
    who.add_argument("--user-id", help="a business-scoped user id (BSUID), for a citizen "
                                       "known without a phone number")
    parser.add_argument("--name", help="WhatsApp profile name")
    parser.add_argument("--sim", default="http://127.0.0.1:8700", help="simulator base URL")
    parser.add_argument("--linger", type=float, default=3.0,
                        help="seconds to keep listening after the last line (default 3)")
    parser.add_argument("--reply-wait", type=float, default=8.0,
                        help="piped input: longest wait for a first reply per line (default 8)")
    parser.add_argument("--settle", type=float, default=1.0,
                        help="piped input: seconds of quiet after which the bot is taken to "
                             "have finished answering a line (default 1)")
    args = parser.parse_args(argv)
    chat = Conversation(sim=args.sim.rstrip("/"), wa_id=args.wa_id, user_id=args.user_id,
                        name=args.name)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run(chat, linger_s=args.linger, reply_wait_s=args.reply_wait,
                        settle_s=args.settle))


if __name__ == "__main__":
    main()
