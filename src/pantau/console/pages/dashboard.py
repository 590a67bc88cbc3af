"""The dashboard: what was found, sent, removed, verified and re-appeared, per platform per week;
time to removal against the deadline; compliance and recidivism. Charts are server-rendered SVG."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from pantau.console import backend
from pantau.console.charts import colours_for, hbar_chart, line_chart
from pantau.console.metrics import METRICS, dashboard
from pantau.console.web import ConsoleUser, needs, render, tr

router = APIRouter()
WEEKS = 8
PERIODS = (8, 26, 52, 156)  # weeks shown: two months, half a year, a year, three years
TITLES = {"found": "Links found", "sent": "Notices sent", "removed": "Removed", "verified": "Verified",
          "reappeared": "Re-appeared"}


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{100 * v:.0f}%"


@router.get("/dashboard")
def dashboard_page(request: Request, user: Annotated[ConsoleUser, Depends(needs("dashboard"))],
                   weeks: int = WEEKS) -> Response:
    weeks = weeks if weeks in PERIODS else WEEKS
    now = backend.notice_env(request).now or datetime.now(UTC)
    with backend.db(request).session() as s:
        rows, found = backend.dashboard_inputs(s, now - timedelta(weeks=weeks))
    d = dashboard(rows, found, now=now, weeks=weeks)
    colours = colours_for([p for m in METRICS for p in d.weekly[m]])
    charts = [line_chart(tr(request, TITLES[m]), d.weeks, d.weekly[m], colours=colours) for m in METRICS]
    timing = hbar_chart(
        tr(request, "Median hours to removal"),
        [(p.platform, p.median_hours_to_removal or 0.0,
          "—" if p.median_hours_to_removal is None else f"{p.median_hours_to_removal:.1f} h")
         for p in d.platforms],
        marker=max([p.median_deadline_hours or 0 for p in d.platforms], default=0) or None,
        marker_label=tr(request, "deadline"), colours=colours)
    compliance = hbar_chart(tr(request, "Compliance rate"),
                            [(p.platform, 100 * (p.compliance or 0), _pct(p.compliance)) for p in d.platforms],
                            max_value=100, colours=colours)
    return render(request, "dashboard.html", {
        "page": "dashboard", "d": d, "charts": charts, "timing": timing, "compliance": compliance,
        "titles": TITLES, "pct": _pct, "periods": PERIODS, "weeks": weeks}, user=user)
