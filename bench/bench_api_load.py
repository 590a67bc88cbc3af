"""Load benchmark of the platform API: 100 concurrent platform clients pulling open notices and
reporting outcomes, against `pantau serve`'s app under uvicorn on 127.0.0.1 with a PostgreSQL store.

    .venv/bin/python bench/bench_api_load.py --seconds 30 --clients 100 --mode bulk --batch 50
    .venv/bin/python bench/bench_api_load.py --seconds 30 --clients 100 --mode single

The server runs in its own process (uvicorn, N workers); this process runs the clients (httpx async).
Each client is one platform's integration worker: it pages through its platform's open notices
(`GET /api/v1/platform/notices?status=open&evidence=false`) and reports an outcome for each, in bulk
(`POST /api/v1/platform/outcomes`) or one by one (`POST .../{id}/outcome`). A share of reports is sent
twice on purpose (a retried delivery) to show duplicates never count twice. Afterwards the store is
checked: every outcome a client saw applied is in the store exactly once, no notice has two outcome
events, and the audit chain verifies.

Setup (not timed): a fresh PostgreSQL database, one platform token per client, and notices inserted
directly as `sent` (the bench measures the platform side, not notice creation).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import psycopg
from sqlalchemy import func, insert, select

from pantau.notices import access
from pantau.store import audit
from pantau.store.db import Database
from pantau.store.tables.notices import NoticeEventRow, NoticeRow, PlatformRow

ADMIN = os.environ.get("PANTAU_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def make_db() -> tuple[str, str]:
    name = f"pantau_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN.replace("+psycopg", ""), autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return name, ADMIN.rsplit("/", 1)[0] + "/" + name


def drop_db(name: str) -> None:
    with psycopg.connect(ADMIN.replace("+psycopg", ""), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(url: str, clients: int, per_client: int) -> list[tuple[str, str]]:
    db = Database(url)
    now = datetime.now(UTC)
    tokens = []
    with db.session() as s:
        for i in range(clients):
            slug = f"p{i:03d}"
            s.add(PlatformRow(slug=slug, name=slug))
        s.flush()
        for i in range(clients):
            slug = f"p{i:03d}"
            user = access.create_user(s, f"op-{slug}", "platform", platform=slug, actor="bench")
            tokens.append((slug, access.create_token(s, user, actor="bench")))
    rows = [{"platform": f"p{i % clients:03d}", "listing_id": f"L{n}", "status": "sent", "urgency": "normal",
             "legal_basis": [], "evidence": {}, "evidence_hash": "", "created_by": "bench", "created_at": now,
             "updated_at": now, "sent_at": now, "deadline_at": now + timedelta(hours=24), "verify_attempts": 0,
             "escalation_level": 0, "version": 1}
            for n, i in enumerate(range(clients * per_client))]
    with db.session() as s:
        for k in range(0, len(rows), 5000):
            s.execute(insert(NoticeRow), rows[k:k + 5000])
    db.dispose()
    return tokens


async def send(http: httpx.AsyncClient, stats: Stats, method: str, url: str, **kw: object) -> httpx.Response:
    """One call, retried on a broken connection. POSTs carry an Idempotency-Key, so a retry of a
    request whose answer was lost replays that answer instead of applying anything twice."""
    for attempt in range(5):
        try:
            return await http.request(method, url, **kw)  # type: ignore[arg-type]
        except httpx.TransportError as e:
            stats.retries += 1
            if attempt == 4:
                raise
            stats.errors.append(f"transport {e.__class__.__name__} (retried)")
            await asyncio.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


class Stats:
    def __init__(self) -> None:
        self.lat: dict[str, list[float]] = {"pull": [], "report": []}
        self.applied: set[int] = set()
        self.applied_twice: list[int] = []
        self.unchanged = 0
        self.errors: list[str] = []
        self.reports = 0
        self.retries = 0


async def client(base: str, slug: str, token: str, args: argparse.Namespace, stats: Stats, deadline: float,
                 http: httpx.AsyncClient) -> None:
    rnd = random.Random(slug)
    headers = {"Authorization": f"Bearer {token}"}
    after = 0
    while time.perf_counter() < deadline:
        t = time.perf_counter()
        r = await send(http, stats, "GET", f"{base}/api/v1/platform/notices", headers=headers,
                       params={"status": "open", "evidence": "false", "limit": args.batch, "after": after})
        stats.lat["pull"].append(time.perf_counter() - t)
        if r.status_code != 200:
            stats.errors.append(f"pull {r.status_code}")
            continue
        page = r.json()
        ids = [n["id"] for n in page["notices"]]
        if not ids:
            if after == 0:
                return  # nothing left for this platform
            after = 0
            continue
        after = page["next_after"] or 0
        # a share of the previous page is re-posted: a worker retrying after a lost answer
        resend = [i for i in ids if rnd.random() < args.dup_rate]
        for attempt in (ids, resend):
            if not attempt or time.perf_counter() >= deadline:
                continue
            if args.mode == "bulk":
                t = time.perf_counter()
                r = await send(http, stats, "POST", f"{base}/api/v1/platform/outcomes",
                               headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
                               json={"items": [{"id": i, "outcome": "removed"} for i in attempt]})
                stats.lat["report"].append(time.perf_counter() - t)
                stats.reports += 1
                if r.status_code != 200:
                    stats.errors.append(f"bulk {r.status_code}")
                    continue
                for res in r.json()["results"]:
                    record(stats, res["id"], res["result"])
            else:
                for i in attempt:
                    if time.perf_counter() >= deadline:
                        break
                    t = time.perf_counter()
                    r = await send(http, stats, "POST", f"{base}/api/v1/platform/notices/{i}/outcome",
                                   headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
                                   json={"outcome": "removed"})
                    stats.lat["report"].append(time.perf_counter() - t)
                    stats.reports += 1
                    if r.status_code != 200:
                        stats.errors.append(f"outcome {r.status_code}")
                        continue
                    record(stats, i, "applied" if r.json()["changed"] else "unchanged")


def record(stats: Stats, notice_id: int, result: str) -> None:
    if result == "applied":
        if notice_id in stats.applied:
            stats.applied_twice.append(notice_id)
        stats.applied.add(notice_id)
    elif result == "unchanged":
        stats.unchanged += 1
    else:
        stats.errors.append(result)


async def run_clients(base: str, tokens: list[tuple[str, str]], args: argparse.Namespace) -> tuple[Stats, float]:
    stats = Stats()
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
    async with httpx.AsyncClient(limits=limits, timeout=30.0) as http:
        start = time.perf_counter()
        deadline = start + args.seconds
        await asyncio.gather(*(client(base, slug, tok, args, stats, deadline, http) for slug, tok in tokens))
        elapsed = time.perf_counter() - start
    return stats, elapsed


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] * 1000 if len(values) > 1 \
        else values[0] * 1000


def check(url: str, stats: Stats) -> dict[str, object]:
    db = Database(url)
    try:
        with db.session() as s:
            q = (select(NoticeEventRow.notice_id, func.count()).where(NoticeEventRow.action == "outcome")
                 .group_by(NoticeEventRow.notice_id))
            events = {nid: n for nid, n in s.execute(q)}
            removed = set(s.scalars(select(NoticeRow.id).where(NoticeRow.status == "removed")))
            report = audit.verify(s, seal_first=True)
    finally:
        db.dispose()
    return {
        "outcomes_in_store": len(removed),
        "lost": len(stats.applied - removed),  # answered applied, not in the store
        "unreported": len(removed - stats.applied),  # in the store, never answered applied
        "duplicated_events": sum(1 for n in events.values() if n > 1),
        "applied_twice_in_answers": len(stats.applied_twice),
        "audit_ok": report.ok, "audit_entries": report.checked,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--per-client", type=int, default=1500, help="open notices seeded per platform")
    ap.add_argument("--mode", choices=("bulk", "single"), default="bulk")
    ap.add_argument("--batch", type=int, default=50, help="page size, and outcomes per bulk call")
    ap.add_argument("--dup-rate", type=float, default=0.02, help="share of reports sent twice")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--port", type=int, default=18765)
    args = ap.parse_args()

    name, url = make_db()
    server = None
    try:
        t = time.perf_counter()
        tokens = seed(url, args.clients, args.per_client)
        print(f"seeded {args.clients * args.per_client} notices for {args.clients} platforms "
              f"in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        home = tempfile.mkdtemp(prefix="pantau-bench-")
        env = {**os.environ, "PANTAU_DATABASE_URL": url, "PANTAU_HOME": home}
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "pantau.api.app:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(args.port), "--workers", str(args.workers), "--log-level", "warning", "--no-access-log",
             "--timeout-graceful-shutdown", "5",
             "--timeout-keep-alive", "120"],
            env=env)
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(200):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            raise SystemExit("server did not start")
        stats, elapsed = asyncio.run(run_clients(base, tokens, args))
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    try:
        result = check(url, stats)
    finally:
        drop_db(name)
    n = len(stats.applied)
    lines = [
        f"mode={args.mode} batch={args.batch} clients={args.clients} workers={args.workers} "
        f"seconds={elapsed:.1f} dup_rate={args.dup_rate}",
        f"outcomes applied: {n} ({n / elapsed:.0f}/s); duplicate reports answered unchanged: {stats.unchanged}",
        f"report calls: {stats.reports} ({stats.reports / elapsed:.0f}/s), pull calls: {len(stats.lat['pull'])}",
        f"latency report p50 {pct(stats.lat['report'], 50):.1f} ms, p99 {pct(stats.lat['report'], 99):.1f} ms; "
        f"pull p50 {pct(stats.lat['pull'], 50):.1f} ms, p99 {pct(stats.lat['pull'], 99):.1f} ms",
        f"store check: {result}",
        f"errors: {len(stats.errors)} {sorted(set(stats.errors))[:5]}; transport retries {stats.retries}",
    ]
    print("\n".join(lines))
    ok = result["lost"] == 0 and result["duplicated_events"] == 0 and result["unreported"] == 0 and result["audit_ok"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
