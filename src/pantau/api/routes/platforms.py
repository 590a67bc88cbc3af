"""The regulator's view of platforms: standing warnings (escalation), open and overdue notices."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import Integer, func, select

from pantau.api import idempotency
from pantau.api.deps import DbDep, Now, Reader, State, Supervisor
from pantau.api.idempotency import IdempotencyKey
from pantau.api.responses import JSONOut
from pantau.api.schemas import Empty, ErrorOut
from pantau.errors import NotFound
from pantau.notices.escalation import reset_warning
from pantau.notices.lifecycle import OPEN
from pantau.notices.service import UnitOfWork
from pantau.store.tables.notices import NoticeRow, PlatformRow

router = APIRouter(prefix="/api/v1/platforms", tags=["platforms"],
                   responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}})


@router.get("")
def platforms(db: DbDep, user: Reader, now: Now) -> JSONOut:
    open_states = [s.value for s in OPEN]
    with db.session() as s:
        counts = {p: (n, late or 0) for p, n, late in s.execute(
            select(NoticeRow.platform, func.count(),
                   func.sum((NoticeRow.deadline_at < now).cast(Integer)))
            .where(NoticeRow.status.in_(open_states)).group_by(NoticeRow.platform))}
        rows = s.scalars(select(PlatformRow).order_by(PlatformRow.slug)).all()
        return JSONOut({"platforms": [{
            "slug": p.slug, "name": p.name, "warning_level": p.warning_level,
            "warned_at": p.warned_at.isoformat() if p.warned_at else None,
            "webhook": bool(p.webhook_url), "open": counts.get(p.slug, (0, 0))[0],
            "overdue": int(counts.get(p.slug, (0, 0))[1])} for p in rows]})


@router.post("/{slug}/reset-warning", responses={404: {"model": ErrorOut}})
def reset(slug: str, request: Request, state: State, user: Supervisor, now: Now, key: IdempotencyKey = None,
          body: Empty | None = None) -> JSONOut:
    """A supervisor clears a platform's standing warning once it has caught up."""

    def work(uow: UnitOfWork) -> tuple[int, Any]:
        if uow.session.get(PlatformRow, slug) is None:
            raise NotFound(f"no platform {slug!r}", where="platforms")
        reset_warning(uow, slug, actor=user.name, now=now)
        return 200, {"slug": slug, "warning_level": 0}

    return idempotency.run(state.db, user, request, key, {"slug": slug}, work, now=now)
