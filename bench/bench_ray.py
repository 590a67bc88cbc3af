"""Throughput and memory of the Ray engine on generated catalogues, beside the local engine.

    .venv/bin/python bench/bench_ray.py --n 100000 --workers 1 2 --local
    .venv/bin/python bench/bench_ray.py --n 1000000 --workers 2

Generates (once, cached under --data) a seeded synthetic catalogue as Parquet, then scans it with
the Ray engine in local mode for each worker count, and optionally with the local engine
(`pantau.local_scan.scan_files`, no store) as the baseline. The scorer is the product's detector
(`pantau.detect.load_detector`) with photos and seller linkage off unless --full: the generated
listings have no photos, and the linker is benchmarked by its own capability. Prints one JSON line
per run: listings/s, wall seconds, peak resident memory of each Ray worker and of the driver.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from pantau.scale.ray_engine import StoreScorer, run_ray_scan
from pantau.synth import generate, write_parquet


def catalogue(n: int, seed: int, folder: Path) -> Path:
    path = folder / f"synth-{n}-seed{seed}.parquet"
    if not path.exists() or pq.ParquetFile(path).metadata.num_rows != n:
        folder.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        write_parquet(generate(n, seed), path.with_suffix(".tmp"), row_group=25_000)
        path.with_suffix(".tmp").replace(path)
        print(json.dumps({"generated": n, "seconds": round(time.perf_counter() - t, 1),
                          "bytes": path.stat().st_size}), flush=True)
    return path


def run_ray(path: Path, n: int, workers: int, full: bool, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    s = run_ray_scan([path], out, num_workers=workers, scorer_factory=StoreScorer(photos=full, sellers=full),
                     identifiers=full, rows_per_shard=25_000)
    assert s.scanned + s.errors == n, (s.scanned, s.errors, n)
    return {"engine": "ray", "workers": workers, "listings": n, "shards": s.shards,
            "seconds": round(s.seconds, 1), "listings_per_s": round(n / s.seconds),
            "startup_seconds": round(s.startup_seconds, 1), "worker_cpu_seconds": round(s.cpu_seconds, 1),
            "listings_per_cpu_s": round(n / s.cpu_seconds),
            "worker_peak_rss_mb": sorted(round(v) for v in s.peak_rss_mb.values()),
            "driver_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "violating": s.violating, "review": s.review}


def run_local(path: Path, n: int, full: bool) -> dict:
    from pantau.local_scan import scan_files

    scorer = StoreScorer(photos=full, sellers=full)()
    t, cpu = time.perf_counter(), time.process_time()
    s = scan_files([path], scorer, db=None, out=io.BytesIO() if n <= 200_000 else None, batch_size=512)
    secs, cpu = time.perf_counter() - t, time.process_time() - cpu
    return {"engine": "local", "workers": 1, "listings": n, "seconds": round(secs, 1),
            "listings_per_s": round(n / secs), "listings_per_cpu_s": round(n / cpu),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "violating": s.violating, "review": s.review}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--local", action="store_true", help="also run the local engine as the baseline")
    ap.add_argument("--full", action="store_true", help="photos and seller linkage on (slower)")
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "pantau-bench")
    args = ap.parse_args()
    path = catalogue(args.n, args.seed, args.data)
    print(json.dumps({"machine_cpus": os.cpu_count(), "load_avg": os.getloadavg()}), flush=True)
    if args.local:
        print(json.dumps(run_local(path, args.n, args.full)), flush=True)
    for w in args.workers:
        print(json.dumps(run_ray(path, args.n, w, args.full, args.data / f"out-{args.n}-{w}")), flush=True)
    return None


if __name__ == "__main__":
    sys.exit(main())
