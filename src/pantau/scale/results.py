"""What happens to the results parts of a distributed scan: the store, the JSONL, the hits.

Everything streams part by part, batch by batch, in input order (parts are numbered by shard),
so memory stays bounded by one Parquet batch however many listings were scanned.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, Any

import orjson
import pyarrow.parquet as pq

from pantau.scale.arrow import result_row_json, row_listing, row_to_result

HIT_VERDICTS = ("violating", "review")


def iter_rows(parts: Sequence[str], *, batch_rows: int = 2048,
              columns: list[str] | None = None) -> Iterator[list[dict[str, Any]]]:
    from pantau.scale.shards import _filesystem

    for part in parts:
        fs, path = _filesystem(part)
        with fs.open_input_file(path) as f:
            for batch in pq.ParquetFile(f).iter_batches(batch_size=batch_rows, columns=columns):
                yield batch.to_pylist()


def write_jsonl(parts: Sequence[str], out: IO[bytes], *, hits_only: bool = False,
                provenance: dict[str, Any] | None = None) -> int:
    """One result per input line, in order (the output format); with hits_only, only violating and
    review results, each with its evidence (what a platform sends back, not its catalogue).
    provenance (e.g. the signed pack's manifest hash) is added to every hit."""
    n = 0
    for rows in iter_rows(parts):
        lines = []
        for row in rows:
            if hits_only and (row["error"] is not None or row["verdict"] not in HIT_VERDICTS):
                continue
            obj = result_row_json(row)
            if hits_only:
                obj["url"] = orjson.loads(row["listing"]).get("url") if row["listing"] else None
                obj["evidence"] = [{"kind": r["kind"], "text": r["text"], "weight": r["weight"]}
                                   for r in row["reasons"]]
                if provenance:
                    obj["pack"] = provenance
            lines.append(orjson.dumps(obj))
        if lines:
            out.write(b"\n".join(lines) + b"\n")
            n += len(lines)
    return n


def load_into_store(parts: Sequence[str], db: Any, *, files: Sequence[str] = (), policy_version: str = "",
                    model_hash: str = "", batch_rows: int = 2000, only_hits: bool = False) -> int:
    """Bulk-load the results (and the listings and sellers they are about) into the store with the
    local engine's repository (`pantau.store.listings.save_batch`: multi-row upserts, one
    transaction per batch), so a Ray scan leaves the store exactly as a local scan would.
    only_hits: store only violating and review results (and their listings and sellers) — for a
    national crawl, where the row-by-row repository cannot take every benign listing (see
    docs/bench/scale.md); the parts keep every result. Returns the scan run id."""
    from pantau.store import listings as repo

    with db.session() as s:
        run_id = repo.start_run(s, list(files), policy_version, model_hash)
    scanned = violating = review = errors = 0
    status = "failed"
    try:
        for rows in iter_rows(parts, batch_rows=batch_rows):
            good = [r for r in rows if r["error"] is None]
            errors += len(rows) - len(good)
            if only_hits:
                good = [r for r in good if r["verdict"] in HIT_VERDICTS]
            if not good:
                continue
            listings = [row_listing(r) for r in good]
            results = [row_to_result(r) for r in good]
            with db.session() as s:
                repo.save_batch(s, listings, results, scan_run_id=run_id)
            scanned += len(good)
            violating += sum(r["verdict"] == "violating" for r in good)
            review += sum(r["verdict"] == "review" for r in good)
        status = "done"
    finally:
        with db.session() as s:
            repo.finish_run(s, run_id, scanned=scanned, violating=violating, review=review, errors=errors,
                            status=status)
    return run_id
