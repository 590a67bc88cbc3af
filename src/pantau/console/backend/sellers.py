"""Sellers and operators: the sellers capability's operators (seller_report) when the linker has
seen the seller, else the seller links recorded in scan results, walked breadth-first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from pantau.console.backend.common import latest_results, optional, seller_row, utc
from pantau.errors import PantauError
from pantau.store.tables.listings import ListingRow, ScanResultRow, SellerRow
from pantau.store.tables.notices import NoticeRow

MAX_ACCOUNTS = 40  # drawn and listed at most; a bigger operator is cut, never a slow page


def _links_of(session: Session, seller: SellerRow) -> list[tuple[str, float, list[str]]]:
    """(other account key, score, evidence) from the latest results of this seller's listings, and
    from other sellers' results that point at this one."""
    out: list[tuple[str, float, list[str]]] = []
    pks = list(session.scalars(select(ListingRow.id).where(ListingRow.seller_pk == seller.id).limit(200)))
    for r in latest_results(session, pks).values():
        for s in r.seller_links or []:
            out.append((f"{s.get('platform')}/{s.get('seller_id')}", float(s.get("score") or 0),
                        [str(e) for e in s.get("evidence") or []]))
    return out


def _reverse_links(session: Session, key: str) -> list[tuple[str, float, list[str]]]:
    # results that link to `key`; JSON containment differs per backend, so filter on the text form
    platform, _, seller_id = key.partition("/")
    rows = session.execute(
        select(ScanResultRow.seller_links, ListingRow.platform, SellerRow.seller_id)
        .join(ListingRow, ListingRow.id == ScanResultRow.listing_pk)
        .join(SellerRow, SellerRow.id == ListingRow.seller_pk)
        .where(cast(ScanResultRow.seller_links, Text).contains(seller_id, autoescape=True))
        .limit(500)).all()
    out = []
    for links, p, sid in rows:
        for s in links or []:
            if s.get("platform") == platform and s.get("seller_id") == seller_id:
                out.append((f"{p}/{sid}", float(s.get("score") or 0), [str(e) for e in s.get("evidence") or []]))
    return out


def _evidence_text(e: Any) -> str:
    if isinstance(e, dict):
        return str(e.get("text") or e.get("evidence") or ", ".join(f"{k}: {v}" for k, v in e.items()))[:300]
    return str(e)[:300]


def _group_from_results(session: Session, start: SellerRow) -> tuple[list[str], list[Any]]:
    """Accounts reachable through the seller links that scans recorded, breadth-first."""
    from pantau.console.records import AccountLink

    first = f"{start.platform}/{start.seller_id}"
    seen: dict[str, SellerRow] = {first: start}
    links: dict[tuple[str, str], AccountLink] = {}
    todo = [first]
    while todo and len(seen) < MAX_ACCOUNTS:
        key = todo.pop(0)
        for other, score, evidence in _links_of(session, seen[key]) + _reverse_links(session, key):
            if other == key:
                continue
            pair = (min(key, other), max(key, other))
            link = links.setdefault(pair, AccountLink(pair[0], pair[1], score, []))
            link.score = max(link.score, score)
            link.evidence += [e for e in evidence if e not in link.evidence][:5]
            if other not in seen and len(seen) < MAX_ACCOUNTS:
                p, _, sid = other.partition("/")
                found = seller_row(session, p, sid)
                if found is not None:
                    seen[other] = found
                    todo.append(other)
    return list(seen), list(links.values())


def operator(session: Session, platform: str, seller_id: str) -> Any:
    """One seller's operator: its accounts, the links with their evidence, and a timeline.

    The sellers capability's operator (its stable id, members and scored links) when the linker has
    seen this seller; otherwise the seller links recorded in scan results."""
    from pantau.console.records import Account, AccountLink, Operator

    start = seller_row(session, platform, seller_id)
    if start is None:
        return None
    op_id, history = "", []
    report = None
    sellers_report = optional("pantau.sellers.report")
    if sellers_report is not None:
        try:
            report = sellers_report.seller_report(session, platform, seller_id)
        except PantauError:
            report = None
    if report is not None and (report.operator_id or report.links):
        keys = [a.key for a in report.accounts]
        for a, b, _score, _ev in report.links:
            keys += [k for k in (a, b) if k not in keys]
        links = [AccountLink(a, b, float(score), [_evidence_text(e) for e in ev][:5])
                 for a, b, score, ev in report.links]
        op_id, history = report.operator_id or "", list(report.history)
    else:
        keys, links = _group_from_results(session, start)
    keys = keys[:MAX_ACCOUNTS]
    rows: dict[str, SellerRow] = {}
    for key in keys:
        p, _, sid = key.partition("/")
        row = seller_row(session, p, sid)
        if row is not None:
            rows[key] = row
    counts = dict(session.execute(select(ListingRow.seller_pk, func.count()).where(
        ListingRow.seller_pk.in_([r.id for r in rows.values()])).group_by(ListingRow.seller_pk)).all())
    accounts = [Account(r.platform, r.seller_id, r.name, r.location, utc(r.taken_down_at), utc(r.first_seen),
                        counts.get(r.id, 0)) for r in rows.values()]
    accounts.sort(key=lambda a: (a.first_seen or datetime.max.replace(tzinfo=UTC), a.key))
    events = _timeline(session, accounts, list(rows.values()))
    for when, text in history:
        try:
            at = datetime.fromisoformat(str(when)).replace(tzinfo=UTC)
        except ValueError:
            continue
        if "taken down" not in text:  # takedowns are already on the timeline from the listings
            events.append((at, "linked", text))
    events.sort(key=lambda e: e[0])
    return Operator(op_id or f"{platform}/{seller_id}", accounts, links, events)


def _timeline(session: Session, accounts: Sequence[Any], rows: Sequence[SellerRow]) -> list[tuple[datetime, str, str]]:
    events: list[tuple[datetime, str, str]] = []
    for a in accounts:
        if a.first_seen:
            events.append((a.first_seen, "seen", a.key))
        if a.taken_down_at:
            events.append((a.taken_down_at, "taken_down", a.key))
    # an account first seen after another account of the operator was taken down is a re-appearance
    downs = [a.taken_down_at for a in accounts if a.taken_down_at]
    for a in accounts:
        if a.first_seen and downs and min(downs) < a.first_seen:
            events.append((a.first_seen, "reappeared", a.key))
    pks = list(session.scalars(select(ListingRow.id).where(ListingRow.seller_pk.in_([r.id for r in rows]))))
    for n in session.scalars(select(NoticeRow).where(NoticeRow.listing_pk.in_(pks)).limit(200)):
        what = f"#{n.id} {n.platform}/{n.listing_id}"
        events.append((utc(n.sent_at or n.created_at) or datetime.now(UTC), "notice", what))
        if n.outcome_at and n.status in ("removed", "verified", "reappeared"):
            events.append((utc(n.outcome_at) or datetime.now(UTC), "removed", what))
    return events


def sellers_overview(session: Session, limit: int = 100) -> list[dict[str, Any]]:
    """Accounts worth a look: those with violating listings, taken-down ones first."""
    rows = session.execute(
        select(SellerRow, func.count(ListingRow.id), func.max(ListingRow.score))
        .join(ListingRow, ListingRow.seller_pk == SellerRow.id)
        .where(ListingRow.verdict.in_(("violating", "review")))
        .group_by(SellerRow.id)
        .order_by(SellerRow.taken_down_at.is_(None), func.count(ListingRow.id).desc(), SellerRow.id)
        .limit(limit)).all()
    return [{"platform": s.platform, "seller_id": s.seller_id, "name": s.name, "location": s.location,
             "taken_down_at": utc(s.taken_down_at), "listings": n, "score": float(top or 0)}
            for s, n, top in rows]
