"""What an analyst sees about one seller: its operator, the accounts, the evidence and the history.

Read from the store only (no index needed), so the CLI, the API and the console can share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pantau.errors import NotFound
from pantau.sellers.identifiers import STRONG_KINDS
from pantau.store.tables.sellers import (
    OperatorEventRow,
    OperatorMemberRow,
    OperatorRow,
    SellerIdentifierRow,
    SellerLinkRow,
    SellerProfileRow,
)


@dataclass(slots=True)
class Account:
    key: str
    name: str = ""
    location: str = ""
    first_seen: str | None = None
    taken_down: str | None = None
    score: float = 0.0
    evidence: list[str] = field(default_factory=list)
    identifiers: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(slots=True)
class SellerReport:
    seller: str
    operator_id: str | None
    merged: list[str]
    accounts: list[Account]
    links: list[tuple[str, str, float, list[str]]]
    history: list[tuple[str, str]]


def _day(d: int | None) -> str | None:
    return (date(1970, 1, 1) + timedelta(days=d)).isoformat() if d is not None else None


def _account(session: Session, key: str, member: OperatorMemberRow | None) -> Account:
    platform, _, seller_id = key.partition("/")
    prof = session.scalar(select(SellerProfileRow).where(SellerProfileRow.platform == platform,
                                                         SellerProfileRow.seller_id == seller_id))
    acc = Account(key)
    if prof:
        acc.name, acc.location, acc.taken_down = prof.name, prof.location, _day(prof.taken_down_day)
        acc.first_seen = _day(prof.joined_day if prof.joined_day is not None else prof.first_seen_day)
    if member:
        acc.score, acc.evidence = member.score, list(member.evidence)
    rows = session.execute(select(SellerIdentifierRow.kind, SellerIdentifierRow.value, SellerIdentifierRow.source)
                           .where(SellerIdentifierRow.platform == platform, SellerIdentifierRow.seller_id == seller_id,
                                  SellerIdentifierRow.kind.in_(sorted(STRONG_KINDS | {"holder"}))))
    acc.identifiers = [(k, v, s) for k, v, s in rows]
    return acc


def seller_report(session: Session, platform: str, seller_id: str) -> SellerReport:
    key = f"{platform}/{seller_id}"
    known = session.scalar(select(SellerProfileRow.id).where(SellerProfileRow.platform == platform,
                                                             SellerProfileRow.seller_id == seller_id))
    if known is None:
        raise NotFound(f"no seller {key} in the store (scan its listings first)", where="sellers show")
    member = session.scalar(select(OperatorMemberRow).where(OperatorMemberRow.platform == platform,
                                                            OperatorMemberRow.seller_id == seller_id))
    if member is None:
        acc = _account(session, key, None)
        return SellerReport(key, None, [], [acc], _links(session, [key]), [])
    op = member.operator_id
    members = list(session.scalars(select(OperatorMemberRow).where(OperatorMemberRow.operator_id == op)
                                   .order_by(OperatorMemberRow.id)))
    accounts = [_account(session, f"{m.platform}/{m.seller_id}", m) for m in members]
    merged = [o.id for o in session.scalars(select(OperatorRow).where(OperatorRow.merged_into == op))]
    events = session.scalars(select(OperatorEventRow).where(OperatorEventRow.operator_id.in_([op, *merged]))
                             .order_by(OperatorEventRow.id))
    history = []
    for acc in accounts:
        if acc.first_seen:
            history.append((acc.first_seen, f"{acc.key} ({acc.name}) opened or first seen"))
        if acc.taken_down:
            history.append((acc.taken_down, f"{acc.key} ({acc.name}) taken down"))
    for ev in events:
        when = ev.at.date().isoformat() if ev.at else ""
        if ev.kind == "created":
            history.append((when, f"operator {ev.operator_id} recorded, starting from {ev.seller}"))
        elif ev.kind == "joined":
            why = f": {'; '.join(ev.evidence[:2])}" if ev.evidence else ""
            history.append((when, f"{ev.seller} linked to {ev.operator_id} (score {ev.score:.2f}){why}"))
        elif ev.kind == "merged":
            history.append((when, f"operator {ev.other} merged into {ev.operator_id} through {ev.seller}"))
    history.sort(key=lambda x: x[0])
    return SellerReport(key, op, merged, accounts, _links(session, [a.key for a in accounts]), history)


def _links(session: Session, keys: list[str]) -> list[tuple[str, str, float, list[str]]]:
    rows = session.scalars(select(SellerLinkRow).where(or_(SellerLinkRow.seller.in_(keys),
                                                           SellerLinkRow.other.in_(keys)))
                           .order_by(SellerLinkRow.id))
    return [(r.seller, r.other, r.score, list(r.evidence)) for r in rows]
