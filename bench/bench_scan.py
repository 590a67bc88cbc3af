"""Scan throughput and peak memory on a generated file, beside just parsing it with the json module.

    .venv/bin/python bench/bench_scan.py --n 100000

Each measurement runs in its own child process, so peak memory (ru_maxrss) is that run's alone.
Prints a Markdown table for docs/benchmarks.md. The machine is shared and noisy: compare ratios.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PANTAU = str(Path(PY).with_name("pantau"))

PARSE_ONLY = """
import json, sys
n = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        json.loads(line)
        n += 1
print(n)
"""


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, not the max over all children
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed with exit code {proc.returncode}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "listings.jsonl"
        subprocess.run([PY, "-c", f"from pathlib import Path; from pantau.synth.writers import write_jsonl; "
                        f"from pantau.synth import generate; write_jsonl(generate({args.n}, {args.seed}), "
                        f"Path({str(data)!r}))"], check=True)
        size = data.stat().st_size / 2**20
        env = dict(os.environ, PANTAU_HOME=str(Path(tmp) / "home"))
        env.pop("PANTAU_DATABASE_URL", None)
        rows = [("json.loads per line (baseline)", *run([PY, "-c", PARSE_ONLY, str(data)]))]
        rows.append(("pantau scan --no-store", *run([PANTAU, "scan", str(data), "-o", str(Path(tmp) / "a.jsonl"),
                                                      "--no-store"], env)))
        rows.append(("pantau scan (SQLite store)", *run([PANTAU, "scan", str(data), "-o",
                                                          str(Path(tmp) / "b.jsonl")], env)))
    base = rows[0][1]
    print(f"{args.n:,} generated listings (seed {args.seed}, {size:.0f} MiB JSONL)\n")
    print("| run | seconds | listings/s | x baseline time | peak RSS MiB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, sec, rss in rows:
        print(f"| {name} | {sec:.1f} | {args.n / sec:,.0f} | {sec / base:.1f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
