"""Arrow record batches <-> domain objects, so every engine scores the same `Listing` objects.

The local engine, the Ray engine and the platform-side scan all turn their input into `Listing`
objects here and hand them to the one `BatchScorer.score`; results come back as `ScanResult`
objects and are written with `RESULT_SCHEMA`. Nothing else converts, so engines cannot drift.

Column names follow shared/spec/listing-format.md with the seller flattened (`seller_id`,
`seller_name`...), as the contract asks of Parquet and CSV; fields outside the format are their own
columns (the readers keep unknown columns as the listing's `extra`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

import orjson
import pyarrow as pa

from pantau.domain import Detection, ImageMatch, Listing, Reason, ScanResult, SellerLink, Verdict
from pantau.ingest.readers import flat_to_nested
from pantau.ingest.records import KNOWN, RecordError, listing_to_raw, to_listing

SELLER_FIELDS = ("id", "name", "url", "location", "joined", "description")
LISTING_SCHEMA = pa.schema([
    ("platform", pa.string()), ("listing_id", pa.string()), ("url", pa.string()), ("title", pa.string()),
    ("description", pa.string()), ("price", pa.float64()), ("category", pa.string()),
    *[(f"seller_{f}", pa.string()) for f in SELLER_FIELDS],
    ("images", pa.list_(pa.string())), ("observed_at", pa.string()), ("taken_down_at", pa.string()),
    ("label", pa.string()), ("tags", pa.list_(pa.string())),
])

REASON = pa.struct([("kind", pa.string()), ("text", pa.string()), ("weight", pa.float64()),
                    ("detail", pa.string())])
LINK = pa.struct([("platform", pa.string()), ("seller_id", pa.string()), ("score", pa.float64()),
                  ("evidence", pa.list_(pa.string())), ("known_offender", pa.bool_()),
                  ("operator_id", pa.string())])
MATCH = pa.struct([("platform", pa.string()), ("listing_id", pa.string()), ("distance", pa.int32()),
                   ("photo", pa.int32()), ("other_photo", pa.int32()), ("taken_down", pa.bool_())])
# Parquet metadata of a results part: when the scan started (ISO 8601, UTC), the time the store
# gives a sighting without observed_at, as the local engine gives it the time of its batch.
SCANNED_AT_KEY = b"pantau.scanned_at"
RESULT_SCHEMA = pa.schema([
    ("source", pa.string()), ("line", pa.int64()), ("platform", pa.string()), ("listing_id", pa.string()),
    ("seller_id", pa.string()), ("score", pa.float64()), ("verdict", pa.string()),
    ("reasons", pa.list_(REASON)), ("seller_links", pa.list_(LINK)), ("image_matches", pa.list_(MATCH)),
    ("warnings", pa.list_(pa.string())), ("policy_version", pa.string()), ("model_hash", pa.string()),
    ("clothing", pa.bool_()),
    # what the driver-side seller pass needs without re-reading the input (see scale/linkage.py)
    ("taken_down", pa.bool_()), ("identifiers", pa.list_(pa.string())),
    ("error", pa.string()),  # set (and the rest empty) when the input row could not be read
    # the listing itself (interchange JSON), so the store can be bulk-loaded from results alone
    ("listing", pa.string()),
])


def listing_from_row(row: dict[str, Any], *, source: str = "", line: int = 0, base_dir: str = "") -> Listing:
    """One flat row (Parquet/Arrow) or nested dict to a Listing, validated exactly as the local
    Parquet reader does (pantau.ingest.records.to_listing); raises RecordError naming the field."""
    raw = flat_to_nested({k: v for k, v in row.items() if v is not None})
    return to_listing(raw, source=source, line=line, base_dir=base_dir)


def listing_schema(extra_columns: Sequence[str] = ()) -> pa.Schema:
    """LISTING_SCHEMA plus string columns for fields outside the format (e.g. `operator`)."""
    return pa.schema([*LISTING_SCHEMA, *[(c, pa.string()) for c in extra_columns]])


def listing_dicts_to_batch(rows: Sequence[dict[str, Any]], extra_columns: Sequence[str] = ()) -> pa.RecordBatch:
    """Listing-format dicts (nested seller) to a batch of `listing_schema(extra_columns)`, for writers.
    A field outside the format and not in extra_columns is an error, never silently dropped."""
    schema = listing_schema(extra_columns)
    cols: dict[str, list[Any]] = {f.name: [] for f in schema}
    allowed = KNOWN | set(extra_columns)
    for d in rows:
        unknown = set(d) - allowed
        if unknown:
            raise ValueError(f"field {sorted(unknown)[0]!r} is not in the listing format; "
                             "pass it in extra_columns to keep it as a column")
        seller = d.get("seller") or {}
        for name in (*KNOWN - {"seller"}, *extra_columns):
            cols[name].append(d.get(name))
        for f in SELLER_FIELDS:
            cols[f"seller_{f}"].append(seller.get(f))
    return pa.RecordBatch.from_pydict(cols, schema=schema)


def batch_to_listings(batch: pa.RecordBatch | pa.Table, *, source: str = "", first_line: int = 1,
                      base_dir: str = "") -> tuple[list[Listing], list[tuple[int, str]]]:
    """Rows of a batch to Listings; rows that are not listings come back as (line, message), worded
    as the local Parquet reader words them."""
    listings: list[Listing] = []
    errors: list[tuple[int, str]] = []
    for i, row in enumerate(batch.to_pylist()):
        line = int(row.pop("line", None) or first_line + i)
        src = row.pop("source", None) or source
        try:
            listings.append(listing_from_row(row, source=src, line=line, base_dir=base_dir))
        except RecordError as e:
            errors.append((line, f"row {line}: {e}"))
    return listings, errors


# ---- results ----------------------------------------------------------------------------------
_ORJSON_OPTS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS


def _finite(value: Any) -> bool:
    """False when a float NaN/infinity hides in `value` (orjson would write null, json NaN)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(_finite(v) for v in value)
    return True


def dumps(value: Any, *, sort_keys: bool = False, finite: bool | None = None) -> str:
    """`json.dumps(value, ensure_ascii=False, default=str, sort_keys=...)` read back as the same
    value, at orjson's speed (the result JSON is a third of a shard's time with the stdlib).
    Anything orjson would write differently (non-finite floats, integers beyond 64 bits, keys that
    are not strings, lone surrogates) goes to the stdlib, so the parts never depend on which wrote them.
    finite: the caller already knows whether a non-finite float can be in `value`."""
    if finite if finite is not None else _finite(value):
        try:
            return orjson.dumps(value, default=str,
                                option=_ORJSON_OPTS | (orjson.OPT_SORT_KEYS if sort_keys else 0)).decode()
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            pass
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=sort_keys)


def _result_row(r: ScanResult, listing: Listing | None, identifiers: list[str]) -> dict[str, Any]:
    d = r.detection
    return {
        "source": listing.source if listing else "", "line": listing.line if listing else 0,
        "platform": r.platform, "listing_id": r.listing_id, "seller_id": r.seller_id,
        "score": float(d.score), "verdict": d.verdict.value,
        "reasons": [{"kind": x.kind, "text": x.text, "weight": float(x.weight),
                     "detail": dumps(x.detail, sort_keys=True) if x.detail else None} for x in d.reasons],
        "seller_links": [{"platform": s.platform, "seller_id": s.seller_id, "score": float(s.score),
                          "evidence": list(s.evidence), "known_offender": s.known_offender,
                          "operator_id": s.operator_id} for s in r.seller_links],
        "image_matches": [{"platform": m.platform, "listing_id": m.listing_id, "distance": m.distance,
                           "photo": m.photo, "other_photo": m.other_photo, "taken_down": m.taken_down}
                          for m in r.image_matches],
        "warnings": list(r.errors), "policy_version": d.policy_version, "model_hash": d.model_hash,
        "clothing": d.clothing,
        "taken_down": bool(listing and listing.is_taken_down), "identifiers": identifiers, "error": None,
        # of a listing's fields only price (checked finite by to_listing) and extra ones hold floats
        "listing": dumps(listing_to_raw(listing), finite=_finite(listing.extra)) if listing else None,
    }


def results_to_batch(results: Sequence[ScanResult], listings: Sequence[Listing] | None = None,
                     identifiers: Sequence[list[str]] | None = None,
                     errors: Iterable[tuple[int, str]] = (), *, source: str = "") -> pa.RecordBatch:
    """ScanResults (with the listings they are about, for line numbers) and unreadable rows, as one
    batch of RESULT_SCHEMA, in input line order."""
    rows = [_result_row(r, listings[i] if listings else None, list(identifiers[i]) if identifiers else [])
            for i, r in enumerate(results)]
    errors = list(errors)
    for line, message in errors:
        rows.append({"source": source, "line": line, "error": message, "reasons": [], "seller_links": [],
                     "image_matches": [], "warnings": [], "identifiers": [], "taken_down": False})
    if errors:  # listings come in line order; unreadable rows go between them
        rows.sort(key=lambda x: x["line"])
    return pa.RecordBatch.from_pylist(rows, schema=RESULT_SCHEMA)


def row_links(row: dict[str, Any]) -> list[SellerLink]:
    """The seller links a result row carries."""
    return [SellerLink(s["platform"], s["seller_id"], s["score"], list(s["evidence"]), bool(s["known_offender"]),
                       s["operator_id"]) for s in row["seller_links"]]


def row_matches(row: dict[str, Any]) -> list[ImageMatch]:
    """The photo matches a result row carries."""
    return [ImageMatch(m["platform"], m["listing_id"], m["distance"], m["photo"], m["other_photo"],
                       bool(m["taken_down"])) for m in row["image_matches"]]


def row_to_result(row: dict[str, Any]) -> ScanResult:
    det = Detection(
        Verdict(row["verdict"]), row["score"],
        [Reason(x["kind"], x["text"], x["weight"], json.loads(x["detail"]) if x["detail"] else {})
         for x in row["reasons"]],
        row["policy_version"], row["model_hash"], row.get("clothing"))
    return ScanResult(
        row["platform"], row["listing_id"], row["seller_id"], det,
        seller_links=row_links(row), image_matches=row_matches(row),
        errors=list(row["warnings"]))


def batch_to_results(batch: pa.RecordBatch | pa.Table) -> list[ScanResult | tuple[int, str]]:
    """The inverse of results_to_batch: a ScanResult per readable row, (line, error) otherwise."""
    return [(r["line"], r["error"]) if r["error"] is not None else row_to_result(r) for r in batch.to_pylist()]


def row_listing(row: dict[str, Any]) -> Listing:
    """The listing a result row carries (see the `listing` column)."""
    return to_listing(json.loads(row["listing"]), source=row["source"] or "", line=row["line"] or 0)


def result_row_json(row: dict[str, Any]) -> dict[str, Any]:
    """A RESULT_SCHEMA row as the output format's JSON object (listing-format.md, Output)."""
    if row.get("error") is not None:  # as pantau.ingest.records.ReadError.to_json words it
        return {"line": row["line"], "error": row["error"], "file": row["source"]}
    return row_to_result(row).to_json()
