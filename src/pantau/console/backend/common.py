"""What every part of the adapter shares: the database, the notices settings, users, small helpers."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

from fastapi import Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pantau.errors import PantauError
from pantau.store.db import Database
from pantau.store.tables.listings import ScanResultRow, SellerRow
from pantau.store.tables.notices import UserRow


def db(request: Request) -> Database:
    state = request.app.state
    for name in ("db", "database"):
        found = getattr(state, name, None)
        if isinstance(found, Database):
            return found
    raise PantauError("the console needs app.state.db (a pantau Database) set by create_app")


@dataclass(slots=True)
class NoticeEnv:
    """The notices settings the API runs with (config, legal basis, clock), so a notice made in the
    console is the same as one made through the API."""

    config: Any = None
    legal: Any = None
    now: datetime | None = None


def notice_env(request: Request) -> NoticeEnv:
    api = getattr(request.app.state, "api", None)
    if api is None:
        return NoticeEnv(now=datetime.now(UTC))
    clock = getattr(api, "clock", None)
    return NoticeEnv(getattr(api, "config", None), getattr(api, "legal", None),
                     clock() if callable(clock) else datetime.now(UTC))


def optional(module: str) -> ModuleType | None:
    """A capability's module when it is installed, None otherwise (a missing capability is not an error)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None



def latest_results(session: Session, pks: Sequence[int]) -> dict[int, ScanResultRow]:
    """The newest scan result of each listing."""
    if not pks:
        return {}
    latest = (select(func.max(ScanResultRow.id)).where(ScanResultRow.listing_pk.in_(list(pks)))
              .group_by(ScanResultRow.listing_pk))
    rows = session.scalars(select(ScanResultRow).where(ScanResultRow.id.in_(latest))).all()
    return {r.listing_pk: r for r in rows}


def seller_row(session: Session, platform: str, seller_id: str) -> SellerRow | None:
    return session.scalar(select(SellerRow).where(SellerRow.platform == platform,
                                                  SellerRow.seller_id == seller_id))


def utc(d: datetime | None) -> datetime | None:
    if d is None:
        return None
    return d if d.tzinfo else d.replace(tzinfo=UTC)


# ---------------------------------------------------------------- users

def load_user(session: Session, user_id: int) -> tuple[str, str, str | None] | None:
    row = session.get(UserRow, user_id)
    if row is None or not row.active:
        return None
    return row.name, row.role, row.platform


def login(session: Session, username: str, password: str) -> tuple[int, str, str, str | None] | None:
    from pantau.notices.access import verify_password

    try:
        p = verify_password(session, username, password)
    except PantauError:
        return None
    return p.user_id, p.name, p.role, p.platform
