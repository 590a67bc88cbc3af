"""The detector's shortcuts give exactly what the plain path gives.

The detector hands the learned model the title + description words it already normalised, and
reads its caches through C-level maps; these tests hold those shortcuts to the slow, obvious path
on hostile text (spread-out letters across the title/description join, look-alikes, hashtags).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pantau.detect import load_detector
from pantau.detect.features import listing_texts
from pantau.detect.normalise import normalise
from pantau.domain import Listing, Seller

DETECTOR = load_detector()
# pieces that make runs of one-character words, disguises and ordinary words
PIECES = st.sampled_from(["b", "a", "l", "k", "x", "s", "m", "1", "@", ".", "-", "#", "#thrift", "bаl",
                          "ｔｈｒｉｆｔ", "\u200b", "kaos", "bekas", "b.a.l.l", "k@rung4n", "thriiift",
                          "yg", "korea", "\x1f", "\n", "⚽", "bola", "impor"])
FIELD = st.lists(PIECES, max_size=12).map(lambda ps: " ".join(ps))
SQUASHED = st.lists(PIECES, max_size=8).map("".join)


def _listing(n: int, title: str, description: str) -> Listing:
    return Listing(platform="web", listing_id=str(n), title=title, description=description,
                   seller=Seller(id="s", name="toko"), category="Fashion Pria")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.one_of(FIELD, SQUASHED), st.one_of(FIELD, SQUASHED)), min_size=1, max_size=8))
def test_model_text_from_the_batch_is_what_the_model_would_read(pairs: list[tuple[str, str]]) -> None:
    listings = [_listing(n, t, d) for n, (t, d) in enumerate(pairs)]
    toks, _, joined = DETECTOR._batch(listings)
    bounds = [0, *(i + 1 for i, t in enumerate(toks) if t == "\x01\x01")]
    for n, li in enumerate(listings):
        got = DETECTOR._model_text(toks, joined, bounds, n)
        if got is not None:
            assert got == normalise(listing_texts(li)[0])


def test_a_run_across_the_join_is_left_to_the_model() -> None:
    listings = [_listing(0, "jual b a", "l l korea"), _listing(1, "jual kaos", "b a l l")]
    toks, _, joined = DETECTOR._batch(listings)
    bounds = [0, *(i + 1 for i, t in enumerate(toks) if t == "\x01\x01")]
    assert DETECTOR._model_text(toks, joined, bounds, 0) is None
    assert DETECTOR._model_text(toks, joined, bounds, 1) == normalise(listing_texts(listings[1])[0])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(FIELD, FIELD), min_size=1, max_size=6))
def test_batch_results_match_one_listing_at_a_time(pairs: list[tuple[str, str]]) -> None:
    listings = [_listing(n, t, d) for n, (t, d) in enumerate(pairs)]
    together = DETECTOR.detect(listings)
    for li, d in zip(listings, together, strict=True):
        alone = DETECTOR.detect([li])[0]
        assert (alone.verdict, [r.text for r in alone.reasons]) == (d.verdict, [r.text for r in d.reasons])
        assert abs(alone.score - d.score) < 1e-9
