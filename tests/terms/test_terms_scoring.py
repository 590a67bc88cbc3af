"""The scoring signals, each on tiny explained numbers."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from pantau.terms.scoring import burst, combined, log_odds_z, prior_alpha, spelling_closeness

# 100 suspect listings and 10,000 benign ones, ~10 candidate terms each
N_FG, N_BG = 1_000.0, 100_000.0
A0 = 1_000.0


def z(y_fg: float, y_bg: float) -> float:
    return log_odds_z(y_fg, N_FG, y_bg, N_BG, prior_alpha(y_fg + y_bg, N_FG + N_BG, A0), A0)


def test_a_term_of_suspect_listings_scores_high_and_a_term_of_benign_ones_negative():
    assert z(20, 2) > 5  # in 20 of 100 suspect listings, 2 of 10,000 benign ones
    assert z(2, 2_000) < 0  # a plain word: more common in benign traffic
    assert z(0, 50) == 0.0  # never in a suspect listing: no evidence at all


def test_same_rates_with_more_evidence_give_a_larger_z():
    # the prior shrinks rare terms: 3 of 100 vs 30 of 1000 at the same rates is weaker evidence
    small = log_odds_z(3, 100, 1, 10_000, prior_alpha(4, 10_100, A0), A0)
    large = log_odds_z(30, 1_000, 10, 100_000, prior_alpha(40, 101_000, A0), A0)
    assert 0 < small < large


@given(st.floats(1, 500), st.floats(1, 500), st.floats(0.01, 50))
def test_log_odds_is_antisymmetric_in_the_two_groups(y1: float, y2: float, alpha: float):
    forward = log_odds_z(y1, 2_000, y2, 3_000, alpha, A0)
    backward = log_odds_z(y2, 3_000, y1, 2_000, alpha, A0)
    assert math.isclose(forward, -backward, rel_tol=1e-9, abs_tol=1e-9)


def test_burst_is_large_for_a_new_term_and_zero_for_a_steady_or_fading_one():
    assert burst(20, 2_500, 0, 10_000) > 5  # 0 -> 20 listings: ~log2(160)
    assert burst(1, 2_500, 0, 10_000) < burst(20, 2_500, 0, 10_000)
    assert burst(25, 2_500, 100, 10_000) < 0.1  # the same share as before
    assert burst(5, 2_500, 100, 10_000) == 0.0  # fading, never negative
    assert burst(20, 2_500, 0, 0) == 0.0  # no earlier window to compare with


def test_spelling_closeness_finds_respellings_of_long_codes_only():
    close, near = spelling_closeness("kaarungan", ["balpres", "karungan"])
    assert near == "karungan" and close > 0.5
    assert spelling_closeness("sepeda", ["balpres", "karungan"]) == (0.0, None)
    assert spelling_closeness("bak", ["bal"]) == (0.0, None)  # too short to say


def test_boosts_never_lift_a_term_that_is_not_over_represented():
    kw = {"burst_weight": 0.5, "cooc_weight": 1.0, "spelling_weight": 0.5}
    assert combined(-3.0, 6.0, 1.0, 1.0, **kw) == 0.0
    assert combined(4.0, 6.0, 0.0, 0.0, **kw) > combined(4.0, 0.0, 0.0, 0.0, **kw)
    assert combined(4.0, 0.0, 1.0, 0.0, **kw) > combined(4.0, 0.0, 0.0, 0.0, **kw)
