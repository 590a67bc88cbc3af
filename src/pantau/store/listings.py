"""Repository for listings, sellers, observations and scan results.

`save_batch` applies one scored batch in the caller's transaction: a batch is stored whole or not
at all, so an interrupted scan leaves the store consistent and re-scanning the same file neither
loses nor duplicates anything (upserts on natural keys, sightings unique by time and content).

The rules do not depend on where batches are cut, so the local engine (batches of 512), the bulk
loader of the Ray results (pantau.store.bulk: tens of thousands of rows per statement) and any
other batching leave the same store. For a key seen several times, in input order:
- text fields, seller, verdict and score: the last sighting's;
- first_seen / last_seen: the earliest / latest sighting (observed_at, else the time of the scan);
- observed_at: the latest given; taken_down_at: the first given, and once stored it stays;
- one scan result per content hash (and detector version): the last sighting of that content's;
- one observation per (time, content): the first sighting's raw record and source.
A result row is rewritten only when the result changed, so re-loading the same results changes
nothing (the run that first produced a result stays its scan_run_id).

PostgreSQL cannot hold NUL (U+0000) in text or jsonb: on PostgreSQL a NUL in a seller's text is
stored as U+FFFD (the content hash is still of the original text) and a warning names the listing;
SQLite stores it as given (see pantau.store.bulk.strip_nul).

Statements run as executemany (one parameter set per row): SQLAlchemy caches the compiled statement
and batches the rows itself ("insertmanyvalues"). A multi-row VALUES clause would be compiled again
for every batch, which cost two thirds of the store's time.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import case, or_, select, tuple_
from sqlalchemy.orm import Session

from pantau.domain import Listing, ScanResult
from pantau.ingest.records import listing_to_raw
from pantau.store.base import dialect_insert, utcnow
from pantau.store.tables.listings import ListingRow, ObservationRow, ScanResultRow, ScanRunRow, SellerRow

log = logging.getLogger(__name__)


def raw_content_hash(raw: dict[str, Any]) -> str:
    """sha256 of what the seller wrote and showed (not when we saw it, nor enforcement state), of a
    listing given as its interchange dict (`listing_to_raw`'s output)."""
    content = {k: v for k, v in raw.items() if k not in ("observed_at", "taken_down_at")}
    data = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _later(column: Any, new: Any) -> Any:
    return case((new > column, new), else_=column)


def _earlier(column: Any, new: Any) -> Any:
    return case((new < column, new), else_=column)


def _upsert_sellers(session: Session, listings: Sequence[Listing], now: datetime) -> dict[tuple[str, str], int]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for li in listings:
        s = li.seller
        seen = li.observed_at or now
        prev = rows.get((li.platform, s.id))
        # the first takedown given stays, as it does across batches (see the module's rules)
        taken = prev["taken_down_at"] if prev and prev["taken_down_at"] is not None else li.taken_down_at
        rows[(li.platform, s.id)] = {
            "platform": li.platform, "seller_id": s.id, "name": s.name, "url": s.url,
            "location": s.location, "joined": s.joined, "description": s.description,
            "first_seen": min(seen, prev["first_seen"]) if prev else seen,
            "last_seen": max(seen, prev["last_seen"]) if prev else seen,
            "taken_down_at": taken,
        }
    t = SellerRow.__table__
    stmt = dialect_insert(session, t)
    ex = stmt.excluded
    stmt = stmt.on_conflict_do_update(
        index_elements=["platform", "seller_id"],
        set_={
            "name": ex.name, "url": ex.url, "location": ex.location, "joined": ex.joined,
            "description": ex.description,
            "last_seen": _later(t.c.last_seen, ex.last_seen),
            "first_seen": _earlier(t.c.first_seen, ex.first_seen),
            "taken_down_at": case((t.c.taken_down_at.is_(None), ex.taken_down_at), else_=t.c.taken_down_at),
        },
    ).returning(t.c.id, t.c.platform, t.c.seller_id)
    values = _pg_safe(session, list(rows.values()), "seller")
    return {(r.platform, r.seller_id): r.id for r in session.execute(stmt, values)}


def _pg_safe(session: Session, rows: list[dict[str, Any]], what: str) -> list[dict[str, Any]]:
    """On PostgreSQL, NUL characters replaced (it cannot store them), with a warning naming the row."""
    if session.get_bind().dialect.name != "postgresql":
        return rows
    from pantau.store.bulk import strip_nul

    out = []
    for row in rows:
        clean, changed = strip_nul(row)
        if changed:
            name = "/".join(str(row.get(k)) for k in ("platform", "listing_id", "seller_id", "listing_pk")
                            if row.get(k) is not None)
            log.warning("PostgreSQL cannot store NUL characters: %s %s stored with U+FFFD in their place",
                        what, name)
        out.append(clean)
    return out


def _previous_hashes(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    lt = ListingRow.__table__
    out: dict[tuple[str, str], str] = {}
    for i in range(0, len(keys), 2_000):  # SQLite allows ~32k bound parameters per statement
        chunk = keys[i:i + 2_000]
        out.update({(r.platform, r.listing_id): r.content_hash
                    for r in session.execute(select(lt.c.platform, lt.c.listing_id, lt.c.content_hash)
                                             .where(tuple_(lt.c.platform, lt.c.listing_id).in_(chunk)))})
    return out


def save_batch(session: Session, listings: Sequence[Listing], results: Sequence[ScanResult],
               *, scan_run_id: int | None = None, now: datetime | None = None) -> None:
    """Store a scored batch: sellers, listings, new sightings and one result per listing content."""
    if not listings:
        return
    now = now or utcnow()
    # keys as stored: on PostgreSQL an id's NUL is stored as U+FFFD (see _pg_safe), and looked up so
    pg = session.get_bind().dialect.name == "postgresql"

    def stored(value: str) -> str:
        return value.replace("\x00", "\ufffd") if pg else value

    seller_pk = _upsert_sellers(session, listings, now)
    raws = [listing_to_raw(li) for li in listings]  # once: the content hash and the sighting need it
    hashes = [raw_content_hash(raw) for raw in raws]

    # per key: the last occurrence's fields, the span of its sightings (see the module's rules)
    latest: dict[tuple[str, str], int] = {}
    span: dict[tuple[str, str], list[Any]] = {}  # first_seen, last_seen, observed_at, taken_down_at
    for i, li in enumerate(listings):
        key = (li.platform, stored(li.listing_id))
        latest[key] = i
        seen = li.observed_at or now
        sp = span.get(key)
        if sp is None:
            span[key] = [seen, seen, li.observed_at, li.taken_down_at]
            continue
        sp[0], sp[1] = min(sp[0], seen), max(sp[1], seen)
        if li.observed_at is not None and (sp[2] is None or li.observed_at > sp[2]):
            sp[2] = li.observed_at
        if sp[3] is None:
            sp[3] = li.taken_down_at
    keys = list(latest)
    lt = ListingRow.__table__
    previous = _previous_hashes(session, keys)
    rows = []
    for key, i in latest.items():
        li, res = listings[i], results[i]
        first, last, observed, taken = span[key]
        rows.append({
            "platform": li.platform, "listing_id": li.listing_id,
            "seller_pk": seller_pk[(li.platform, stored(li.seller.id))],
            "url": li.url, "title": li.title, "description": li.description, "price": li.price,
            "category": li.category, "images": li.images, "content_hash": hashes[i],
            "first_seen": first, "last_seen": last, "observed_at": observed,
            "taken_down_at": taken,
            "verdict": res.detection.verdict.value, "score": res.detection.score,
        })
    stmt = dialect_insert(session, lt)
    ex = stmt.excluded
    stmt = stmt.on_conflict_do_update(
        index_elements=["platform", "listing_id"],
        set_={
            "seller_pk": ex.seller_pk, "url": ex.url, "title": ex.title, "description": ex.description,
            "price": ex.price, "category": ex.category, "images": ex.images, "content_hash": ex.content_hash,
            "first_seen": _earlier(lt.c.first_seen, ex.first_seen),
            "last_seen": _later(lt.c.last_seen, ex.last_seen),
            "observed_at": case((lt.c.observed_at.is_(None), ex.observed_at),
                                else_=_later(lt.c.observed_at, ex.observed_at)),
            "taken_down_at": case((lt.c.taken_down_at.is_(None), ex.taken_down_at), else_=lt.c.taken_down_at),
            "verdict": ex.verdict, "score": ex.score,
        },
    ).returning(lt.c.id, lt.c.platform, lt.c.listing_id)
    listing_pk = {(r.platform, r.listing_id): r.id for r in session.execute(stmt, _pg_safe(session, rows, "listing"))}

    # Every sighting in the batch (not only the last of a key) goes into the history, once: the
    # first sighting of a (time, content) keeps its raw record and source, as across batches.
    sightings: dict[tuple[int, datetime, str], dict[str, Any]] = {}
    # one result per content: the last sighting of each content hash
    last_of_content: dict[tuple[tuple[str, str], str, str, str], int] = {}
    for i, li in enumerate(listings):
        key = (li.platform, stored(li.listing_id))
        d = results[i].detection
        last_of_content[(key, hashes[i], d.policy_version, d.model_hash)] = i
        # A sighting without a time whose content did not change adds nothing new to the history.
        if li.observed_at is not None or previous.get(key) != hashes[i]:
            pk, seen = listing_pk[key], li.observed_at or now
            if (pk, seen, hashes[i]) not in sightings:
                sightings[(pk, seen, hashes[i])] = {
                    "listing_pk": pk, "seen_at": seen, "content_hash": hashes[i], "raw": raws[i],
                    "source": f"{li.source}:{li.line}" if li.source else ""}
        previous[key] = hashes[i]
    results_rows = []
    for (key, _h, _pv, _mh), i in last_of_content.items():
        pk, res = listing_pk[key], results[i]
        d = res.detection
        results_rows.append({
            "listing_pk": pk, "scan_run_id": scan_run_id, "content_hash": hashes[i],
            "verdict": d.verdict.value, "score": d.score,
            "reasons": [asdict(r) for r in d.reasons],
            "seller_links": [s.to_json() for s in res.seller_links],
            "image_matches": [m.to_json() for m in res.image_matches],
            "policy_version": d.policy_version, "model_hash": d.model_hash, "created_at": now,
        })
    if sightings:
        session.execute(dialect_insert(session, ObservationRow.__table__)
                        .on_conflict_do_nothing(index_elements=["listing_pk", "seen_at", "content_hash"]),
                        _pg_safe(session, list(sightings.values()), "observation of listing"))
    st = ScanResultRow.__table__
    stmt = dialect_insert(session, st)
    ex = stmt.excluded
    session.execute(stmt.on_conflict_do_update(
        index_elements=["listing_pk", "content_hash", "policy_version", "model_hash"],
        set_={"scan_run_id": ex.scan_run_id, "verdict": ex.verdict, "score": ex.score, "reasons": ex.reasons,
              "seller_links": ex.seller_links, "image_matches": ex.image_matches, "created_at": ex.created_at},
        # the same result again changes nothing (idempotent re-scans and re-loads)
        where=or_(st.c.verdict != ex.verdict, st.c.score != ex.score, st.c.reasons != ex.reasons,
                  st.c.seller_links != ex.seller_links, st.c.image_matches != ex.image_matches),
    ), _pg_safe(session, results_rows, "result of listing"))


def start_run(session: Session, files: Sequence[str], policy_version: str, model_hash: str) -> int:
    run = ScanRunRow(files=list(files), policy_version=policy_version, model_hash=model_hash, status="running")
    session.add(run)
    session.flush()
    return run.id


def finish_run(session: Session, run_id: int, *, scanned: int, violating: int, review: int, errors: int,
               status: str) -> None:
    run = session.get(ScanRunRow, run_id)
    if run is None:
        return
    run.scanned, run.violating, run.review, run.errors = scanned, violating, review, errors
    run.status, run.finished_at = status, utcnow()


def listing_history(session: Session, platform: str, listing_id: str) -> list[ObservationRow]:
    lt = ListingRow
    pk = session.scalar(select(lt.id).where(lt.platform == platform, lt.listing_id == listing_id))
    if pk is None:
        return []
    return list(session.scalars(select(ObservationRow).where(ObservationRow.listing_pk == pk)
                                .order_by(ObservationRow.seen_at)))


def counts(session: Session) -> dict[str, int]:
    from sqlalchemy import func

    return {
        "listings": session.scalar(select(func.count()).select_from(ListingRow)) or 0,
        "sellers": session.scalar(select(func.count()).select_from(SellerRow)) or 0,
        "observations": session.scalar(select(func.count()).select_from(ObservationRow)) or 0,
        "scan_results": session.scalar(select(func.count()).select_from(ScanResultRow)) or 0,
    }
