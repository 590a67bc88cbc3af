"""Freeze the text detector's behaviour, and check that a change keeps it.

    .venv/bin/python bench/detect_golden.py save  [--out /tmp/detect-golden.json] [--n 20000]
    .venv/bin/python bench/detect_golden.py check [--out /tmp/detect-golden.json] [--n 20000]

Runs `load_detector().detect(...)` (rules + bundled model) over
  (a) `--n` listings from `pantau.synth.generate` (seed 0),
  (b) the bundled training corpus `src/pantau/data/corpus/train.jsonl`,
  (c) when ../shared is present, the BLINDED (label, operator and tags dropped, as
      `shared/tools/evaluate.py blind` does) eval and real files, for evaluation only: nothing of
      them is written into the project, the golden file lives outside it (default /tmp),
and records verdict, score and reason texts per listing. `check` re-runs and reports every
listing whose verdict or reasons differ or whose score moved by more than 1e-9. Speed-ups of the
detector must pass `check` against a `save` taken before them. Batches of 4,096, as the benches.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pantau.detect import load_detector  # noqa: E402
from pantau.ingest.records import to_listing  # noqa: E402
from pantau.synth import generate  # noqa: E402

SHARED = ROOT.parent / "shared"
HIDDEN = ("label", "operator", "tags")
BATCH = 4096


def _rows(path: Path, blind: bool) -> list[dict]:
    rows = []
    for line in path.open(encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            if blind:
                for f in HIDDEN:
                    r.pop(f, None)
            rows.append(r)
    return rows


def sources(n: int) -> dict[str, list[dict]]:
    out = {"synth": list(generate(n, 0)),
           "corpus": _rows(ROOT / "src" / "pantau" / "data" / "corpus" / "train.jsonl", blind=False)}
    for name in ("eval", "real"):
        p = SHARED / "data" / name / "listings.jsonl"
        if p.is_file():
            out[name] = _rows(p, blind=True)
    return out


def run(n: int) -> dict[str, list[list]]:
    det = load_detector()
    got: dict[str, list[list]] = {}
    for name, rows in sources(n).items():
        res = []
        for i in range(0, len(rows), BATCH):
            batch = [to_listing(r) for r in rows[i:i + BATCH]]
            for li, d in zip(batch, det.detect(batch), strict=True):
                res.append([f"{li.platform}/{li.listing_id}", d.verdict.value, d.score,
                            [r.text for r in d.reasons]])
        got[name] = res
    got["_model"] = [[det.model_hash, det.policy_version]]
    return got


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("save", "check"))
    ap.add_argument("--out", default="/tmp/detect-golden.json")
    ap.add_argument("--n", type=int, default=20_000)
    args = ap.parse_args()
    got = run(args.n)
    if args.mode == "save":
        Path(args.out).write_text(json.dumps(got), encoding="utf-8")
        print({k: len(v) for k, v in got.items()})
        return 0
    want = json.loads(Path(args.out).read_text(encoding="utf-8"))
    bad = 0
    for name, rows in want.items():
        have = got.get(name, [])
        if len(have) != len(rows):
            print(f"{name}: {len(have)} results, golden has {len(rows)}")
            bad += 1
            continue
        for a, b in zip(rows, have, strict=True):
            if name == "_model":
                same = a == b
            else:
                same = a[0] == b[0] and a[1] == b[1] and abs(a[2] - b[2]) <= 1e-9 and a[3] == b[3]
            if not same:
                bad += 1
                if bad <= 20:
                    print(f"{name}: want {a}\n      have {b}")
    print(f"{sum(len(v) for v in want.values())} results compared, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
