"""The photo matcher a scan uses: the bank loaded from the store, new photos and bank entries saved
in the same transaction as the batch that produced them (BatchScorer.persist)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from pantau.domain import Detection, Listing
from pantau.ingest.fetch import SafeFetcher
from pantau.photos.bank import PhotoBank
from pantau.photos.matcher import BankPhotoMatcher
from pantau.photos.repository import load_bank, save_entries, save_records
from pantau.pipeline import PhotoOutcome
from pantau.store.db import Database


class StoredPhotoMatcher:
    def __init__(self, db: Database, *, fetcher: SafeFetcher | None = None) -> None:
        with db.session() as s:
            bank = load_bank(s)
        self.matcher = BankPhotoMatcher(bank, fetcher=fetcher)

    def match(self, listings: Sequence[Listing]) -> list[PhotoOutcome]:
        return self.matcher.match(listings)

    def learn(self, listings: Sequence[Listing], outcomes: Sequence[PhotoOutcome],
              detections: Sequence[Detection]) -> None:
        self.matcher.learn(listings, outcomes, detections)

    def persist(self, session: Session) -> None:
        save_records(session, self.matcher.drain_records())
        save_entries(session, self.matcher.drain_new_entries())


def matcher_for(db: Database | None, *, fetch_urls: bool = True) -> StoredPhotoMatcher | BankPhotoMatcher:
    """Photo URLs are fetched with the guarded fetcher (public addresses only, size and type caps)."""
    fetcher = SafeFetcher() if fetch_urls else None
    if db is None:
        return BankPhotoMatcher(PhotoBank(), fetcher=fetcher)
    return StoredPhotoMatcher(db, fetcher=fetcher)
