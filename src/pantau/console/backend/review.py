"""The review queue and analyst decisions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Text, cast, func, select, tuple_
from sqlalchemy.orm import Session

from pantau.console.backend.common import latest_results, optional, utc
from pantau.console.backend.notices import notice_status_for
from pantau.console.highlight import matched_terms
from pantau.console.records import QueueItem
from pantau.errors import PantauError
from pantau.store import audit
from pantau.store.tables.listings import ListingRow, ScanResultRow, SellerRow

QUEUE_SCAN = 2000  # candidate listings read per queue page before ranking and term filtering


@dataclass(slots=True)
class QueueFilter:
    platform: str = ""
    verdict: str = ""  # "" = violating and review
    term: str = ""
    city: str = ""
    date_from: datetime | None = None
    date_to: datetime | None = None
    status: str = "pending"  # pending | decided | all

def _item(listing: ListingRow, seller: SellerRow, result: ScanResultRow | None) -> QueueItem:
    return QueueItem(
        pk=listing.id, platform=listing.platform, listing_id=listing.listing_id, title=listing.title,
        description=listing.description, url=listing.url, price=listing.price, city=seller.location,
        shop_name=seller.name, shop_description=seller.description, seller_id=seller.seller_id,
        verdict=result.verdict if result else listing.verdict,
        score=float(result.score if result else (listing.score or 0.0)),
        first_seen=utc(listing.first_seen), last_seen=utc(listing.last_seen),
        taken_down=listing.taken_down_at is not None, images=list(listing.images or []),
        reasons=list(result.reasons or []) if result else [],
        seller_links=list(result.seller_links or []) if result else [],
        image_matches=list(result.image_matches or []) if result else [],
        policy_version=result.policy_version if result else "", model_hash=result.model_hash if result else "",
    )


def rank(item: QueueItem) -> float:
    """Score first, lifted by links to known offenders and photos of taken-down listings: a
    re-created account of a seller already taken down is the case the policy cares most about."""
    return item.score + 0.3 * min(item.offender_links, 1) + 0.3 * min(item.photo_hits, 1)


def queue(session: Session, f: QueueFilter, *, limit: int = 50, offset: int = 0) -> tuple[list[QueueItem], int]:
    """One page of the ranked queue and how many listings match the filters in all (of the first
    QUEUE_SCAN candidates by score: the queue is for working through, not for counting).

    Ranked on light columns first (score, and whether the latest result links a known offender or a
    taken-down photo, tested on the JSON's text in SQL); only the page's listings are loaded whole."""
    latest = (select(func.max(ScanResultRow.id)).where(ScanResultRow.listing_pk == ListingRow.id)
              .correlate(ListingRow).scalar_subquery())
    offender = cast(ScanResultRow.seller_links, Text).contains('"known_offender"')
    photo = cast(ScanResultRow.image_matches, Text).contains('"taken_down"')
    q = (select(ListingRow.id, ListingRow.platform, ListingRow.listing_id, ListingRow.score, offender, photo)
         .join(SellerRow, SellerRow.id == ListingRow.seller_pk)
         .outerjoin(ScanResultRow, ScanResultRow.id == latest)
         .where(ListingRow.taken_down_at.is_(None)))
    if f.verdict:
        q = q.where(ListingRow.verdict == f.verdict)
    else:
        q = q.where(ListingRow.verdict.in_(("violating", "review")))
    if f.platform:
        q = q.where(ListingRow.platform == f.platform)
    if f.city:
        q = q.where(func.lower(SellerRow.location).contains(f.city.lower(), autoescape=True))
    if f.date_from:
        q = q.where(ListingRow.first_seen >= f.date_from)
    if f.date_to:
        q = q.where(ListingRow.first_seen <= f.date_to)
    if f.term:  # a cheap superset here; the exact test on the reasons' terms follows
        q = q.where(func.lower(cast(ScanResultRow.reasons, Text)).contains(f.term.lower(), autoescape=True))
    rows = session.execute(q.order_by(ListingRow.score.desc().nulls_last(), ListingRow.id)
                           .limit(QUEUE_SCAN)).all()
    if f.status != "all":
        pks = [r[0] for r in rows]
        done = set(decisions_by_pk(session, pks)) | set(notice_status_for(session, pks))
        rows = [r for r in rows if (r[0] in done) == (f.status == "decided")]
    if f.term:
        want = f.term.casefold()
        reasons: dict[int, Any] = dict(session.execute(select(ScanResultRow.listing_pk, ScanResultRow.reasons).where(
            ScanResultRow.id.in_(select(func.max(ScanResultRow.id))
                                 .where(ScanResultRow.listing_pk.in_([r[0] for r in rows]))
                                 .group_by(ScanResultRow.listing_pk)))).all())
        rows = [r for r in rows if any(want in t for t in matched_terms(reasons.get(r[0]) or []))]
    ranked = sorted(rows, key=lambda r: (-((r[3] or 0.0) + 0.3 * bool(r[4]) + 0.3 * bool(r[5])), r[0]))
    page = [r[0] for r in ranked[offset:offset + limit]]
    by_pk = {i.pk: i for i in items_by_pk(session, page)}
    items = [by_pk[pk] for pk in page if pk in by_pk]
    decided = decisions_by_pk(session, page)
    noticed = notice_status_for(session, page)
    for i in items:
        i.decision = decided.get(i.pk)
        i.notice_status = noticed.get(i.pk)
    return items, len(ranked)


def items_by_pk(session: Session, pks: Sequence[int]) -> list[QueueItem]:
    rows = session.execute(select(ListingRow, SellerRow).join(SellerRow, SellerRow.id == ListingRow.seller_pk)
                           .where(ListingRow.id.in_(list(pks)))).all()
    results = latest_results(session, [li.id for li, _ in rows])
    return [_item(li, se, results.get(li.id)) for li, se in rows]


def filter_options(session: Session) -> dict[str, list[str]]:
    platforms = session.scalars(select(ListingRow.platform).distinct().order_by(ListingRow.platform)).all()
    cities = session.scalars(select(SellerRow.location).where(SellerRow.location.is_not(None))
                             .distinct().order_by(SellerRow.location).limit(200)).all()
    return {"platforms": list(platforms), "cities": [c for c in cities if c]}


# ---------------------------------------------------------------- decisions
# Analyst decisions go to the terms capability's `decisions` table: they feed model training and
# term discovery.


def decisions_for(session: Session, keys: Sequence[str]) -> dict[str, str]:
    """The latest analyst decision per listing key."""
    from pantau.store.tables.terms import DecisionRow

    out: dict[str, str] = {}
    pairs = [tuple(k.split("/", 1)) for k in set(keys) if "/" in k]
    for chunk in range(0, len(pairs), 500):
        part = pairs[chunk:chunk + 500]
        rows = session.execute(
            select(DecisionRow.platform, DecisionRow.listing_id, DecisionRow.decision)
            .where(tuple_(DecisionRow.platform, DecisionRow.listing_id).in_(part))
            .order_by(DecisionRow.id)).all()
        for platform, lid, decision in rows:
            out[f"{platform}/{lid}"] = decision
    return out


def decisions_by_pk(session: Session, pks: Sequence[int]) -> dict[int, str]:
    """The latest decision per stored listing (decisions carry the listing's key when it was known)."""
    from pantau.store.tables.terms import DecisionRow

    out: dict[int, str] = {}
    for chunk in range(0, len(pks), 1000):
        rows = session.execute(select(DecisionRow.listing_pk, DecisionRow.decision)
                               .where(DecisionRow.listing_pk.in_(list(pks[chunk:chunk + 1000])))
                               .order_by(DecisionRow.id)).all()
        out.update((pk, d) for pk, d in rows if pk is not None)
    return out


def record_decisions(session: Session, actor: str, items: Sequence[QueueItem], decision: str,
                     note: str = "") -> int:
    """Record one analyst decision per listing (violating | benign), through the terms capability
    (the same rows `pantau review import` writes), with one audit entry for the batch."""
    if decision not in ("violating", "benign"):
        raise PantauError(f"decision must be violating or benign, not {decision!r}")
    terms = optional("pantau.terms.decisions")
    if terms is not None:
        terms.record_decisions(session, [terms.Decision(i.platform, i.listing_id, decision, note[:500])
                                         for i in items], analyst=actor, source="console")
    else:
        from pantau.store.tables.terms import DecisionRow

        for i in items:
            session.add(DecisionRow(analyst=actor, platform=i.platform, listing_id=i.listing_id,
                                    listing_pk=i.pk, decision=decision, note=note[:500], source="console"))
        session.flush()
    audit.append(session, actor, "review.decision", {
        "decision": decision, "source": "console", "listings": [i.key for i in items][:500]})
    return len(items)
