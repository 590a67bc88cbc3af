"""Code words: suggestions, their trends, accept and reject."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from pantau.console.backend.common import latest_results, optional, utc
from pantau.console.backend.review import decisions_for
from pantau.console.highlight import matched_terms
from pantau.errors import PantauError
from pantau.store import audit
from pantau.store.tables.listings import ListingRow, SellerRow

# Suggestions and accept / reject go through `pantau.terms.service` (policy versions, re-scoring,
# audit). If that module is absent, a stand-in discovers with `pantau.terms.discover` and records
# only the status, so the page still works with the terms tables alone.

TERM_SCAN = 20_000


def _open_suggestions(session: Session, top: int) -> list[Any]:
    from pantau.store.tables.terms import TermSuggestionRow

    rows = session.scalars(select(TermSuggestionRow).order_by(TermSuggestionRow.week.desc(),
                                                              TermSuggestionRow.score.desc()).limit(top * 20)).all()
    latest: dict[str, Any] = {}
    status: dict[str, str] = {}
    for r in rows:
        latest.setdefault(r.term, r)
        if r.status != "open":
            status[r.term] = r.status
    return [(r, status.get(r.term, r.status)) for r in latest.values()][:top]


def _weekly_counts(session: Session, terms: Sequence[str], now: datetime, weeks: int) -> dict[str, list[int]]:
    from datetime import timedelta

    from pantau.console.metrics import last_weeks, week_of

    wk = last_weeks(now, weeks)
    index = {w: i for i, w in enumerate(wk)}
    out = {t: [0] * len(wk) for t in terms}
    if not terms:
        return out
    rows = session.execute(select(ListingRow.title, ListingRow.description, ListingRow.first_seen)
                           .where(ListingRow.first_seen >= now - timedelta(weeks=weeks))
                           .order_by(ListingRow.id.desc()).limit(TERM_SCAN)).all()
    for title, desc, seen in rows:
        text = f"{title}\n{desc}".casefold()
        i = index.get(week_of(utc(seen) or now))
        if i is None:
            continue
        for t in terms:
            if t.casefold() in text:
                out[t][i] += 1
    return out


def _titles(session: Session, keys: Sequence[str]) -> dict[str, str]:
    pairs = [tuple(k.split("/", 1)) for k in keys if "/" in k][:500]
    if not pairs:
        return {}
    rows = session.execute(select(ListingRow.platform, ListingRow.listing_id, ListingRow.title)
                           .where(tuple_(ListingRow.platform, ListingRow.listing_id).in_(pairs))).all()
    return {f"{p}/{lid}": t for p, lid, t in rows}


def _discover_now(session: Session, now: datetime, weeks: int, top: int) -> list[tuple[str, float, list[str]]]:
    from datetime import timedelta

    from pantau.console.metrics import week_of
    from pantau.store.tables.terms import TermSuggestionRow
    from pantau.terms.counting import Doc
    from pantau.terms.discover import discover
    from pantau.terms.extract import KnownTerms

    since = now - timedelta(weeks=weeks)
    rows = session.execute(
        select(ListingRow.id, ListingRow.platform, ListingRow.listing_id, ListingRow.title,
               ListingRow.description, ListingRow.verdict, ListingRow.first_seen, SellerRow.seller_id,
               SellerRow.name)
        .join(SellerRow, SellerRow.id == ListingRow.seller_pk)
        .where(ListingRow.first_seen >= since).order_by(ListingRow.id.desc()).limit(TERM_SCAN)).all()
    decided = decisions_for(session, [f"{r[1]}/{r[2]}" for r in rows])
    known: set[str] = set(session.scalars(select(TermSuggestionRow.term)
                                          .where(TermSuggestionRow.status != "open")))
    flagged = [r[0] for r in rows if r[5] in ("violating", "review")]
    for r in latest_results(session, flagged[:TERM_SCAN]).values():
        known.update(matched_terms(r.reasons or []))
    docs = []
    for _pk, platform, lid, title, desc, verdict, seen, sid, shop in rows:
        decision = decided.get(f"{platform}/{lid}")
        flag = 1.0 if decision == "violating" else 0.0 if decision == "benign" else (
            1.0 if verdict == "violating" else 0.5 if verdict == "review" else 0.0)
        docs.append(Doc(f"{platform}/{lid}", f"{platform}/{sid}", f"{title}\n{desc}\n{shop}", flag, 0.0,
                        utc(seen)))
    found = discover(docs, KnownTerms.of(known), window=week_of(now), top=top)
    return [(s.term, s.score, list(s.examples)) for s in found]


def _trend(details: Any, weekly: list[int]) -> list[int]:
    trend = details.get("trend") if isinstance(details, dict) else None
    if isinstance(trend, list) and trend and all(isinstance(x, int | float) for x in trend):
        return [int(x) for x in trend][-12:]
    return weekly


def suggestions(session: Session, *, now: datetime, weeks: int = 8, top: int = 20) -> list[Any]:
    """Suggested code words, best first, as recorded (`pantau terms suggest`, or `discover_now`);
    without the terms service, the stand-in discovers them on the fly."""
    from pantau.console.records import Suggestion

    # the weeks up to the newest listing: a store of older listings (an import, the demo) still shows
    newest = utc(session.scalar(select(func.max(ListingRow.first_seen))))
    now = min(now, newest) if newest else now
    stored = _open_suggestions(session, top)
    if stored:
        found = [(r.term, float(r.score), list(r.examples or []), status, r.details) for r, status in stored]
    elif optional("pantau.terms.service") is not None:
        found = []  # recorded by `pantau terms suggest` or the page's "find" button (discover_now)
    else:
        found = [(t, sc, ex, "open", {}) for t, sc, ex in _discover_now(session, now, weeks, top)]
    titles = _titles(session, [k for f in found for k in f[2][:3]])
    weekly = _weekly_counts(session, [f[0] for f in found], now, weeks)
    return [Suggestion(term, term, score, status,
                       [{"key": k, "title": titles.get(k, "")} for k in examples[:3]],
                       _trend(details, weekly[term]))
            for term, score, examples, status, details in found]


def discover_now(session: Session, top: int = 20) -> int:
    """Run the terms capability's discovery for the newest week and record what it suggests."""
    service = optional("pantau.terms.service")
    if service is None:
        return 0
    return len(service.suggest(session, top=top, persist=True).suggestions)


CATEGORIES = ("bulk", "retail_cue", "regional", "hashtag", "shop_cue")


def decide_term(session: Session, actor: str, term: str, decision: str, category: str = "bulk") -> str:
    """Accept (a new policy version, recent listings re-scored) or reject a term; returns a summary.

    Through the terms capability when it is installed; the stand-in only records the status."""
    from pantau.store.tables.terms import TermSuggestionRow

    if decision not in ("accepted", "rejected"):
        raise PantauError(f"a term is accepted or rejected, not {decision!r}")
    if category not in CATEGORIES:
        raise PantauError(f"category must be one of {', '.join(CATEGORIES)}, not {category!r}")
    term = term.strip()[:256]
    if not term:
        raise PantauError("no term given")
    service = optional("pantau.terms.service")
    if service is not None:
        if decision == "rejected":
            service.reject(session, term, by=actor)
            return ""
        out = service.accept_and_rescore(session, term, category=category, by=actor)
        return f"{out.acceptance.version} ({out.rescore.rescored}/{out.rescore.changed})"
    rows = session.scalars(select(TermSuggestionRow).where(TermSuggestionRow.term == term)).all()
    if not rows:
        rows = [TermSuggestionRow(term=term, week="-", score=0.0, count=0)]
        session.add(rows[0])
    for r in rows:
        r.status, r.decided_by, r.decided_at = decision, actor, datetime.now(UTC)
        r.category = category if decision == "accepted" else r.category
    audit.append(session, actor, f"terms.{decision[:-2]}", {"term": term, "source": "console"})
    return ""
