"""The batch scorer: one function over a batch of listings, used by the local engine, the API and Ray.

It composes the capabilities through small interfaces (a text detector, a photo matcher, a seller
linker), each with a null implementation so a capability that is switched off or not installed
never changes the others. `combine` is the single pure place where photo and seller evidence
adjust a text verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pantau.domain import Detection, ImageMatch, Listing, Reason, ScanResult, SellerLink, Verdict


class TextDetector(Protocol):
    policy_version: str
    model_hash: str

    def detect(self, listings: Sequence[Listing]) -> list[Detection]: ...


@dataclass(slots=True)
class PhotoOutcome:
    matches: list[ImageMatch] = field(default_factory=list)
    hashes: list[str | None] = field(default_factory=list)  # PDQ hex per photo, None when unusable
    errors: list[str] = field(default_factory=list)


class PhotoMatcher(Protocol):
    def match(self, listings: Sequence[Listing]) -> list[PhotoOutcome]: ...

    def learn(self, listings: Sequence[Listing], outcomes: Sequence[PhotoOutcome],
              detections: Sequence[Detection]) -> None:
        """Add photos of taken-down (or confirmed) listings to the bank, and remember this batch's
        photos so later listings of the same input can match them."""


class SellerLinker(Protocol):
    def link(self, listings: Sequence[Listing], photos: Sequence[PhotoOutcome]) -> list[list[SellerLink]]:
        """Links for each listing's seller, to sellers seen before (store or earlier in the input);
        also records this batch's sellers for the listings that follow."""


class NoPhotos:
    def match(self, listings: Sequence[Listing]) -> list[PhotoOutcome]:
        return [PhotoOutcome() for _ in listings]

    def learn(self, listings: Sequence[Listing], outcomes: Sequence[PhotoOutcome],
              detections: Sequence[Detection]) -> None:
        return None


class NoLinks:
    def link(self, listings: Sequence[Listing], photos: Sequence[PhotoOutcome]) -> list[list[SellerLink]]:
        return [[] for _ in listings]


# How much a link to a known offender or a taken-down photo moves a clothing listing.
OFFENDER_LINK_MIN = 0.9


def combine(listing: Listing, detection: Detection, links: list[SellerLink],
            photos: PhotoOutcome) -> Detection:
    """Raise a text verdict with seller and photo evidence (policy point 5: re-created accounts).

    Pure: returns a new Detection. A strong link to a known offender or a photo match with a
    taken-down listing makes a clothing listing violating; weaker evidence sends it to review.
    Evidence never lowers a verdict.
    """
    if not links and not photos.matches:  # nothing to add (most listings): skip the work below
        return detection
    reasons = list(detection.reasons)
    verdict, score = detection.verdict, detection.score
    offender_links = [s for s in links if s.known_offender]
    taken_down_photos = [m for m in photos.matches if m.taken_down]
    for m in taken_down_photos[:3]:
        reasons.append(Reason("photo", f"photo {m.photo + 1} matches taken-down listing "
                                       f"{m.platform}/{m.listing_id}, distance {m.distance}", 1.0))
    for s in offender_links[:3]:
        ev = "; ".join(s.evidence[:2])
        reasons.append(Reason("seller", f"seller linked to taken-down seller {s.platform}/{s.seller_id}"
                                        + (f" ({ev})" if ev else ""), s.score))
    clothing = detection.clothing
    if clothing is None:  # a detector that does not say: any evidence of the trade counts
        clothing = detection.score >= 0.05 or any(r.kind in ("term", "context", "shop") for r in detection.reasons)
    strong = any(s.score >= OFFENDER_LINK_MIN for s in offender_links) or bool(taken_down_photos)
    if strong and clothing and verdict != Verdict.VIOLATING:
        verdict, score = Verdict.VIOLATING, max(score, 0.9)
    elif (offender_links or taken_down_photos) and verdict == Verdict.BENIGN:
        verdict, score = Verdict.REVIEW, max(score, 0.5)
    if verdict is detection.verdict and len(reasons) == len(detection.reasons):
        return detection
    return Detection(verdict, score, reasons, detection.policy_version, detection.model_hash, detection.clothing)


class BatchScorer:
    """Scores batches of listings. Holds loaded models and indexes; cheap to call many times."""

    def __init__(self, detector: TextDetector, photos: PhotoMatcher | None = None,
                 sellers: SellerLinker | None = None) -> None:
        self.detector = detector
        self.photos: PhotoMatcher = photos or NoPhotos()
        self.sellers: SellerLinker = sellers or NoLinks()

    @property
    def policy_version(self) -> str:
        return self.detector.policy_version

    @property
    def model_hash(self) -> str:
        return self.detector.model_hash

    def persist(self, session: Any) -> None:
        """Save what the capabilities learnt from the last batches (photos, seller index), in the
        caller's transaction, so the store never holds results without the evidence behind them."""
        for part in (self.photos, self.sellers):
            save = getattr(part, "persist", None)
            if save is not None:
                save(session)

    def score(self, listings: Sequence[Listing]) -> list[ScanResult]:
        detections = self.detector.detect(listings)
        if type(self.photos) is NoPhotos and type(self.sellers) is NoLinks:
            # text only (benchmarks, national runs without photos): combine has nothing to add
            return [ScanResult(li.platform, li.listing_id, li.seller.id, d) for li, d in
                    zip(listings, detections, strict=True)]
        photos = self.photos.match(listings)
        links = self.sellers.link(listings, photos)
        out = []
        final = []
        for listing, det, ph, ln in zip(listings, detections, photos, links, strict=True):
            d = combine(listing, det, ln, ph)
            final.append(d)
            out.append(ScanResult(listing.platform, listing.listing_id, listing.seller.id, d,
                                  seller_links=ln, image_matches=ph.matches, errors=list(ph.errors)))
        self.photos.learn(listings, photos, final)
        return out
