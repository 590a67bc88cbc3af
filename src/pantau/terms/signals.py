"""How suspect a listing and its shop are, read from the store: the weights of discovery's Docs.

Seller signals are pluggable: each is a function (session, scope) -> {seller pk: 0..1}, listed in
SELLER_SIGNALS; a listing's shop weight is the strongest signal about its seller. Add one (e.g.
operator clusters from the sellers capability: "sellers of linked operators count strongly") by
appending a function here or passing `signals=` to the store adapter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import case, func, select, tuple_
from sqlalchemy.orm import Session

from pantau.store.tables.listings import ListingRow, ScanResultRow, SellerRow
from pantau.store.tables.terms import DecisionRow

# A listing's own weight by its latest verdict; a taken-down or confirmed listing counts 1.
VERDICT_WEIGHT = {"violating": 1.0, "review": 0.5, "benign": 0.0}
TAKEN_DOWN_SHOP = 0.9  # the shop itself was taken down for violating listings
CONFIRMED_SHOP = 0.9  # an analyst confirmed one of its listings as violating
LINKED_SHOP = 0.85  # linked to a known offender's account (same operator): scaled by the link score
OPERATOR_SHOP = 0.9  # in the same operator cluster as a taken-down shop
HISTORY_SHOP = 0.6  # times the share of its listings flagged violating so far

CHUNK = 900  # keys per IN (...) list: below SQLite's variable limit on every version

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Scope:
    seller_pks: frozenset[int]
    listing_pks: frozenset[int]
    before: datetime  # only evidence from before the window's end counts


SellerSignal = Callable[[Session, Scope], dict[int, float]]


def chunks(items: Sequence[T] | frozenset[T] | set[T], n: int = CHUNK) -> Iterator[list[T]]:
    seq = list(items)
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def taken_down_shops(session: Session, scope: Scope) -> dict[int, float]:
    out: dict[int, float] = {}
    for part in chunks(scope.seller_pks):
        rows = session.execute(select(SellerRow.id).where(
            SellerRow.id.in_(part), SellerRow.taken_down_at.is_not(None), SellerRow.taken_down_at < scope.before))
        out.update((pk, TAKEN_DOWN_SHOP) for (pk,) in rows)
        rows = session.execute(select(ListingRow.seller_pk).where(
            ListingRow.seller_pk.in_(part), ListingRow.taken_down_at.is_not(None),
            ListingRow.taken_down_at < scope.before).distinct())
        out.update((pk, TAKEN_DOWN_SHOP) for (pk,) in rows)
    return out


def confirmed_shops(session: Session, scope: Scope) -> dict[int, float]:
    """Shops with a listing an analyst confirmed as violating (its latest decision)."""
    latest = (select(DecisionRow.listing_pk, func.max(DecisionRow.id).label("id"))
              .where(DecisionRow.listing_pk.is_not(None), DecisionRow.at < scope.before)
              .group_by(DecisionRow.listing_pk).subquery())
    out: dict[int, float] = {}
    for part in chunks(scope.seller_pks):
        rows = session.execute(
            select(ListingRow.seller_pk).join(latest, latest.c.listing_pk == ListingRow.id)
            .join(DecisionRow, DecisionRow.id == latest.c.id)
            .where(ListingRow.seller_pk.in_(part), DecisionRow.decision == "violating").distinct())
        out.update((pk, CONFIRMED_SHOP) for (pk,) in rows)
    return out


def linked_to_offenders(session: Session, scope: Scope) -> dict[int, float]:
    """Shops whose latest scan linked them to a taken-down seller (seller linkage's verdict)."""
    out: dict[int, float] = defaultdict(float)
    for part in chunks(scope.listing_pks):
        latest = (select(func.max(ScanResultRow.id)).where(ScanResultRow.listing_pk.in_(part))
                  .group_by(ScanResultRow.listing_pk))
        rows = session.execute(select(ListingRow.seller_pk, ScanResultRow.seller_links)
                               .join(ListingRow, ListingRow.id == ScanResultRow.listing_pk)
                               .where(ScanResultRow.id.in_(latest)))
        for seller_pk, links in rows:
            for link in links or ():
                if isinstance(link, dict) and link.get("known_offender"):
                    score = _unit(link.get("score"))
                    out[seller_pk] = max(out[seller_pk], LINKED_SHOP * score)
    return dict(out)


def flagged_history(session: Session, scope: Scope) -> dict[int, float]:
    """Shops by the share of their listings (so far) the detector flagged violating: a shop that once
    tripped a rule by accident in fifty listings is barely suspect; a bale shop is."""
    out: dict[int, float] = {}
    flagged = func.sum(case((ListingRow.verdict == "violating", 1), else_=0))
    for part in chunks(scope.seller_pks):
        rows = session.execute(select(ListingRow.seller_pk, func.count(), flagged)
                               .where(ListingRow.seller_pk.in_(part), ListingRow.first_seen < scope.before)
                               .group_by(ListingRow.seller_pk))
        for pk, n, k in rows:
            if n and k:
                out[pk] = HISTORY_SHOP * float(k) / float(n)
    return out


def operator_of_offenders(session: Session, scope: Scope) -> dict[int, float]:
    """Shops in the same operator (sellers capability's clusters) as a taken-down shop: the
    re-created accounts that the bale trade moves to after a crackdown."""
    try:
        from pantau.store.tables.sellers import OperatorMemberRow, OperatorRow
    except ImportError:  # the sellers capability is not installed: no operator evidence
        return {}
    keys: dict[tuple[str, str], int] = {}
    for part in chunks(scope.seller_pks):
        keys.update(((p, sid), pk) for pk, p, sid in session.execute(
            select(SellerRow.id, SellerRow.platform, SellerRow.seller_id).where(SellerRow.id.in_(part))))
    merged: dict[str, str] = {op: into for op, into in session.execute(
        select(OperatorRow.id, OperatorRow.merged_into).where(OperatorRow.merged_into.is_not(None))) if into}

    def final(op: str) -> str:
        seen: set[str] = set()
        while op in merged and op not in seen:  # follow merges (guarding against a cycle)
            seen.add(op)
            op = merged[op]
        return op

    ops: dict[int, str] = {}
    for key_part in chunks(list(keys)):
        for platform, sid, op in session.execute(
                select(OperatorMemberRow.platform, OperatorMemberRow.seller_id, OperatorMemberRow.operator_id)
                .where(tuple_(OperatorMemberRow.platform, OperatorMemberRow.seller_id).in_(key_part))):
            ops[keys[(platform, sid)]] = final(op)
    if not ops:
        return {}
    # every member of those operators (merged ones included), and which of them were taken down
    wanted = set(ops.values())
    member_op = {(p, sid): final(op) for p, sid, op in session.execute(
        select(OperatorMemberRow.platform, OperatorMemberRow.seller_id, OperatorMemberRow.operator_id))
        if final(op) in wanted}
    offending_ops: set[str] = set()
    for member_part in chunks(list(member_op)):
        taken = session.execute(select(SellerRow.platform, SellerRow.seller_id).where(
            tuple_(SellerRow.platform, SellerRow.seller_id).in_(member_part), SellerRow.taken_down_at.is_not(None),
            SellerRow.taken_down_at < scope.before))
        offending_ops.update(member_op[(p, sid)] for p, sid in taken)
    return {pk: OPERATOR_SHOP for pk, op in ops.items() if op in offending_ops}


SELLER_SIGNALS: list[SellerSignal] = [taken_down_shops, confirmed_shops, linked_to_offenders, operator_of_offenders,
                                      flagged_history]


def shop_weights(session: Session, scope: Scope, signals: Sequence[SellerSignal] | None = None) -> dict[int, float]:
    out: dict[int, float] = defaultdict(float)
    for signal in SELLER_SIGNALS if signals is None else signals:
        for pk, w in signal(session, scope).items():
            out[pk] = max(out[pk], _unit(w))
    return dict(out)


def _unit(value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0.0
    return min(1.0, max(0.0, v)) if v == v else 0.0  # NaN is no evidence
