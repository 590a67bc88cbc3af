"""The SellerLinker of the batch scorer (pipeline.py): links each listing's seller to earlier sellers.

For every listing, in input order: fold the listing into its seller (re-indexing a seller seen
before), score that seller against the sellers sharing a key with it, keep the links above
LINK_MIN, put linked sellers into one operator (stable ids), and answer the links plus the other
accounts of the operators it joined. Only sellers indexed before this listing are linked to, so a
scan gives the same answer whether its sellers came from the store or from earlier in the file.
"""

from __future__ import annotations

from collections.abc import Sequence

from pantau.domain import Listing, SellerLink
from pantau.pipeline import PhotoOutcome
from pantau.sellers.features import listing_facts
from pantau.sellers.index import SellerIndex
from pantau.sellers.operators import Event, OperatorBook
from pantau.sellers.scoring import Scored, score_seller

LINK_MIN = 0.8  # probability at which a pair is reported and its sellers join one operator
MAX_LINKS = 20


# More other sellers than this posting one photo of a listing: treated as a stock photo.
STOCK_PHOTO_SELLERS = 3


class Linker:
    """In-memory linker; `pantau.sellers.persist` loads it from and saves it to the store."""

    def __init__(self, index: SellerIndex | None = None, book: OperatorBook | None = None,
                 link_min: float = LINK_MIN) -> None:
        self.index = index or SellerIndex()
        self.book = book or OperatorBook()
        self.link_min = link_min
        # (seller, other) -> (score, evidence): the pair links found, for persistence and `sellers show`
        self.pairs: dict[tuple[str, str], tuple[float, list[str]]] = {}
        self.new_pairs: list[tuple[str, str]] = []

    def link(self, listings: Sequence[Listing], photos: Sequence[PhotoOutcome]) -> list[list[SellerLink]]:
        outcomes = list(photos) or [PhotoOutcome() for _ in listings]
        return [self.link_one(listing, ph) for listing, ph in zip(listings, outcomes, strict=True)]

    def link_one(self, listing: Listing, photo: PhotoOutcome | None = None) -> list[SellerLink]:
        facts = listing_facts(listing)
        for h in (photo.hashes if photo else [])[:20]:
            # the very same photo (equal PDQ); near-duplicates arrive as the photo matcher's matches
            if h and len(h) == 64:
                facts.keys.setdefault(f"pdq:{h.lower()}", f"photo {h[:12]}...")
        sid = self.index.upsert(facts)
        owner = self.index.listing_owner.get
        owned = [(m, other) for m in (photo.matches if photo else [])
                 if (other := owner(f"{m.platform}/{m.listing_id}")) is not None and other != sid]
        owners_of_photo: dict[int, set[int]] = {}
        for m, other in owned:
            owners_of_photo.setdefault(m.photo, set()).add(other)
        photo_sids: dict[int, str] = {}
        for m, other in owned:
            # a picture many unrelated shops post (a supplier's or stock photo) says nothing about
            # who runs a shop: like a courier's number, it must not chain everyone into one operator
            if len(owners_of_photo[m.photo]) > STOCK_PHOTO_SELLERS:
                continue
            photo_sids.setdefault(other, f"same photo as listing {m.platform}/{m.listing_id} "
                                         f"(PDQ distance {m.distance})")
        me = self.index.sellers[sid].key
        scored = [s for s in score_seller(self.index, sid, photo_sids) if s.probability >= self.link_min]
        scored.sort(key=lambda s: -s.probability)
        links: dict[str, SellerLink] = {}
        for s in scored[:MAX_LINKS]:
            other = self.index.sellers[s.sid].key
            self._remember(me, other, s)
            self.book.link(me, other, s.evidence[:4], s.probability, s.deterministic)
            links[other] = self._link(s.sid, s.probability, s.evidence[:4])
        # the operator's other accounts, linked through the accounts above or earlier links
        op = self.book.operator_of(me)
        if op:
            # as sure as the chain: this account's own membership times the other's
            mine = self.book.score_of.get(me, 0.0)
            for other in self.book.members.get(op, []):
                if other == me or other in links:
                    continue
                osid = self.index.ids.get(other)
                if osid is None:
                    continue
                via = self.pairs.get((me, other)) or self.pairs.get((other, me))
                score, ev = via if via else (mine * self.book.score_of.get(other, 0.0), [])
                if score < self.link_min:
                    continue
                ev = ev or [f"same operator {op} (linked through its other accounts)"]
                links[other] = self._link(osid, score, ev)
        for link in links.values():
            link.operator_id = op
        return sorted(links.values(), key=lambda x: -x.score)[:MAX_LINKS]

    def _link(self, sid: int, score: float, evidence: list[str]) -> SellerLink:
        rec = self.index.sellers[sid]
        return SellerLink(rec.platform, rec.seller_id, score, list(evidence), known_offender=rec.taken_down is not None)

    def _remember(self, me: str, other: str, s: Scored) -> None:
        key = (me, other)
        old = self.pairs.get(key)
        if old is None or s.probability > old[0]:
            if old is None:
                self.new_pairs.append(key)
            self.pairs[key] = (s.probability, s.evidence[:6])

    def drain_events(self) -> list[Event]:
        return self.book.drain()
