"""Load benchmark of the platform API: 100 concurrent platform clients pulling open notices and
reporting outcomes, against `pantau serve`'s app under uvicorn on 127.0.0.1 with a PostgreSQL store.

Two load models (docs/bench/notices.md explains both and why):

    # open loop, rate-paced (like wrk2's constant-throughput mode): 100 clients together offer
    # 2,000 outcomes/s in bulk calls of 20, each client on its own fixed schedule
    .venv/bin/python bench/bench_api_load.py --seconds 60 --clients 100 --rate 2000 --batch 20

    # closed loop, saturation: every client sends its next call as soon as the last one answered
    .venv/bin/python bench/bench_api_load.py --seconds 30 --clients 100 --mode bulk --batch 200
    .venv/bin/python bench/bench_api_load.py --seconds 30 --clients 100 --mode single

The server runs in its own process (uvicorn, N workers); this process runs the clients (asyncio, one
keep-alive connection per client; a lean HTTP/1.1 client by default, httpx with --client httpx).
Each client is one platform's integration worker: it pages through its platform's open notices
(`GET /api/v1/platform/notices?status=open&evidence=false`) and reports an outcome for each, in
bulk (`POST /api/v1/platform/outcomes`) or one by one (`POST .../{id}/outcome`), every POST with an Idempotency-Key.

Open loop (`--rate R`): client i sends a bulk report of `--batch` outcomes every
batch * clients / R seconds, its schedule offset by i/clients of an interval so the clients do not
fire together. Before a report it pulls a page (`--page`) when it holds fewer open notices than a
batch. Latency is measured from the time the call was *scheduled*, not from when it was sent: a
client running late sends its overdue calls at once and their waiting counts (no coordinated
omission). A share of reports (`--dup-rate`) is followed by the same request again with the same
key (a retry after a lost answer: it must be answered from the idempotency store), and the same
share of outcomes is reported again in a later batch (answered `unchanged`).

Closed loop (no `--rate`): each client pulls a page and reports it at once, as fast as answers come,
and re-posts a share of each page in a second call; this measures the most the server can take.

Afterwards the store is checked: every outcome a client saw applied is in the store exactly once,
nothing in the store went unreported, no notice has two outcome events, and the audit chain
verifies. Setup (not timed): a fresh PostgreSQL database, one platform token per client, and notices
inserted directly as `sent` (the bench measures the platform side, not notice creation).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httptools
import httpx
import orjson
from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from pantau.notices import access
from pantau.store import audit
from pantau.store.db import Database
from pantau.store.tables.notices import NoticeEventRow, NoticeRow, PlatformRow
from pg_scratch import scratch_database

ADMIN = os.environ.get("PANTAU_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


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


class Reply:
    """What the clients read of an answer (the same names as httpx.Response)."""

    def __init__(self, status_code: int, headers: dict[str, str], body: bytes) -> None:
        self.status_code, self.headers, self.content = status_code, headers, body

    def json(self) -> Any:
        return orjson.loads(self.content)


class RawHTTP:
    """A keep-alive HTTP/1.1 connection on asyncio streams, answers parsed by httptools (the parser
    uvicorn uses). Written here instead of using httpx because this process shares the machine's two
    cores with the server and PostgreSQL: httpx spent about 4 ms of CPU per call here (measured with
    --client httpx), which the server then lacks; this client spends a fraction of that. It sends
    only what the bench needs: GET with a query, POST with a JSON body, Content-Length answers."""

    def __init__(self, base: str) -> None:
        url = httptools.parse_url(base.encode())
        self.host, self.port = url.host.decode(), url.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, url: str, *, headers: dict[str, str] | None = None,
                      params: dict[str, Any] | None = None, json: Any = None) -> Reply:
        path = url.split("://", 1)[-1]
        path = path[path.index("/"):]
        if params:
            path += "?" + urlencode(params)
        body = orjson.dumps(json) if json is not None else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(body)}"]
        if json is not None:
            head.append("Content-Type: application/json")
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        return await self._read(self.reader)

    async def _read(self, reader: asyncio.StreamReader) -> Reply:
        got: dict[str, Any] = {"headers": {}, "body": [], "done": False}

        class Sink:
            def on_header(self, name: bytes, value: bytes) -> None:
                got["headers"][name.decode().lower()] = value.decode()

            def on_body(self, chunk: bytes) -> None:
                got["body"].append(chunk)

            def on_message_complete(self) -> None:
                got["done"] = True

        parser = httptools.HttpResponseParser(Sink())
        while not got["done"]:
            chunk = await reader.read(65536)
            if not chunk:
                await self.aclose()
                raise ConnectionResetError("server closed the connection")
            parser.feed_data(chunk)
        return Reply(parser.get_status_code(), got["headers"], b"".join(got["body"]))

    async def get(self, url: str) -> Reply:
        return await self.request("GET", url)

    async def aclose(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


Client = httpx.AsyncClient | RawHTTP


async def send(http: Client, stats: Stats, method: str, url: str, **kw: Any) -> Any:
    """One call, retried on a broken connection. POSTs carry an Idempotency-Key, so a retry of a
    request whose answer was lost replays that answer instead of applying anything twice."""
    for attempt in range(5):
        try:
            return await http.request(method, url, **kw)
        except (httpx.TransportError, OSError) as e:
            stats.retries += 1
            if isinstance(http, RawHTTP):
                await http.aclose()
            if attempt == 4:
                raise
            stats.errors.append(f"transport {e.__class__.__name__} (retried)")
            await asyncio.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


class Stats:
    def __init__(self) -> None:
        # open loop: "report"/"pull" from the scheduled send time, "tick" from schedule to last answer
        self.lat: dict[str, list[float]] = {"pull": [], "report": [], "tick": []}
        self.applied: set[int] = set()
        self.applied_twice: list[int] = []
        self.unchanged = 0
        self.replayed = 0
        self.errors: list[str] = []
        self.reports = 0
        self.retries = 0
        self.late = 0  # open loop: ticks that started more than 10 ms after their schedule
        # open loop: latencies of calls scheduled in the warm-up (kept apart), worst latency per second
        self.warmup: dict[str, list[float]] = {"pull": [], "report": [], "tick": []}
        self.worst: dict[int, float] = {}

    def add(self, kind: str, latency: float, scheduled_at: float, warm: bool) -> None:
        (self.lat if warm else self.warmup)[kind].append(latency)
        second = int(scheduled_at)
        self.worst[second] = max(self.worst.get(second, 0.0), latency)


async def client(base: str, slug: str, token: str, args: argparse.Namespace, stats: Stats, deadline: float,
                 http: Client) -> None:
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
                _, done = await report_bulk(http, stats, base, {**headers, "Idempotency-Key": uuid.uuid4().hex},
                                            removed(attempt))
                stats.lat["report"].append(done - t)
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


async def paced_client(base: str, slug: str, token: str, args: argparse.Namespace, stats: Stats, start: float,
                       deadline: float, index: int, http: Client) -> None:
    """Open loop: one bulk report of `args.batch` outcomes every `interval` seconds on a fixed
    schedule, pulling a page first when fewer than a batch of open notices are at hand. Latencies
    count from the scheduled time, so a late client's backlog shows (no coordinated omission)."""
    rnd = random.Random(slug)
    headers = {"Authorization": f"Bearer {token}"}
    interval = args.batch * args.clients / args.rate
    at_hand: list[int] = []
    again: list[int] = []  # reported once already: re-reported in a later batch, must be `unchanged`
    after = 0
    exhausted = False
    k = 0
    while True:
        scheduled = start + (index / args.clients + k) * interval
        warm = scheduled >= start + args.warmup
        at = scheduled - start
        k += 1
        if scheduled >= deadline:
            return
        wait = scheduled - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        elif wait < -0.010:
            stats.late += 1
        sent_for = scheduled  # the time this call was meant to go
        if len(at_hand) < args.batch and not exhausted:
            # the first page is shorter by a client-dependent amount, so clients' pulls fall on different ticks
            limit = args.page if k > 1 else args.batch * (1 + index % max(1, args.page // args.batch))
            r = await send(http, stats, "GET", f"{base}/api/v1/platform/notices", headers=headers,
                           params={"status": "open", "evidence": "false", "limit": min(limit, args.page),
                                   "after": after})
            done = time.perf_counter()
            stats.add("pull", done - sent_for, at, warm)
            sent_for = done  # the report is meant to go as soon as the page is in
            if r.status_code != 200:
                stats.errors.append(f"pull {r.status_code}")
                continue
            page = r.json()
            at_hand += [n["id"] for n in page["notices"]]
            after = page["next_after"] or 0
            exhausted = page["next_after"] is None
        n_again = min(len(again), sum(1 for _ in range(args.batch) if rnd.random() < args.dup_rate))
        ids, at_hand = at_hand[:args.batch - n_again], at_hand[args.batch - n_again:]
        ids += again[:n_again]
        del again[:n_again]
        if not ids:
            stats.errors.append(f"{slug} ran out of open notices: seed more (--per-client)")
            return
        again += [i for i in ids if rnd.random() < args.dup_rate]
        body = removed(ids)
        post_headers = {**headers, "Idempotency-Key": uuid.uuid4().hex}
        r, done = await report_bulk(http, stats, base, post_headers, body)
        stats.add("report", done - sent_for, at, warm)
        stats.add("tick", done - scheduled, at, warm)
        if r is None:
            continue
        if rnd.random() < args.dup_rate:
            # the answer "was lost": the same request again with the same key replays the stored answer
            t = time.perf_counter()
            r2 = await send(http, stats, "POST", f"{base}/api/v1/platform/outcomes", headers=post_headers, json=body)
            stats.add("report", time.perf_counter() - t, at, warm)
            stats.reports += 1
            if r2.status_code != 200 or r2.headers.get("idempotent-replayed") != "true" or r2.json() != r.json():
                stats.errors.append(f"replay {r2.status_code} differs from the first answer")
            else:
                stats.replayed += 1


def removed(ids: list[int]) -> dict[str, Any]:
    """A bulk report body: each notice removed."""
    return {"items": [{"id": i, "outcome": "removed"} for i in ids]}


async def report_bulk(http: Client, stats: Stats, base: str, headers: dict[str, str],
                      body: dict[str, Any]) -> tuple[Any, float]:
    """POST one bulk report and record its answers; (the answer, or None when it failed; when it
    arrived). The caller counts the latency from its own start (sent or scheduled)."""
    r = await send(http, stats, "POST", f"{base}/api/v1/platform/outcomes", headers=headers, json=body)
    done = time.perf_counter()
    stats.reports += 1
    if r.status_code != 200:
        stats.errors.append(f"bulk {r.status_code}")
        return None, done
    for res in r.json()["results"]:
        record(stats, res["id"], res["result"])
    return r, done


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
    # one client and one keep-alive connection per platform worker (a pool shared by 100 connections
    # costs the client process more CPU per call, and this process shares the cores with the server)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    https: list[Client] = [RawHTTP(base) if args.client == "raw" else httpx.AsyncClient(limits=limits, timeout=60.0)
                           for _ in tokens]
    try:
        await asyncio.gather(*(h.get(f"{base}/healthz") for h in https))  # connected before the clock starts
        start = time.perf_counter()
        deadline = start + args.seconds
        if args.rate:
            await asyncio.gather(*(paced_client(base, slug, tok, args, stats, start, deadline, i, h)
                                   for i, ((slug, tok), h) in enumerate(zip(tokens, https, strict=True))))
        else:
            await asyncio.gather(*(client(base, slug, tok, args, stats, deadline, h)
                                   for (slug, tok), h in zip(tokens, https, strict=True)))
        elapsed = time.perf_counter() - start
    finally:
        await asyncio.gather(*(h.aclose() for h in https))
    return stats, elapsed


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live descendants (uvicorn workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    stat: dict[int, list[str]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stat[int(d)] = fields
            children.setdefault(int(fields[1]), []).append(int(d))
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        if p in stat:
            total += (int(stat[p][11]) + int(stat[p][12])) / tick
        todo += children.get(p, [])
    return total


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
    ap.add_argument("--rate", type=float, default=0.0,
                    help="open loop: outcomes/s offered by all clients together (0: closed loop, as fast as answers)")
    ap.add_argument("--per-client", type=int, default=0,
                    help="open notices seeded per platform (default: enough for the run)")
    ap.add_argument("--mode", choices=("bulk", "single"), default="bulk",
                    help="closed loop: outcomes in bulk or one a call")
    ap.add_argument("--batch", type=int, default=50, help="outcomes per bulk call (closed loop: also the page size)")
    ap.add_argument("--page", type=int, default=200, help="open loop: notices per pulled page")
    ap.add_argument("--warmup", type=float, default=5.0,
                    help="open loop: latencies of calls scheduled in the first seconds are reported apart "
                         "(connections being opened, caches filling); their outcomes are checked like all")
    ap.add_argument("--dup-rate", type=float, default=0.02, help="share of reports sent twice")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--port", type=int, default=18765)
    ap.add_argument("--client", choices=("raw", "httpx"), default="raw",
                    help="HTTP client of the platform workers: a lean one on asyncio streams, or httpx")
    ap.add_argument("--profile", metavar="FILE",
                    help="record the server with py-spy: a flame graph (.svg) or collapsed stacks (.txt)")
    args = ap.parse_args()
    if args.rate and args.mode != "bulk":
        ap.error("--rate paces bulk reports; use --mode bulk")
    if not args.per_client:
        need = args.rate / args.clients * args.seconds * 1.3 + args.page if args.rate else 1500
        args.per_client = int(need)

    with scratch_database(ADMIN, "pantau_bench") as url:  # dropped also when the run failed half-way
        stats, elapsed, result, server_cpu, client_cpu, load_before, load_after = run(args, url)
    report(args, stats, elapsed, result, server_cpu, client_cpu, load_before, load_after)


def run(args: argparse.Namespace, url: str) -> tuple[Stats, float, dict[str, object], float, float,
                                                    tuple[float, float, float], tuple[float, float, float]]:
    """Seed, start the server, run the clients, stop the server, check the store."""
    server = None
    try:
        t = time.perf_counter()
        tokens = seed(url, args.clients, args.per_client)
        print(f"seeded {args.clients * args.per_client} notices for {args.clients} platforms "
              f"in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        home = tempfile.mkdtemp(prefix="pantau-bench-")
        env = {**os.environ, "PANTAU_DATABASE_URL": url, "PANTAU_HOME": home}
        cmd = [sys.executable, "-m", "uvicorn", "pantau.api.app:serve_app", "--factory", "--host", "127.0.0.1",
               "--port", str(args.port), "--workers", str(args.workers), "--log-level", "warning", "--no-access-log",
               "--timeout-graceful-shutdown", "5", "--timeout-keep-alive", "120"]
        if args.profile:
            cmd = [str(Path(sys.executable).with_name("py-spy")), "record", "-o", args.profile, "--rate", "100",
                   "--format", "flamegraph" if args.profile.endswith(".svg") else "raw",
                   "--subprocesses", "--", *cmd]
        server = subprocess.Popen(cmd, env=env)
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
        load_before = os.getloadavg()
        server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
        stats, elapsed = asyncio.run(run_clients(base, tokens, args))
        server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
        load_after = os.getloadavg()
    finally:
        if server is not None:
            if args.profile:
                server.send_signal(signal.SIGINT)  # py-spy writes its flame graph on SIGINT
            else:
                server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return stats, elapsed, check(url, stats), server_cpu, client_cpu, load_before, load_after


def report(args: argparse.Namespace, stats: Stats, elapsed: float, result: dict[str, object], server_cpu: float,
           client_cpu: float, load_before: tuple[float, float, float], load_after: tuple[float, float, float]) -> None:
    n = len(stats.applied)
    pulls = len(stats.lat["pull"]) + len(stats.warmup["pull"])
    reports = stats.lat["report"] + stats.warmup["report"]
    model = (f"open loop: {args.rate:.0f} outcomes/s offered, bulk {args.batch}, pages of {args.page}"
             if args.rate else f"closed loop: mode={args.mode} batch={args.batch}")
    lines = [
        f"{model}; clients={args.clients} workers={args.workers} seconds={elapsed:.1f} dup_rate={args.dup_rate}",
        f"outcomes applied: {n} ({n / elapsed:.0f}/s); re-reported, answered unchanged: {stats.unchanged}; "
        f"replayed by key: {stats.replayed}",
        f"calls: report {stats.reports} ({stats.reports / elapsed:.0f}/s), pull {pulls} ({pulls / elapsed:.0f}/s)"
        + (f"; ticks started >10 ms late: {stats.late}" if args.rate else ""),
        "latency" + (f" (from the scheduled send time, after the {args.warmup:.0f} s warm-up)" if args.rate else "")
        + f": report p50 {pct(stats.lat['report'], 50):.1f} ms, p99 {pct(stats.lat['report'], 99):.1f} ms, "
        f"max {max(stats.lat['report'], default=float('nan')) * 1000:.1f} ms; "
        f"pull p50 {pct(stats.lat['pull'], 50):.1f} ms, p99 {pct(stats.lat['pull'], 99):.1f} ms"
        + (f"; pull+report tick p99 {pct(stats.lat['tick'], 99):.1f} ms" if args.rate else ""),
        *([f"  warm-up: report p99 {pct(stats.warmup['report'], 99):.1f} ms, pull p99 "
           f"{pct(stats.warmup['pull'], 99):.1f} ms; all calls: report p99 {pct(reports, 99):.1f} ms; "
           "worst seconds (s: ms) " + ", ".join(f"{t}: {v * 1000:.0f}" for t, v in
                                                sorted(stats.worst.items(), key=lambda kv: -kv[1])[:6])]
          if args.rate else []),
        f"cpu: server {server_cpu:.1f} s ({server_cpu / elapsed * 100:.0f}% of a core, "
        f"{server_cpu / max(n, 1) * 1e6:.0f} us per outcome), client {client_cpu:.1f} s; "
        f"load average {load_before[0]:.2f} -> {load_after[0]:.2f}",
        f"store check: {result}",
        f"errors: {len(stats.errors)} {sorted(set(stats.errors))[:5]}; transport retries {stats.retries}",
    ]
    print("\n".join(lines))
    ok = (result["lost"] == 0 and result["duplicated_events"] == 0 and result["unreported"] == 0
          and result["audit_ok"] and not stats.applied_twice)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
