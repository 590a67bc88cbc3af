"""Seller similarity pieces: distinctive shop-name words, fuzzy names, places, phrase keys and their
frequency-aware weights."""

from __future__ import annotations

from pantau.sellers.features import name_tokens, text_keys
from pantau.sellers.index import SellerIndex, SellerRecord
from pantau.sellers.regions import closeness, place_of
from pantau.sellers.scoring import _fuzzy_name, _key_bits


def test_generic_shop_words_and_the_own_city_are_not_name_evidence() -> None:
    bandung = place_of("Kota Bandung")
    assert name_tokens("Thrift Bandung Murah Official Store", bandung) == []
    assert name_tokens("Rizal Outer Store ID", bandung) == ["rizal"]
    assert name_tokens("Sinar Jaya Abadi Collection", bandung) == []  # blessings every second shop uses


def test_fuzzy_names_see_abbreviations_and_spelling_variants() -> None:
    index = SellerIndex()
    p = place_of("Kota Bandung")
    a = index.add_record(SellerRecord("shopee", "1", "Rizal Outer Store", p, None, None, None))
    b = index.add_record(SellerRecord("tiktokshop", "2", "Outerwear RZL", p, None, None, None))
    c = index.add_record(SellerRecord("lazada", "3", "Kiddo Preloved", p, None, None, None))
    d = index.add_record(SellerRecord("lazada", "4", "Mama Kidoo Store", p, None, None, None))
    e = index.add_record(SellerRecord("lazada", "5", "Gudang Sepatu Anak", p, None, None, None))
    assert _fuzzy_name("Outerwear RZL", "Rizal Outer Store", index, b, a) is not None
    assert _fuzzy_name("Kiddo Preloved", "Mama Kidoo Store", index, c, d) is not None
    assert _fuzzy_name("Kiddo Preloved", "Gudang Sepatu Anak", index, c, e) is None


def test_places_same_twin_province_far() -> None:
    assert closeness(place_of("Kota Bandung"), place_of("Bandung")) in ("same", "twin")
    assert closeness(place_of("Kota Cirebon"), place_of("Kab. Cirebon")) == "twin"
    assert closeness(place_of("Kota Pontianak"), place_of("Kab. Kubu Raya")) == "province"
    assert closeness(place_of("Kota Medan"), place_of("Kota Makassar")) == "far"
    assert closeness(place_of("Jaktim"), place_of("Jakarta Timur")) == "same"
    assert closeness(place_of(None), place_of("Kota Medan")) == "unknown"


def test_phrase_keys_skip_boilerplate_hashtags_and_numbers() -> None:
    keys = text_keys("Barang masuk tiap Selasa dari pelabuhan. No retur kecuali salah kirim. #thrift #ootd\n"
                     "WA 0812 2045 7731, BCA 7651230984")
    assert "np:masuk tiap selasa" in keys or any("selasa" in k for k in keys)
    assert not any("ootd" in k or "thrift" in k for k in keys)
    assert not any(k.startswith("ng:") and ("0812" in k or "bca" in k) for k in keys)
    assert not any(k.startswith("ng:") and "retur" in k for k in keys)


def test_key_weights_fall_with_frequency_and_stock_phrases_weigh_little() -> None:
    n = 10_000
    rare, common = _key_bits("ng", 2, n, "ng:x y z"), _key_bits("ng", 40, n, "ng:x y z")
    assert rare > common > 0
    assert _key_bits("ng", 2, n, "ng:retur kecuali salah") < rare - 5  # a known stock phrase
    # a shared phone is decisive, a courier number held by hundreds is not
    assert _key_bits("phone", 2, n, "phone:+62") > 20
    assert _key_bits("phone", 300, n, "phone:+62") < 5
    # plain everyday phrasing needs more than two holders' agreement to say much
    assert _key_bits("np", 2, n, "np:a b c") < _key_bits("ng", 2, n, "ng:a b c") - 3
