"""Linkage on small, hand-made scenarios: what links deterministically, what links on weak signals
together, what must stay apart (look-alikes, a shared courier number), and operator ids that stay
put across incremental runs.

The background shops give the frequency estimates something to compare with: in an empty store
every word would look rare."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pantau.domain import Listing, Seller
from pantau.sellers import Linker
from pantau.sellers.operators import OperatorBook

T0 = datetime(2024, 3, 1, tzinfo=UTC)
CITIES = ["Kota Medan", "Kota Surabaya", "Kota Makassar", "Kota Semarang", "Kota Bandung", "Kota Malang",
          "Kota Padang", "Kota Denpasar"]
GOODS = ["kemeja flanel", "kaos polos", "jaket parasut", "celana jeans", "hoodie polos", "topi baseball"]


def make(platform: str, sid: str, lid: str, name: str, *, desc: str = "", shop: str = "", city: str = "Kota Bandung",
         day: int = 0, joined: str | None = None, taken: bool = False, title: str = "Jaket second",
         price: float | None = 150000) -> Listing:
    seen = T0 + timedelta(days=day)
    return Listing(platform=platform, listing_id=lid, title=title, description=desc, price=price,
                   seller=Seller(id=sid, name=name, location=city, description=shop,
                                 joined=joined or (seen - timedelta(days=3)).date().isoformat()),
                   observed_at=seen, taken_down_at=seen + timedelta(days=1) if taken else None)


def background(n: int = 120) -> list[Listing]:
    """Ordinary shops: stock phrasing, generic names, spread over cities, each with its own number."""
    out = []
    for i in range(n):
        goods = GOODS[i % len(GOODS)]
        city = CITIES[i % len(CITIES)]
        out.append(make("shopee", f"bg{i}", f"bg{i}-1", f"Toko {goods.title()} {city.split()[-1]}",
                        desc=f"{goods} murah, no retur kecuali salah kirim. Grosir dan eceran.",
                        shop=f"Jual {goods} grosir dan eceran, bisa kirim ke seluruh Indonesia. "
                             f"WA 0813 {1000 + i:04d} {2000 + i:04d}",
                        city=city, day=-400 + i, title=f"{goods} pria"))
    return out


def linked(links) -> set[str]:
    return {f"{x.platform}/{x.seller_id}" for x in links}


@pytest.fixture
def linker() -> Linker:
    lk = Linker()
    lk.link(background(), [])
    return lk


def test_deterministic_link_on_a_phone_written_another_way(linker: Linker) -> None:
    old = make("shopee", "1", "a", "Gudang Bal Rizky", shop="Supplier bal. WA 0812-2045-7731", day=0, taken=True)
    new = make("tiktokshop", "2", "b", "Outer Pilihan", shop="admin: nol delapan satu dua dua nol empat lima tujuh "
                                                              "tujuh tiga satu", city="Kota Surabaya", day=200)
    out = linker.link([old, new], [])
    assert out[0] == []
    (link,) = out[1]
    assert (link.platform, link.seller_id, link.known_offender) == ("shopee", "1", True)
    assert link.score >= 0.99
    assert 'same WhatsApp +6281220457731 (written "nol delapan' in link.evidence[0]


def test_weak_signals_together_link_a_reopened_shop(linker: Linker) -> None:
    """No contact in common: a distinctive sentence, the same city and opening a week after the takedown."""
    old = make("shopee", "10", "c", "Rumah Denim Sukajadi", city="Kota Pekanbaru", day=0, taken=True,
               shop="Denim pilihan. Stok datang tiap Kamis dari pelabuhan Dumai, sortir tangan sendiri.")
    new = make("lazada", "11", "d", "Jeans Corner Riau", city="Kota Pekanbaru", day=9, joined="2024-03-09",
               shop="Jeans murah. Stok datang tiap Kamis dari pelabuhan Dumai.")
    out = linker.link([old, new], [])
    assert linked(out[1]) == {"shopee/10"}
    assert any("tiap kamis" in e for e in out[1][0].evidence)
    assert any("taken down" in e for e in out[1][0].evidence)


def test_lookalikes_stay_apart(linker: Linker) -> None:
    """Same city, generic names, stock phrasing, own contacts: not one operator."""
    offender = make("shopee", "20", "e", "Thrift Bandung Pilihan", day=0, taken=True,
                    shop="Thrift murah Bandung. No retur kecuali salah kirim. WA 0822 1111 3333",
                    desc="jaket thrift murah, grosir dan eceran")
    looks = [make("tokopedia", f"2{i}", f"f{i}", name, day=5 + i,
                  shop=f"Thrift murah Bandung, grosir dan eceran. No retur kecuali salah kirim. "
                       f"WA 0822 {4000 + i:04d} {5000 + i:04d}",
                  desc="thrift murah, bisa kirim ke seluruh Indonesia")
             for i, name in enumerate(["Bandung Thrift Store", "Thrift Bandung Murah", "Thrift Store Official ID"], 1)]
    out = linker.link([offender, *looks], [])
    assert all(links == [] for links in out)


def test_giant_cluster_guard_a_shared_courier_number_links_no_one() -> None:
    lk = Linker()
    lk.link(background(60), [])
    courier = "Pengiriman via kargo, cek resi di 0811 9000 1234"
    shops = [make("shopee", f"c{i}", f"g{i}", f"Toko Nomor {i}", desc=courier,
                  shop=f"WA 0856 {3000 + i:04d} {7000 + i:04d}", city=CITIES[i % len(CITIES)], day=i)
             for i in range(40)]
    out = lk.link(shops, [])
    # the first few holders cannot be told from one operator; after that the number is a service
    assert sum(1 for links in out if links) <= 4
    assert all(len(links) <= 4 for links in out)
    sizes = [len(m) for m in lk.book.members.values()]
    assert max(sizes, default=0) <= 5


def test_a_seller_seen_again_is_reindexed_with_the_union_of_its_identifiers(linker: Linker) -> None:
    old = make("shopee", "30", "h", "Karung Jaya", shop="BCA 765-123-0984 a.n Budi", day=0, taken=True)
    new_first = make("lazada", "31", "i", "Baju Murah Sekali", shop="", city="Kota Medan", day=50)
    new_second = make("lazada", "31", "j", "Baju Murah Sekali", desc="transfer ke rek 7651230984 (BCA)",
                      city="Kota Medan", day=60)
    out = linker.link([old, new_first, new_second], [])
    assert out[1] == []
    assert linked(out[2]) == {"shopee/30"}
    assert linker.index.sellers[linker.index.ids["lazada/31"]].listings == 2


def test_operator_ids_are_stable_across_incremental_runs(linker: Linker) -> None:
    a = make("shopee", "40", "k", "Satu", shop="WA 0877 1234 0001", day=0, taken=True)
    b = make("tokopedia", "41", "l", "Dua", shop="wa.me/6287712340001", day=10)
    first = linker.link([a, b], [])
    op1 = first[1][0].operator_id
    c = make("shopee", "50", "m", "Tiga", shop="IG: tiga.empat.store", day=20, taken=True)
    d = make("lazada", "51", "n", "Empat", shop="ig @tiga.empat.store", day=30)
    op2 = linker.link([c, d], [])[1][0].operator_id
    assert op1 != op2
    # an unrelated run does not renumber anything
    linker.link([make("lazada", "60", "o", "Lain", shop="WA 0877 9999 0002", day=40)], [])
    assert linker.book.operator_of("shopee/40") == op1 and linker.book.operator_of("lazada/51") == op2
    # a bridge merges them; the older id survives and the younger resolves to it
    e = make("tiktokshop", "70", "p", "Lima", shop="WA 0877-1234-0001, IG tiga.empat.store", day=50)
    out = linker.link([e], [])[0]
    assert {x.operator_id for x in out} == {op1}
    assert linked(out) == {"shopee/40", "tokopedia/41", "shopee/50", "lazada/51"}
    assert linker.book.resolve(op2) == op1
    assert linker.book.operator_of("lazada/51") == op1


def test_operator_book_growth_guard_refuses_weak_links_into_a_big_operator() -> None:
    book = OperatorBook()
    for i in range(1, 13):
        book.link(f"s/{i}", "s/0", ["same phone"], 0.99, deterministic=True)
    assert len(book.members[book.operator_of("s/0")]) == 13
    assert book.link("s/99", "s/0", ["same city"], 0.85, deterministic=False) is None
    assert book.link("s/99", "s/0", ["same phone"], 0.99, deterministic=True) == book.operator_of("s/0")


def test_shared_photo_from_the_photo_matcher_is_evidence(linker: Linker) -> None:
    from pantau.domain import ImageMatch
    from pantau.pipeline import PhotoOutcome

    old = make("shopee", "80", "q", "Vintage Ruko", day=0, taken=True, city="Kota Malang",
               shop="Kemeja vintage kurasi sendiri.")
    new = make("lazada", "81", "r", "Vintage Garasi", day=8, joined="2024-03-08", city="Kota Malang",
               shop="Kemeja lawas kurasi sendiri.")
    match = PhotoOutcome(matches=[ImageMatch("shopee", "q", 4, taken_down=True)])
    out = linker.link([old, new], [PhotoOutcome(), match])
    assert linked(out[1]) == {"shopee/80"}
    assert any("same photo" in e for e in out[1][0].evidence)


def test_the_very_same_photo_hash_is_evidence(linker: Linker) -> None:
    from pantau.pipeline import PhotoOutcome

    pdq = "f" * 16 + "0123456789abcdef" * 3
    old = make("shopee", "90", "s", "Kemeja Ruko", day=0, taken=True, city="Kota Malang", shop="Kemeja kurasi.")
    new = make("lazada", "91", "t", "Kemeja Garasi", day=8, joined="2024-03-08", city="Kota Malang",
               shop="Kemeja pilihan.")
    out = linker.link([old, new], [PhotoOutcome(hashes=[pdq]), PhotoOutcome(hashes=[None, pdq])])
    assert linked(out[1]) == {"shopee/90"}
    assert any("same photo" in e for e in out[1][0].evidence)


def test_one_kind_of_weak_evidence_alone_does_not_link(linker: Linker) -> None:
    """A rare sentence in common but different cities and no timing: a coincidence, not an operator."""
    old = make("shopee", "100", "u", "Toko Satu", city="Kota Medan", day=0,
               shop="Stok datang tiap Kamis dari pelabuhan Belawan. Dipilih tangan Kak Butet sendiri.")
    new = make("lazada", "101", "v", "Toko Dua", city="Kota Makassar", day=400, joined="2025-04-01",
               shop="Dipilih tangan Kak Butet sendiri. Stok datang tiap Kamis dari pelabuhan Belawan.")
    out = linker.link([old, new], [])
    assert out[1] == []
    # the same pair in one city, opened right after a takedown, is linked
    old2 = make("shopee", "102", "w", "Toko Tiga", city="Kota Medan", day=0, taken=True,
                shop="Stok datang tiap Rabu dari pelabuhan Belawan. Disortir tangan Bang Ucok sendiri.")
    new2 = make("lazada", "103", "x", "Toko Empat", city="Kota Medan", day=9, joined="2024-03-09",
                shop="Disortir tangan Bang Ucok sendiri. Stok datang tiap Rabu dari pelabuhan Belawan.")
    assert linked(linker.link([old2, new2], [])[1]) == {"shopee/102"}
