"""Staff bearer tokens: hashed storage, roles, rotation, the `require` guard and the CLI."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from common.auth import (
    IMPLIED,
    ROLES,
    STAFF_KEY,
    TOKEN_PREFIX,
    TOKENS_KEY,
    Role,
    StaffMember,
    TokenStore,
    create_token,
    hash_token,
    main,
    require,
    revoke,
)


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    return tmp_path / "secrets" / "staff_tokens.json"


def touch_later(path: Path) -> None:
    """Move the file's mtime forward, as any later edit would: the store notices changes by mtime,
    and on a filesystem with coarse timestamps two writes within one tick could share one."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def test_create_token_authenticates_with_name_and_role(token_file: Path) -> None:
    token = create_token(token_file, "ayse", "agent")
    assert token.startswith(TOKEN_PREFIX)
    assert len(token) > len(TOKEN_PREFIX) + 40
    assert TokenStore(token_file).authenticate(token) == StaffMember("ayse", "agent")


def test_tokens_are_random_and_independent(token_file: Path) -> None:
    first = create_token(token_file, "ayse", "agent")
    second = create_token(token_file, "ayse", "agent")
    third = create_token(token_file, "mehmet", "admin")
    assert len({first, second, third}) == 3
    store = TokenStore(token_file)
    assert store.authenticate(first) == StaffMember("ayse", "agent")
    assert store.authenticate(second) == StaffMember("ayse", "agent")
    assert store.authenticate(third) == StaffMember("mehmet", "admin")


@pytest.mark.parametrize("token", ["", "kzs_", "kzs_wrong", "Bearer x", "ü"])
def test_unknown_token_is_refused(token_file: Path, token: str) -> None:
    create_token(token_file, "ayse", "agent")
    assert TokenStore(token_file).authenticate(token) is None


def test_token_off_by_one_character_is_refused(token_file: Path) -> None:
    token = create_token(token_file, "ayse", "admin")
    store = TokenStore(token_file)
    assert store.authenticate(token[:-1]) is None
    assert store.authenticate(token + "x") is None
    assert store.authenticate(token.upper()) is None
    assert store.authenticate(" " + token) is None


def test_tokens_are_stored_only_hashed(token_file: Path) -> None:
    token = create_token(token_file, "ayse", "supervisor")
    text = token_file.read_text(encoding="utf-8")
    assert token not in text
    assert token[len(TOKEN_PREFIX):] not in text
    assert token[len(TOKEN_PREFIX):][:16] not in text
    [entry] = json.loads(text)["tokens"]
    assert entry["sha256"] == hash_token(token)
    assert len(entry["sha256"]) == 64
    assert (entry["name"], entry["role"]) == ("ayse", "supervisor")
    assert "created_at" in entry


def test_token_file_is_private(token_file: Path) -> None:
    create_token(token_file, "ayse", "agent")
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert not token_file.with_suffix(".tmp").exists()


def test_missing_file_authenticates_nobody(token_file: Path) -> None:
    store = TokenStore(token_file)
    assert store.authenticate("kzs_anything") is None
    token = create_token(token_file, "ayse", "agent")
    assert store.authenticate(token) == StaffMember("ayse", "agent")  # the file appeared later
    token_file.unlink()
    assert store.authenticate(token) is None  # and went away again


def test_file_is_re_read_after_change(token_file: Path) -> None:
    first = create_token(token_file, "ayse", "agent")
    store = TokenStore(token_file)
    assert store.authenticate(first) is not None
    second = create_token(token_file, "mehmet", "staff")
    touch_later(token_file)
    assert store.authenticate(second) == StaffMember("mehmet", "staff")
    assert store.authenticate(first) == StaffMember("ayse", "agent")


def test_revoke_removes_every_token_of_a_name(token_file: Path) -> None:
    one = create_token(token_file, "ayse", "agent")
    two = create_token(token_file, "ayse", "supervisor")
    other = create_token(token_file, "mehmet", "agent")
    store = TokenStore(token_file)
    assert store.authenticate(one) is not None
    assert revoke(token_file, "ayse") == 2
    touch_later(token_file)
    assert store.authenticate(one) is None
    assert store.authenticate(two) is None
    assert store.authenticate(other) == StaffMember("mehmet", "agent")
    assert revoke(token_file, "nobody") == 0


def test_entries_with_unknown_roles_are_ignored(token_file: Path) -> None:
    token = create_token(token_file, "ayse", "agent")
    data = json.loads(token_file.read_text(encoding="utf-8"))
    data["tokens"][0]["role"] = "superuser"
    token_file.write_text(json.dumps(data), encoding="utf-8")
    assert TokenStore(token_file).authenticate(token) is None


# --- roles ------------------------------------------------------------------------------------


def test_admin_implies_every_role() -> None:
    admin = StaffMember("root", "admin")
    assert IMPLIED["admin"] == frozenset(ROLES)
    for role in ROLES:
        assert admin.may([role])


def test_supervisor_implies_agent_only() -> None:
    supervisor = StaffMember("s", "supervisor")
    assert supervisor.may(["agent"])
    assert supervisor.may(["supervisor"])
    assert not supervisor.may(["staff"])
    assert not supervisor.may(["admin"])


@pytest.mark.parametrize(("role", "allowed"), [
    ("agent", {"agent"}),
    ("staff", {"staff"}),
    ("supervisor", {"agent", "supervisor"}),
    ("admin", {"agent", "supervisor", "staff", "admin"}),
])
def test_what_each_role_may_do(role: Role, allowed: set[str]) -> None:
    member = StaffMember("x", role)
    assert {r for r in ROLES if member.may([r])} == allowed


def test_may_with_several_roles_needs_any_one() -> None:
    assert StaffMember("x", "agent").may(["staff", "agent"])
    assert not StaffMember("x", "agent").may(["staff", "admin"])
    assert not StaffMember("x", "admin").may([])


# --- the `require` guard in an aiohttp app ----------------------------------------------------


class Views:
    """Guarded methods work as well as functions: the request is the last argument."""

    @require("staff")
    async def staff_only(self, request: web.Request) -> web.StreamResponse:
        return web.json_response({"who": request[STAFF_KEY].name, "view": "staff"})


@require("supervisor")
async def supervise(request: web.Request) -> web.StreamResponse:
    """Supervisor-only view."""
    member = request[STAFF_KEY]
    return web.json_response({"who": member.name, "role": member.role})


@require("agent")
async def agent_view(request: web.Request) -> web.StreamResponse:
    return web.json_response({"who": request[STAFF_KEY].name})


@pytest.fixture
async def client(token_file: Path) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    app = web.Application()
    app[TOKENS_KEY] = TokenStore(token_file)
    app.router.add_get("/admin/supervise", supervise)
    app.router.add_get("/admin/agent", agent_view)
    app.router.add_get("/admin/staff", Views().staff_only)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_no_token_is_401(client: TestClient[web.Request, web.Application]) -> None:
    resp = await client.get("/admin/supervise")
    assert resp.status == 401
    assert resp.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer kzs_not_a_token", "Bearer ", "Bearer", "Basic YWRtaW46YWRtaW4=",
                                    "kzs_x", ""])
async def test_bad_token_is_401(client: TestClient[web.Request, web.Application], header: str) -> None:
    resp = await client.get("/admin/supervise", headers={"Authorization": header})
    assert resp.status == 401


async def test_token_of_another_scheme_is_401(client: TestClient[web.Request, web.Application],
                                              token_file: Path) -> None:
    token = create_token(token_file, "s", "supervisor")
    assert (await client.get("/admin/supervise", headers={"Authorization": f"Token {token}"})).status == 401
    # The scheme name itself is case-insensitive (RFC 7235).
    assert (await client.get("/admin/supervise", headers={"Authorization": f"bearer {token}"})).status == 200


async def test_wrong_role_is_403(client: TestClient[web.Request, web.Application], token_file: Path) -> None:
    agent = create_token(token_file, "ali", "agent")
    staff = create_token(token_file, "veli", "staff")
    assert (await client.get("/admin/supervise", headers=bearer(agent))).status == 403
    assert (await client.get("/admin/supervise", headers=bearer(staff))).status == 403
    assert (await client.get("/admin/staff", headers=bearer(agent))).status == 403


async def test_right_role_is_200(client: TestClient[web.Request, web.Application], token_file: Path) -> None:
    supervisor = create_token(token_file, "selin", "supervisor")
    resp = await client.get("/admin/supervise", headers=bearer(supervisor))
    assert resp.status == 200
    assert await resp.json() == {"who": "selin", "role": "supervisor"}


async def test_implied_roles_pass_the_guard(client: TestClient[web.Request, web.Application],
                                            token_file: Path) -> None:
    supervisor = create_token(token_file, "selin", "supervisor")
    admin = create_token(token_file, "root", "admin")
    assert (await client.get("/admin/agent", headers=bearer(supervisor))).status == 200
    assert (await client.get("/admin/agent", headers=bearer(admin))).status == 200
    assert (await client.get("/admin/supervise", headers=bearer(admin))).status == 200
    resp = await client.get("/admin/staff", headers=bearer(admin))
    assert resp.status == 200
    assert await resp.json() == {"who": "root", "view": "staff"}


async def test_revoked_token_stops_working(client: TestClient[web.Request, web.Application], token_file: Path) -> None:
    token = create_token(token_file, "selin", "supervisor")
    assert (await client.get("/admin/supervise", headers=bearer(token))).status == 200
    revoke(token_file, "selin")
    touch_later(token_file)
    assert (await client.get("/admin/supervise", headers=bearer(token))).status == 401


async def test_without_a_token_store_everything_is_401(token_file: Path) -> None:
    token = create_token(token_file, "root", "admin")
    app = web.Application()
    app.router.add_get("/admin/supervise", supervise)
    async with TestClient(TestServer(app)) as test_client:
        assert (await test_client.get("/admin/supervise", headers=bearer(token))).status == 401


def test_guard_keeps_the_handler_identity() -> None:
    assert supervise.__name__ == "supervise"
    assert supervise.__doc__ == "Supervisor-only view."
    assert getattr(supervise, "required_roles", None) == ("supervisor",)


# --- the CLI ----------------------------------------------------------------------------------


def test_cli_create_prints_a_token_that_authenticates(token_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--file", str(token_file), "create", "--name", "x", "--role", "agent"]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith(TOKEN_PREFIX)
    assert TokenStore(token_file).authenticate(token) == StaffMember("x", "agent")
    assert token not in token_file.read_text(encoding="utf-8")


def test_cli_list_shows_holders_never_tokens(token_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--file", str(token_file), "create", "--name", "ayse", "--role", "supervisor"])
    token = capsys.readouterr().out.strip()
    main(["--file", str(token_file), "list"])
    out = capsys.readouterr().out
    assert out.startswith("ayse\tsupervisor\t")
    assert token not in out
    assert hash_token(token) not in out


def test_cli_revoke(token_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--file", str(token_file), "create", "--name", "ayse", "--role", "agent"])
    token = capsys.readouterr().out.strip()
    main(["--file", str(token_file), "revoke", "--name", "ayse"])
    assert "revoked 1 token(s)" in capsys.readouterr().err
    assert TokenStore(token_file).authenticate(token) is None


def test_cli_rejects_an_unknown_role(token_file: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--file", str(token_file), "create", "--name", "x", "--role", "root"])
    assert exc.value.code == 2
    assert not token_file.exists()


def test_cli_list_without_a_file(token_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--file", str(token_file), "list"]) == 0
    assert capsys.readouterr().out == ""
