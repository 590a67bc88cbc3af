"""What the scorers return: verdicts with reasons, seller links, photo matches."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    VIOLATING = "violating"
    REVIEW = "review"
    BENIGN = "benign"


@dataclass(slots=True)
class Reason:
    """One piece of evidence an analyst can check.

    kind: term | context | shop | model | price | seller | photo | policy
    text: the human sentence shown in results, e.g. 'term "karungan" (bale code)'.
    detail: machine-readable extras (matched span, disguised form, weight...).
    """

    kind: str
    text: str
    weight: float = 0.0
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Detection:
    verdict: Verdict
    score: float
    reasons: list[Reason] = field(default_factory=list)
    policy_version: str = ""
    model_hash: str = ""
    # whether the listing offers clothing (garments, footwear, bags...) at all, as the detector read it;
    # None when a detector does not say. Evidence about a re-created account only counts for clothing.
    clothing: bool | None = None


@dataclass(slots=True)
class SellerLink:
    platform: str
    seller_id: str
    score: float
    evidence: list[str] = field(default_factory=list)
    known_offender: bool = False
    operator_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "platform": self.platform, "seller_id": self.seller_id,
            "score": round(self.score, 4), "evidence": self.evidence,
        }
        if self.known_offender:
            out["known_offender"] = True
        if self.operator_id:
            out["operator"] = self.operator_id
        return out


@dataclass(slots=True)
class ImageMatch:
    platform: str
    listing_id: str
    distance: int
    photo: int = 0  # index of this listing's photo that matched
    other_photo: int = 0
    taken_down: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "platform": self.platform, "listing_id": self.listing_id, "distance": self.distance,
            "photo": self.photo,
        }
        if self.taken_down:
            out["taken_down"] = True
        return out


@dataclass(slots=True)
class ScanResult:
    platform: str
    listing_id: str
    seller_id: str
    detection: Detection
    seller_links: list[SellerLink] = field(default_factory=list)
    image_matches: list[ImageMatch] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # non-fatal problems (a photo that failed...)

    def to_json(self) -> dict[str, Any]:
        d = self.detection
        out: dict[str, Any] = {
            "platform": self.platform,
            "listing_id": self.listing_id,
            "seller_id": self.seller_id,
            "score": round(d.score, 4),
            "verdict": d.verdict.value,
            "reasons": [r.text for r in d.reasons],
            "seller_links": [s.to_json() for s in self.seller_links],
            "image_matches": [m.to_json() for m in self.image_matches],
            "policy_version": d.policy_version,
            "model_hash": d.model_hash,
        }
        if self.errors:
            out["warnings"] = self.errors
        return out
