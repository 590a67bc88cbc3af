"""Loading the Ray results parts into the store: listings per second, SQLite and PostgreSQL.

    .venv/bin/python bench/bench_store_load.py --n 1000000 \\
        --pg postgresql+psycopg://postgres@127.0.0.1:5432/test --baseline-n 50000

Makes (once, cached under --data) results parts for `n` generated listings with the in-process
shard engine and a trivial detector (the verdict is the generator's label, so ~6% are hits and
carry reasons): loading does not depend on which detector wrote the parts. Then loads them with
`pantau.scale.results.bulk_load` into a fresh SQLite file (save_batch, 20,000-row transactions)
and, with --pg, a fresh PostgreSQL database created beside the one given (COPY into a staging table
and set-based upserts); with --baseline-n, the first parts holding that many rows are also loaded
into PostgreSQL the row-by-row way (save_batch, 2,000 rows a transaction: the loader before this
change) for a side-by-side rate. Then loads the same parts again (must change nothing; timed).
Prints one JSON line per load: wall seconds, listings/s, this process's CPU, the PostgreSQL
backend's CPU (read from /proc when the server is on this machine) and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from pantau.domain import Detection, Listing, Reason, Verdict
from pantau.pipeline import BatchScorer
from pantau.scale.inprocess import scan_in_process
from pantau.scale.results import bulk_load
from pantau.store.db import Database
from pantau.synth import generate, write_parquet
from pg_scratch import scratch_database


class LabelDetector:
    """The generated listing's label as the verdict, with a reason for the hits (cheap, deterministic)."""

    policy_version = "bench-label"
    model_hash = "0" * 64

    def detect(self, listings: Sequence[Listing]) -> list[Detection]:
        out = []
        for li in listings:
            if li.label == "violating":
                out.append(Detection(Verdict.VIOLATING, 0.9, [Reason("term", 'term "bal"', 0.9, {"term": "bal"})],
                                     self.policy_version, self.model_hash, True))
            else:
                out.append(Detection(Verdict.BENIGN, 0.01, [], self.policy_version, self.model_hash, False))
        return out


def make_parts(n: int, folder: Path) -> list[str]:
    parts_dir = folder / f"load-parts-{n}"
    done = parts_dir / "DONE"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        src = folder / f"load-synth-{n}.parquet"
        t = time.perf_counter()
        write_parquet(generate(n, 3), src, row_group=25_000)
        s = scan_in_process([src], parts_dir, BatchScorer(LabelDetector()), rows_per_shard=50_000, link=False)
        done.write_text(json.dumps(s.parts))
        print(json.dumps({"made_parts": len(s.parts), "rows": s.scanned, "hits": s.violating,
                          "seconds": round(time.perf_counter() - t, 1)}), flush=True)
    return json.loads(done.read_text())


def _proc_cpu(pid: int | None) -> float:
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _backend_pid(db: Database) -> int | None:
    if db.engine.dialect.name != "postgresql":
        return None
    with db.engine.connect() as c:
        pid = int(c.execute(text("SELECT pg_backend_pid()")).scalar_one())
    return pid if Path(f"/proc/{pid}").exists() else None  # server on another machine: not measured


def load(label: str, parts: list[str], db: Database, **kw: Any) -> dict[str, Any]:
    pid = _backend_pid(db)  # the pool hands this connection to the loader (one connection, reused)
    server0, la0 = _proc_cpu(pid), os.getloadavg()[0]
    r = bulk_load(parts, db, **kw)
    server = _proc_cpu(pid) - server0
    return {"load": label, "backend": r.backend, "listings": r.loaded, "seconds": round(r.seconds, 1),
            "listings_per_s": round(r.rate), "driver_cpu_s": round(r.cpu_seconds, 1),
            "listings_per_driver_cpu_s": round(r.loaded / r.cpu_seconds) if r.cpu_seconds else None,
            "server_cpu_s": round(server, 1) if pid else None,
            "listings_per_cpu_s": round(r.loaded / (r.cpu_seconds + server)) if pid else None,
            "same_backend_pid": _backend_pid(db) == pid if pid else None,
            "load_avg": [round(la0, 1), round(os.getloadavg()[0], 1)], "nul_replaced": len(r.nul_replaced)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--pg", help="a PostgreSQL URL; fresh databases are created beside it and dropped")
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument("--baseline-n", type=int, default=0, help="rows for the row-by-row PostgreSQL baseline")
    ap.add_argument("--no-reload", action="store_true", help="skip the second (idempotent) load")
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "pantau-bench-load")
    args = ap.parse_args()
    parts = make_parts(args.n, args.data)
    print(json.dumps({"machine_cpus": os.cpu_count(), "load_avg": os.getloadavg(), "parts": len(parts),
                      "rows": args.n}), flush=True)
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(dir=args.data) as tmp:
            db = Database(f"sqlite:///{Path(tmp) / 'pantau.db'}")
            print(json.dumps(load("sqlite bulk (save_batch, 20k rows a transaction)", parts, db)), flush=True)
            if not args.no_reload:
                print(json.dumps(load("sqlite reload (changes nothing)", parts, db)), flush=True)
            db.dispose()
    if args.pg:
        if args.baseline_n:
            rows, few = 0, []
            for p in parts:
                few.append(p)
                rows += pq.ParquetFile(p).metadata.num_rows
                if rows >= args.baseline_n:
                    break
            with scratch_database(args.pg, "pantau_bench") as url:
                db = Database(url)
                print(json.dumps(load("postgres row by row (save_batch, 2k rows a transaction)", few, db,
                                      copy=False, batch_rows=2_000)), flush=True)
                db.dispose()
        with scratch_database(args.pg, "pantau_bench") as url:
            db = Database(url)
            print(json.dumps(load("postgres COPY + set-based upsert (50k rows a transaction)", parts, db)),
                  flush=True)
            if not args.no_reload:
                print(json.dumps(load("postgres reload (changes nothing)", parts, db)), flush=True)
            db.dispose()


if __name__ == "__main__":
    sys.exit(main())
