"""The evidence a notice carries: a frozen snapshot of what was seen and why it was flagged.

A notice must hold up when a seller contests it months later, so the snapshot copies the text,
the photos' hashes, the reasons and scores with the versions that produced them, and seals it all
with a content hash over its canonical JSON.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

MAX_TEXT = 20_000  # characters kept of any free-text field; listings are hostile input
MAX_ITEMS = 50


def _clip(text: str | None) -> str:
    return (text or "")[:MAX_TEXT]


@dataclass(slots=True)
class Evidence:
    platform: str
    listing_id: str
    url: str | None = None
    title: str = ""
    description: str = ""
    shop_name: str = ""
    seller_id: str = ""
    images: list[str] = field(default_factory=list)
    photo_hashes: list[str] = field(default_factory=list)
    verdict: str | None = None
    score: float | None = None
    reasons: list[dict[str, Any]] = field(default_factory=list)
    seller_links: list[dict[str, Any]] = field(default_factory=list)
    image_matches: list[dict[str, Any]] = field(default_factory=list)
    policy_version: str = ""
    model_hash: str = ""
    listing_content_hash: str = ""
    observed_at: datetime | None = None
    captured_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    source: str = "store"  # store | url (a bare URL reported by hand: nothing but the address)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "platform": self.platform, "listing_id": self.listing_id, "url": self.url,
            "title": _clip(self.title), "description": _clip(self.description),
            "shop_name": _clip(self.shop_name), "seller_id": self.seller_id,
            "images": [_clip(i) for i in self.images[:MAX_ITEMS]],
            "photo_hashes": list(self.photo_hashes[:MAX_ITEMS]),
            "verdict": self.verdict, "score": None if self.score is None else round(self.score, 4),
            "reasons": self.reasons[:MAX_ITEMS], "seller_links": self.seller_links[:MAX_ITEMS],
            "image_matches": self.image_matches[:MAX_ITEMS],
            "policy_version": self.policy_version, "model_hash": self.model_hash,
            "listing_content_hash": self.listing_content_hash,
            "observed_at": self.observed_at.astimezone(UTC).isoformat() if self.observed_at else None,
            "captured_at": self.captured_at.astimezone(UTC).isoformat(),
            "source": self.source,
        }
        return d


def seal(snapshot: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The snapshot as stored, and the sha256 of its canonical JSON (keys sorted, no whitespace)."""
    body = orjson.dumps(snapshot, option=orjson.OPT_SORT_KEYS)
    return orjson.loads(body), hashlib.sha256(body).hexdigest()


def check_seal(snapshot: dict[str, Any], expected: str) -> bool:
    return seal(snapshot)[1] == expected
