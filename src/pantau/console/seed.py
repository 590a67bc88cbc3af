"""Demo logins: one per role, created through the notices capability's access functions.

`pantau demo` prints what this returns. Passwords are random per store and shown once; running
again on the same store keeps existing users (and their passwords) and creates only missing ones.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select

from pantau.notices.access import create_user, set_password
from pantau.store.db import Database
from pantau.store.tables.listings import ListingRow
from pantau.store.tables.notices import UserRow

DEFAULT_PLATFORMS = ("shopee", "tokopedia")


def _platforms(db: Database) -> list[str]:
    """The two platforms with most listings in the store (the demo's), or two well-known ones."""
    from sqlalchemy import func

    with db.session() as s:
        found = [p for p, _ in s.execute(select(ListingRow.platform, func.count()).group_by(ListingRow.platform)
                                         .order_by(func.count().desc(), ListingRow.platform).limit(2)).all()]
    return (found + [p for p in DEFAULT_PLATFORMS if p not in found])[:2]


def seed_demo_users(db: Database, *, reset: bool = True) -> list[tuple[str, str, str]]:
    """(role, username, password) for an analyst, a supervisor, an auditor and operators of two
    platforms. With `reset`, an existing demo user gets a new password (so it can be printed)."""
    wanted: list[tuple[str, str, str | None]] = [
        ("regulator", "analis", None), ("supervisor", "supervisor", None), ("auditor", "auditor", None)]
    wanted += [("platform", f"op-{p}", p) for p in _platforms(db)]
    out = []
    with db.session() as s:
        for role, name, platform in wanted:
            password = secrets.token_urlsafe(9)
            exists = s.scalar(select(UserRow.id).where(UserRow.name == name)) is not None
            if not exists:
                create_user(s, name, role, platform=platform, password=password, actor="demo")
            elif reset:
                set_password(s, name, password, actor="demo")
            else:
                continue
            label = f"{role} ({platform})" if platform else role
            out.append((label, name, password))
    return out
