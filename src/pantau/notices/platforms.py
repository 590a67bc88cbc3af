"""Which platform a bare URL belongs to, and a stable listing id for it (for notices found by hand)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from pantau.errors import InputError

MAX_URL = 2048

# host suffix -> platform slug (listing-format.md slugs); the first matching suffix wins
HOSTS: tuple[tuple[str, str], ...] = (
    ("shopee.co.id", "shopee"), ("shopee.com", "shopee"), ("shp.ee", "shopee"),
    ("tokopedia.com", "tokopedia"), ("tokopedia.link", "tokopedia"), ("tkp.me", "tokopedia"),
    ("lazada.co.id", "lazada"), ("lazada.com", "lazada"),
    ("tiktok.com", "tiktokshop"), ("tiktokshop.com", "tiktokshop"),
    ("blibli.com", "blibli"),
    ("bukalapak.com", "bukalapak"),
    ("facebook.com", "facebook"), ("fb.com", "facebook"), ("fb.me", "facebook"),
    ("instagram.com", "instagram"), ("instagr.am", "instagram"),
)

# Platform-specific ids in the path, so a URL and a feed record of the same listing meet.
_IDS: dict[str, re.Pattern[str]] = {
    "shopee": re.compile(r"-i\.(\d+)\.(\d+)|/product/(\d+)/(\d+)"),
    "lazada": re.compile(r"-i(\d+)(?:-s\d+)?\.html"),
    "tiktokshop": re.compile(r"/product/(\d+)|/view/product/(\d+)"),
    "bukalapak": re.compile(r"/p/[^/]+/[^/]+/([0-9a-z]+)-"),
    "facebook": re.compile(r"/marketplace/item/(\d+)"),
    "instagram": re.compile(r"/p/([A-Za-z0-9_-]+)"),
}


@dataclass(frozen=True, slots=True)
class UrlTarget:
    platform: str
    listing_id: str
    url: str


def canonical_url(url: str) -> str:
    url = (url or "").strip()
    if not url or len(url) > MAX_URL:
        raise InputError(f"a URL of 1 to {MAX_URL} characters is needed", where="url")
    try:
        parts = urlsplit(url if "://" in url else "https://" + url)
        port = parts.port  # raises ValueError on a port that is not a number
    except ValueError:
        raise InputError(f"not a valid address: {url[:200]!r}", where="url") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"not an http(s) address: {url[:200]!r}", where="url")
    host = parts.hostname.lower().rstrip(".")
    netloc = host if port is None else f"{host}:{port}"
    # fragments and tracking queries do not change the listing; some sites keep ids in the query
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


def platform_of(host: str) -> str:
    host = host.lower().rstrip(".")
    for suffix, slug in HOSTS:
        if host == suffix or host.endswith("." + suffix):
            return slug
    return "web"


def target_from_url(url: str) -> UrlTarget:
    clean = canonical_url(url)
    parts = urlsplit(clean)
    platform = platform_of(parts.hostname or "")
    listing_id = None
    pattern = _IDS.get(platform)
    if pattern:
        m = pattern.search(parts.path)
        if m:
            listing_id = ".".join(g for g in m.groups() if g)
    if platform == "tokopedia" and listing_id is None:
        segs = [s for s in parts.path.split("/") if s]
        if len(segs) >= 2:
            listing_id = f"{segs[0]}/{segs[1]}"
    if not listing_id:
        # no id in the address: a stable short hash of the canonical URL without its query
        base = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        listing_id = "url-" + hashlib.sha256(base.encode()).hexdigest()[:24]
    return UrlTarget(platform, listing_id, clean)
