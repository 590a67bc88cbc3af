"""The detector of one source tree against another's, on the same data, alternating processes.

    git archive <REV> src | tar -x -C /tmp/before
    .venv/bin/python bench/bench_detect_ab.py /tmp/before/src src [--rounds 3]

Each round runs, in a fresh process per tree, `bench_detect_rules.run_rules` (JSONL -> Listing ->
detect -> JSONL, one core) over bench/out/detect-rules-100000.jsonl after a warm-up on the first
20,000 listings (run `bench_detect_rules.py --n 100000` once to write them), three times, and
prints the best listings per CPU-second of each tree. Alternating the trees spreads a shared
machine's load over both.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import gc, sys
sys.path.insert(0, {src!r})
import pantau.detect  # the tree under test, before the bench module adds its own src
assert pantau.detect.__file__.startswith({src!r}), pantau.detect.__file__
sys.path.insert(0, {bench!r})
from pathlib import Path
import bench_detect_rules as b
det = pantau.detect.load_detector()
b.run_rules(b.OUT / "detect-rules-20000.jsonl", Path("/tmp/detect-ab-warm.jsonl"), det)
gc.collect(); gc.freeze()
best = 0.0
for _ in range(3):
    n, s = b.run_rules(b.OUT / "detect-rules-100000.jsonl", Path("/tmp/detect-ab-out.jsonl"), det)
    best = max(best, n / s)
print(f"{{best:.0f}}")
"""


def run(src: str) -> float:
    code = CHILD.format(src=str(Path(src).resolve()), bench=str(ROOT / "bench"))
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return float(out.stdout.split()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", help="src folder of the tree to compare against")
    ap.add_argument("after", help="src folder of the tree under test")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    for r in range(args.rounds):
        a, b = run(args.before), run(args.after)
        print(f"round {r + 1}: before {a:,.0f}  after {b:,.0f}  listings per CPU-second  "
              f"(load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
