"""Fixtures for the console tests (data and helpers in console_helpers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from console_helpers import Logins, logins_of, seed_store
from fastapi.testclient import TestClient

from pantau.api.app import create_app
from pantau.config import Settings
from pantau.store.db import Database


@pytest.fixture
def console_store(db: Database) -> tuple[Database, Logins]:
    return db, logins_of(seed_store(db))


@pytest.fixture
def client(console_store: tuple[Database, Logins], tmp_path: Path) -> Iterator[TestClient]:
    db, _ = console_store
    app = create_app(Settings(home=tmp_path / "home", database_url=db.url), db)
    with TestClient(app, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def logins(console_store: tuple[Database, Logins]) -> Logins:
    return console_store[1]
