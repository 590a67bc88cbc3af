"""Linkage on the shared evaluation corpus, scored by the shared evaluator's own pair logic.

The corpus is blinded before linking (label, operator and tags removed): the linker sees what a
scan would see. Thresholds are the issue's: precision >= 0.97, recall >= 0.90 on pairs touching a
taken-down seller, and no link touching a look-alike seller."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from pantau.ingest.records import to_listing
from pantau.sellers import Linker


@pytest.mark.slow
def test_linkage_on_the_shared_eval(shared_dir: Path) -> None:
    src = shared_dir / "data" / "eval" / "listings.jsonl"
    truth = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
    listings = [to_listing({k: v for k, v in row.items() if k not in ("label", "operator", "tags")}, line=i)
                for i, row in enumerate(truth, 1)]
    spec = importlib.util.spec_from_file_location("shared_evaluate", shared_dir / "tools" / "evaluate.py")
    assert spec and spec.loader
    evaluate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(evaluate)
    operator_of = {f"{r['platform']}/{r['seller']['id']}": r["operator"] for r in truth if r.get("operator")}
    lookalikes = {f"{r['platform']}/{r['seller']['id']}" for r in truth if "lookalike" in (r.get("tags") or [])}

    linker = Linker()
    operators_after_first = None
    # the first pass is a scan of new data; the second a re-scan of the same file against the store
    for scan in range(2):
        preds = []
        for listing in listings:
            links = linker.link([listing], [])[0]
            preds.append({"platform": listing.platform, "listing_id": listing.listing_id,
                          "seller_id": listing.seller.id, "seller_links": [x.to_json() for x in links]})
        result = evaluate.linkage(truth, preds, operator_of)
        assert result["precision"] >= 0.97, (scan, result)
        assert result["recall"] >= 0.90, (scan, result)
        touching = [(me, other) for p in preds for x in p["seller_links"]
                    for me, other in [(f"{p['platform']}/{p['seller_id']}", f"{x['platform']}/{x['seller_id']}")]
                    if me in lookalikes or other in lookalikes]
        assert touching == [], scan
        if operators_after_first is None:
            operators_after_first = dict(linker.book.op_of)
    # the re-scan renumbered nothing
    assert all(linker.book.operator_of(s) == op for s, op in operators_after_first.items())
