"""The store adapter: a window's listings as discovery Docs, with weights from verdicts, analyst
decisions and seller signals. A listing belongs to a week when it was seen (an observation) in it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from pantau.store.tables.listings import ListingRow, ObservationRow, SellerRow
from pantau.store.tables.terms import DecisionRow
from pantau.terms.counting import Doc
from pantau.terms.extract import listing_text
from pantau.terms.signals import VERDICT_WEIGHT, Scope, SellerSignal, chunks, shop_weights
from pantau.terms.weeks import parse_week, week_of

# A week with fewer listings than this says little; the default window then looks further back.
MIN_WINDOW_LISTINGS = 100
LOOK_BACK = timedelta(weeks=52)


def latest_week(session: Session) -> str | None:
    """The week of the newest sighting: discovery looks at the data's present, not the clock's."""
    at = session.scalar(select(func.max(ObservationRow.seen_at)))
    return week_of(at) if at is not None else None


def default_week(session: Session, min_listings: int = MIN_WINDOW_LISTINGS) -> str | None:
    """The newest week, or, when it holds fewer than `min_listings` listings (a trickle after the
    last crawl, a small archive), the newest week of the past year that has that many, else the
    busiest one."""
    newest = session.scalar(select(func.max(ObservationRow.seen_at)))
    if newest is None:
        return None
    week = week_of(newest)
    start, end = parse_week(week)
    n = session.scalar(select(func.count(func.distinct(ObservationRow.listing_pk)))
                       .where(ObservationRow.seen_at >= start, ObservationRow.seen_at < end)) or 0
    if n >= min_listings:
        return week
    per_week: dict[str, set[int]] = {}
    rows = session.execute(select(ObservationRow.seen_at, ObservationRow.listing_pk)
                           .where(ObservationRow.seen_at >= start - LOOK_BACK)).yield_per(10_000)
    for seen_at, pk in rows:
        per_week.setdefault(week_of(seen_at), set()).add(pk)
    full = [w for w, pks in per_week.items() if len(pks) >= min_listings]
    if full:
        return max(full)
    return max(per_week, key=lambda w: (len(per_week[w]), w))


def _window_rows(session: Session, start: datetime, end: datetime) -> Sequence[Any]:
    seen = (select(ObservationRow.listing_pk, func.min(ObservationRow.seen_at).label("at"))
            .where(ObservationRow.seen_at >= start, ObservationRow.seen_at < end)
            .group_by(ObservationRow.listing_pk).subquery())
    q = (select(ListingRow.id, ListingRow.platform, ListingRow.listing_id, ListingRow.title,
                ListingRow.description, ListingRow.verdict, ListingRow.taken_down_at, ListingRow.seller_pk,
                SellerRow.seller_id, SellerRow.name, seen.c.at)
         .join(seen, seen.c.listing_pk == ListingRow.id)
         .join(SellerRow, SellerRow.id == ListingRow.seller_pk)
         .order_by(ListingRow.id))
    return session.execute(q).all()


def latest_decisions(session: Session, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The latest analyst decision on each listing key that has one."""
    out: dict[tuple[str, str], tuple[int, str]] = {}
    for part in chunks(keys):
        rows = session.execute(select(DecisionRow.id, DecisionRow.platform, DecisionRow.listing_id,
                                      DecisionRow.decision)
                               .where(tuple_(DecisionRow.platform, DecisionRow.listing_id).in_(part)))
        for id_, platform, listing_id, decision in rows:
            k = (platform, listing_id)
            if k not in out or out[k][0] < id_:
                out[k] = (id_, decision)
    return {k: v[1] for k, v in out.items()}


def window_docs(session: Session, week: str, signals: Sequence[SellerSignal] | None = None) -> list[Doc]:
    """The week's listings with their weights (see counting.Doc)."""
    start, end = parse_week(week)
    rows = _window_rows(session, start, end)
    if not rows:
        return []
    scope = Scope(frozenset(r.seller_pk for r in rows), frozenset(r.id for r in rows), end)
    shops = shop_weights(session, scope, signals)
    # An analyst's word is the strongest evidence either way, including against a suspect shop. The
    # decisions made up to now count (not only those before the week's end): they are what we know.
    decisions = latest_decisions(session, [(r.platform, r.listing_id) for r in rows])
    docs = []
    for r in rows:
        flag = 1.0 if r.taken_down_at is not None else VERDICT_WEIGHT.get(r.verdict or "", 0.0)
        shop = shops.get(r.seller_pk, 0.0)
        decided = decisions.get((r.platform, r.listing_id))
        if decided == "violating":
            flag = 1.0
        elif decided == "benign":
            flag, shop = 0.0, 0.0
        docs.append(Doc(f"{r.platform}/{r.listing_id}", f"{r.platform}/{r.seller_id}",
                        listing_text(r.title or "", r.description or "", r.name or ""), flag, shop, r.at))
    return docs


def window_texts(session: Session, week: str) -> Iterator[Doc]:
    """An earlier week's listings, text only (for bursts and trends); read when iterated."""
    start, end = parse_week(week)
    for r in _window_rows(session, start, end):
        yield Doc(f"{r.platform}/{r.listing_id}", f"{r.platform}/{r.seller_id}",
                  listing_text(r.title or "", r.description or "", r.name or ""))
