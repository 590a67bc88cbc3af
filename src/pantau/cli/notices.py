"""`pantau token`, `pantau audit` and `pantau notices` commands: thin adapters over pantau.notices."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from pantau.cli.common import fail, handles_errors, open_db, settings
from pantau.errors import InputError
from pantau.store.db import Database

token_app = typer.Typer(help="API tokens (printed once; only their hash is stored).", no_args_is_help=True)
user_app = typer.Typer(help="Users of the console and the API.", no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
notices_app = typer.Typer(help="Takedown notices: export, escalate, verify, deliver webhooks.",
                          no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(token_app, name="token")
    app.add_typer(user_app, name="user")
    app.add_typer(audit_app, name="audit")
    app.add_typer(notices_app, name="notices")


def _now() -> datetime:
    return datetime.now(UTC)


@token_app.command("create")
@handles_errors
def token_create(
    role: Annotated[str, typer.Option(help="regulator | supervisor | platform | auditor")],
    platform: Annotated[str | None, typer.Option(help="platform slug (platform role only)")] = None,
    name: Annotated[str | None, typer.Option(help="user name; an existing user gets another token")] = None,
) -> None:
    """Print a new API token once."""
    if role == "platform" and not platform:
        raise InputError("--platform SLUG is needed with --role platform", where="--platform")
    with open_db() as db:
        token = _create_token(db, role, platform, name)
    print(token)


def _create_token(db: Database, role: str, platform: str | None, name: str | None) -> str:
    from sqlalchemy import select

    from pantau.notices import access
    from pantau.store.tables.notices import UserRow

    with db.session() as s:
        user = None
        if name:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            if row is not None:
                if row.role != role or (row.platform or None) != (access.check_slug(platform) if platform else None):
                    raise InputError(f"user {name!r} exists with role {row.role}"
                                     + (f" on {row.platform}" if row.platform else ""), where="--name")
                user = access.Principal(row.id, row.name, row.role, row.platform)
        if user is None:
            import secrets

            default = f"{role}-{platform}-{secrets.token_hex(3)}" if platform else f"{role}-{secrets.token_hex(3)}"
            user = access.create_user(s, name or default, role, platform=platform, actor="cli")
        return access.create_token(s, user, name=name or "", actor="cli")


@user_app.command("create")
@handles_errors
def user_create(
    name: Annotated[str, typer.Argument(help="user name")],
    role: Annotated[str, typer.Option(help="regulator | supervisor | platform | auditor")],
    platform: Annotated[str | None, typer.Option(help="platform slug (platform role only)")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="read a password from stdin")] = False,
) -> None:
    """Create a user (with a console password when --password-stdin)."""
    from pantau.notices import access

    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    if password is not None and len(password) < 8:
        raise InputError("a password needs at least 8 characters", where="stdin")
    with open_db() as db, db.session() as s:
        p = access.create_user(s, name, role, platform=platform, password=password, actor="cli")
    print(f"user {p.name} ({p.role}{' on ' + p.platform if p.platform else ''})")


@audit_app.command("verify")
@handles_errors
def audit_verify() -> None:
    """Check the audit log's hash chain; exit 1 with the first broken entry when tampered."""
    from pantau.store import audit

    with open_db() as db, db.session() as s:
        report = audit.verify(s, seal_first=True)  # entries recorded since the last seal join the chain first
    if not report.ok:
        raise fail(f"audit log broken at {report.broken} ({report.checked} entries before it hold)", 1)
    print(f"audit log intact: {report.checked} entries")


@notices_app.command("export")
@handles_errors
def export(
    platform: Annotated[str, typer.Option(help="platform slug")],
    format: Annotated[str, typer.Option(help="csv | pdf | xlsx | sor")] = "csv",
    status: Annotated[str, typer.Option(help='"open", a status, or a comma list')] = "open",
    output: Annotated[Path | None, typer.Option(help="file to write (default annex-PLATFORM.EXT)")] = None,
) -> None:
    """Write a platform's batch and a detached signature (FILE.sig.json)."""
    from sqlalchemy import select

    from pantau.notices import exports, signing
    from pantau.notices.lifecycle import OPEN, Status
    from pantau.store.tables.notices import NoticeRow

    if format not in exports.FORMATS:
        raise InputError(f"must be one of {', '.join(exports.FORMATS)}", where="--format")
    statuses: list[str] = []
    for part in status.split(","):
        statuses += [s.value for s in OPEN] if part == "open" else [Status(part).value]
    out = output or Path(f"annex-{platform}.{'json' if format == 'sor' else format}")
    with open_db() as db, db.session() as s:
        rows = list(s.scalars(select(NoticeRow).where(NoticeRow.platform == platform,
                                                      NoticeRow.status.in_(statuses)).order_by(NoticeRow.id)))
        data = exports.export(rows, format, platform=platform, issued=_now())
    sig = signing.write_signed(out, data, signing.SigningKey.load(settings().home))
    print(f"{out}: {len(rows)} notices; signature {sig}")


@notices_app.command("check-signature")
@handles_errors
def check_signature(
    file: Annotated[Path, typer.Argument(help="an exported annex")],
    public_key: Annotated[Path | None, typer.Option(help="the regulator's public key (PEM); default: this "
                                                        "installation's own key")] = None,
) -> None:
    """Verify an annex against its FILE.sig.json; exit 1 when it does not match."""
    from pantau.notices import signing

    try:
        key = signing.load_public_pem(public_key.read_bytes()) if public_key else \
            signing.SigningKey.load(settings().home)
    except (OSError, ValueError) as e:
        raise InputError(f"cannot read the public key ({e})", where=str(public_key)) from None
    if not signing.verify_file(file, key):
        raise fail(f"{file}: signature does not match (changed, or signed with another key)", 1)
    print(f"{file}: signature valid")


@notices_app.command("public-key")
@handles_errors
def public_key() -> None:
    """Print the public key that verifies this installation's signed annexes (PEM), to publish."""
    from pantau.notices import signing

    print(signing.SigningKey.load(settings().home).public_pem(), end="")


@notices_app.command("escalate")
@handles_errors
def escalate() -> None:
    """Raise warnings for overdue notices (run it every few minutes)."""
    from pantau.notices.escalation import run_escalation
    from pantau.notices.service import NoticeConfig, UnitOfWork

    now = _now()
    with open_db() as db, db.session() as s:
        uow = UnitOfWork(s)
        report = run_escalation(uow, now=now, config=NoticeConfig.from_env())
        uow.finish(now)
    for w in report.warnings:
        print(f"warning {w.level} to {w.platform}: {len(w.notice_ids)} notices overdue")
    print(f"{len(report.notices)} notices escalated")


@notices_app.command("verify")
@handles_errors
def verify(
    limit: Annotated[int, typer.Option(help="notices to re-check this run")] = 100,
    interval: Annotated[float, typer.Option(help="seconds between requests to one host")] = 2.0,
    recheck_days: Annotated[int, typer.Option(help="re-check verified notices after this many days (0: never)")] = 7,
) -> None:
    """Re-check the pages of removed notices: verified, or reappeared."""
    from pantau.notices.service import NoticeConfig, UnitOfWork
    from pantau.notices.verify import run_verification, safe_fetcher

    fetch = safe_fetcher(per_host_interval=interval)
    now = _now()
    with open_db() as db, db.session() as s:
        uow = UnitOfWork(s)
        r = run_verification(uow, fetch, now=now, limit=limit, config=NoticeConfig.from_env(),
                             recheck_verified=timedelta(days=recheck_days) if recheck_days else None)
        uow.finish(now)
    print(f"verified {r.verified}, reappeared {r.reappeared}, undecided {r.undecided}, fetch failed {r.failed}")


@notices_app.command("deliver")
@handles_errors
def deliver(limit: Annotated[int, typer.Option(help="events to send this run")] = 100) -> None:
    """Send due webhook events (signed), scheduling retries with backoff."""
    from pantau.notices.webhooks import deliver_due, httpx_sender

    now = _now()
    with open_db() as db, db.session() as s:
        r = deliver_due(s, httpx_sender(), now=now, limit=limit)
    print(f"delivered {r.delivered}, retry later {r.retried}, dead {r.dead}")
