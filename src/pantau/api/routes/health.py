"""Liveness: 200 when the store answers."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from pantau.api.deps import DbDep
from pantau.api.responses import JSONOut

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(db: DbDep) -> JSONOut:
    try:
        with db.session() as s:
            s.execute(text("SELECT 1"))
    except Exception as e:  # the store is down: say so, do not crash
        return JSONOut({"status": "unavailable", "error": e.__class__.__name__}, status_code=503)
    return JSONOut({"status": "ok"})
