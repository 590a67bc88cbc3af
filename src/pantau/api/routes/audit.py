"""The audit log, read-only: entries page by page, and a check of the hash chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from pantau.api.deps import AuditReader, DbDep
from pantau.api.responses import JSONOut
from pantau.store import audit
from pantau.store.tables.notices import AuditLogRow

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


@router.get("")
def entries(db: DbDep, user: AuditReader, after: Annotated[int, Query(ge=0)] = 0,
            limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> JSONOut:
    with db.session() as s:
        rows = s.scalars(select(AuditLogRow).where(AuditLogRow.seq > after).order_by(AuditLogRow.seq)
                         .limit(limit)).all()
        return JSONOut({"entries": [{"seq": r.seq, "at": r.at.isoformat(), "actor": r.actor, "action": r.action,
                                     "payload": r.payload, "prev_hash": r.prev_hash, "hash": r.hash} for r in rows],
                        "next_after": rows[-1].seq if len(rows) == limit else None})


@router.get("/verify")
def verify(db: DbDep, user: AuditReader) -> JSONOut:
    with db.session() as s:
        if s.get_bind().dialect.name == "postgresql":
            # one snapshot for the walk and the head: the sealer may commit new entries and move the
            # head between two statements, which under READ COMMITTED looks like a truncated log
            s.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        report = audit.verify(s)
    broken = report.broken
    return JSONOut({"ok": report.ok, "checked": report.checked, "pending": report.pending,
                    "broken": None if broken is None else {"seq": broken.seq, "problem": broken.problem}})
