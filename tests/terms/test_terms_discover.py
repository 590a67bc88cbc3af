"""Discovery over tiny explained windows: what rises, what is held back and why."""

from __future__ import annotations

from datetime import UTC, datetime

from pantau.terms.counting import Doc, count_window
from pantau.terms.discover import DiscoveryConfig, discover
from pantau.terms.extract import KnownTerms, fallback_normalise

AT = datetime(2025, 2, 10, tzinfo=UTC)
KNOWN = KnownTerms.of(["karungan", "bal segel"], fallback_normalise, plain=["korea"])
CFG = DiscoveryConfig(min_count=3, min_sellers=2)


def benign(n: int, text: str = "sepeda lipat {i} anak", prefix: str = "b") -> list[Doc]:
    return [Doc(f"shopee/{prefix}{i}", f"shopee/s{i % 50}", text.format(i=i), at=AT) for i in range(n)]


def suspect(n: int, text: str, *, flag: float = 1.0, shop: float = 0.0, prefix: str = "v",
            sellers: int = 10) -> list[Doc]:
    return [Doc(f"tokopedia/{prefix}{i}", f"tokopedia/op{i % sellers}", text.format(i=i), flag, shop, AT)
            for i in range(n)]


def run(docs: list[Doc], history: list[tuple[str, list[Doc]]] = (), top: int = 10):  # type: ignore[assignment]
    return discover(docs, KNOWN, history=history, window="2025-W07", top=top, config=CFG,
                    normalise=fallback_normalise)


def terms(found) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.term for s in found]


def test_log_odds_ranks_the_suspect_word_and_holds_back_shared_and_known_ones():
    docs = benign(500) + suspect(30, "zubalo jaket {i}") + suspect(30, "karungan kemeja", prefix="k")
    found = run(docs)
    assert terms(found)[0] == "zubalo"
    assert "karungan" not in terms(found)  # known policy term
    assert "sepeda" not in terms(found)  # benign traffic
    assert found[0].count == 30 and found[0].sellers == 10
    assert all(k.startswith("tokopedia/v") for k in found[0].examples)


def test_per_seller_cap_one_shop_repeating_its_name_is_not_a_trend():
    docs = benign(500) + suspect(40, "tokozz jaket", sellers=1) + suspect(12, "zubalo jaket", prefix="z")
    counts = count_window(docs, fallback_normalise)
    assert counts.df["tokozz"] == 40 and counts.fg["tokozz"] == 3  # counted, but capped per shop
    found = run(docs)
    assert "tokozz" not in terms(found)  # one shop: below min_sellers
    assert "zubalo" in terms(found)


def test_burst_lifts_a_new_word_over_an_old_one_of_the_same_size():
    old = suspect(20, "gembolan jaket", prefix="o")
    history = [("2025-W05", benign(500, prefix="h5") + old), ("2025-W06", benign(500, prefix="h6") + old)]
    docs = benign(500) + suspect(20, "gembolan jaket") + suspect(20, "zubalo kemeja", prefix="n")
    found = {s.term: s for s in run(docs, history)}
    assert found["zubalo"].burst > 3 and found["gembolan"].burst < 0.5
    assert found["zubalo"].score > found["gembolan"].score
    assert found["zubalo"].trend == [0, 0, 20] and found["zubalo"].first_seen == "2025-W07"
    assert found["gembolan"].first_seen == "2025-W05"


def test_cooccurrence_with_known_codes_and_suspect_shops_boosts():
    # same counts; one word travels with a known code, the other with nothing
    docs = (benign(500) + suspect(15, "zubalo karungan", flag=0.5, prefix="a")
            + suspect(15, "lempitan jaket", flag=0.5, prefix="b"))
    found = {s.term: s for s in run(docs)}
    assert found["zubalo"].cooccurrence > 0.5 > found["lempitan"].cooccurrence
    assert found["zubalo"].score > found["lempitan"].score
    # a shop signal (offender, linked operator) counts as co-occurrence too
    docs = benign(500) + suspect(15, "lempitan jaket", flag=0.0, shop=0.9, prefix="b")
    assert run(docs)[0].cooccurrence >= 0.85


def test_a_benign_burst_is_never_suggested():
    history = [("2025-W06", benign(600, prefix="h"))]
    docs = benign(500) + benign(80, "promo lebaran {i} sepatu", prefix="l") + suspect(20, "zubalo jaket")
    found = run(docs, history)
    assert "lebaran" not in terms(found) and "promo lebaran" not in terms(found)
    assert terms(found)[0] == "zubalo"


def test_a_plain_word_common_in_benign_traffic_is_held_back_even_when_suspect_listings_use_it():
    docs = benign(500, "kiriman sepeda {i}") + suspect(40, "kiriman jaket {i}")
    assert "kiriman" not in terms(run(docs))


def test_spelling_closeness_to_a_known_code_is_reported():
    docs = benign(500) + suspect(15, "kaarungan jaket")
    s = run(docs)[0]
    assert s.term == "kaarungan" and s.near == "karungan" and s.spelling > 0


def test_a_word_pair_and_its_words_are_one_suggestion():
    docs = benign(500) + suspect(20, "paket zubalo lempitan")
    found = terms(run(docs))
    ideas = [t for t in found if "zubalo" in t or "lempitan" in t]
    assert len(ideas) == 2  # "zubalo" and "lempitan" stand; the pair "zubalo lempitan" collapses
    assert "zubalo lempitan" not in found


def test_empty_and_all_benign_windows_give_nothing():
    assert run([]) == []
    assert run(benign(300)) == []
