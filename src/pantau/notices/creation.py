"""Creating notices: one per listing (or bare URL), routed to the listing's platform, carrying the
legal basis in force on the observation date and a sealed evidence snapshot from the store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pantau.errors import InputError
from pantau.notices.access import check_slug, ensure_platform
from pantau.notices.evidence import Evidence, seal
from pantau.notices.legal import LegalBasis
from pantau.notices.lifecycle import Actor, Role, Status, issue_path
from pantau.notices.platforms import canonical_url, target_from_url
from pantau.notices.service import ALL, NoticeConfig, UnitOfWork, act
from pantau.store.base import Base
from pantau.store.tables.listings import ListingRow, ScanResultRow, SellerRow
from pantau.store.tables.notices import NoticeRow

URGENCIES = ("normal", "urgent")
MAX_ITEMS = 1000
# a listing with one of these already has a notice in progress: asking again returns that one
IN_PROGRESS = (Status.DRAFT, Status.APPROVED, Status.SENT, Status.ACKNOWLEDGED)


@dataclass(frozen=True, slots=True)
class NoticeRequest:
    platform: str | None = None
    listing_id: str | None = None
    url: str | None = None


def _resolve(req: NoticeRequest, where: str) -> tuple[str, str, str | None]:
    if req.platform and req.listing_id:
        lid = req.listing_id.strip()
        if not lid or len(lid) > 512:
            raise InputError("listing_id must be 1 to 512 characters", where=where)
        return check_slug(req.platform), lid, canonical_url(req.url) if req.url else None
    if req.url:
        t = target_from_url(req.url)
        return t.platform, t.listing_id, t.url
    raise InputError('each item needs "platform" and "listing_id", or "url"', where=where)


def _photo_hashes(session: Session, platform: str, listing_id: str) -> list[str]:
    # The photos capability owns its table; read its PDQ hashes when it exists, without importing it.
    t = Base.metadata.tables.get("photos")
    if t is None or not {"platform", "listing_id", "pdq", "idx"} <= set(t.c.keys()):
        return []
    q = select(t.c.pdq).where(t.c.platform == platform, t.c.listing_id == listing_id).order_by(t.c.idx)
    return [h for h in session.scalars(q) if h]


def snapshot(session: Session, platform: str, listing_id: str, url: str | None, now: datetime) -> Evidence:
    listing = session.scalar(select(ListingRow).where(ListingRow.platform == platform,
                                                      ListingRow.listing_id == listing_id))
    if listing is None:
        return Evidence(platform, listing_id, url=url, captured_at=now, observed_at=now,
                        source="url" if url else "request")
    seller = session.get(SellerRow, listing.seller_pk)
    result = session.scalar(select(ScanResultRow).where(ScanResultRow.listing_pk == listing.id)
                            .order_by(ScanResultRow.id.desc()).limit(1))
    ev = Evidence(platform, listing_id, url=url or listing.url, title=listing.title,
                  description=listing.description, shop_name=seller.name if seller else "",
                  seller_id=seller.seller_id if seller else "", images=list(listing.images or []),
                  photo_hashes=_photo_hashes(session, platform, listing_id),
                  listing_content_hash=listing.content_hash, observed_at=listing.last_seen, captured_at=now)
    if result is not None:
        ev.verdict, ev.score = result.verdict, result.score
        ev.reasons, ev.seller_links = list(result.reasons), list(result.seller_links)
        ev.image_matches = list(result.image_matches)
        ev.policy_version, ev.model_hash = result.policy_version, result.model_hash
    return ev


def create_notices(uow: UnitOfWork, actor: Actor, items: Sequence[NoticeRequest], *, urgency: str = "normal",
                   draft: bool = False, now: datetime, config: NoticeConfig | None = None,
                   legal: LegalBasis | None = None) -> list[tuple[NoticeRow, bool]]:
    """One notice per item, in order: (notice, created). An item whose listing already has a notice
    in progress answers that notice (created=False) rather than a duplicate."""
    config = config or NoticeConfig()
    then = issue_path(actor, draft=draft, require_approval=config.require_approval)
    if urgency not in URGENCIES:
        raise InputError(f"urgency must be normal or urgent, not {urgency!r}", where="urgency")
    if not items or len(items) > MAX_ITEMS:
        raise InputError(f"between 1 and {MAX_ITEMS} items are needed", where="items")
    legal = legal or LegalBasis()
    targets = [_resolve(req, f"items[{i}]") for i, req in enumerate(items)]
    session = uow.session
    out: list[tuple[NoticeRow, bool]] = []
    for platform, listing_id, url in targets:
        existing = session.scalar(select(NoticeRow).where(
            NoticeRow.platform == platform, NoticeRow.listing_id == listing_id,
            NoticeRow.status.in_([s.value for s in IN_PROGRESS])).order_by(NoticeRow.id).limit(1))
        if existing is not None:
            out.append((existing, False))
            continue
        ensure_platform(session, platform, actor=actor.name)
        ev = snapshot(session, platform, listing_id, url, now)
        body, digest = seal(ev.to_json())
        observed = ev.observed_at or now
        row = NoticeRow(platform=platform, listing_id=listing_id, url=ev.url, status=Status.DRAFT.value,
                        urgency=urgency, legal_basis=legal.on(observed.date()), evidence=body,
                        evidence_hash=digest, observed_at=observed, created_by=actor.name, created_at=now,
                        updated_at=now, version=1,
                        listing_pk=session.scalar(select(ListingRow.id).where(
                            ListingRow.platform == platform, ListingRow.listing_id == listing_id)))
        session.add(row)
        session.flush()
        uow.audit(actor.name, "notice.create", {"notice": row.id, "platform": platform,
                                                "listing_id": listing_id, "urgency": urgency,
                                                "evidence_hash": digest, "legal_basis_source": legal.source})
        # issuing approves and sends at once, on the issuer's authority (the audit entry says so)
        issuer = Actor(actor.name, Role.SYSTEM)
        for command in then:
            row, _ = act(uow, ALL, row.id, command, issuer, now=now, config=config,
                         extra={"issued_by": actor.role.value})
        out.append((row, True))
    return out


def summary(rows: Sequence[tuple[NoticeRow, bool]]) -> list[dict[str, Any]]:
    return [{"id": r.id, "platform": r.platform, "listing_id": r.listing_id, "status": r.status,
             "created": created} for r, created in rows]
