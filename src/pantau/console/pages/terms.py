"""Code words: terms sellers started using, with examples and a trend sparkline; accept or reject."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from pantau.console import backend
from pantau.console.charts import sparkline
from pantau.console.web import PREFIX, ConsoleUser, checked_form, needs, redirect, render, tr
from pantau.errors import PantauError

router = APIRouter()


@router.get("/terms")
def terms_page(request: Request, user: Annotated[ConsoleUser, Depends(needs("terms"))]) -> Response:
    with backend.db(request).session() as s:
        rows = backend.suggestions(s, now=datetime.now(UTC))
    return render(request, "terms.html", {"page": "terms", "rows": rows, "categories": backend.CATEGORIES,
                                          "spark": {r.id: sparkline(r.weekly) for r in rows}}, user=user)


@router.post("/terms/decide")
def decide(request: Request, user: Annotated[ConsoleUser, Depends(needs("terms_decide"))],
           form: Annotated[FormData, Depends(checked_form)]) -> Response:
    term = str(form.get("term") or "")
    decision = str(form.get("decision") or "")
    category = str(form.get("category") or "bulk")
    try:
        with backend.db(request).session() as s:
            summary = backend.decide_term(s, user.name, term, decision, category)
    except PantauError as e:
        return redirect(request, f"{PREFIX}/terms", f"{tr(request, 'Refused')}: {e}")
    return redirect(request, f"{PREFIX}/terms", f"{term}: {tr(request, decision)} {summary}".strip())


@router.post("/terms/discover")
def discover(request: Request, user: Annotated[ConsoleUser, Depends(needs("terms_decide"))],
             form: Annotated[FormData, Depends(checked_form)]) -> Response:
    """Look for new code words now (the newest week's listings) and record them."""
    try:
        with backend.db(request).session() as s:
            n = backend.discover_now(s)
    except PantauError as e:
        return redirect(request, f"{PREFIX}/terms", f"{tr(request, 'Refused')}: {e}")
    return redirect(request, f"{PREFIX}/terms", tr(request, "%(n)d code words suggested.") % {"n": n})
