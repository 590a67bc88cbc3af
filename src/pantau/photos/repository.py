"""The photos and photo_bank tables behind plain functions with explicit sessions.

The table is the bank's source of truth; a PhotoBank is loaded from it at start and the entries a
run adds are written back with `save_entries`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pantau.photos.bank import BankEntry, PhotoBank
from pantau.photos.matcher import MATCH_THRESHOLD, PhotoRecord
from pantau.photos.pdq import MIN_QUALITY
from pantau.store.base import utcnow
from pantau.store.tables.photos import PhotoBankRow, PhotoRow

LOAD_BATCH = 10_000


def _entry(row: PhotoBankRow) -> BankEntry:
    added = row.added_at if row.added_at.tzinfo else row.added_at.replace(tzinfo=UTC)
    return BankEntry(row.pdq, row.platform, row.listing_id, row.photo, row.taken_down, row.quality,
                     added, row.source)


def iter_entries(session: Session) -> Iterable[BankEntry]:
    stmt = select(PhotoBankRow).order_by(PhotoBankRow.id).execution_options(yield_per=LOAD_BATCH)
    for row in session.scalars(stmt):
        yield _entry(row)


def load_bank(session: Session, threshold: int = MATCH_THRESHOLD) -> PhotoBank:
    bank = PhotoBank(threshold)
    batch: list[BankEntry] = []
    for e in iter_entries(session):
        batch.append(e)
        if len(batch) >= LOAD_BATCH:
            bank.add(batch, check_duplicates=False)  # the table's unique key already holds
            batch = []
    bank.add(batch, check_duplicates=False)
    bank.rebuild()
    return bank


def save_entries(session: Session, entries: Sequence[BankEntry]) -> int:
    """Insert new bank entries; an existing one seen again as taken down is marked so. Returns
    how many rows were inserted or changed."""
    changed = 0
    seen: set[tuple[str, str, str, int]] = set()
    for e in entries:
        key = (e.pdq, e.platform, e.listing_id, e.photo)
        if key in seen:
            continue
        seen.add(key)
        row = session.scalars(select(PhotoBankRow).where(
            PhotoBankRow.pdq == e.pdq, PhotoBankRow.platform == e.platform,
            PhotoBankRow.listing_id == e.listing_id, PhotoBankRow.photo == e.photo)).first()
        if row is None:
            session.add(PhotoBankRow(pdq=e.pdq, quality=e.quality, platform=e.platform,
                                     listing_id=e.listing_id, photo=e.photo, taken_down=e.taken_down,
                                     source=e.source[:256], added_at=e.added_at))
            changed += 1
        elif e.taken_down and not row.taken_down:
            row.taken_down = True
            changed += 1
    session.flush()
    return changed


def save_records(session: Session, records: Iterable[PhotoRecord]) -> int:
    """Store each listing photo's latest hash (or error), replacing an earlier hashing of it."""
    n = 0
    for r in records:
        row = session.scalars(select(PhotoRow).where(
            PhotoRow.platform == r.platform, PhotoRow.listing_id == r.listing_id,
            PhotoRow.idx == r.index)).first()
        if row is None:
            row = PhotoRow(platform=r.platform, listing_id=r.listing_id, idx=r.index)
            session.add(row)
        row.source, row.pdq, row.quality, row.error = r.source, r.pdq, r.quality, r.error
        row.pdq_crop = r.pdq_crop
        row.hashed_at = utcnow()
        n += 1
    session.flush()
    return n


def listing_photos(session: Session, platform: str, listing_id: str) -> list[PhotoRow]:
    return list(session.scalars(select(PhotoRow).where(
        PhotoRow.platform == platform, PhotoRow.listing_id == listing_id).order_by(PhotoRow.idx)))


def bank_listing(session: Session, bank: PhotoBank | None, platform: str, listing_id: str, *,
                 taken_down: bool, source: str = "pantau",
                 min_quality: int = MIN_QUALITY) -> list[BankEntry]:
    """Bank the stored photos of one listing: called when an analyst confirms it violating
    (taken_down=False) or a platform reports it removed (taken_down=True)."""
    now = utcnow()
    entries = [BankEntry(h, platform, listing_id, r.idx, taken_down, r.quality or 0, now, source)
               for r in listing_photos(session, platform, listing_id)
               if r.pdq and (r.quality or 0) >= min_quality
               for h in (r.pdq, r.pdq_crop) if h]
    save_entries(session, entries)
    if bank is not None and entries:
        bank.add(entries)
    return entries


def bank_counts(session: Session) -> dict[str, int]:
    total = session.scalar(select(func.count()).select_from(PhotoBankRow)) or 0
    td = session.scalar(select(func.count()).select_from(PhotoBankRow).where(PhotoBankRow.taken_down)) or 0
    listings = session.scalar(select(func.count()).select_from(
        select(PhotoBankRow.platform, PhotoBankRow.listing_id).distinct().subquery())) or 0
    photos = session.scalar(select(func.count()).select_from(PhotoRow)) or 0
    hashed = session.scalar(select(func.count()).select_from(PhotoRow).where(PhotoRow.pdq.is_not(None))) or 0
    return {"entries": total, "taken_down": td, "confirmed": total - td, "listings": listings,
            "photos_seen": photos, "photos_hashed": hashed}
