"""Two platform workers posting the same outcome at once produce one change, on PostgreSQL with real
separate connections (threads); the audit chain stays whole under concurrent writers."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from pantau.store import audit
from pantau.store.tables.notices import AuditLogRow, NoticeEventRow

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_api(api):
    if not api.db.url.startswith("postgresql"):
        pytest.skip("concurrency is checked on PostgreSQL; SQLite serialises writers anyway")
    return api


def _race(n_threads: int, fn):
    barrier = threading.Barrier(n_threads)

    def run(i):
        barrier.wait()
        return fn(i)

    with ThreadPoolExecutor(n_threads) as pool:
        return list(pool.map(run, range(n_threads)))


@pytest.mark.slow
def test_same_outcome_posted_concurrently_changes_once(pg_api):
    api = pg_api
    ids = api.issue(*[{"platform": "shopee", "listing_id": f"C{i}"} for i in range(10)])
    for nid in ids:
        url = f"/api/v1/platform/notices/{nid}/outcome"
        results = _race(4, lambda i, url=url: api.client.post(url, json={"outcome": "removed"},
                                                              headers=api.h("shopee")))
        assert all(r.status_code == 200 for r in results), [r.text for r in results]
        assert sorted(r.json()["changed"] for r in results) == [False, False, False, True]
    with api.db.session() as s:
        n = s.scalar(select(func.count()).select_from(NoticeEventRow).where(NoticeEventRow.action == "outcome"))
        assert n == len(ids)
        assert audit.verify(s, seal_first=True).ok


@pytest.mark.slow
def test_conflicting_outcomes_concurrently_one_wins_the_rest_409(pg_api):
    api = pg_api
    (nid,) = api.issue({"platform": "shopee", "listing_id": "X"})
    outcomes = ["removed", "not_found", "rejected", "removed"]
    results = _race(4, lambda i: api.client.post(f"/api/v1/platform/notices/{nid}/outcome",
                                                 json={"outcome": outcomes[i], "reason": "r"}, headers=api.h("shopee")))
    winners = [r for r in results if r.status_code == 200 and r.json()["changed"]]
    assert len(winners) == 1
    final = winners[0].json()["status"]
    for r in results:
        if r is not winners[0]:
            assert (r.status_code, r.json().get("status")) in ((409, None), (200, final))


@pytest.mark.slow
def test_same_idempotency_key_concurrently_runs_once(pg_api):
    api = pg_api
    body = {"items": [{"platform": "shopee", "listing_id": "I1"}]}
    results = _race(4, lambda i: api.client.post("/api/v1/notices", json=body, headers=api.h("regulator", "same")))
    assert {r.status_code for r in results} == {201}
    assert len({r.json()["notices"][0]["id"] for r in results}) == 1


@pytest.mark.slow
def test_bulk_writers_in_parallel_keep_one_audit_chain(pg_api):
    api = pg_api
    ids = api.issue(*[{"platform": "shopee", "listing_id": f"Q{i}"} for i in range(40)])
    # overlapping batches in opposite orders: row locks are taken in id order, the audit head last
    batches = [ids[:30], list(reversed(ids[10:])), ids[5:35], list(reversed(ids))]
    results = _race(4, lambda i: api.client.post("/api/v1/platform/outcomes", headers=api.h("shopee"), json={
        "items": [{"id": n, "outcome": "removed"} for n in batches[i]]}))
    assert all(r.status_code == 200 for r in results)
    applied = sum(x["result"] == "applied" for r in results for x in r.json()["results"])
    assert applied == len(ids)
    with api.db.session() as s:
        assert audit.verify(s, seal_first=True).ok
        seqs = s.scalars(select(AuditLogRow.seq).order_by(AuditLogRow.seq)).all()
        assert seqs == list(range(1, len(seqs) + 1))


@pytest.mark.slow
def test_concurrent_sealers_and_writers_form_one_chain(pg_api):
    """Writers append without a lock while several sealers race: one gap-free chain results."""
    from pantau.notices.lifecycle import Actor, Role
    from pantau.notices.service import UnitOfWork

    db = pg_api.db
    actor = Actor("w", Role.SYSTEM)

    def work(i: int) -> None:
        for n in range(25):
            if i % 2:
                audit.seal_all(db, batch=7)
            else:
                with db.session() as s:
                    uow = UnitOfWork(s)
                    for k in range(3):
                        uow.audit(actor.name, "test.append", {"writer": i, "n": n, "k": k})
                    uow.finish()

    _race(6, work)
    audit.seal_all(db)
    with db.session() as s:
        report = audit.verify(s)
        assert report.ok and report.pending == 0
        payloads = s.scalars(select(AuditLogRow.payload).where(AuditLogRow.action == "test.append")).all()
        assert len(payloads) == 3 * 25 * 3
