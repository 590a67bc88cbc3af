"""An API over the `db` fixture (SQLite and PostgreSQL) with one token per role."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pantau.api.app import create_app
from pantau.config import Settings
from pantau.notices import access
from pantau.store.db import Database

with warnings.catch_warnings():
    # starlette 1.x warns that it prefers httpx2 to httpx; the client works the same
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


@dataclass
class Clock:
    now: datetime = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Api:
    client: TestClient
    db: Database
    clock: Clock
    tokens: dict[str, str]

    def h(self, who: str, key: str | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        if key:
            headers["Idempotency-Key"] = key
        return headers

    def issue(self, *items: dict, urgency: str = "normal", who: str = "regulator") -> list[int]:
        r = self.client.post("/api/v1/notices", json={"items": list(items), "urgency": urgency}, headers=self.h(who))
        assert r.status_code == 201, r.text
        return [n["id"] for n in r.json()["notices"]]


ROLES = {"regulator": None, "supervisor": None, "auditor": None, "shopee": "shopee", "tokopedia": "tokopedia"}


@pytest.fixture
def api(db: Database, tmp_path: Path) -> Iterator[Api]:
    tokens = {}
    with db.session() as s:
        for who, platform in ROLES.items():
            role = "platform" if platform else who
            tokens[who] = access.create_token(s, access.create_user(s, who, role, platform=platform))
    clock = Clock()
    app = create_app(Settings(home=tmp_path / "home", database_url=db.url), db, clock=clock, token_ttl=0,
                     console=False, deliver_interval=0)
    with TestClient(app) as client:
        yield Api(client, db, clock, tokens)
