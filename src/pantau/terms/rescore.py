"""Retroactive matching: re-score recent listings with a new policy version and count what changed.

Each listing's text is detected again with the new pack, then combined (pipeline.combine) with the
seller links and photo matches its latest result already holds, so photo and seller evidence is not
lost. A listing whose verdict changes gets a new scan result under the new policy version and its
denormalised verdict is updated; unchanged listings keep their results (the new term did not touch
them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pantau.domain import ImageMatch, Listing, Seller, SellerLink
from pantau.pipeline import PhotoOutcome, TextDetector, combine
from pantau.store.base import utcnow
from pantau.store.tables.listings import ListingRow, ScanResultRow, SellerRow
from pantau.terms.signals import chunks

RECENT_DAYS = 28
BATCH = 500
SHOWN_CHANGES = 50


@dataclass(frozen=True, slots=True)
class Change:
    key: str
    before: str
    after: str
    score: float


@dataclass(slots=True)
class RescoreReport:
    policy_version: str
    rescored: int = 0
    changed: int = 0
    transitions: Counter[str] = field(default_factory=Counter)  # "benign->violating": n
    changes: list[Change] = field(default_factory=list)  # the first SHOWN_CHANGES

    def to_json(self) -> dict[str, Any]:
        return {"policy_version": self.policy_version, "rescored": self.rescored, "changed": self.changed,
                "transitions": dict(self.transitions),
                "changes": [asdict(c) for c in self.changes]}


def _listing(row: ListingRow, seller: SellerRow) -> Listing:
    return Listing(
        platform=row.platform, listing_id=row.listing_id, title=row.title or "",
        seller=Seller(seller.seller_id, seller.name or "", seller.url, seller.location, seller.joined,
                      seller.description or ""),
        description=row.description or "", url=row.url, price=row.price, category=row.category,
        images=list(row.images or []), observed_at=row.observed_at, taken_down_at=row.taken_down_at,
    )


def _links(raw: Sequence[Any]) -> list[SellerLink]:
    out = []
    for s in raw or ():
        if isinstance(s, dict) and "platform" in s and "seller_id" in s:
            out.append(SellerLink(str(s["platform"]), str(s["seller_id"]), float(s.get("score", 0.0)),
                                  [str(e) for e in s.get("evidence", [])], bool(s.get("known_offender")),
                                  s.get("operator")))
    return out


def _photos(raw: Sequence[Any]) -> PhotoOutcome:
    matches = []
    for m in raw or ():
        if isinstance(m, dict) and "platform" in m and "listing_id" in m:
            matches.append(ImageMatch(str(m["platform"]), str(m["listing_id"]), int(m.get("distance", 0)),
                                      int(m.get("photo", 0)), taken_down=bool(m.get("taken_down"))))
    return PhotoOutcome(matches=matches)


def rescore_recent(session: Session, detector: TextDetector, *, days: int = RECENT_DAYS,
                   batch: int = BATCH) -> RescoreReport:
    """Re-detect listings seen in the last `days` days of the data (counted back from the newest
    sighting in the store, so an archive replays the same way) and apply verdict changes."""
    report = RescoreReport(detector.policy_version)
    newest = session.scalar(select(func.max(ListingRow.last_seen)))
    if newest is None:
        return report
    since = newest - timedelta(days=days)
    last_id = 0
    now = utcnow()
    while True:
        rows = session.execute(
            select(ListingRow, SellerRow).join(SellerRow, SellerRow.id == ListingRow.seller_pk)
            .where(ListingRow.last_seen >= since, ListingRow.id > last_id)
            .order_by(ListingRow.id).limit(batch)).all()
        if not rows:
            return report
        last_id = rows[-1][0].id
        previous = _latest_results(session, [r[0].id for r in rows])
        listings = [_listing(lr, sr) for lr, sr in rows]
        detections = detector.detect(listings)
        for (lr, _sr), li, det in zip(rows, listings, detections, strict=True):
            prev = previous.get(lr.id)
            links = _links(prev.seller_links) if prev else []
            photos = _photos(prev.image_matches) if prev else PhotoOutcome()
            d = combine(li, det, links, photos)
            report.rescored += 1
            before = lr.verdict or "benign"
            if d.verdict.value == before:
                continue
            report.changed += 1
            report.transitions[f"{before}->{d.verdict.value}"] += 1
            if len(report.changes) < SHOWN_CHANGES:
                report.changes.append(Change(li.key, before, d.verdict.value, round(d.score, 4)))
            session.add(ScanResultRow(
                listing_pk=lr.id, scan_run_id=None, content_hash=lr.content_hash, verdict=d.verdict.value,
                score=d.score, reasons=[asdict(r) for r in d.reasons],
                seller_links=list(prev.seller_links) if prev else [],
                image_matches=list(prev.image_matches) if prev else [],
                policy_version=d.policy_version or detector.policy_version,
                model_hash=d.model_hash or detector.model_hash, created_at=now))
            lr.verdict, lr.score = d.verdict.value, d.score
        session.flush()


def _latest_results(session: Session, listing_pks: list[int]) -> dict[int, ScanResultRow]:
    out: dict[int, ScanResultRow] = {}
    for part in chunks(listing_pks):
        latest = (select(func.max(ScanResultRow.id)).where(ScanResultRow.listing_pk.in_(part))
                  .group_by(ScanResultRow.listing_pk))
        for row in session.scalars(select(ScanResultRow).where(ScanResultRow.id.in_(latest))):
            out[row.listing_pk] = row
    return out
