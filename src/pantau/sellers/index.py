"""The in-memory seller index: one number per seller, its scalar facts, and the key postings.

Loaded from the store (persist.py) or built by a scan; `upsert` folds a listing's facts into its
seller (the union of everything its listings said), so a seller seen again is re-indexed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from pantau.sellers.features import SellerFacts
from pantau.sellers.identifiers import STRONG_KINDS
from pantau.sellers.keyindex import KeyIndex, key_hash
from pantau.sellers.regions import Place

DAY0 = 10_957  # 2000-01-01 in days since 1970; joined dates are counted per day from here
DAYS = 20_000


@dataclass(slots=True)
class SellerRecord:
    platform: str
    seller_id: str
    name: str
    place: Place
    joined: int | None
    first_seen: int | None
    taken_down: int | None
    log_price_sum: float = 0.0
    prices: int = 0
    listings: int = 0

    @property
    def key(self) -> str:
        return f"{self.platform}/{self.seller_id}"

    @property
    def start(self) -> int | None:
        """When the account began: its joined date, else when it was first seen."""
        return self.joined if self.joined is not None else self.first_seen

    @property
    def log_price(self) -> float | None:
        return self.log_price_sum / self.prices if self.prices else None


class SellerIndex:
    def __init__(self) -> None:
        self.sellers: list[SellerRecord] = []
        self.ids: dict[str, int] = {}
        self.postings = KeyIndex()
        # how the strong identifiers were written, per (key hash, seller), for evidence
        self.sources: dict[tuple[int, int], str] = {}
        # keys of sellers seen in this process, with how they were written
        self.live_keys: dict[int, dict[str, str]] = {}
        self.listing_owner: dict[str, int] = {}
        self.locations: dict[int, str] = {}  # as written, for the store and `sellers show`
        # what changed since the last save: sellers, and listings whose owner is new
        self.dirty: set[int] = set()
        self.dirty_listings: list[str] = []
        self.whatsapp: set[str] = set()  # phone keys some seller labelled as WhatsApp
        self.regency_count: Counter[str] = Counter()
        self.base_count: Counter[str] = Counter()
        self.province_count: Counter[str] = Counter()
        self.start_days = np.zeros(DAYS, dtype=np.int32)
        self.with_start = 0

    def __len__(self) -> int:
        return len(self.sellers)

    def sid(self, platform: str, seller_id: str) -> int | None:
        return self.ids.get(f"{platform}/{seller_id}")

    def _count_place(self, place: Place, sign: int) -> None:
        if place.base:
            self.regency_count[place.regency] += sign
            self.base_count[place.base] += sign
            if place.province:
                self.province_count[place.province] += sign

    def _count_start(self, day: int | None, sign: int) -> None:
        if day is not None and 0 <= day - DAY0 < DAYS:
            self.start_days[day - DAY0] += sign
            self.with_start += sign

    def add_record(self, rec: SellerRecord) -> int:
        sid = len(self.sellers)
        self.sellers.append(rec)
        self.ids[rec.key] = sid
        self._count_place(rec.place, 1)
        self._count_start(rec.start, 1)
        return sid

    def add_key(self, sid: int, key: str, source: str = "") -> bool:
        h = key_hash(key)
        added = self.postings.add(h, sid)
        if source and key.split(":", 1)[0] in STRONG_KINDS:
            self.sources.setdefault((h, sid), source)
        return added

    def upsert(self, facts: SellerFacts) -> int:
        """Fold one listing's facts into its seller; returns the seller number."""
        sid = self.sid(facts.platform, facts.seller_id)
        if sid is None:
            sid = self.add_record(SellerRecord(facts.platform, facts.seller_id, facts.name, facts.place,
                                               facts.joined, facts.seen, facts.taken_down))
        else:
            rec = self.sellers[sid]
            if facts.place.base and facts.place != rec.place:
                self._count_place(rec.place, -1)
                rec.place = facts.place
                self._count_place(rec.place, 1)
            old_start = rec.start
            if facts.joined is not None:
                rec.joined = facts.joined
            if facts.seen is not None and (rec.first_seen is None or facts.seen < rec.first_seen):
                rec.first_seen = facts.seen
            if rec.start != old_start:
                self._count_start(old_start, -1)
                self._count_start(rec.start, 1)
            if facts.taken_down is not None and (rec.taken_down is None or facts.taken_down < rec.taken_down):
                rec.taken_down = facts.taken_down
            rec.name = facts.name or rec.name
        rec = self.sellers[sid]
        if facts.location:
            self.locations[sid] = facts.location
        rec.listings += 1
        if facts.log_price is not None:
            rec.log_price_sum += facts.log_price
            rec.prices += 1
        if facts.listing_key not in self.listing_owner:
            self.dirty_listings.append(facts.listing_key)
        self.listing_owner[facts.listing_key] = sid
        self.dirty.add(sid)
        self.whatsapp.update(i.key for i in facts.identifiers if i.kind == "phone" and i.via == "whatsapp")
        live = self.live_keys.setdefault(sid, {})
        for key, source in facts.keys.items():
            live.setdefault(key, source)
            self.add_key(sid, key, source)
        return sid

    def starts_between(self, lo: int, hi: int) -> int:
        a, b = max(lo - DAY0, 0), min(hi - DAY0 + 1, DAYS)
        return int(self.start_days[a:b].sum()) if b > a else 0
