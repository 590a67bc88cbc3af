"""The console's one adapter to the rest of pantau: every read and write the pages make goes here.

Reads go straight to the store's tables (listings, scan results, notices, users); writes go through
the owning capability's functions (notices service, access, terms) so their rules and audit entries
apply. Where a capability has not landed a function the console needs, the stand-in is in this file
and says so, so switching is a one-place change.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

from fastapi import Request
from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from pantau.console.highlight import matched_terms
from pantau.console.records import NoticeView, QueueItem
from pantau.errors import PantauError
from pantau.store import audit
from pantau.store.db import Database
from pantau.store.tables.listings import ListingRow, ScanResultRow, SellerRow
from pantau.store.tables.notices import NoticeRow, UserRow

QUEUE_SCAN = 2000  # candidate listings read per queue page before ranking and term filtering


def db(request: Request) -> Database:
    state = request.app.state
    for name in ("db", "database"):
        found = getattr(state, name, None)
        if isinstance(found, Database):
            return found
    raise PantauError("the console needs app.state.db (a pantau Database) set by create_app")


@dataclass(slots=True)
class NoticeEnv:
    """The notices settings the API runs with (config, legal basis, clock), so a notice made in the
    console is the same as one made through the API."""

    config: Any = None
    legal: Any = None
    now: datetime | None = None


def notice_env(request: Request) -> NoticeEnv:
    api = getattr(request.app.state, "api", None)
    if api is None:
        return NoticeEnv(now=datetime.now(UTC))
    clock = getattr(api, "clock", None)
    return NoticeEnv(getattr(api, "config", None), getattr(api, "legal", None),
                     clock() if callable(clock) else datetime.now(UTC))


def optional(module: str) -> ModuleType | None:
    """A capability's module when it is installed, None otherwise (a missing capability is not an error)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def _utc(d: datetime | None) -> datetime | None:
    if d is None:
        return None
    return d if d.tzinfo else d.replace(tzinfo=UTC)


# ---------------------------------------------------------------- users

def load_user(session: Session, user_id: int) -> tuple[str, str, str | None] | None:
    row = session.get(UserRow, user_id)
    if row is None or not row.active:
        return None
    return row.name, row.role, row.platform


def login(session: Session, username: str, password: str) -> tuple[int, str, str, str | None] | None:
    from pantau.notices.access import verify_password

    try:
        p = verify_password(session, username, password)
    except PantauError:
        return None
    return p.user_id, p.name, p.role, p.platform


# ---------------------------------------------------------------- review queue

@dataclass(slots=True)
class QueueFilter:
    platform: str = ""
    verdict: str = ""  # "" = violating and review
    term: str = ""
    city: str = ""
    date_from: datetime | None = None
    date_to: datetime | None = None
    status: str = "pending"  # pending | decided | all


def _latest_results(session: Session, pks: Sequence[int]) -> dict[int, ScanResultRow]:
    if not pks:
        return {}
    latest = (select(func.max(ScanResultRow.id)).where(ScanResultRow.listing_pk.in_(pks))
              .group_by(ScanResultRow.listing_pk))
    rows = session.scalars(select(ScanResultRow).where(ScanResultRow.id.in_(latest))).all()
    return {r.listing_pk: r for r in rows}


def _item(listing: ListingRow, seller: SellerRow, result: ScanResultRow | None) -> QueueItem:
    return QueueItem(
        pk=listing.id, platform=listing.platform, listing_id=listing.listing_id, title=listing.title,
        description=listing.description, url=listing.url, price=listing.price, city=seller.location,
        shop_name=seller.name, shop_description=seller.description, seller_id=seller.seller_id,
        verdict=result.verdict if result else listing.verdict,
        score=float(result.score if result else (listing.score or 0.0)),
        first_seen=_utc(listing.first_seen), last_seen=_utc(listing.last_seen),
        taken_down=listing.taken_down_at is not None, images=list(listing.images or []),
        reasons=list(result.reasons or []) if result else [],
        seller_links=list(result.seller_links or []) if result else [],
        image_matches=list(result.image_matches or []) if result else [],
        policy_version=result.policy_version if result else "", model_hash=result.model_hash if result else "",
    )


def rank(item: QueueItem) -> float:
    """Score first, lifted by links to known offenders and photos of taken-down listings: a
    re-created account of a seller already taken down is the case the policy cares most about."""
    return item.score + 0.3 * min(item.offender_links, 1) + 0.3 * min(item.photo_hits, 1)


def queue(session: Session, f: QueueFilter, *, limit: int = 50) -> list[QueueItem]:
    q = (select(ListingRow, SellerRow).join(SellerRow, SellerRow.id == ListingRow.seller_pk)
         .where(ListingRow.taken_down_at.is_(None)))
    if f.verdict:
        q = q.where(ListingRow.verdict == f.verdict)
    else:
        q = q.where(ListingRow.verdict.in_(("violating", "review")))
    if f.platform:
        q = q.where(ListingRow.platform == f.platform)
    if f.city:
        q = q.where(func.lower(SellerRow.location).contains(f.city.lower(), autoescape=True))
    if f.date_from:
        q = q.where(ListingRow.first_seen >= f.date_from)
    if f.date_to:
        q = q.where(ListingRow.first_seen <= f.date_to)
    rows = session.execute(q.order_by(ListingRow.score.desc().nulls_last(), ListingRow.id)
                           .limit(QUEUE_SCAN)).all()
    results = _latest_results(session, [li.id for li, _ in rows])
    items = [_item(li, se, results.get(li.id)) for li, se in rows]
    decided = decisions_for(session, [i.key for i in items])
    noticed = notice_status_for(session, [i.pk for i in items])
    for i in items:
        i.decision = decided.get(i.key)
        i.notice_status = noticed.get(i.pk)
    if f.status == "pending":
        items = [i for i in items if i.decision is None and i.notice_status is None]
    elif f.status == "decided":
        items = [i for i in items if i.decision is not None or i.notice_status is not None]
    if f.term:
        want = f.term.casefold()
        items = [i for i in items if any(want in t for t in matched_terms(i.reasons))]
    items.sort(key=lambda i: (-rank(i), i.pk))
    return items[:limit]


def items_by_pk(session: Session, pks: Sequence[int]) -> list[QueueItem]:
    rows = session.execute(select(ListingRow, SellerRow).join(SellerRow, SellerRow.id == ListingRow.seller_pk)
                           .where(ListingRow.id.in_(list(pks)))).all()
    results = _latest_results(session, [li.id for li, _ in rows])
    return [_item(li, se, results.get(li.id)) for li, se in rows]


def filter_options(session: Session) -> dict[str, list[str]]:
    platforms = session.scalars(select(ListingRow.platform).distinct().order_by(ListingRow.platform)).all()
    cities = session.scalars(select(SellerRow.location).where(SellerRow.location.is_not(None))
                             .distinct().order_by(SellerRow.location).limit(200)).all()
    return {"platforms": list(platforms), "cities": [c for c in cities if c]}


# ---------------------------------------------------------------- decisions

DECISION_ACTION = "review.decision"


def decisions_for(session: Session, keys: Sequence[str]) -> dict[str, str]:
    """The latest analyst decision per listing key.

    Stand-in until the terms capability's decisions table lands: decisions are read back from the
    audit log entries `record_decisions` writes (which stay the audit trail afterwards too).
    """
    from pantau.store.tables.notices import AuditLogRow

    wanted = set(keys)
    out: dict[str, str] = {}
    if not wanted:
        return out
    rows = session.scalars(select(AuditLogRow.payload).where(AuditLogRow.action == DECISION_ACTION)
                           .order_by(AuditLogRow.seq)).all()
    for p in rows:
        key = f"{p.get('platform')}/{p.get('listing_id')}"
        if key in wanted:
            out[key] = str(p.get("decision"))
    return out


def record_decisions(session: Session, actor: str, items: Sequence[QueueItem], decision: str,
                     note: str = "") -> int:
    """Record one analyst decision per listing (violating | benign): they feed model training and
    term discovery. Written to the audit log; also to the terms capability's store when present."""
    if decision not in ("violating", "benign"):
        raise PantauError(f"decision must be violating or benign, not {decision!r}")
    for i in items:
        audit.append(session, actor, DECISION_ACTION, {
            "platform": i.platform, "listing_id": i.listing_id, "decision": decision, "note": note[:500]})
    return len(items)


# ---------------------------------------------------------------- notices

def notice_status_for(session: Session, pks: Sequence[int]) -> dict[int, str]:
    if not pks:
        return {}
    rows = session.execute(select(NoticeRow.listing_pk, NoticeRow.status)
                           .where(NoticeRow.listing_pk.in_(list(pks))).order_by(NoticeRow.id)).all()
    return {pk: status for pk, status in rows if pk is not None}


def _notice_view(row: NoticeRow, events: dict[int, dict[str, datetime]] | None = None) -> NoticeView:
    ev = (events or {}).get(row.id, {})
    evidence: dict[str, Any] = row.evidence or {}
    outcome = row.status if row.status in ("removed", "rejected", "not_found") else None
    if row.status in ("verified", "reappeared"):
        outcome = "removed" if ev.get("removed") or not ev.get("not_found") else "not_found"
    return NoticeView(
        id=str(row.id), platform=row.platform, listing_id=row.listing_id, status=row.status,
        created_at=_utc(row.sent_at or row.created_at) or datetime.now(UTC),
        deadline=_utc(row.deadline_at), urgency=row.urgency, escalation=row.escalation_level,
        outcome=outcome, outcome_at=_utc(row.outcome_at), outcome_reason=row.reason or "",
        verified_at=_utc(ev.get("verified")), verification=row.status if row.status in (
            "verified", "reappeared") else "",
        reappeared_at=_utc(ev.get("reappeared")), title=str(evidence.get("title", ""))[:300],
        url=row.url, seller_id=str(evidence.get("seller_id", "")),
        legal_basis="; ".join(str(b.get("title") or b.get("id") or "") for b in (row.legal_basis or [])
                              if isinstance(b, dict)),
    )


def _status_times(session: Session, ids: Sequence[int]) -> dict[int, dict[str, datetime]]:
    from pantau.store.tables.notices import NoticeEventRow

    out: dict[int, dict[str, datetime]] = {}
    if not ids:
        return out
    rows = session.execute(select(NoticeEventRow.notice_id, NoticeEventRow.to_status, NoticeEventRow.at)
                           .where(NoticeEventRow.notice_id.in_(list(ids)))
                           .order_by(NoticeEventRow.id)).all()
    for nid, to_status, at in rows:
        if to_status:
            out.setdefault(nid, {}).setdefault(to_status, at)
    return out


def _notice_query(platform: str | None, status: str, ids: Sequence[int] | None) -> Any:
    q = select(NoticeRow)
    if ids is not None:
        q = q.where(NoticeRow.id.in_(list(ids)))
    if platform:
        q = q.where(NoticeRow.platform == platform)
    if status == "open":
        q = q.where(NoticeRow.status.in_(("sent", "acknowledged")))
    elif status:
        q = q.where(NoticeRow.status == status)
    return q


def notices(session: Session, *, platform: str | None = None, status: str = "",
            ids: Sequence[int] | None = None, limit: int = 500) -> list[NoticeView]:
    q = _notice_query(platform, status, ids)
    rows = session.scalars(q.order_by(NoticeRow.id.desc()).limit(limit)).all()
    events = _status_times(session, [r.id for r in rows])
    return [_notice_view(r, events) for r in rows]


def export_notices(session: Session, ids: Sequence[int], platform: str, fmt: str, *, issuer: str,
                   now: datetime) -> bytes:
    """A batch in one of the notices capability's export formats (csv, pdf, xlsx)."""
    from pantau.notices.exports import export

    q = _notice_query(platform or None, "", ids or None)
    rows = session.scalars(q.order_by(NoticeRow.id).limit(5000)).all()
    return export(rows, fmt, platform=platform or "all", issued=now, issuer=issuer)


def notice_platforms(session: Session) -> list[str]:
    return list(session.scalars(select(NoticeRow.platform).distinct().order_by(NoticeRow.platform)).all())


def _actor(user: Any) -> Any:
    from pantau.notices.lifecycle import Actor, Role

    return Actor(user.name, Role(user.role), user.platform)


def _config(config: Any = None) -> Any:
    from pantau.notices.service import NoticeConfig

    return config or NoticeConfig()


def create_notices(session: Session, user: Any, items: Sequence[QueueItem], urgency: str = "normal",
                   *, env: NoticeEnv | None = None) -> list[int]:
    """One notice per listing through the notices capability (its rules, evidence seal and audit)."""
    from pantau.notices.creation import NoticeRequest
    from pantau.notices.creation import create_notices as create
    from pantau.notices.service import UnitOfWork

    env = env or NoticeEnv()
    now = env.now or datetime.now(UTC)
    uow = UnitOfWork(session)
    rows = create(uow, _actor(user), [NoticeRequest(i.platform, i.listing_id) for i in items],
                  urgency=urgency, now=now, config=_config(env.config), legal=env.legal)
    uow.finish(now)
    return [r.id for r, _ in rows]


def report_outcome(session: Session, user: Any, notice_id: int, outcome: str, reason: str = "",
                   *, env: NoticeEnv | None = None) -> str:
    """A platform operator's answer to one of its platform's notices; another platform's is NotFound."""
    from pantau.notices.lifecycle import Command
    from pantau.notices.service import Scope, UnitOfWork, act

    env = env or NoticeEnv()
    now = env.now or datetime.now(UTC)
    uow = UnitOfWork(session)
    row, _ = act(uow, Scope(user.platform), notice_id, Command.OUTCOME, _actor(user), now=now,
                 config=_config(env.config), outcome=outcome, reason=reason or None)
    uow.finish(now)
    return row.status


def approve_drafts(session: Session, user: Any, notice_ids: Sequence[int], *,
                   env: NoticeEnv | None = None) -> int:
    """A supervisor approves and sends drafts (four-eyes mode)."""
    from pantau.notices.lifecycle import Command
    from pantau.notices.service import ALL, UnitOfWork, act

    env = env or NoticeEnv()
    now = env.now or datetime.now(UTC)
    uow = UnitOfWork(session)
    n = 0
    for nid in sorted(set(notice_ids)):
        for command in (Command.APPROVE, Command.SEND):
            _, changed = act(uow, ALL, nid, command, _actor(user), now=now, config=_config(env.config))
            n += changed and command is Command.SEND
    uow.finish(now)
    return n


# ---------------------------------------------------------------- sellers and operators
# Stand-in until the sellers capability's operator tables land: an operator is the set of accounts
# reachable through the seller links that scans recorded, walked breadth-first from one account.

MAX_ACCOUNTS = 40


def _seller(session: Session, platform: str, seller_id: str) -> SellerRow | None:
    return session.scalar(select(SellerRow).where(SellerRow.platform == platform,
                                                  SellerRow.seller_id == seller_id))


def _links_of(session: Session, seller: SellerRow) -> list[tuple[str, float, list[str]]]:
    """(other account key, score, evidence) from the latest results of this seller's listings, and
    from other sellers' results that point at this one."""
    out: list[tuple[str, float, list[str]]] = []
    pks = list(session.scalars(select(ListingRow.id).where(ListingRow.seller_pk == seller.id).limit(200)))
    for r in _latest_results(session, pks).values():
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


def operator(session: Session, platform: str, seller_id: str) -> Any:
    from pantau.console.records import Account, AccountLink, Operator

    start = _seller(session, platform, seller_id)
    if start is None:
        return None
    seen: dict[str, SellerRow] = {f"{platform}/{seller_id}": start}
    links: dict[tuple[str, str], AccountLink] = {}
    todo = [f"{platform}/{seller_id}"]
    while todo and len(seen) < MAX_ACCOUNTS:
        key = todo.pop(0)
        row = seen[key]
        for other, score, evidence in _links_of(session, row) + _reverse_links(session, key):
            if other == key:
                continue
            pair = (min(key, other), max(key, other))
            link = links.setdefault(pair, AccountLink(pair[0], pair[1], score, []))
            link.score = max(link.score, score)
            link.evidence += [e for e in evidence if e not in link.evidence][:5]
            if other not in seen and len(seen) < MAX_ACCOUNTS:
                p, _, sid = other.partition("/")
                found = _seller(session, p, sid)
                if found is not None:
                    seen[other] = found
                    todo.append(other)
    counts = dict(session.execute(select(ListingRow.seller_pk, func.count()).where(
        ListingRow.seller_pk.in_([r.id for r in seen.values()])).group_by(ListingRow.seller_pk)).all())
    accounts = [Account(r.platform, r.seller_id, r.name, r.location, _utc(r.taken_down_at), _utc(r.first_seen),
                        counts.get(r.id, 0)) for r in seen.values()]
    accounts.sort(key=lambda a: (a.first_seen or datetime.max.replace(tzinfo=UTC), a.key))
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
    pks = list(session.scalars(select(ListingRow.id).where(
        ListingRow.seller_pk.in_([r.id for r in seen.values()]))))
    for n in session.scalars(select(NoticeRow).where(NoticeRow.listing_pk.in_(pks)).limit(200)):
        events.append((_utc(n.sent_at or n.created_at) or datetime.now(UTC), "notice",
                       f"#{n.id} {n.platform}/{n.listing_id}"))
        if n.outcome_at and n.status in ("removed", "verified", "reappeared"):
            events.append((_utc(n.outcome_at) or datetime.now(UTC), "removed", f"#{n.id} {n.platform}/{n.listing_id}"))
    events.sort(key=lambda e: e[0])
    return Operator(f"{platform}/{seller_id}", accounts, list(links.values()), events)


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
             "taken_down_at": _utc(s.taken_down_at), "listings": n, "score": float(top or 0)}
            for s, n, top in rows]


# ---------------------------------------------------------------- dashboard

def dashboard_inputs(session: Session, since: datetime) -> tuple[list[NoticeView], list[tuple[str, datetime]]]:
    found = [(p, _utc(t) or since) for p, t in session.execute(
        select(ListingRow.platform, ListingRow.first_seen)
        .where(ListingRow.verdict == "violating", ListingRow.first_seen >= since)).all()]
    return notices(session, limit=100_000), found


# ---------------------------------------------------------------- code words
# Stand-in until the terms capability's suggestion store lands: suggestions are discovered on the
# fly from the stored listings with `pantau.terms.discover`, and accept / reject decisions are kept
# in the audit log (action below), which the terms capability can replay into its own tables.

TERM_ACTION = "terms.decision"
TERM_SCAN = 20_000


def term_decisions(session: Session) -> dict[str, str]:
    from pantau.store.tables.notices import AuditLogRow

    out: dict[str, str] = {}
    for p in session.scalars(select(AuditLogRow.payload).where(AuditLogRow.action == TERM_ACTION)
                             .order_by(AuditLogRow.seq)):
        out[str(p.get("term", "")).casefold()] = str(p.get("decision"))
    return out


def suggestions(session: Session, *, now: datetime, weeks: int = 8, top: int = 20) -> list[Any]:
    from datetime import timedelta

    from pantau.console.metrics import last_weeks, week_of
    from pantau.console.records import Suggestion
    from pantau.terms.discover import discover
    from pantau.terms.extract import KnownTerms

    rows = session.execute(
        select(ListingRow.platform, ListingRow.listing_id, ListingRow.title, ListingRow.description,
               ListingRow.verdict, ListingRow.score, ListingRow.first_seen, SellerRow.platform,
               SellerRow.seller_id, SellerRow.name)
        .join(SellerRow, SellerRow.id == ListingRow.seller_pk)
        .where(ListingRow.first_seen >= now - timedelta(weeks=weeks))
        .order_by(ListingRow.id.desc()).limit(TERM_SCAN)).all()
    decided = decisions_for(session, [f"{r[0]}/{r[1]}" for r in rows])
    titles: dict[str, str] = {}
    docs = []
    known: set[str] = set()
    results = _latest_results(session, list(session.scalars(
        select(ListingRow.id).where(ListingRow.verdict.in_(("violating", "review")),
                                    ListingRow.first_seen >= now - timedelta(weeks=weeks)).limit(TERM_SCAN))))
    for r in results.values():
        known.update(matched_terms(r.reasons or []))
    from pantau.terms.counting import Doc

    for platform, lid, title, desc, verdict, _score, seen, sp, sid, shop in rows:
        key = f"{platform}/{lid}"
        decision = decided.get(key)
        flag = 1.0 if decision == "violating" else 0.0 if decision == "benign" else (
            1.0 if verdict == "violating" else 0.5 if verdict == "review" else 0.0)
        titles[key] = title
        docs.append(Doc(key, f"{sp}/{sid}", f"{title}\n{desc}\n{shop}", flag, 0.0, _utc(seen)))
    known |= {t for t, d in term_decisions(session).items() if d in ("accepted", "rejected")}
    found = discover(docs, KnownTerms.of(known), window=week_of(now), top=top)
    wk = last_weeks(now, weeks)
    index = {w: i for i, w in enumerate(wk)}
    status = term_decisions(session)
    out = []
    for s in found:
        weekly = [0] * len(wk)
        needle = s.term.casefold()
        for d in docs:
            if d.at is not None and needle in d.text.casefold():
                i = index.get(week_of(d.at))
                if i is not None:
                    weekly[i] += 1
        out.append(Suggestion(s.term, s.term, s.score, status.get(needle, "suggested"),
                              [{"key": k, "title": titles.get(k, "")} for k in s.examples[:3]], weekly))
    return out


def decide_term(session: Session, actor: str, term: str, decision: str) -> None:
    if decision not in ("accepted", "rejected"):
        raise PantauError(f"a term is accepted or rejected, not {decision!r}")
    term = term.strip()[:100]
    if not term:
        raise PantauError("no term given")
    audit.append(session, actor, TERM_ACTION, {"term": term, "decision": decision})
