"""Helpers for the console tests: a small explained store, the demo logins, logging in.

The store holds six listings:
- shopee/s1 "B4L K4RUNGAN ..." (violating, disguised bale code), seller toko-a (taken down before: a
  known offender), linked to tokopedia/t-b;
- tokopedia/t1 (violating, seller t-b, linked back to shopee/toko-a with a photo of a taken-down listing);
- shopee/evil: a title and description full of script and HTML payloads (review);
- lazada/l1 (review), shopee/ok (benign: never in the default queue), tokopedia/t2 (violating).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from starlette.exceptions import StarletteDeprecationWarning

from pantau.console.seed import seed_demo_users
from pantau.domain import Detection, ImageMatch, Listing, Reason, ScanResult, Seller, SellerLink, Verdict
from pantau.store.db import Database
from pantau.store.listings import save_batch

with warnings.catch_warnings():
    # Starlette 1.x wants the httpx2 package for its TestClient and warns (an error under our pytest
    # settings) when only httpx is installed; the client works the same with httpx.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

EVIL_TITLE = '<script>alert("xss")</script><img src=x onerror=alert(1)> Bal <b>bold</b> "quote" & co'
EVIL_DESC = "</textarea><svg onload=alert(2)><a href=\"javascript:alert(3)\">klik</a> {{ 7*7 }}"
NOW = datetime.now(UTC)


def _term(field: str, text: str, surface: str, reading: str) -> Reason:
    """A term reason shaped as pantau.detect's rules write it (term, field, reading, written)."""
    assert surface in text
    return Reason("term", f'term "{reading}" (bale code) written "{surface}"', 0.6,
                  {"term": reading, "category": "bulk", "field": field, "reading": reading.lower(),
                   "written": surface, "near": False})


def _listing(platform: str, lid: str, title: str, seller: Seller, *, description: str = "",
             days_ago: int = 1, taken_down: bool = False, url: str | None = None) -> Listing:
    seen = NOW - timedelta(days=days_ago)
    return Listing(platform, lid, title, seller, description=description, price=250000.0,
                   url=url or f"https://{platform}.example/{lid}", images=["a.jpg"], observed_at=seen,
                   taken_down_at=seen if taken_down else None)


def build_listings() -> tuple[list[Listing], list[ScanResult]]:
    toko_a = Seller("toko-a", "Gudang Karungan Jaya", location="Bandung")
    t_b = Seller("t-b", "Thrift Bale B", location="Jakarta")
    evil_seller = Seller("evil", '<i>Toko</i><script>alert("shop")</script>', location="Surabaya")
    other = Seller("ok-shop", "Toko Baju Baru", location="Bandung")
    lz = Seller("lz", "LZ Import", location="Medan")

    t1 = "B4L K4RUNGAN korea isi 100 pcs"
    s1 = _listing("shopee", "s1", t1, toko_a, description="ready bal, kirim cepat")
    old = _listing("shopee", "s0", "bal lama", toko_a, days_ago=30, taken_down=True)
    t2 = "Thrift bale jepang grade A"
    tk1 = _listing("tokopedia", "t1", t2, t_b, description="karungan jepang")
    tk2 = _listing("tokopedia", "t2", "ballpress campur", t_b, days_ago=3)
    evil = _listing("shopee", "evil", EVIL_TITLE, evil_seller, description=EVIL_DESC,
                    url="javascript:alert(4)")
    lz1 = _listing("lazada", "l1", "Kemeja second import", lz, days_ago=2)
    ok = _listing("shopee", "ok", "Kemeja baru katun", other)

    def result(li: Listing, verdict: Verdict, score: float, reasons: list[Reason],
               links: list[SellerLink] | None = None, photos: list[ImageMatch] | None = None) -> ScanResult:
        return ScanResult(li.platform, li.listing_id, li.seller.id,
                          Detection(verdict, score, reasons, "test-pack-1", "m" * 64), links or [], photos or [])

    listings = [old, s1, tk1, tk2, evil, lz1, ok]
    results = [
        result(old, Verdict.VIOLATING, 0.95, []),
        result(s1, Verdict.VIOLATING, 0.93, [_term("title", t1, "K4RUNGAN", "karungan"),
                                             _term("shop_name", toko_a.name, "Karungan", "karungan")],
               [SellerLink("tokopedia", "t-b", 0.95, ["same WhatsApp number 0812-xxxx"], False)]),
        result(tk1, Verdict.VIOLATING, 0.71, [_term("title", t2, "bale", "bale")],
               [SellerLink("shopee", "toko-a", 0.92, ["same WhatsApp number 0812-xxxx"], True)],
               [ImageMatch("shopee", "s0", 6, 0, 0, True)]),
        result(tk2, Verdict.VIOLATING, 0.8, [_term("title", "ballpress campur", "ballpress", "ballpress")]),
        result(evil, Verdict.REVIEW, 0.55, [Reason("term", 'term "bal" (bale code)', 0.4,
                                                   {"term": "bal", "original": "Bal"})]),
        result(lz1, Verdict.REVIEW, 0.5, [Reason("model", "model 0.50", 0.5)]),
        result(ok, Verdict.BENIGN, 0.02, []),
    ]
    return listings, results


def seed_store(db: Database) -> list[tuple[str, str, str]]:
    listings, results = build_listings()
    with db.session() as s:
        save_batch(s, listings, results)
    return seed_demo_users(db)


@dataclass
class Logins:
    by_role: dict[str, tuple[str, str]]

    def __getitem__(self, role: str) -> tuple[str, str]:
        return self.by_role[role]


def logins_of(rows: list[tuple[str, str, str]]) -> Logins:
    out = {}
    for label, user, password in rows:
        role = label.split(" ")[0]
        platform = label[label.find("(") + 1:-1] if "(" in label else ""
        out[f"platform:{platform}" if platform else role] = (user, password)
    return Logins(out)


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def login(client: TestClient, user: str, password: str) -> str:
    """Log in; returns the CSRF token of the signed-in session."""
    page = client.get("/console/login")
    r = client.post("/console/login", data={"csrf": csrf_of(page.text), "username": user,
                                            "password": password, "next": ""}, follow_redirects=True)
    assert r.status_code == 200, r.text[:500]
    return csrf_of(r.text)


