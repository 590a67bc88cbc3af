"""Where a Ray worker's time goes: one shard through `score_shard` in this process, by phase.

    .venv/bin/python bench/bench_shard.py --n 20000 --rounds 3

Runs the shard function every Ray worker runs (pantau.scale.ray_engine.score_shard) on a seeded
generated catalogue, with the product's detector (text only, as bench_ray.py), and splits its CPU
time: reading the shard into Listings, the detector, the rest of BatchScorer.score, results to
Arrow (including the listing JSON), and the Parquet/zstd write. Prints one JSON line per round.

For a before/after comparison, run the same command with PYTHONPATH pointing at a copy of the old
`pantau` package, alternating old and new rounds in the same minutes (see docs/bench/scale.md).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from bench_ray import catalogue

import pantau.scale.arrow as arrow
import pantau.scale.shards as shards
from pantau.scale.ray_engine import StoreScorer, score_shard

PHASES = ("read", "detect", "score_rest", "to_arrow", "write")


def _timed(fn: Callable[..., Any], spent: dict[str, float], key: str) -> Callable[..., Any]:
    def wrapper(*a: Any, **kw: Any) -> Any:
        t = time.process_time()
        try:
            return fn(*a, **kw)
        finally:
            spent[key] += time.process_time() - t
    return wrapper


def _timed_iter(fn: Callable[..., Iterator[Any]], spent: dict[str, float], key: str) -> Callable[..., Iterator[Any]]:
    def wrapper(*a: Any, **kw: Any) -> Iterator[Any]:
        it = fn(*a, **kw)
        while True:
            t = time.process_time()
            try:
                item = next(it)
            except StopIteration:
                spent[key] += time.process_time() - t
                return
            spent[key] += time.process_time() - t
            yield item
    return wrapper


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=512)
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "pantau-bench-shard")
    args = ap.parse_args()
    path = catalogue(args.n, 0, args.data)  # the cached file bench_ray.py makes and reads
    scorer = StoreScorer(photos=False, sellers=False)()
    spent = dict.fromkeys((*PHASES, "score"), 0.0)
    scorer.detector.detect = _timed(scorer.detector.detect, spent, "detect")  # type: ignore[method-assign]
    scorer.score = _timed(scorer.score, spent, "score")  # type: ignore[method-assign]
    shards.read_shard = _timed_iter(shards.read_shard, spent, "read")  # type: ignore[assignment]
    arrow.results_to_batch = _timed(arrow.results_to_batch, spent, "to_arrow")
    pq.ParquetWriter.write_batch = _timed(pq.ParquetWriter.write_batch, spent, "write")  # type: ignore[method-assign]
    shard = shards.plan_shards([str(path)], rows_per_shard=args.n)[0]
    assert shard.stop == pq.ParquetFile(path).metadata.num_row_groups, "one shard for the whole file"
    print(json.dumps({"code": str(Path(arrow.__file__).parents[1]), "n": args.n, "cpus": os.cpu_count()}), flush=True)
    with tempfile.TemporaryDirectory() as out:
        for r in range(args.rounds):
            for k in spent:
                spent[k] = 0.0
            la = os.getloadavg()[0]
            s = score_shard(shard, scorer, out, batch_size=args.batch_size)
            total = s["cpu_seconds"]
            phases = {**{k: spent[k] for k in PHASES}, "score_rest": spent["score"] - spent["detect"]}
            phases["other"] = total - sum(phases.values())
            print(json.dumps({
                "round": r, "listings": s["scanned"], "cpu_s": round(total, 2),
                "listings_per_cpu_s": round(s["scanned"] / total),
                "detector_listings_per_cpu_s": round(s["scanned"] / spent["detect"]),
                "us_per_listing": {k: round(v / s["scanned"] * 1e6, 1) for k, v in phases.items()},
                "outside_detector_us": round((total - spent["detect"]) / s["scanned"] * 1e6, 1),
                "load_avg": round(la, 1), "violating": s["violating"]}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
