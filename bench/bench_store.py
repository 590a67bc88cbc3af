"""The store's share of a scan: listings, sellers, sightings and results written per CPU-second.

    .venv/bin/python bench/bench_store.py --n 20000 [--url postgresql+psycopg://postgres@127.0.0.1/DB]

Scores with a trivial stand-in detector, so only reading and the store are measured. Without --url
it uses a fresh SQLite file; a PostgreSQL database given with --url should be empty.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

from pantau.domain import Detection, Listing, Verdict
from pantau.local_scan import scan_files
from pantau.pipeline import BatchScorer
from pantau.store.db import Database
from pantau.synth import generate
from pantau.synth.writers import write_jsonl


class Constant:
    policy_version = "bench"
    model_hash = "none"

    def detect(self, listings: Sequence[Listing]) -> list[Detection]:
        return [Detection(Verdict.BENIGN, 0.0, [], self.policy_version, self.model_hash) for _ in listings]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--url")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "listings.jsonl"
        write_jsonl(generate(args.n, 1), data)
        url = args.url or f"sqlite:///{Path(tmp) / 'pantau.db'}"
        db = Database(url)
        rows = []
        for label, store in (("read + score, no store", None), ("read + score + store", db)):
            wall, cpu = time.perf_counter(), time.process_time()
            scan_files([data], BatchScorer(Constant()), db=store, out=BytesIO())
            rows.append((label, time.perf_counter() - wall, time.process_time() - cpu))
        db.dispose()
    print(f"{args.n:,} generated listings, store {url.split(':')[0]}\n")
    print("| run | wall s | CPU s | listings per CPU-second |")
    print("| --- | ---: | ---: | ---: |")
    for label, wall, cpu in rows:
        print(f"| {label} | {wall:.1f} | {cpu:.1f} | {args.n / cpu:,.0f} |")


if __name__ == "__main__":
    main()
