"""Notices, for the ministry (every platform) and for a platform's operators (their inbox only)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from pantau.console import backend
from pantau.console.web import PREFIX, ConsoleUser, checked_form, needs, redirect, render, secure, tr
from pantau.errors import PantauError

router = APIRouter()
STATUSES = ("open", "draft", "sent", "acknowledged", "removed", "rejected", "not_found", "verified",
            "reappeared")
OUTCOMES = ("removed", "rejected", "not_found")


def _ids(values: list[str], limit: int = 1000) -> list[int]:
    out = []
    for v in values:
        for part in str(v).split(","):
            if part.strip().isdigit():
                out.append(int(part))
    return sorted(set(out))[:limit]


@router.get("/notices")
def notices_page(request: Request, user: Annotated[ConsoleUser, Depends(needs("notices"))],
                 platform: str = "", status: str = "") -> Response:
    status = status if status in STATUSES else ""
    with backend.db(request).session() as s:
        platforms = backend.notice_platforms(s)
        platform = platform if platform in platforms else ""
        rows = backend.notices(s, platform=platform or None, status=status)
        warnings = backend.platform_warnings(s)
    return render(request, "notices.html", {"warnings": warnings,
        "page": "notices", "rows": rows, "platforms": platforms, "platform": platform, "status": status,
        "statuses": STATUSES}, user=user)


@router.post("/notices/approve")
def approve(request: Request, user: Annotated[ConsoleUser, Depends(needs("approve"))],
            form: Annotated[FormData, Depends(checked_form)]) -> Response:
    ids = _ids([str(v) for v in form.getlist("id")])
    try:
        with backend.db(request).session() as s:
            n = backend.approve_drafts(s, user, ids, env=backend.notice_env(request))
    except PantauError as e:
        return redirect(request, f"{PREFIX}/notices", f"{tr(request, 'Refused')}: {e}")
    return redirect(request, f"{PREFIX}/notices", tr(request, "%(n)d notices sent.") % {"n": n})


@router.get("/notices/annex")
def annex(request: Request, user: Annotated[ConsoleUser, Depends(needs("notices"))],
          platform: str = "", format: str = "html") -> Response:
    """The batch as the annex of the ministry's letter: printable HTML here, or the notices
    capability's own exports (PDF, XLSX, CSV) as a download."""
    ids = _ids(request.query_params.getlist("id"))
    now = datetime.now(UTC)
    if format in ("csv", "pdf", "xlsx"):
        with backend.db(request).session() as s:
            body = backend.export_notices(s, ids, platform, format, issuer=user.name, now=now)
        media = {"csv": "text/csv; charset=utf-8", "pdf": "application/pdf",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[format]
        slug = re.sub(r"[^a-z0-9_-]", "", platform.lower())[:32] or "all"  # the query is not a header
        name = f"annex-{slug}-{now:%Y%m%d}.{format}"
        return secure(Response(body, media_type=media,
                               headers={"Content-Disposition": f'attachment; filename="{name}"'}))
    with backend.db(request).session() as s:
        rows = backend.notices(s, platform=platform or None, ids=ids or None, limit=5000)
    return render(request, "annex.html", {"rows": rows, "platform": platform, "today": now}, user=user)


@router.get("/inbox")
def inbox(request: Request, user: Annotated[ConsoleUser, Depends(needs("inbox"))],
          status: str = "open") -> Response:
    status = status if status in STATUSES or status == "all" else "open"
    rows = []
    if user.platform:  # a platform operator without a platform sees nothing, never everything
        with backend.db(request).session() as s:
            rows = backend.notices(s, platform=user.platform, status="" if status == "all" else status)
    return render(request, "inbox.html", {"page": "inbox", "rows": rows, "status": status,
                                          "outcomes": OUTCOMES}, user=user)


@router.post("/inbox/{notice_id}/outcome")
def outcome(request: Request, notice_id: int, user: Annotated[ConsoleUser, Depends(needs("outcome"))],
            form: Annotated[FormData, Depends(checked_form)]) -> Response:
    value = str(form.get("outcome") or "")
    reason = str(form.get("reason") or "")[:2000]
    try:
        with backend.db(request).session() as s:
            status = backend.report_outcome(s, user, notice_id, value, reason,
                                            env=backend.notice_env(request))
    except PantauError as e:
        return redirect(request, f"{PREFIX}/inbox", f"{tr(request, 'Refused')}: {e}")
    return redirect(request, f"{PREFIX}/inbox",
                    tr(request, "Notice %(id)s: %(status)s.") % {"id": notice_id, "status": tr(request, status)})
