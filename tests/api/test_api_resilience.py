"""The API's engine has no pre-ping (a round trip per request): when PostgreSQL drops its
connections (a restart), the next requests must still succeed, retried once on a fresh connection."""

from __future__ import annotations

import warnings

import psycopg
import pytest

from pantau.api.app import create_app
from pantau.config import Settings
from pantau.notices import access
from pantau.store.db import Database

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.postgres


def _kill_connections(url: str) -> int:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as c:
        rows = c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s AND pid <> pg_backend_pid()", (name,)).fetchall()
    return len(rows)


def test_requests_survive_dropped_database_connections(db_url, tmp_path):
    if not db_url.startswith("postgresql"):
        pytest.skip("connections are dropped on PostgreSQL; SQLite has none to drop")
    setup = Database(db_url)
    with setup.session() as s:
        regulator = access.create_token(s, access.create_user(s, "reg", "regulator"))
        shopee = access.create_token(s, access.create_user(s, "op", "platform", platform="shopee"))
    setup.dispose()
    db = Database(db_url, pre_ping=False, pool_size=2)
    app = create_app(Settings(home=tmp_path / "home", database_url=db_url), db, token_ttl=0, console=False,
                     deliver_interval=0, seal_interval=0)
    auth = {"Authorization": f"Bearer {regulator}"}
    with TestClient(app) as client:
        r = client.post("/api/v1/notices", json={"items": [{"platform": "shopee", "listing_id": "A"}]}, headers=auth)
        assert r.status_code == 201, r.text
        (nid,) = [n["id"] for n in r.json()["notices"]]
        assert _kill_connections(db_url) >= 1
        plat = {"Authorization": f"Bearer {shopee}"}
        # a read (token lookup and page, in autocommit) and a write (a unit of work) on dead connections
        page = client.get("/api/v1/platform/notices?status=open", headers=plat)
        assert page.status_code == 200 and [n["id"] for n in page.json()["notices"]] == [nid]
        _kill_connections(db_url)
        r = client.post("/api/v1/platform/outcomes", json={"items": [{"id": nid, "outcome": "removed"}]},
                        headers={**plat, "Idempotency-Key": "k1"})
        assert r.status_code == 200 and r.json()["results"][0]["result"] == "applied"
    db.dispose()
