"""Notices: reads from the notices tables, writes through the notices capability's functions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pantau.console.backend.common import NoticeEnv, utc
from pantau.console.records import NoticeView, QueueItem
from pantau.store.tables.listings import ListingRow
from pantau.store.tables.notices import NoticeRow


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
        created_at=utc(row.sent_at or row.created_at) or datetime.now(UTC),
        deadline=utc(row.deadline_at), urgency=row.urgency, escalation=row.escalation_level,
        outcome=outcome, outcome_at=utc(row.outcome_at), outcome_reason=row.reason or "",
        verified_at=utc(ev.get("verified")), verification=row.status if row.status in (
            "verified", "reappeared") else "",
        reappeared_at=utc(ev.get("reappeared")), title=str(evidence.get("title", ""))[:300],
        url=row.url, seller_id=str(evidence.get("seller_id", "")),
        shop_name=str(evidence.get("shop_name", ""))[:200], description=str(evidence.get("description", ""))[:600],
        reasons=[str(r.get("text", "")) if isinstance(r, dict) else str(r) for r in evidence.get("reasons") or []][:12],
        evidence_hash=row.evidence_hash or "",
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


def platform_warnings(session: Session) -> dict[str, int]:
    """The escalation warning (0-3) standing against each platform (notices' escalation job sets it)."""
    from pantau.store.tables.notices import PlatformRow

    return {slug: level for slug, level in session.execute(select(PlatformRow.slug, PlatformRow.warning_level))
            if level}


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


def dashboard_inputs(session: Session, since: datetime) -> tuple[list[NoticeView], list[tuple[str, datetime]]]:
    found = [(p, utc(t) or since) for p, t in session.execute(
        select(ListingRow.platform, ListingRow.first_seen)
        .where(ListingRow.verdict == "violating", ListingRow.first_seen >= since)).all()]
    return notices(session, limit=100_000), found
