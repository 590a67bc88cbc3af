"""The detector's shortcuts give exactly what the plain path gives.

The detector hands the learned model the title and description tokens it already normalised, and
reads its caches through C-level maps; these tests hold those shortcuts to the slow, obvious path
on hostile text (spread-out letters across the title/description join, look-alikes, hashtags).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pantau.detect import load_detector
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
def test_the_model_reads_the_batch_tokens_as_it_reads_each_listing_alone(pairs: list[tuple[str, str]]) -> None:
    """The detector hands the model its batch's title and description tokens; the model's scores
    from them are the scores of its own normalisation, one listing at a time."""
    listings = [_listing(n, t, d) for n, (t, d) in enumerate(pairs)]
    toks, _ = DETECTOR._batch(listings)
    bounds = [0, *(i + 1 for i, t in enumerate(toks) if t == "\x01\x01")]
    span = (toks, bounds[0:2 * len(listings):2])
    model = DETECTOR.model
    assert model is not None
    from_batch = model.decision(listings, span)
    for li, z in zip(listings, from_batch, strict=True):
        assert abs(model.decision([li])[0] - z) < 1e-9


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(FIELD, FIELD), min_size=1, max_size=6))
def test_batch_results_match_one_listing_at_a_time(pairs: list[tuple[str, str]]) -> None:
    listings = [_listing(n, t, d) for n, (t, d) in enumerate(pairs)]
    together = DETECTOR.detect(listings)
    for li, d in zip(listings, together, strict=True):
        alone = DETECTOR.detect([li])[0]
        assert (alone.verdict, [r.text for r in alone.reasons]) == (d.verdict, [r.text for r in d.reasons])
        assert abs(alone.score - d.score) < 1e-9


def test_the_collector_is_left_as_it_was_found() -> None:
    """detect pauses the cyclic garbage collector for a batch and restores the caller's setting,
    also when the batch fails."""
    import gc

    listings = [_listing(0, "jual bal korea", "isi 100 pcs")]
    assert gc.isenabled()
    DETECTOR.detect(listings)
    assert gc.isenabled()
    gc.disable()
    try:
        DETECTOR.detect(listings)
        assert not gc.isenabled()
    finally:
        gc.enable()
    broken = Listing(platform="web", listing_id="x", title=5, description="",  # type: ignore[arg-type]
                     seller=Seller(id="s"), category=None)
    with pytest.raises(TypeError):
        DETECTOR.detect([broken, *listings])
    assert gc.isenabled()
