"""Fixtures every test module can use: databases on SQLite and PostgreSQL, the shared folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pantau.store.db import Database
from pg_scratch import scratch_database

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PG_ADMIN_URL = os.environ.get("PANTAU_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_available() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'pantau[pg]')"
    try:
        psycopg.connect(PG_ADMIN_URL.replace("+psycopg", ""), connect_timeout=3).close()
    except Exception as e:
        return f"PostgreSQL at {PG_ADMIN_URL} is not reachable ({e.__class__.__name__}); run make postgres"
    return None


@pytest.fixture(scope="session")
def pg_server() -> str:
    why = _pg_available()
    if why:
        pytest.skip(why)
    return PG_ADMIN_URL


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL, once per backend: SQLite file and a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pantau.db'}"
        return
    with scratch_database(request.getfixturevalue("pg_server")) as url:
        yield url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A migrated database on each backend."""
    database = Database(db_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'pantau.db'}")
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: evaluation material lives beside the repo, not in it")
    return SHARED


@pytest.fixture
def pantau_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private PANTAU_HOME with the default SQLite store, for CLI tests."""
    home = tmp_path / "home"
    monkeypatch.setenv("PANTAU_HOME", str(home))
    monkeypatch.delenv("PANTAU_DATABASE_URL", raising=False)
    return home
