"""Text-path throughput and F1: pantau's learned model (and the full detector) beside a baseline.

    .venv/bin/python bench/bench_detect.py --n 100000

Baseline (issue 3): scikit-learn TfidfVectorizer(analyzer="char", ngram_range=(2, 5)) plus
LogisticRegression, trained on the same bundled corpus. Every path runs in this one process,
pinned to one core with one BLAS thread, from a JSONL file of generated listings to a JSONL file
of results (parse, score, verdict, write): the same data, the same reader, the same writer.
F1 is measured on ../shared/data/eval with the functions of ../shared/tools/evaluate.py
(verdict violating = flagged; the labels are read only to score).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# one BLAS thread: set before numpy loads (hence the late imports below)
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import orjson  # noqa: E402

from pantau.detect.corpus_gen import generate  # noqa: E402
from pantau.detect.model import load_model  # noqa: E402
from pantau.detect.train import bundled_corpus  # noqa: E402
from pantau.ingest.records import to_listing  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
Scorer = Callable[[list[dict[str, Any]]], list[tuple[float, str]]]


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def write_input(path: Path, n: int, seed: int) -> None:
    with path.open("wb") as f:
        for row in generate(n, seed=seed):
            row.pop("label", None)
            row.pop("tags", None)
            f.write(orjson.dumps(row) + b"\n")


def read_batches(path: Path, size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    with path.open("rb") as f:
        for line in f:
            batch.append(orjson.loads(line))
            if len(batch) == size:
                yield batch
                batch = []
    if batch:
        yield batch


def run(scorer: Scorer, src: Path, dst: Path, batch: int) -> tuple[int, float]:
    """JSONL in -> JSONL out; returns (listings, seconds)."""
    n = 0
    t = time.perf_counter()
    with dst.open("wb") as out:
        for rows in read_batches(src, batch):
            for row, (score, verdict) in zip(rows, scorer(rows), strict=True):
                out.write(orjson.dumps({"platform": row["platform"], "listing_id": row["listing_id"],
                                        "score": round(score, 4), "verdict": verdict}) + b"\n")
            n += len(rows)
    return n, time.perf_counter() - t


# ---- the three scorers ----
def _text(row: dict[str, Any]) -> str:
    s = row.get("seller") or {}
    return " \n ".join(str(x or "") for x in (row.get("title"), row.get("description"), s.get("name"),
                                              s.get("description"), row.get("category")))


def baseline_scorer(corpus: Path) -> Scorer:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [orjson.loads(line) for line in corpus.open("rb")]
    rows = [r for r in rows if r["label"] in ("violating", "benign")]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 5), sublinear_tf=True, min_df=2, dtype=np.float32)
    x = vec.fit_transform([_text(r) for r in rows])
    clf = LogisticRegression(C=10.0, max_iter=2000).fit(x, [r["label"] == "violating" for r in rows])

    def score(batch: list[dict[str, Any]]) -> list[tuple[float, str]]:
        p = clf.predict_proba(vec.transform([_text(r) for r in batch]))[:, 1]
        return [(float(s), "violating" if s >= 0.5 else "benign") for s in p]

    return score


def model_scorer() -> Scorer:
    model = load_model()
    hi, lo = model.thresholds["violating"], model.thresholds["review"]

    def score(batch: list[dict[str, Any]]) -> list[tuple[float, str]]:
        p = model.score([to_listing(r) for r in batch])
        return [(float(s), "violating" if s >= hi else "review" if s >= lo else "benign") for s in p]

    return score


def detector_scorer() -> Scorer:
    from pantau.detect import load_detector

    det = load_detector()

    def score(batch: list[dict[str, Any]]) -> list[tuple[float, str]]:
        return [(d.score, d.verdict.value) for d in det.detect([to_listing(r) for r in batch])]

    return score


def eval_f1(scorer: Scorer, shared: Path) -> dict[str, Any] | None:
    tool = shared / "tools" / "evaluate.py"
    labelled = shared / "data" / "eval" / "listings.jsonl"
    if not tool.is_file() or not labelled.is_file():
        return None
    spec = importlib.util.spec_from_file_location("shared_evaluate", tool)
    assert spec and spec.loader
    ev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ev)
    truth_rows = ev.read_jsonl(str(labelled))
    blind = [{k: v for k, v in r.items() if k not in ev.HIDDEN} for r in truth_rows]
    pred = {}
    for i in range(0, len(blind), 512):
        chunk = blind[i:i + 512]
        for r, (s, v) in zip(chunk, scorer(chunk), strict=True):
            pred[ev.key(r)] = {"score": s, "verdict": v}
    d = ev.detection({ev.key(r): r for r in truth_rows}, pred)
    return {k: d[k] for k in ("precision", "recall", "f1", "fp_rate", "ambiguous_to_review", "ambiguous")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="generated listings to push through each path")
    ap.add_argument("--batch", type=int, default=4096)
    ap.add_argument("--seed", type=int, default=42, help="generator seed (the bundled corpus uses 0)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--no-detector", action="store_true", help="skip the full rules+model detector")
    args = ap.parse_args()
    pin_one_core()
    scorers: dict[str, Scorer] = {"baseline tf-idf char 2-5 + LR": baseline_scorer(bundled_corpus()),
                                  "pantau text model": model_scorer()}
    if not args.no_detector:
        scorers["pantau detector (rules + model)"] = detector_scorer()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        write_input(src, args.n, args.seed)
        results = {}
        for name, scorer in scorers.items():
            scorer([orjson.loads(line) for line in src.open("rb").readlines()[:64]])  # warm caches
            n, secs = run(scorer, src, Path(tmp) / "out.jsonl", args.batch)
            results[name] = (n / secs, eval_f1(scorer, args.shared))
    base = results["baseline tf-idf char 2-5 + LR"][0]
    print(f"{args.n} generated listings (seed {args.seed}), batch {args.batch}, one core, JSONL in -> JSONL out\n")
    print("| path | listings/s | x baseline | eval precision | eval recall | eval F1 | ambiguous->review |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, (rate, f1) in results.items():
        cells = ["n/a"] * 4 if f1 is None else [
            f"{f1['precision']:.3f}", f"{f1['recall']:.3f}", f"{f1['f1']:.3f}",
            f"{f1['ambiguous_to_review']}/{f1['ambiguous']}"]
        print(f"| {name} | {rate:,.0f} | {rate / base:.2f} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
