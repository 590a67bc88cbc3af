"""Term counts of one time window, split into suspect (foreground) and background traffic.

Pure functions over `Doc`s. A listing's weight says how suspect it is (0 benign .. 1 confirmed):
it counts `weight` towards the foreground and `1 - weight` towards the background, so a listing
sent to review splits evenly. The foreground is small (a few percent of traffic), so it is counted
completely first and the background only for the terms the foreground used: that keeps memory in
proportion to the suspect vocabulary, not to every word pair of a million benign listings.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from pantau.terms.extract import candidates_of, tokens

# One shop repeating a word (its own name, a slogan) in every listing is one voice, not a trend.
PER_SELLER_CAP = 3.0


@dataclass(frozen=True, slots=True)
class Doc:
    """One listing as term discovery sees it.

    flag: evidence about the listing itself (verdict, analyst decision, taken down), 0..1.
    shop: evidence about its seller (offender, linked to an offender's operator, used known codes
          before), 0..1. Both come from pluggable signals (see terms.signals)."""

    key: str
    seller: str
    text: str
    flag: float = 0.0
    shop: float = 0.0
    at: datetime | None = None

    @property
    def weight(self) -> float:
        return max(self.flag, self.shop)


@dataclass(slots=True)
class WindowCounts:
    n_docs: int = 0
    fg: dict[str, float] = field(default_factory=lambda: defaultdict(float))  # weighted, per-seller capped
    bg: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    df: Counter[str] = field(default_factory=Counter)  # plain number of listings using the term
    n_fg: float = 0.0  # total term occurrences (Monroe et al.'s n) in each group
    n_bg: float = 0.0
    fg_docs: float = 0.0  # total foreground weight (how many suspect listings, in effect)


def count_window(docs: Iterable[Doc], normalise: Callable[[str], str] | None = None,
                 per_seller_cap: float = PER_SELLER_CAP) -> WindowCounts:
    """Count every candidate term of a window's listings (suspect completely, background restricted)."""
    suspect: list[Doc] = []
    background: list[Doc] = []
    for d in docs:
        (suspect if d.weight > 0 else background).append(d)
    return count_split(suspect, background, normalise, per_seller_cap)


def count_split(suspect: list[Doc], background: Iterable[Doc], normalise: Callable[[str], str] | None = None,
                per_seller_cap: float = PER_SELLER_CAP) -> WindowCounts:
    """Like count_window, for callers that already hold suspect and background apart (the store
    adapter, the benchmark): `background` is streamed once and never held."""
    wc = WindowCounts()
    suspect = sorted(suspect, key=lambda d: d.seller)
    for _seller, group in groupby(suspect, key=lambda d: d.seller):
        fg_local: dict[str, float] = defaultdict(float)
        bg_local: dict[str, float] = defaultdict(float)
        n_local: Counter[str] = Counter()
        for d in group:
            wc.n_docs += 1
            w = d.weight
            wc.fg_docs += w
            cands = candidates_of(tokens(d.text, normalise))
            wc.n_fg += w * len(cands)
            wc.n_bg += (1 - w) * len(cands)
            for c in cands:
                fg_local[c] += w
                bg_local[c] += 1 - w
                n_local[c] += 1
        for c, n in n_local.items():
            scale = min(1.0, per_seller_cap / n)
            wc.fg[c] += fg_local[c] * scale
            if bg_local[c] > 0:
                wc.bg[c] += bg_local[c] * scale
            wc.df[c] += n
    vocab = wc.fg.keys()
    for d in background:
        wc.n_docs += 1
        cands = candidates_of(tokens(d.text, normalise))
        wc.n_bg += len(cands)
        for c in cands:
            if c in vocab:
                wc.bg[c] += 1.0
                wc.df[c] += 1
    return wc


def count_terms(docs: Iterable[Doc], vocabulary: set[str] | frozenset[str],
                normalise: Callable[[str], str] | None = None) -> tuple[int, Counter[str]]:
    """How many listings of another window used each term of `vocabulary` (for bursts and trends)."""
    n = 0
    counts: Counter[str] = Counter()
    for d in docs:
        n += 1
        for c in candidates_of(tokens(d.text, normalise)):
            if c in vocabulary:
                counts[c] += 1
    return n, counts
