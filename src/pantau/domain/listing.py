"""A marketplace listing and its seller, as read from the interchange format.

Field names follow shared/spec/listing-format.md. Everything a seller wrote is hostile input:
these objects hold it verbatim; escaping happens where it is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

PLATFORMS = (
    "shopee", "tokopedia", "lazada", "tiktokshop", "blibli", "bukalapak",
    "facebook", "instagram", "web", "other",
)


@dataclass(slots=True)
class Seller:
    id: str
    name: str = ""
    url: str | None = None
    location: str | None = None
    joined: str | None = None
    description: str = ""


@dataclass(slots=True)
class Listing:
    platform: str
    listing_id: str
    title: str
    seller: Seller
    description: str = ""
    url: str | None = None
    price: float | None = None
    category: str | None = None
    images: list[str] = field(default_factory=list)
    observed_at: datetime | None = None
    taken_down_at: datetime | None = None
    label: str | None = None
    tags: list[str] = field(default_factory=list)
    # unknown input fields, kept verbatim (the format says they are never an error)
    extra: dict[str, Any] = field(default_factory=dict)
    # where it came from: file and 1-based line (or row) number, for messages
    source: str = ""
    line: int = 0
    # folder that relative image paths are resolved against
    base_dir: str = ""

    @property
    def key(self) -> str:
        return f"{self.platform}/{self.listing_id}"

    @property
    def seller_key(self) -> str:
        return f"{self.platform}/{self.seller.id}"

    @property
    def is_taken_down(self) -> bool:
        return self.taken_down_at is not None

    def text_fields(self) -> dict[str, str]:
        """The free-text fields a detector or extractor reads, by name."""
        return {
            "title": self.title,
            "description": self.description,
            "shop_name": self.seller.name,
            "shop_description": self.seller.description,
            "category": self.category or "",
        }
