"""`pantau scan --engine ray` end to end, for the CLI to call: scan, load the store, write results.

    from pantau.scale.command import run_ray
    summary = run_ray(files, output, address, db=db)   # db: pantau.store.db.Database or None
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pantau.scale.ray_engine import RaySummary, StoreScorer, run_ray_scan
from pantau.scale.results import LoadReport, bulk_load, iter_rows, write_jsonl


def _versions(parts: Sequence[str]) -> tuple[str, str]:
    for rows in iter_rows(parts, batch_rows=256, columns=["policy_version", "model_hash", "error"]):
        for r in rows:
            if r["error"] is None:
                return r["policy_version"] or "", r["model_hash"] or ""
    return "", ""


def _print_progress(report: LoadReport) -> None:
    print(f"store: {report.line()}", file=sys.stderr, flush=True)


def run_ray(files: Sequence[str | os.PathLike[str]], output: Path | None, address: str | None = None, *,
            db: Any = None, num_workers: int | None = None, parts_dir: str | None = None,
            hits_only: bool = False, store_only_hits: bool = False, progress: bool = True) -> RaySummary:
    """Scan on Ray (a cluster at `address`, or a local Ray), then bulk-load the store (when `db` is
    given) and write one result per input line to `output` ('-' or None: standard output).

    The results parts stay in `parts_dir` (default: OUTPUT.parts beside the output, or a temporary
    folder); they are the durable output of a large run and can be re-loaded with
    `pantau.scale.results.bulk_load`. progress: a line on standard error after every chunk loaded
    into the store, and the listings whose NUL characters PostgreSQL could not store.
    """
    out_path = output if output is not None and str(output) != "-" else None
    if parts_dir is None:
        parts_dir = str(out_path.with_name(out_path.name + ".parts")) if out_path else \
            tempfile.mkdtemp(prefix="pantau-ray-")
    factory = StoreScorer(db.url if db is not None else None)
    summary = run_ray_scan([os.fspath(f) for f in files], parts_dir, address, num_workers, factory)
    if db is not None:
        policy_version, model_hash = _versions(summary.parts)
        report = bulk_load(summary.parts, db, files=summary.files, policy_version=policy_version,
                           model_hash=model_hash, only_hits=store_only_hits,
                           on_progress=_print_progress if progress else None)
        summary.run_id = report.run_id
        if report.nul_replaced and progress:
            shown = ", ".join(report.nul_replaced[:5]) + (" ..." if len(report.nul_replaced) > 5 else "")
            print(f"store: {len(report.nul_replaced)} listings had NUL characters, which PostgreSQL cannot store; "
                  f"they are stored with U+FFFD in their place (the parts keep the original): {shown}",
                  file=sys.stderr)
    if out_path is not None:
        partial = out_path.with_name(out_path.name + ".partial")
        with partial.open("wb") as f:
            write_jsonl(summary.parts, f, hits_only=hits_only)
        partial.replace(out_path)
    else:
        write_jsonl(summary.parts, sys.stdout.buffer, hits_only=hits_only)
        sys.stdout.buffer.flush()
    return summary
