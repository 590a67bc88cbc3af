"""The signals that make a term a likely new code word. Pure functions over counts.

- Over-representation in suspect listings against benign traffic: the log-odds ratio with an
  informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 16-22), as a
  z-score so a rare term needs more evidence than a frequent one.
- Burst: the term's share of listings this week against the weeks before (log2 of the ratio, with
  add-half smoothing so a term going from 0 to 20 listings scores high but 0 to 1 does not).
- Co-occurrence: how much of the term's use is in listings that also carry a known code, or by
  shops that are already suspect (offenders, their linked operators, shops that used known codes).
- Spelling closeness to a known code (rapidfuzz), for respellings like "kaarungan".
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rapidfuzz import fuzz, process


def log_odds_z(y_fg: float, n_fg: float, y_bg: float, n_bg: float, alpha_w: float, alpha_0: float) -> float:
    """z-score of the log-odds ratio of a term between foreground and background (Monroe et al. eq. 22).

    y: the term's count in a group, n: the group's total count, alpha_w: the prior count of the term,
    alpha_0: the prior's total."""
    if y_fg <= 0:
        return 0.0
    a = max(alpha_w, 1e-9)
    fg_odds = (y_fg + a) / max(n_fg + alpha_0 - y_fg - a, 1e-9)
    bg_odds = (y_bg + a) / max(n_bg + alpha_0 - y_bg - a, 1e-9)
    delta = math.log(fg_odds) - math.log(bg_odds)
    variance = 1.0 / (y_fg + a) + 1.0 / (y_bg + a)
    return delta / math.sqrt(variance)


def prior_alpha(count_all: float, n_all: float, alpha_0: float) -> float:
    """Informative prior: the term's share of all text this window, scaled to alpha_0 pseudo-counts."""
    return alpha_0 * (count_all + 0.5) / (n_all + 1.0)


def burst(count_now: float, docs_now: int, count_before: float, docs_before: int) -> float:
    """log2 of the jump in the share of listings using a term, this window against earlier ones.

    0 when there is no earlier window to compare with; never negative (a fading term is simply not
    bursting). Add-half smoothing keeps a single new listing from looking like a trend."""
    if docs_now <= 0 or docs_before <= 0:
        return 0.0
    now = (count_now + 0.5) / (docs_now + 1.0)
    before = (count_before + 0.5) / (docs_before + 1.0)
    return max(0.0, math.log2(now / before))


def spelling_closeness(term: str, known_codes: Sequence[str], cutoff: float = 75.0) -> tuple[float, str | None]:
    """0..1 closeness of a term to the nearest known code (1 = one letter off a long code), and that code.

    Short codes (bal, BJ) are left out: every short word is "close" to them."""
    body = term.lstrip("#")
    if len(body) < 4 or not known_codes:
        return 0.0, None
    hit = process.extractOne(body, known_codes, scorer=fuzz.ratio, score_cutoff=cutoff)
    if hit is None:
        return 0.0, None
    return (hit[1] - cutoff) / (100.0 - cutoff), hit[0]


def combined(z: float, burst_bits: float, cooc: float, spelling: float, *, burst_weight: float,
             cooc_weight: float, spelling_weight: float, burst_cap: float = 6.0) -> float:
    """One ranking score. The boosts multiply the evidence of over-representation, so a term that is
    not over-represented in suspect listings (z <= 0) is never lifted by bursting alone: benign
    product words burst too (a seasonal sale, a new phone model)."""
    if z <= 0:
        return 0.0
    b = min(burst_bits, burst_cap)
    return z * (1.0 + burst_weight * b) * (1.0 + cooc_weight * cooc) * (1.0 + spelling_weight * spelling)
