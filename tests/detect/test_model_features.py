"""The hashed features and the model's scores on hostile and arbitrary text."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pantau.detect.features import TokenScorer, featurise, plain_fold
from pantau.detect.model import load_model
from pantau.domain import Listing, Seller

MODEL = load_model()


def _listing(title: str, description: str = "", shop: str = "", price: float | None = None) -> Listing:
    return Listing(platform="web", listing_id="1", title=title, description=description,
                   seller=Seller(id="s", name=shop), price=price)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300), st.text(max_size=60),
       st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)))
def test_any_text_scores_to_a_probability(title: str, description: str, shop: str, price: float | None) -> None:
    p = MODEL.score([_listing(title, description, shop, price)])
    assert p.shape == (1,) and np.isfinite(p[0]) and 0.0 <= p[0] <= 1.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=6), st.integers(min_value=0, max_value=5))
def test_a_listings_features_do_not_depend_on_its_batch(titles: list[str], pick: int) -> None:
    batch = [_listing(t) for t in titles]
    i = pick % len(batch)
    together = featurise(batch, plain_fold, 16).to_csr(16)[i]
    alone = featurise([batch[i]], plain_fold, 16).to_csr(16)[0]
    assert abs(together - alone).sum() < 1e-9


def test_huge_and_nul_laden_text_is_bounded() -> None:
    huge = "karungan " * 100_000 + "\x00" * 1000
    p = MODEL.score([_listing(huge, huge, huge)])
    assert np.isfinite(p[0])
    t = featurise([_listing(huge, huge)], plain_fold, 16)
    assert len(t.cols) < 150_000  # a 20,000-character cap per field, not a megabyte of n-grams


def test_the_same_ngram_hashes_alike_wherever_it_sits() -> None:
    a = featurise([_listing("buka bal")], plain_fold, 18).to_csr(18)
    b = featurise([_listing("zzz"), _listing("buka bal")], plain_fold, 18).to_csr(18)[1]
    assert abs(a - b).sum() < 1e-9
    assert a.nnz > 10


PIECES = st.sampled_from(["kaos", "bal", "#thriftimport", "k@rung4n", "b a l l", "h&m", "-", "|", "100kg",
                          "ｔｈｒｉｆｔ", "\x01\x01", "", "bekas", "korea", "jaket", "\u200b", "⚽", "isi 100 pcs"])
TEXT = st.lists(PIECES, max_size=10).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT, TEXT, st.one_of(st.none(), st.floats(0, 1e9))), min_size=1, max_size=5))
def test_the_token_scorer_gives_the_training_matrix_times_the_weights(rows: list) -> None:
    """Scoring a token at a time (with its per-token tables) is the same linear function as the
    matrix `featurise` builds for training, even after the tables start over."""
    listings = [_listing(t, d, s, p) for t, d, s, p in rows]
    bits = MODEL.bits
    expected = featurise(listings, MODEL.normalise, bits).dot(MODEL.weights)
    scorer = TokenScorer(MODEL.weights, bits, MODEL.normalise)
    np.testing.assert_allclose(scorer.decision(listings), expected, rtol=1e-9, atol=1e-9)
    scorer._reset()
    np.testing.assert_allclose(scorer.decision(listings), expected, rtol=1e-9, atol=1e-9)


def test_the_token_scorer_is_safe_to_share_between_threads() -> None:
    """Threads scoring at once, each meeting tokens never seen before, get the scores one thread gets."""
    from concurrent.futures import ThreadPoolExecutor

    batches = [[_listing(f"kaos w{t}x{i} bal{i} karungan{t}{i}", f"isi {i} pcs q{t}z{i}") for i in range(60)]
               for t in range(6)]
    alone = [TokenScorer(MODEL.weights, MODEL.bits, MODEL.normalise).decision(b) for b in batches]
    shared = TokenScorer(MODEL.weights, MODEL.bits, MODEL.normalise)
    with ThreadPoolExecutor(6) as pool:
        together = list(pool.map(shared.decision, batches))
    for a, b in zip(alone, together, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9)
