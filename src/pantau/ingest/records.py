"""Turn one raw record (a dict from any file format) into a Listing, or say exactly what is wrong.

Kept separate from the readers so JSONL, CSV, Parquet and the API validate the same way.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pantau.domain import Listing, Seller

REQUIRED = ("platform", "listing_id", "title", "seller")
KNOWN = {
    "platform", "listing_id", "url", "title", "description", "price", "category", "seller", "images",
    "observed_at", "taken_down_at", "label", "tags",
}
SELLER_KNOWN = ("id", "name", "url", "location", "joined", "description")
PLATFORM_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")

# Limits on what a seller can make us hold. A line over MAX_LINE_BYTES never reaches here (the
# reader refuses it while streaming); these bound the fields of a line that fits.
MAX_TEXT_CHARS = {"title": 5_000, "description": 200_000, "category": 1_000, "url": 4_096}
MAX_SELLER_TEXT = 50_000
MAX_IMAGES = 64
MAX_TAGS = 64


@dataclass(slots=True)
class ReadError:
    """A record that could not be read: where it is and why."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "error": self.message, "file": self.source}


class RecordError(ValueError):
    pass


def _text(value: Any, field: str, limit: int, *, required: bool = False) -> str:
    if value is None:
        if required:
            raise RecordError(f"field '{field}' is required")
        return ""
    if not isinstance(value, str):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        else:
            raise RecordError(f"field '{field}' must be a string, not {type(value).__name__}")
    if len(value) > limit:
        raise RecordError(f"field '{field}' is {len(value):,} characters long; the limit is {limit:,}")
    return value


def _time(value: Any, field: str) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordError(f"field '{field}' must be an RFC 3339 time string")
    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise RecordError(f"field '{field}' is not an RFC 3339 time: {value[:40]!r}") from None
    if t.tzinfo is None:
        raise RecordError(f"field '{field}' has no UTC offset: {value[:40]!r}")
    return t


def _str_list(value: Any, field: str, limit: int) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError(f"field '{field}' must be a list of strings")
    if len(value) > limit:
        raise RecordError(f"field '{field}' has {len(value)} entries; the limit is {limit}")
    for v in value:
        if len(v) > 4_096:
            raise RecordError(f"an entry of '{field}' is longer than 4,096 characters")
    return value


def _price(value: Any) -> float | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise RecordError("field 'price' must be a number")
    if isinstance(value, str):
        try:
            value = float(value.replace("_", ""))
        except ValueError:
            raise RecordError(f"field 'price' must be a number, not {value[:30]!r}") from None
    if not isinstance(value, (int, float)) or math.isnan(value) or math.isinf(value) or value < 0:
        raise RecordError(f"field 'price' must be a non-negative number, not {value!r}")
    return float(value)


def to_listing(raw: Any, *, source: str = "", line: int = 0, base_dir: str = "") -> Listing:
    """Validate a raw record; raise RecordError with a message naming the field."""
    if not isinstance(raw, dict):
        raise RecordError(f"a listing must be a JSON object, not {type(raw).__name__}")
    missing = [f for f in REQUIRED if f not in raw or raw[f] is None]
    if missing:
        raise RecordError("missing required field" + ("s " if len(missing) > 1 else " ")
                          + ", ".join(f"'{m}'" for m in missing))
    platform = raw["platform"]
    if not isinstance(platform, str) or not PLATFORM_RE.match(platform):
        raise RecordError(f"field 'platform' must be a lowercase slug, not {str(platform)[:40]!r}")
    listing_id = _text(raw["listing_id"], "listing_id", 512, required=True)
    if not listing_id.strip():
        raise RecordError("field 'listing_id' is empty")
    seller_raw = raw["seller"]
    if not isinstance(seller_raw, dict):
        raise RecordError("field 'seller' must be an object with at least 'id'")
    seller_id = _text(seller_raw.get("id"), "seller.id", 256, required=True)
    if not seller_id.strip():
        raise RecordError("field 'seller.id' is empty")
    seller = Seller(
        id=seller_id,
        name=_text(seller_raw.get("name"), "seller.name", 1_000),
        url=_text(seller_raw.get("url"), "seller.url", 4_096) or None,
        location=_text(seller_raw.get("location"), "seller.location", 1_000) or None,
        joined=_text(seller_raw.get("joined"), "seller.joined", 40) or None,
        description=_text(seller_raw.get("description"), "seller.description", MAX_SELLER_TEXT),
    )
    extra = {k: v for k, v in raw.items() if k not in KNOWN}
    seller_extra = {k: v for k, v in seller_raw.items() if k not in SELLER_KNOWN}
    if seller_extra:
        extra["seller_extra"] = seller_extra
    return Listing(
        platform=platform,
        listing_id=listing_id,
        title=_text(raw["title"], "title", MAX_TEXT_CHARS["title"], required=True),
        seller=seller,
        description=_text(raw.get("description"), "description", MAX_TEXT_CHARS["description"]),
        url=_text(raw.get("url"), "url", MAX_TEXT_CHARS["url"]) or None,
        price=_price(raw.get("price")),
        category=_text(raw.get("category"), "category", MAX_TEXT_CHARS["category"]) or None,
        images=_str_list(raw.get("images"), "images", MAX_IMAGES),
        observed_at=_time(raw.get("observed_at"), "observed_at"),
        taken_down_at=_time(raw.get("taken_down_at"), "taken_down_at"),
        label=raw.get("label") if isinstance(raw.get("label"), str) else None,
        tags=_str_list(raw.get("tags"), "tags", MAX_TAGS),
        extra=extra,
        source=source,
        line=line,
        base_dir=base_dir,
    )


def listing_to_raw(listing: Listing) -> dict[str, Any]:
    """The interchange-format dict of a listing (what the store keeps as an observation)."""
    s = listing.seller
    seller: dict[str, Any] = {"id": s.id}
    for k in ("name", "url", "location", "joined", "description"):
        v = getattr(s, k)
        if v:
            seller[k] = v
    out: dict[str, Any] = {"platform": listing.platform, "listing_id": listing.listing_id,
                           "title": listing.title, "seller": seller}
    for k in ("url", "description", "price", "category"):
        v = getattr(listing, k)
        if v not in (None, ""):
            out[k] = v
    if listing.images:
        out["images"] = listing.images
    for k in ("observed_at", "taken_down_at"):
        v = getattr(listing, k)
        if v is not None:
            out[k] = v.isoformat()
    out.update({k: v for k, v in listing.extra.items() if k != "seller_extra"})
    return out
