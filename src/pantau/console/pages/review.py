"""The review queue: ranked listings with their evidence, filters, and bulk decisions."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from pantau.console import backend
from pantau.console.highlight import highlight, matched_terms
from pantau.console.web import PREFIX, ConsoleUser, checked_form, needs, redirect, render, secure, tr
from pantau.errors import PantauError

router = APIRouter()
MAX_TEXT = 1500  # characters of a description shown in the queue; the notice keeps the whole text
MAX_BULK = 500
MAX_PHOTOS = 4
PAGE = 50


def _date(value: str, end: bool = False) -> datetime | None:
    try:
        d = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None
    return datetime.combine(d, time.max if end else time.min, tzinfo=UTC)


def _local(name: str) -> bool:
    return "://" not in name and not name.startswith(("/", "\\"))


def view(item: backend.QueueItem, others: dict[tuple[str, str], int] | None = None) -> dict[str, object]:
    desc = item.description if len(item.description) <= MAX_TEXT else item.description[:MAX_TEXT] + "…"
    matches = [{**m, "pk": (others or {}).get((str(m.get("platform")), str(m.get("listing_id"))))}
               for m in item.image_matches[:8]]
    return {
        "photos": [(i, _local(str(name))) for i, name in enumerate(item.images[:MAX_PHOTOS])],
        "matches": matches,
        "item": item,
        "title": highlight(item.title, "title", item.reasons),
        "description": highlight(desc, "description", item.reasons),
        "shop": highlight(item.shop_name or item.seller_id, "shop_name", item.reasons),
        "terms": matched_terms(item.reasons),
    }


@router.get("/review")
def review_page(request: Request, user: Annotated[ConsoleUser, Depends(needs("review"))],
                platform: str = "", verdict: str = "", term: str = "", city: str = "",
                status: str = "pending", to: str = "", page: int = 1) -> Response:
    date_from = request.query_params.get("from", "")
    f = backend.QueueFilter(
        platform=platform[:32], verdict=verdict if verdict in ("violating", "review", "benign") else "",
        term=term.strip()[:60], city=city.strip()[:60], date_from=_date(date_from),
        date_to=_date(to, end=True), status=status if status in ("pending", "decided", "all") else "pending")
    with backend.db(request).session() as s:
        page = max(1, min(page, 1000))
        items, total = backend.queue(s, f, limit=PAGE, offset=(page - 1) * PAGE)
        options = backend.filter_options(s)
        others = backend.listing_pks(s, [(str(m.get("platform")), str(m.get("listing_id")))
                                         for i in items for m in i.image_matches[:8]])
    back = request.url.path + ("?" + request.url.query if request.url.query else "")
    return render(request, "review.html", {
        "page": "review", "items": [view(i, others) for i in items], "f": f, "options": options,
        "date_from": date_from if f.date_from else "", "date_to": to if f.date_to else "",
        "back": back, "query": urlencode({k: v for k, v in request.query_params.items() if k != "page"}),
        "total": total, "page_no": page, "has_more": page * PAGE < total,
    }, user=user)


@router.post("/review/decide")
def decide(request: Request, user: Annotated[ConsoleUser, Depends(needs("decide"))],
           form: Annotated[FormData, Depends(checked_form)]) -> Response:
    back = str(form.get("back") or "")
    if not back.startswith(f"{PREFIX}/review") or "//" in back:
        back = f"{PREFIX}/review"
    try:
        pks = sorted({int(str(v)) for v in form.getlist("pk")})[:MAX_BULK]
    except ValueError:
        return redirect(request, back, tr(request, "Bad selection."))
    action = str(form.get("action") or "")
    urgency = "urgent" if form.get("urgency") == "urgent" else "normal"
    if not pks:
        return redirect(request, back, tr(request, "Select at least one listing."))
    try:
        with backend.db(request).session() as s:
            items = backend.items_by_pk(s, pks)
            if action == "approve":
                backend.record_decisions(s, user.name, items, "violating")
                ids = backend.create_notices(s, user, items, urgency, env=backend.notice_env(request))
                message = tr(request, "%(n)d notices created.") % {"n": len(ids)}
            elif action == "benign":
                n = backend.record_decisions(s, user.name, items, "benign")
                message = tr(request, "%(n)d listings marked benign.") % {"n": n}
            else:
                return redirect(request, back, tr(request, "Unknown action."))
    except PantauError as e:
        return redirect(request, back, f"{tr(request, 'Refused')}: {e}")
    return redirect(request, back, message)


@router.get("/photo/{pk}/{idx}")
def photo(request: Request, pk: int, idx: int, user: Annotated[ConsoleUser, Depends(needs("review"))]) -> Response:
    """A listing's photo as a small re-encoded PNG (see backend.photos for what is refused)."""
    try:
        with backend.db(request).session() as s:
            path = backend.photo_file(s, pk, idx)
        body = backend.thumbnail_png(path)
    except PantauError:
        return secure(Response(status_code=404))
    resp = Response(body, media_type="image/png", headers={"Cache-Control": "private, max-age=600"})
    return secure(resp, cache=True)
