"""Sellers: accounts worth a look, and one operator's accounts across platforms with the evidence
that links them, as a network drawing and a timeline of takedowns and re-appearances."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from pantau.console import backend
from pantau.console.charts import network
from pantau.console.web import ConsoleUser, needs, render, tr

router = APIRouter()


@router.get("/sellers")
def sellers_page(request: Request, user: Annotated[ConsoleUser, Depends(needs("sellers"))]) -> Response:
    with backend.db(request).session() as s:
        rows = backend.sellers_overview(s)
    return render(request, "sellers.html", {"page": "sellers", "rows": rows}, user=user)


@router.get("/sellers/{platform}/{seller_id:path}")
def operator_page(request: Request, platform: str, seller_id: str,
                  user: Annotated[ConsoleUser, Depends(needs("sellers"))]) -> Response:
    with backend.db(request).session() as s:
        op = backend.operator(s, platform[:32], seller_id[:256])
    if op is None:
        return render(request, "error.html", {"title": tr(request, "Not found"),
                                              "message": tr(request, "No such seller.")}, status=404, user=user)
    platforms = sorted({a.platform for a in op.accounts})
    drawing = network([(a.key, a.name or a.seller_id, a.platform, a.taken_down_at is not None)
                       for a in op.accounts],
                      [(lk.a, lk.b, "; ".join(lk.evidence[:2]), lk.score) for lk in op.links], platforms)
    return render(request, "operator.html", {"page": "sellers", "op": op, "net": drawing,
                                             "platforms": platforms}, user=user)
