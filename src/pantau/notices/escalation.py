"""Applying escalation: reads open notices past their deadline, asks `deadlines.escalate` what rose,
and writes it (notice levels, platform warnings, events, webhooks, audit) in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from pantau.notices.deadlines import NoticeEscalation, OpenNotice, PlatformWarning, escalate
from pantau.notices.lifecycle import OPEN
from pantau.notices.service import NoticeConfig, UnitOfWork, enqueue_webhook
from pantau.store.tables.notices import NoticeEventRow, NoticeRow, PlatformRow

ACTOR = "escalation"


@dataclass(frozen=True, slots=True)
class EscalationReport:
    notices: list[NoticeEscalation]
    warnings: list[PlatformWarning]


def run_escalation(uow: UnitOfWork, *, now: datetime, config: NoticeConfig | None = None) -> EscalationReport:
    config = config or NoticeConfig()
    session = uow.session
    rows = session.execute(
        select(NoticeRow.id, NoticeRow.platform, NoticeRow.deadline_at, NoticeRow.urgency,
               NoticeRow.escalation_level)
        .where(NoticeRow.status.in_([s.value for s in OPEN]), NoticeRow.deadline_at < now)
        .order_by(NoticeRow.id)
    ).all()
    open_notices = [OpenNotice(r[0], r[1], r[2], config.timing.deadline(r[3]), r[4]) for r in rows
                    if r[2] is not None]
    levels = {slug: lvl for slug, lvl in session.execute(select(PlatformRow.slug, PlatformRow.warning_level))}
    raised, warnings = escalate(open_notices, levels, now)
    for e in raised:
        # the level only rises: a concurrent run that got further first is left alone
        session.execute(update(NoticeRow).where(NoticeRow.id == e.notice_id,
                                                NoticeRow.escalation_level < e.level)
                        .values(escalation_level=e.level, version=NoticeRow.version + 1, updated_at=now))
        session.add(NoticeEventRow(notice_id=e.notice_id, at=now, actor=ACTOR, action="escalate",
                                   detail={"level": e.level, "overdue_seconds": int(e.overdue_by.total_seconds())}))
        uow.audit(ACTOR, "notice.escalate", {"notice": e.notice_id, "platform": e.platform, "level": e.level})
    for w in warnings:
        session.execute(update(PlatformRow).where(PlatformRow.slug == w.platform)
                        .values(warning_level=w.level, warned_at=now))
        enqueue_webhook(session, w.platform, "platform.warning",
                        {"platform": w.platform, "level": w.level, "notices": list(w.notice_ids)}, now)
        uow.audit(ACTOR, "platform.warning", {"platform": w.platform, "level": w.level,
                                              "notices": list(w.notice_ids)})
    return EscalationReport(raised, warnings)


def reset_warning(uow: UnitOfWork, platform: str, *, actor: str, now: datetime) -> None:
    """A supervisor clears a platform's standing warning (after it has caught up)."""
    uow.session.execute(update(PlatformRow).where(PlatformRow.slug == platform)
                        .values(warning_level=0, warned_at=now))
    uow.audit(actor, "platform.warning_reset", {"platform": platform})
