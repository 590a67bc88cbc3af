"""What happens to the results parts of a distributed scan: the store, the JSONL, the hits.

Everything streams part by part, batch by batch, in input order (parts are numbered by shard),
so memory stays bounded by one Parquet batch however many listings were scanned.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

import orjson
import pyarrow.parquet as pq

from pantau.scale.arrow import SCANNED_AT_KEY, result_row_json, row_links, row_listing, row_matches, row_to_result
from pantau.store.base import utcnow
from pantau.store.listings import raw_content_hash

log = logging.getLogger(__name__)

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


@dataclass(slots=True)
class LoadReport:
    """What a bulk load did; handed to `on_progress` after every chunk, and returned."""

    run_id: int | None = None
    backend: str = ""
    rows: int = 0  # result rows read from the parts
    loaded: int = 0  # listings results stored (all readable rows, or the hits with only_hits)
    violating: int = 0
    review: int = 0
    errors: int = 0  # rows that were unreadable input lines (not stored; they are in the parts)
    nul_replaced: list[str] = field(default_factory=list)  # "source:line platform/listing_id"
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process only (PostgreSQL's own work is not in it)

    @property
    def rate(self) -> float:
        return self.loaded / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (f"loaded {self.loaded:,} of {self.rows:,} rows into {self.backend} in {self.seconds:.1f} s "
                f"({self.rate:,.0f}/s), errors {self.errors}, NUL replaced in {len(self.nul_replaced)}")


def part_scanned_at(part: str) -> datetime | None:
    """The time the scan that wrote `part` started (Parquet metadata `pantau.scanned_at`), if given."""
    from pantau.scale.shards import _filesystem

    fs, path = _filesystem(part)
    with fs.open_input_file(path) as f:
        meta = pq.ParquetFile(f).schema_arrow.metadata or {}
    raw = meta.get(SCANNED_AT_KEY)
    return datetime.fromisoformat(raw.decode()) if raw else None


def _loads(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # NaN in a listing's extra fields, integers beyond 64 bits
        return json.loads(text)


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def stage_row(seq: int, row: dict[str, Any], now: datetime) -> tuple[Any, ...]:
    """A RESULT_SCHEMA row as a staging row of pantau.store.bulk (STAGE_COLUMNS order), with the
    values save_batch would store for the same listing and result (the equality tests hold this)."""
    raw = _loads(row["listing"])
    seller = raw["seller"]
    observed, taken = _time(raw.get("observed_at")), _time(raw.get("taken_down_at"))
    reasons = [{"kind": x["kind"], "text": x["text"], "weight": x["weight"],
                "detail": _loads(x["detail"]) if x["detail"] else {}} for x in row["reasons"]]
    links = [s.to_json() for s in row_links(row)]
    matches = [m.to_json() for m in row_matches(row)]
    return (
        seq, raw["platform"], raw["listing_id"],
        seller["id"], seller.get("name", ""), seller.get("url"), seller.get("location"), seller.get("joined"),
        seller.get("description", ""),
        raw.get("url"), raw["title"], raw.get("description", ""), raw.get("price"), raw.get("category"),
        raw.get("images", []), raw_content_hash(raw),
        observed or now, observed, taken,
        raw, f"{row['source']}:{row['line']}" if row["source"] else "",
        row["verdict"], row["score"], reasons, links, matches, row["policy_version"], row["model_hash"],
    )


def load_into_store(parts: Sequence[str], db: Any, *, files: Sequence[str] = (), policy_version: str = "",
                    model_hash: str = "", batch_rows: int | None = None, only_hits: bool = False,
                    on_progress: Callable[[LoadReport], None] | None = None) -> int:
    """`bulk_load`, returning the scan run id."""
    return bulk_load(parts, db, files=files, policy_version=policy_version, model_hash=model_hash,
                     batch_rows=batch_rows, only_hits=only_hits, on_progress=on_progress).run_id or 0


def bulk_load(parts: Sequence[str], db: Any, *, files: Sequence[str] = (), policy_version: str = "",
              model_hash: str = "", batch_rows: int | None = None, only_hits: bool = False,
              on_progress: Callable[[LoadReport], None] | None = None, copy: bool | None = None) -> LoadReport:
    """Load the results of a distributed scan (and the listings and sellers they are about) into
    the store, leaving it as a local scan of the same input would (pantau.store.listings' rules).

    PostgreSQL: chunks of `batch_rows` (default 50,000) are COPYed into a staging table and applied
    with one set-based upsert per table (pantau.store.bulk). SQLite: the local engine's
    `save_batch` in transactions of `batch_rows` (default 20,000). Each chunk is one transaction;
    loading the same parts again changes nothing. Rows whose NULs PostgreSQL could not store are
    listed in the report's `nul_replaced` and logged.
    only_hits: store only violating and review results (the parts keep every result).
    copy: False loads PostgreSQL with save_batch too (the baseline the benchmark compares with).
    The time of a sighting without observed_at is the scan's (`pantau.scanned_at` of the parts),
    else the time of the load."""
    from pantau.store import listings as repo

    t0, cpu0 = time.perf_counter(), time.process_time()
    pg = db.engine.dialect.name == "postgresql" and copy is not False
    chunk_rows = batch_rows or (50_000 if pg else 20_000)
    report = LoadReport(backend=db.engine.dialect.name)
    with db.session() as s:
        report.run_id = repo.start_run(s, list(files), policy_version, model_hash)
    now = utcnow()
    chunk: list[dict[str, Any]] = []
    chunk_now = now

    def flush() -> None:
        if not chunk:
            return
        with db.session() as s:
            if pg:
                from pantau.store.bulk import copy_upsert

                staged = [stage_row(report.loaded + i, r, chunk_now) for i, r in enumerate(chunk)]
                for i in copy_upsert(s, staged, scan_run_id=report.run_id, now=chunk_now):
                    r = chunk[i]
                    listing_id = r["listing_id"].replace("\x00", "\\0")  # printable, as it was given
                    where = f"{r['source']}:{r['line']} {r['platform']}/{listing_id}"
                    report.nul_replaced.append(where)
                    log.warning("PostgreSQL cannot store NUL characters: %s stored with U+FFFD in their place", where)
            else:
                repo.save_batch(s, [row_listing(r) for r in chunk], [row_to_result(r) for r in chunk],
                                scan_run_id=report.run_id, now=chunk_now)
        report.loaded += len(chunk)
        report.violating += sum(r["verdict"] == "violating" for r in chunk)
        report.review += sum(r["verdict"] == "review" for r in chunk)
        chunk.clear()
        report.seconds, report.cpu_seconds = time.perf_counter() - t0, time.process_time() - cpu0
        log.info("store load: %s", report.line())
        if on_progress:
            on_progress(report)

    status = "failed"
    try:
        for part in parts:
            part_now = part_scanned_at(part) or now
            if part_now != chunk_now:  # rows of one chunk share the time of their scan
                flush()
                chunk_now = part_now
            for rows in iter_rows([part], batch_rows=4096):
                report.rows += len(rows)
                for r in rows:
                    if r["error"] is not None:
                        report.errors += 1
                    elif not only_hits or r["verdict"] in HIT_VERDICTS:
                        chunk.append(r)
                if len(chunk) >= chunk_rows:
                    flush()
        flush()
        status = "done"
    finally:
        with db.session() as s:
            repo.finish_run(s, report.run_id, scanned=report.loaded, violating=report.violating,
                            review=report.review, errors=report.errors, status=status)
        report.seconds, report.cpu_seconds = time.perf_counter() - t0, time.process_time() - cpu0
    return report
