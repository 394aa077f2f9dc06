"""Staff authentication shared by every service: bearer tokens with roles, stored hashed.

Tokens live in a JSON file of hashes (a Kubernetes Secret in production, `var/` locally), so
every replica of every service reads the same list without a shared database, and revoking
means deleting a line. Create them with:

    python -m common.auth create --name ayse --role agent [--file var/staff_tokens.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import sys
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, get_args

from aiohttp import web

Role = Literal["agent", "supervisor", "staff", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
# What each role may also act as: a supervisor can do an agent's work; admin can do all.
IMPLIED: dict[str, frozenset[str]] = {
    "agent": frozenset({"agent"}),
    "supervisor": frozenset({"supervisor", "agent"}),
    "staff": frozenset({"staff"}),
    "admin": frozenset(ROLES),
}
TOKEN_PREFIX = "kzs_"  # noqa: S105 - a marker that makes leaked tokens easy to scan for, not a secret


def hash_token(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class StaffMember:
    name: str
    role: Role

    def may(self, roles: Iterable[str]) -> bool:
        return bool(IMPLIED[self.role] & set(roles))


class TokenStore:
    """Reads the token file, re-reading it when it changes (rotation without restarts)."""

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)
        self._mtime: float | None = None
        self._by_hash: dict[str, StaffMember] = {}

    def _load(self) -> None:
        try:
            mtime = self._path.stat().st_mtime
        except FileNotFoundError:
            self._by_hash, self._mtime = {}, None
            return
        if mtime == self._mtime:
            return
        data = json.loads(self._path.read_text(encoding="utf-8"))
        self._by_hash = {
            entry["sha256"]: StaffMember(entry["name"], entry["role"])
            for entry in data.get("tokens", [])
            if entry.get("role") in ROLES
        }
        self._mtime = mtime

    def authenticate(self, token: str) -> StaffMember | None:
        self._load()
        return self._by_hash.get(hash_token(token))


STAFF_KEY = web.RequestKey("staff_member", StaffMember)
TOKENS_KEY = web.AppKey("token_store", TokenStore)

RouteHandler = Callable[..., Awaitable[web.StreamResponse]]


def require(*roles: Role) -> Callable[[RouteHandler], RouteHandler]:
    """Decorator for `/admin` routes: 401 without a valid token, 403 without the role."""

    def wrap(handler: RouteHandler) -> RouteHandler:
        # The request is the last positional argument, so this guards methods as well.
        async def guarded(*args: object) -> web.StreamResponse:
            request = args[-1]
            assert isinstance(request, web.Request)
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            store = request.app.get(TOKENS_KEY)
            if store is None:
                raise web.HTTPUnauthorized(reason="staff authentication is not configured")
            member = store.authenticate(token.strip()) if scheme.lower() == "bearer" and token else None
            if member is None:
                raise web.HTTPUnauthorized(headers={"WWW-Authenticate": "Bearer"})
            if not member.may(roles):
                raise web.HTTPForbidden(reason=f"needs role: {', '.join(roles)}")
            request[STAFF_KEY] = member
            return await handler(*args)

        guarded.required_roles = roles  # type: ignore[attr-defined]
        guarded.__name__ = handler.__name__
        guarded.__doc__ = handler.__doc__
        return guarded

    return wrap


def create_token(path: str | Path, name: str, role: Role) -> str:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"tokens": []}
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    data["tokens"].append({"name": name, "role": role, "sha256": hash_token(token),
                           "created_at": datetime.now(UTC).isoformat()})
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    os.chmod(tmp, 0o600)
    tmp.replace(path)
    return token


def revoke(path: str | Path, name: str) -> int:
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    before = len(data["tokens"])
    data["tokens"] = [t for t in data["tokens"] if t["name"] != name]
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return before - len(data["tokens"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m common.auth", description="Manage staff tokens")
    parser.add_argument("--file", default=os.environ.get("STAFF_TOKENS_FILE", "var/staff_tokens.json"))
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create", help="create a token and print it once")
    create.add_argument("--name", required=True)
    create.add_argument("--role", required=True, choices=ROLES)
    sub.add_parser("list", help="list token holders (never the tokens)")
    rev = sub.add_parser("revoke", help="revoke every token of a name")
    rev.add_argument("--name", required=True)
    args = parser.parse_args(argv)
    if args.command == "create":
        print(create_token(args.file, args.name, args.role))
    elif args.command == "list":
        path = Path(args.file)
        tokens = json.loads(path.read_text(encoding="utf-8"))["tokens"] if path.exists() else []
        for entry in tokens:
            print(f"{entry['name']}\t{entry['role']}\t{entry.get('created_at', '')}")
    else:
        removed = revoke(args.file, args.name)
        print(f"revoked {removed} token(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
