"""Term discovery over one window: candidates, scored and explained, best first. Pure.

    discover(docs, known, history=[("2025-W10", docs_w10), ...], window="2025-W11")

`docs` are the window's listings with their suspicion (see counting.Doc); `history` holds earlier
windows, oldest first, read once and only for the shortlisted terms (burst, trend, first seen).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from typing import Any

from pantau.terms.counting import PER_SELLER_CAP, Doc, count_split, count_terms
from pantau.terms.extract import KnownTerms, candidates_of, tokens
from pantau.terms.scoring import burst, combined, log_odds_z, prior_alpha, spelling_closeness


@dataclass(frozen=True, slots=True)
class DiscoveryConfig:
    alpha_0: float = 1000.0  # prior pseudo-counts (Monroe et al.); larger = more shrinkage of rare terms
    z_min: float = 2.0  # minimum over-representation to be a candidate at all
    min_count: int = 5  # listings using the term in the window
    min_sellers: int = 2  # distinct suspect shops using it
    max_background_rate: float = 0.03  # a term in more than this share of benign listings is plain
    burst_weight: float = 0.5
    cooc_weight: float = 1.0
    spelling_weight: float = 0.5
    history_weeks: int = 4  # earlier windows pooled as the burst baseline
    shortlist: int = 300  # candidates carried into the (costlier) explanation pass
    examples: int = 5
    per_seller_cap: float = PER_SELLER_CAP


@dataclass(slots=True)
class Suggestion:
    term: str
    score: float
    count: int  # listings using it in the window
    suspect: float  # of which, suspect weight
    sellers: int  # distinct suspect shops using it
    log_odds_z: float
    burst: float
    cooccurrence: float
    spelling: float
    near: str | None = None  # the known code it is spelled like
    first_seen: str | None = None  # first window it was seen in
    trend: list[int] = field(default_factory=list)  # listings per window, oldest first, this one last
    examples: list[str] = field(default_factory=list)  # listing keys, most suspect first
    window: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "term": self.term, "score": round(self.score, 3), "examples": self.examples,
            "count": self.count, "suspect": round(self.suspect, 2), "sellers": self.sellers,
            "first_seen": self.first_seen, "trend": self.trend, "window": self.window,
            "log_odds_z": round(self.log_odds_z, 3), "burst": round(self.burst, 3),
            "cooccurrence": round(self.cooccurrence, 3), "spelling": round(self.spelling, 3),
            "near": self.near,
        }


@dataclass(slots=True)
class _Explain:
    sellers: set[str] = field(default_factory=set)
    cooc: float = 0.0
    examples: list[tuple[float, float, str]] = field(default_factory=list)  # heap of (weight, time, key)


def discover(docs: Iterable[Doc], known: KnownTerms, *, history: Sequence[tuple[str, Iterable[Doc]]] = (),
             window: str = "", top: int = 20, config: DiscoveryConfig | None = None,
             normalise: Callable[[str], str] | None = None,
             background: Iterable[Doc] | None = None) -> list[Suggestion]:
    """Suggestions for one window, best first.

    `background`, when given, is more of the window's listings, all with weight 0, read once as a
    stream after `docs` (which hold at least every suspect listing): a million benign listings
    then never sit in memory together."""
    cfg = config or DiscoveryConfig()
    suspect: list[Doc] = []
    rest: list[Doc] = []
    for d in docs:
        (suspect if d.weight > 0 else rest).append(d)
    stream: Iterable[Doc] = rest if background is None else chain(rest, background)
    wc = count_split(suspect, stream, normalise, cfg.per_seller_cap)
    bg_docs = max(wc.n_docs - wc.fg_docs, 1.0)
    n_all = wc.n_fg + wc.n_bg

    first: dict[str, float] = {}
    for term, y_fg in wc.fg.items():
        if wc.df[term] < cfg.min_count or known.is_known(term):
            continue
        y_bg = wc.bg.get(term, 0.0)
        if y_bg / bg_docs > cfg.max_background_rate:
            continue
        alpha = prior_alpha(y_fg + y_bg, n_all, cfg.alpha_0)
        z = log_odds_z(y_fg, wc.n_fg, y_bg, wc.n_bg, alpha, cfg.alpha_0)
        if z >= cfg.z_min:
            first[term] = z
    if not first:
        return []

    # history: pooled earlier windows for the burst baseline, and per-window counts for the trend
    terms = set(first)
    trends: dict[str, list[int]] = defaultdict(list)
    seen_in: dict[str, str] = {}
    hist_docs, hist_counts = 0, Counter[str]()
    recent = len(history) - cfg.history_weeks
    for i, (label, hdocs) in enumerate(history):
        n, counts = count_terms(hdocs, terms, normalise)
        for t in terms:
            trends[t].append(counts.get(t, 0))
            if counts.get(t, 0) and t not in seen_in:
                seen_in[t] = label
        if i >= recent:
            hist_docs += n
            hist_counts.update(counts)

    bursts = {t: burst(wc.df[t], wc.n_docs, hist_counts.get(t, 0), hist_docs) for t in terms}
    pre = {t: combined(z, bursts[t], 0.0, 0.0, burst_weight=cfg.burst_weight, cooc_weight=0.0,
                       spelling_weight=0.0) for t, z in first.items()}
    short = set(heapq.nlargest(cfg.shortlist, pre, key=pre.__getitem__))

    # explanation pass over the suspect listings only: shops, co-occurrence, examples
    expl: dict[str, _Explain] = {t: _Explain() for t in short}
    for d in suspect:
        cands = candidates_of(tokens(d.text, normalise))
        hits = cands & short
        if not hits:
            continue
        # a listing that also carries a known code counts strongly; a suspect shop counts by its signal
        co = max(0.8 if known.present(cands) else 0.0, d.shop)
        stamp = d.at.timestamp() if isinstance(d.at, datetime) else 0.0
        for t in hits:
            e = expl[t]
            e.sellers.add(d.seller)
            e.cooc += co
            item = (d.weight, stamp, d.key)
            if len(e.examples) < cfg.examples:
                heapq.heappush(e.examples, item)
            else:
                heapq.heappushpop(e.examples, item)

    codes = sorted(known.long_codes + tuple(w for w in known.words if len(w) == 4))
    out: list[Suggestion] = []
    for t in short:
        e = expl[t]
        if len(e.sellers) < cfg.min_sellers:
            continue
        cooc = min(1.0, e.cooc / max(wc.df[t], 1))
        spell, near = spelling_closeness(t, codes)
        score = combined(first[t], bursts[t], cooc, spell, burst_weight=cfg.burst_weight,
                         cooc_weight=cfg.cooc_weight, spelling_weight=cfg.spelling_weight)
        out.append(Suggestion(
            term=t, score=score, count=wc.df[t], suspect=wc.fg[t], sellers=len(e.sellers),
            log_odds_z=first[t], burst=bursts[t], cooccurrence=cooc, spelling=spell, near=near,
            first_seen=seen_in.get(t, window or None), trend=[*trends[t], wc.df[t]] if history else [wc.df[t]],
            examples=[k for _w, _s, k in sorted(e.examples, reverse=True)], window=window,
        ))
    out.sort(key=lambda s: (-s.score, s.term))
    return collapse(out)[:top]


def collapse(ranked: list[Suggestion]) -> list[Suggestion]:
    """Keep one form of one idea: a pair whose word already ranks higher is that word in context; a
    word that lives almost only inside a higher-ranked pair is that pair; "#foo" and "foo" are one."""
    kept: list[Suggestion] = []
    for s in ranked:
        body = s.term.lstrip("#")
        parts = body.split(" ")
        if not any(_same_idea(body, parts, s.count, k) for k in kept):
            kept.append(s)
    return kept


def _same_idea(body: str, parts: list[str], count: int, higher: Suggestion) -> bool:
    kb = higher.term.lstrip("#")
    if kb == body or (" " in body and kb in parts):
        return True
    # a run-together hashtag built on a higher-ranked coinage ("buntelanbdg") is that coinage
    if " " not in kb and len(kb) >= 5 and kb in body:
        return True
    return " " in kb and body in kb.split(" ") and count <= 1.25 * higher.count
