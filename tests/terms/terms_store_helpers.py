"""Helpers for the terms store tests: put listings in a store the way a scan does."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pantau.domain import Listing, Seller
from pantau.pipeline import BatchScorer
from pantau.store import listings as repo
from pantau.store.db import Database


def listing(platform: str, listing_id: str, title: str, seller: str, at: datetime, **kw: Any) -> Listing:
    return Listing(platform=platform, listing_id=listing_id, title=title, seller=Seller(seller, f"toko {seller}"),
                   observed_at=at, **kw)


def scan_into(db: Database, listings: list[Listing], scorer: BatchScorer) -> None:
    for i in range(0, len(listings), 500):
        batch = listings[i:i + 500]
        with db.session() as s:
            repo.save_batch(s, batch, scorer.score(batch))
