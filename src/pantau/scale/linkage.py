"""Seller linkage across shards: the driver-side pass after a distributed scan.

Each Ray worker runs the same SellerLinker as the local engine, against the store's index of
known sellers (offenders taken down in earlier runs) and the sellers of its own shard. What a
worker cannot see is a seller in *another shard of this input*: an account taken down in shard 7
and its re-created account in shard 912. This pass closes that gap without ever holding the
catalogue in memory:

1. read only the `identifiers`, `taken_down`, `platform`, `seller_id` columns of every part and
   keep the identifiers of taken-down sellers (offenders are a tiny share of a catalogue: tens of
   thousands of identifiers for a national crawl, not hundreds of millions);
2. stream the parts again (the identifiers column first; a part is read whole, and rewritten, only
   when it holds an offender's identifier); a listing whose seller shares an identifier (WhatsApp number, bank
   account, handle...) with an offender of another account *earlier in the input* (as the local
   engine, which streams, sees it) gets a known-offender SellerLink, and
   `pipeline.combine` (the one place that adjusts verdicts) raises its verdict. Only parts that
   changed are rewritten.

Links between sellers that are not offenders do not change a verdict; operator clustering over
the whole store is the sellers capability's offline job, not this pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq

from pantau.domain import SellerLink, Verdict
from pantau.pipeline import PhotoOutcome, combine
from pantau.scale.arrow import RESULT_SCHEMA, _result_row, row_listing, row_to_result

# How strongly one shared identifier of a kind ties two accounts to one operator.
KIND_SCORE = {"phone": 0.95, "bank": 0.95, "email": 0.9, "handle": 0.9, "link": 0.85}
DEFAULT_SCORE = 0.8
MAX_SELLERS_PER_IDENTIFIER = 50  # an identifier shared by more accounts is noise (a courier's number)


@dataclass(slots=True)
class LinkOutcome:
    raised: int = 0  # results that gained a cross-shard offender link
    violating_delta: int = 0
    review_delta: int = 0
    rewritten: int = 0  # parts rewritten


def _open(path: str) -> tuple[object, str]:
    from pantau.scale.shards import _filesystem

    return _filesystem(path)


Position = tuple[int, int]  # (part number, input line): input order across the whole run


def offender_index(parts: Sequence[str]) -> dict[str, dict[tuple[str, str], Position]]:
    """identifier -> taken-down sellers (platform, seller_id) carrying it, each with the input
    position of its first taken-down listing, over all parts."""
    index: dict[str, dict[tuple[str, str], Position]] = {}
    for n, part in enumerate(parts):
        fs, path = _open(part)
        table = pq.read_table(path, filesystem=fs, columns=["line", "platform", "seller_id", "taken_down",
                                                           "identifiers"], filters=[("taken_down", "=", True)])
        for row in table.to_pylist():
            seller = (row["platform"], row["seller_id"])
            for ident in row["identifiers"] or []:
                sellers = index.setdefault(ident, {})
                if len(sellers) <= MAX_SELLERS_PER_IDENTIFIER:
                    sellers.setdefault(seller, (n, row["line"]))
    return {k: v for k, v in index.items() if len(v) <= MAX_SELLERS_PER_IDENTIFIER}


def _links_for(row: dict, at: Position, index: dict[str, dict[tuple[str, str], Position]]) -> list[SellerLink]:
    # Like the local engine, which streams the input, link only to offenders seen *earlier* in the
    # input, so both engines give the same links (tests/scale compares them line by line).
    me = (row["platform"], row["seller_id"])
    have = {(s["platform"], s["seller_id"]) for s in row["seller_links"]}
    found: dict[tuple[str, str], list[str]] = {}
    for ident in row["identifiers"] or []:
        for other, pos in index.get(ident, {}).items():
            if other != me and other not in have and pos < at:
                found.setdefault(other, []).append(ident)
    links = []
    for (platform, seller_id), idents in sorted(found.items()):
        score = max(KIND_SCORE.get(i.split(":", 1)[0], DEFAULT_SCORE) for i in idents)
        if len(idents) > 1:  # two independent shared identifiers: near certain
            score = min(0.99, score + 0.04)
        links.append(SellerLink(platform, seller_id, score, [f"shares {i}" for i in idents[:3]],
                                known_offender=True))
    return links


def link_across_shards(parts: Sequence[str]) -> LinkOutcome:
    out = LinkOutcome()
    index = offender_index(parts)
    if not index:
        return out
    for n, part in enumerate(parts):
        fs, path = _open(part)
        # Most parts hold no offender's identifier: look at that one column before reading the rest.
        idents = pq.read_table(path, filesystem=fs, columns=["identifiers"]).column("identifiers").to_pylist()
        if not any(i in index for row_ids in idents if row_ids for i in row_ids):
            continue
        table = pq.read_table(path, filesystem=fs)
        rows = table.to_pylist()
        changed = False
        for i, row in enumerate(rows):
            if row["error"] is not None or not row["identifiers"]:
                continue
            links = _links_for(row, (n, row["line"]), index)
            if not links:
                continue
            result = row_to_result(row)
            listing = row_listing(row)
            before = result.detection.verdict
            result.detection = combine(listing, result.detection, links, PhotoOutcome())
            result.seller_links = [*result.seller_links, *links]
            after = result.detection.verdict
            new = _result_row(result, listing, row["identifiers"])
            new["source"], new["line"] = row["source"], row["line"]
            rows[i] = new
            changed = True
            out.raised += 1
            if before != after:
                out.violating_delta += (after is Verdict.VIOLATING) - (before is Verdict.VIOLATING)
                out.review_delta += (after is Verdict.REVIEW) - (before is Verdict.REVIEW)
        if changed:
            schema = RESULT_SCHEMA.with_metadata(table.schema.metadata)  # keeps the scan's time
            pq.write_table(pa.Table.from_pylist(rows, schema=schema), path, filesystem=fs,
                           compression="zstd")
            out.rewritten += 1
    return out
