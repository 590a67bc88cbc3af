"""Load the linker's index and operator book from the store, and write back what a scan added.

`load_linker(session)` rebuilds the in-memory index (postings in one bulk freeze); `save_linker`
writes the sellers touched in this process, their new keys, operator events and new pair links.
Both work on SQLite and PostgreSQL through the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from pantau.domain import Listing, SellerLink
from pantau.pipeline import PhotoOutcome
from pantau.sellers.identifiers import STRONG_KINDS
from pantau.sellers.index import SellerRecord
from pantau.sellers.keyindex import key_hash
from pantau.sellers.linker import Linker
from pantau.sellers.operators import seq_of
from pantau.sellers.regions import place_of
from pantau.store.base import dialect_insert, utcnow
from pantau.store.db import Database
from pantau.store.tables.sellers import (
    OperatorEventRow,
    OperatorMemberRow,
    OperatorRow,
    SellerIdentifierRow,
    SellerLinkRow,
    SellerListingRow,
    SellerProfileRow,
)


class StoredLinker:
    """The pipeline's SellerLinker over a database: loads the index once; what each batch added is
    saved with the batch (BatchScorer.persist), in the same transaction."""

    def __init__(self, db: Database, **kwargs: float) -> None:
        self.db = db
        with db.session() as s:
            self.linker = load_linker(s, **kwargs)

    def link(self, listings: Sequence[Listing], photos: Sequence[PhotoOutcome]) -> list[list[SellerLink]]:
        return self.linker.link(listings, photos)

    def persist(self, session: Session) -> None:
        """Called by BatchScorer.persist in the transaction that stores the batch."""
        save_linker(session, self.linker)


def linker_for(db: Database | None) -> Linker | StoredLinker:
    """The SellerLinker for a scan: in memory without a database, else backed by the store."""
    return StoredLinker(db) if db is not None else Linker()


def load_linker(session: Session, **kwargs: float) -> Linker:
    linker = Linker(**kwargs)
    index, book = linker.index, linker.book
    for p in session.scalars(select(SellerProfileRow).order_by(SellerProfileRow.id)):
        index.add_record(SellerRecord(p.platform, p.seller_id, p.name, place_of(p.location), p.joined_day,
                                      p.first_seen_day, p.taken_down_day, p.log_price_sum, p.prices, p.listings))
        index.locations[index.ids[f"{p.platform}/{p.seller_id}"]] = p.location
    hashes: list[int] = []
    sids: list[int] = []
    rows = session.execute(select(SellerIdentifierRow.platform, SellerIdentifierRow.seller_id,
                                  SellerIdentifierRow.kind, SellerIdentifierRow.value, SellerIdentifierRow.source,
                                  SellerIdentifierRow.via))
    for platform, seller_id, kind, value, source, via in rows:
        sid = index.ids.get(f"{platform}/{seller_id}")
        if sid is None:
            continue
        key = f"{kind}:{value}"
        h = key_hash(key)
        hashes.append(h)
        sids.append(sid)
        if kind in STRONG_KINDS and source:
            index.sources.setdefault((h, sid), source)
        if via == "whatsapp":
            index.whatsapp.add(key)
    index.postings.add_bulk(np.array(hashes, dtype=np.int64), np.array(sids, dtype=np.int32))
    index.postings.freeze()
    for platform, listing_id, seller_id in session.execute(
            select(SellerListingRow.platform, SellerListingRow.listing_id, SellerListingRow.seller_id)):
        sid = index.ids.get(f"{platform}/{seller_id}")
        if sid is not None:
            index.listing_owner[f"{platform}/{listing_id}"] = sid
    for op in session.scalars(select(OperatorRow)):
        book.members.setdefault(op.id, [])
        if op.merged_into:
            book.merged_into[op.id] = op.merged_into
        book.next_seq = max(book.next_seq, op.seq + 1)
    for m in session.scalars(select(OperatorMemberRow).order_by(OperatorMemberRow.id)):
        key = f"{m.platform}/{m.seller_id}"
        book.op_of[key] = m.operator_id
        book.score_of[key] = m.score
        book.members.setdefault(m.operator_id, []).append(key)
    for link in session.scalars(select(SellerLinkRow)):
        linker.pairs[(link.seller, link.other)] = (link.score, list(link.evidence))
    return linker


def save_linker(session: Session, linker: Linker) -> None:
    """Write what changed since the last save, as a few bulk upserts (one per table), not row by row."""
    index = linker.index
    now = utcnow()
    profiles, identifiers = [], []
    for sid in sorted(index.dirty):
        rec = index.sellers[sid]
        profiles.append({
            "platform": rec.platform, "seller_id": rec.seller_id, "name": rec.name,
            "location": index.locations.get(sid, "") or "", "joined_day": rec.joined,
            "first_seen_day": rec.first_seen, "taken_down_day": rec.taken_down,
            "log_price_sum": rec.log_price_sum, "prices": rec.prices, "listings": rec.listings, "updated_at": now})
        for key, source in index.live_keys.get(sid, {}).items():
            kind, _, value = key.partition(":")
            if len(value) > 512:
                continue
            via = "whatsapp" if kind == "phone" and key in index.whatsapp else ""
            identifiers.append({"platform": rec.platform, "seller_id": rec.seller_id, "kind": kind, "value": value,
                                "source": source[:2000], "via": via})
    if profiles:
        stmt = dialect_insert(session, SellerProfileRow.__table__)
        ex = stmt.excluded
        session.execute(stmt.on_conflict_do_update(
            index_elements=["platform", "seller_id"],
            set_={c: getattr(ex, c) for c in ("name", "location", "joined_day", "first_seen_day", "taken_down_day",
                                               "log_price_sum", "prices", "listings", "updated_at")}), profiles)
    if identifiers:
        session.execute(dialect_insert(session, SellerIdentifierRow.__table__).on_conflict_do_nothing(
            index_elements=["platform", "seller_id", "kind", "value"]), identifiers)
    index.dirty = set()
    owned = []
    for listing_key in index.dirty_listings:
        platform, _, listing_id = listing_key.partition("/")
        owned.append({"platform": platform, "listing_id": listing_id,
                      "seller_id": index.sellers[index.listing_owner[listing_key]].seller_id})
    if owned:
        session.execute(dialect_insert(session, SellerListingRow.__table__).on_conflict_do_nothing(
            index_elements=["platform", "listing_id"]), owned)
    index.dirty_listings = []
    _save_events(session, linker)
    pairs = {}
    for me, other in linker.new_pairs:
        score, evidence = linker.pairs[(me, other)]
        pairs[(me, other)] = {"seller": me, "other": other, "score": score, "evidence": evidence, "created_at": now}
    if pairs:
        stmt = dialect_insert(session, SellerLinkRow.__table__)
        ex = stmt.excluded
        session.execute(stmt.on_conflict_do_update(index_elements=["seller", "other"],
                                                   set_={"score": ex.score, "evidence": ex.evidence}),
                        list(pairs.values()))
    linker.new_pairs = []
    session.flush()


def _save_events(session: Session, linker: Linker) -> None:
    for ev in linker.drain_events():
        if ev.kind == "created":
            session.add(OperatorRow(id=ev.operator_id, seq=seq_of(ev.operator_id)))
            session.flush()
        elif ev.kind == "joined":
            platform, _, seller_id = ev.seller.partition("/")
            member = session.scalar(select(OperatorMemberRow).where(
                OperatorMemberRow.platform == platform, OperatorMemberRow.seller_id == seller_id))
            if member is None:
                session.add(OperatorMemberRow(operator_id=ev.operator_id, platform=platform, seller_id=seller_id,
                                              score=ev.score, evidence=ev.evidence))
            else:
                member.operator_id = ev.operator_id
        elif ev.kind == "merged":
            gone = session.get(OperatorRow, ev.other)
            if gone is not None:
                gone.merged_into, gone.merged_at = ev.operator_id, utcnow()
            for member in session.scalars(select(OperatorMemberRow).where(OperatorMemberRow.operator_id == ev.other)):
                member.operator_id = ev.operator_id
        session.add(OperatorEventRow(operator_id=ev.operator_id, kind=ev.kind, seller=ev.seller, other=ev.other,
                                     score=ev.score, evidence=ev.evidence))
    session.flush()
