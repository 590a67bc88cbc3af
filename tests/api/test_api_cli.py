"""`pantau token create` and `pantau audit verify` as the contract states them."""

from __future__ import annotations

import sqlite3

from typer.testing import CliRunner

from pantau.cli.main import app
from pantau.config import Settings
from pantau.notices import access
from pantau.store.db import Database


def test_token_create_prints_once_and_stores_a_hash(pantau_home):
    runner = CliRunner()
    r = runner.invoke(app, ["token", "create", "--role", "platform", "--platform", "shopee", "--name", "ops"])
    assert r.exit_code == 0, r.output
    token = r.stdout.strip()
    assert token.startswith("pt_") and len(token) > 40
    db = Database(Settings.from_env().database_url)
    try:
        with db.session() as s:
            p = access.authenticate_token(s, token)
            assert (p.name, p.role, p.platform) == ("ops", "platform", "shopee")
    finally:
        db.dispose()
    raw = (pantau_home / "pantau.db").read_bytes()
    assert token.encode() not in raw
    again = runner.invoke(app, ["token", "create", "--role", "platform", "--platform", "shopee", "--name", "ops"])
    assert again.exit_code == 0 and again.stdout.strip() != token
    assert runner.invoke(app, ["token", "create", "--role", "platform"]).exit_code == 2
    assert runner.invoke(app, ["token", "create", "--role", "root"]).exit_code == 2
    assert runner.invoke(app, ["token", "create", "--role", "auditor"]).exit_code == 0
    assert runner.invoke(app, ["token", "create", "--role", "regulator", "--name", "ana"]).exit_code == 0


def test_audit_verify_exit_codes(pantau_home):
    runner = CliRunner()
    for role in ("regulator", "auditor", "supervisor"):
        assert runner.invoke(app, ["token", "create", "--role", role]).exit_code == 0
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0 and "intact" in ok.stdout
    conn = sqlite3.connect(pantau_home / "pantau.db")
    conn.execute("UPDATE audit_log SET payload = json_set(payload, '$.role', 'supervisor') WHERE seq = 2")
    conn.commit()
    conn.close()
    bad = runner.invoke(app, ["audit", "verify"])
    assert bad.exit_code == 1 and "audit entry 2" in bad.stderr


def test_commands_seal_what_they_record_and_escalate_runs(pantau_home):
    from pantau.store import audit

    runner = CliRunner()
    assert runner.invoke(app, ["token", "create", "--role", "supervisor", "--name", "sup"]).exit_code == 0
    db = Database(Settings.from_env().database_url)
    try:
        with db.session() as s:
            report = audit.verify(s)
            assert report.ok and report.pending == 0 and report.checked == 2  # user.create, token.create
    finally:
        db.dispose()
    r = runner.invoke(app, ["notices", "escalate"])
    assert r.exit_code == 0 and "0 notices escalated" in r.stdout
