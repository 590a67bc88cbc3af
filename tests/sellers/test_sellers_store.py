"""The linker's index and operators survive a round trip through the store, on SQLite and PostgreSQL,
and operator ids stay stable across incremental scans."""

from __future__ import annotations

from datetime import UTC, datetime

from pantau.domain import Listing, Seller
from pantau.sellers.persist import load_linker, save_linker
from pantau.store.db import Database


def _listing(platform: str, sid: str, lid: str, name: str, desc: str, day: int, taken: bool = False,
             location: str = "Kota Bandung") -> Listing:
    seen = datetime(2024, 1, day, tzinfo=UTC)
    return Listing(platform=platform, listing_id=lid, title="Jaket bekas", description=desc,
                   seller=Seller(id=sid, name=name, location=location, joined="2023-06-01"),
                   observed_at=seen, taken_down_at=seen if taken else None)


def _scan(db: Database, listings: list[Listing]):
    with db.session() as s:
        linker = load_linker(s)
        out = linker.link(listings, [])
        save_linker(s, linker)
    return out


def test_round_trip_keeps_identifiers_links_and_operator_ids(db: Database) -> None:
    first = _scan(db, [
        _listing("shopee", "1", "a1", "Gudang Jaket Rizal", "WA 0812-2045-7731 grosir", 1, taken=True),
        _listing("tokopedia", "2", "b1", "Outer Store", "hub +62 812 2045 7731", 2),
    ])
    assert [(x.platform, x.seller_id) for x in first[1]] == [("shopee", "1")]
    op = first[1][0].operator_id
    assert op and first[1][0].known_offender

    # a later scan, from the store alone: a third account with the number spelled out joins the same id
    later = _scan(db, [_listing("tiktokshop", "3", "c1", "RZL Outer",
                                "admin nol delapan satu dua dua nol empat lima tujuh tujuh tiga satu", 9)])
    linked = {(x.platform, x.seller_id) for x in later[0]}
    assert linked == {("shopee", "1"), ("tokopedia", "2")}
    assert {x.operator_id for x in later[0]} == {op}
    evidence = " ".join(e for x in later[0] for e in x.evidence)
    assert "+6281220457731" in evidence and "nol delapan" in evidence

    with db.session() as s:
        again = load_linker(s)
    assert again.book.operator_of("tiktokshop/3") == op
    assert len(again.index) == 3
    assert ("tokopedia/2", "shopee/1") in again.pairs


def test_merge_keeps_the_older_operator_id(db: Database) -> None:
    a = _scan(db, [
        _listing("shopee", "10", "x1", "Satu", "WA 0813 1111 2222", 1, taken=True),
        _listing("lazada", "11", "x2", "Dua", "WA 0813-1111-2222", 2),
    ])
    older = a[1][0].operator_id
    b = _scan(db, [
        _listing("shopee", "20", "y1", "Tiga", "BCA 123 456 7890", 3),
        _listing("lazada", "21", "y2", "Empat", "rek BCA 1234567890", 4),
    ])
    younger = b[1][0].operator_id
    assert older != younger
    # one account that shows both the phone and the bank account joins the two operators
    c = _scan(db, [_listing("tiktokshop", "30", "z1", "Lima", "wa 081311112222, transfer BCA 123-456-7890", 5)])
    assert {x.operator_id for x in c[0]} == {older}
    with db.session() as s:
        again = load_linker(s)
    assert again.book.resolve(younger) == older
    assert again.book.operator_of("lazada/21") == older
