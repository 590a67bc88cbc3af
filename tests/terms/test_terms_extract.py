"""Candidates of a listing, and what counts as already known."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pantau.terms.extract import KnownTerms, candidates_of, fallback_normalise, tokens

_SHAPE = re.compile(r"^(#[a-z0-9]+|[a-z0-9]+( [a-z0-9]+)?)$")


def cands(text: str) -> set[str]:
    return candidates_of(tokens(text, fallback_normalise))


def test_disguised_forms_count_as_the_word_they_disguise():
    assert "karungan" in cands("k@rungan murah")
    assert "buntelan" in cands("BUNT3LAN campur")
    assert "thrift" in cands("t.h.r.i.f.t korea")


def test_words_pairs_and_hashtags_but_not_function_or_product_words():
    c = cands("Jual zubalo lempitan anak, kemeja flanel buntelan #zubalomurah")
    assert {"zubalo", "lempitan", "zubalo lempitan", "buntelan", "#zubalomurah"} <= c
    assert not {"jual", "anak", "kemeja", "flanel", "lempitan anak"} & c  # plain words and pairs with them
    assert "lempitan kemeja" not in c  # a pair never crosses punctuation


def test_seasonal_words_model_numbers_and_other_goods_are_not_candidates():
    assert cands("baju lebaran promo ramadan, samsung galaxy s27 256gb, iphone 17 pro max, 100kg") == set()


def test_hostile_text_is_cut_to_a_bounded_size():
    assert len(tokens("kata " * 100_000, fallback_normalise)[0]) <= 4_000


def test_known_terms_cover_forms_pairs_parts_and_compounds():
    k = KnownTerms.of(["karungan", "bal segel", "thrift import"], fallback_normalise, plain=["korea"])
    assert k.is_known("karungan") and k.is_known("#karungan")
    assert k.is_known("balsegel")  # run together
    assert k.is_known("segel")  # a word inside a known phrase
    assert k.is_known("karungan murah")  # a pair with a known word
    assert k.is_known("karunganmurah")  # a compound on a long code
    assert k.is_known("korea")  # plain vocabulary
    assert not k.is_known("buntelan")
    assert k.present({"karungan", "jaket"}) and not k.present({"korea", "jaket"})  # plain is not a code


@given(st.text(max_size=300))
@settings(max_examples=150, deadline=None)
def test_any_text_gives_plain_bounded_candidates(text: str):
    from pantau.terms.vocabulary import STOPWORDS

    for c in candidates_of(tokens(text)):  # detect's normaliser when installed, else the fallback
        assert _SHAPE.match(c), c
        assert c not in STOPWORDS
