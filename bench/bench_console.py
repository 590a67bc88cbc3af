"""Console page times on a synthetic store, and the review queue against loading every candidate whole.

    .venv/bin/python bench/bench_console.py [--listings 20000] [--reps 5]

Builds an SQLite store of N listings (a third each violating / review / benign, one term reason
each) in a temporary folder, logs in through FastAPI's TestClient and times each page (median of
--reps after one warm-up). The baseline loads every queue candidate (listing, seller, latest result
with its JSON) and ranks them in Python, as the first version of the queue did.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "console"))


def build(db, n: int) -> None:  # type: ignore[no-untyped-def]
    from pantau.domain import Detection, Listing, Reason, ScanResult, Seller, SellerLink, Verdict
    from pantau.store.listings import save_batch

    rng = random.Random(0)
    now = datetime.now(UTC)
    for start in range(0, n, 1000):
        listings, results = [], []
        for i in range(start, min(n, start + 1000)):
            seller = Seller(f"s{i % 3000}", f"Toko {i % 3000}", location=rng.choice(["Bandung", "Jakarta", "Medan"]))
            li = Listing(rng.choice(["shopee", "tokopedia", "lazada"]), f"l{i}", f"bal karungan korea {i}", seller,
                         description="isi 100 pcs " * 5, observed_at=now - timedelta(days=rng.randint(0, 60)))
            verdict = rng.choice([Verdict.VIOLATING, Verdict.REVIEW, Verdict.BENIGN])
            reason = Reason("term", 'term "karungan"', 0.5,
                            {"term": "karungan", "field": "title", "written": "karungan"})
            links = [SellerLink("shopee", "s1", 0.95, ["same phone"], True)] if i % 50 == 0 else []
            listings.append(li)
            results.append(ScanResult(li.platform, li.listing_id, seller.id,
                                      Detection(verdict, rng.random(), [reason], "p", "m"), links))
        with db.session() as s:
            save_batch(s, listings, results)


def baseline_queue(session) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from pantau.console import backend
    from pantau.console.backend.review import QUEUE_SCAN
    from pantau.store.tables.listings import ListingRow

    pks = list(session.scalars(select(ListingRow.id).where(ListingRow.verdict.in_(("violating", "review")),
                                                           ListingRow.taken_down_at.is_(None))
                               .order_by(ListingRow.score.desc(), ListingRow.id).limit(QUEUE_SCAN)))
    items = backend.items_by_pk(session, pks)
    decided = backend.decisions_for(session, [i.key for i in items])
    items = [i for i in items if i.key not in decided]
    items.sort(key=lambda i: (-backend.rank(i), i.pk))
    return len(items[:50])


def timed(fn, reps: int) -> float:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--listings", type=int, default=20000)
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()

    from console_helpers import login, logins_of

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from pantau.api.app import create_app
    from pantau.config import Settings
    from pantau.console import backend
    from pantau.console.seed import seed_demo_users
    from pantau.store.db import Database

    tmp = Path(tempfile.mkdtemp(prefix="pantau-bench-console-"))
    db = Database(f"sqlite:///{tmp / 'bench.db'}")
    t = time.perf_counter()
    build(db, args.listings)
    print(f"store: {args.listings} listings in {time.perf_counter() - t:.0f} s")
    with db.session() as s:
        queue_ms = timed(lambda: backend.queue(s, backend.QueueFilter()), args.reps)
        base_ms = timed(lambda: baseline_queue(s), args.reps)
    print(f"| review queue (backend) | {queue_ms:.0f} ms | baseline, every candidate loaded whole: "
          f"{base_ms:.0f} ms | {base_ms / queue_ms:.1f}x |")
    logins = logins_of(seed_demo_users(db))
    app = create_app(Settings(home=tmp / "home", database_url=db.url), db)
    with TestClient(app) as c:
        login(c, *logins["regulator"])
        for path in ("/console/review", "/console/review?term=karungan&city=bandung", "/console/notices",
                     "/console/sellers", "/console/dashboard", "/console/terms"):
            ms = timed(lambda p=path: c.get(p), args.reps)
            print(f"| GET {path} | {ms:.0f} ms |")
    db.dispose()


if __name__ == "__main__":
    main()
