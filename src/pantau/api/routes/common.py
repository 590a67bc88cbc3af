"""Query parameters shared by the notice lists: status (or "open"), dates, keyset pagination."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query
from sqlalchemy import Connection, Select, bindparam, select
from sqlalchemy.orm import Session

from pantau.errors import InputError
from pantau.notices.lifecycle import OPEN, Status
from pantau.notices.service import Scope, notice_json
from pantau.store.tables.notices import NoticeRow

MAX_PAGE = 500


def _statuses(value: str | None) -> list[str] | None:
    if not value:
        return None
    out: list[str] = []
    for part in value.split(","):
        part = part.strip()
        if part == "open":
            out += [s.value for s in OPEN]
            continue
        try:
            out.append(Status(part).value)
        except ValueError:
            raise InputError(f"unknown status {part!r}; use open or one of {', '.join(Status)}",
                             where="status") from None
    return out


@dataclass(frozen=True, slots=True)
class ListQuery:
    status: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    updated_since: datetime | None = None
    platform: str | None = None
    after: int = 0
    limit: int = 100
    evidence: bool = True

    def run(self, session: Session | Connection, scope: Scope) -> dict[str, Any]:
        # plain rows, not ORM objects: a page is read-only, and this is the platforms' hot path
        cols = [c for c in NoticeRow.__table__.c if self.evidence or c.name != "evidence"]
        rows = session.execute(self._where(scope.filter(select(*cols)))
                               .order_by(NoticeRow.id).limit(self.limit)).all()
        return {"notices": [notice_json(r, evidence=self.evidence) for r in rows],
                "next_after": rows[-1].id if len(rows) == self.limit else None}

    def rows(self, session: Session, scope: Scope) -> list[NoticeRow]:
        q = self._where(scope.select())
        return list(session.scalars(q.order_by(NoticeRow.id).limit(self.limit)).all())

    def _where(self, q: Select[Any]) -> Select[Any]:
        q = q.where(NoticeRow.id > self.after)
        statuses = _statuses(self.status)
        if statuses:
            # the statuses written into the SQL (they are Status values, never user text): the
            # planner then sees `status IN ('acknowledged', 'sent')` and can use the partial index
            # of open notices, even in a prepared statement's generic plan
            q = q.where(NoticeRow.status.in_(bindparam("statuses", sorted(set(statuses)), expanding=True,
                                                       literal_execute=True)))
        for value, cond in ((self.since, lambda v: NoticeRow.created_at >= v),
                            (self.until, lambda v: NoticeRow.created_at < v),
                            (self.updated_since, lambda v: NoticeRow.updated_at >= v)):
            if value is not None:
                if value.tzinfo is None:
                    raise InputError("dates need a time zone (e.g. 2026-01-31T00:00:00Z)", where="since/until")
                q = q.where(cond(value))
        if self.platform:
            q = q.where(NoticeRow.platform == self.platform)
        return q


async def list_query(  # async: no I/O, so no thread hop (see deps.py)
    status: Annotated[str | None, Query(description='"open" (sent or acknowledged), a status, or a comma list')] = None,
    since: Annotated[datetime | None, Query(description="created at or after (ISO 8601 with zone)")] = None,
    until: Annotated[datetime | None, Query(description="created before")] = None,
    updated_since: Annotated[datetime | None, Query(description="changed at or after")] = None,
    after: Annotated[int, Query(ge=0, description="id cursor: next_after of the previous page")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    evidence: Annotated[bool, Query(description="include the evidence snapshot")] = True,
) -> ListQuery:
    return ListQuery(status, since, until, updated_since, None, after, limit, evidence)


ListParams = Annotated[ListQuery, Depends(list_query)]
