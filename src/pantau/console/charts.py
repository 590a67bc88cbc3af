"""Geometry for the console's server-rendered SVG charts.

These functions only compute coordinates and labels; the templates (`_charts.html`) draw them, so
every label (seller names included) goes through Jinja's autoescape. No JavaScript chart library:
the charts must render in an air-gapped ministry and under a no-inline-script policy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Colour-blind-safe palette (Okabe-Ito), one colour per platform in a stable order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#555555")


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


@dataclass(slots=True)
class Line:
    name: str
    colour: str
    points: str  # "x,y x,y ..." for <polyline>
    dots: list[tuple[float, float, str]] = field(default_factory=list)  # x, y, tooltip


@dataclass(slots=True)
class LineChart:
    title: str
    width: int
    height: int
    lines: list[Line]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    left: int
    bottom: int


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * exp:
            return m * exp
    return 10 * exp


MAX_DOTS = 26  # beyond this many points the dots hide the line


def colours_for(names: Sequence[str]) -> dict[str, str]:
    """A stable colour per name (platform), the same in every chart of a page."""
    return {n: colour(i) for i, n in enumerate(sorted(set(names)))}


def line_chart(title: str, x: Sequence[str], series: Mapping[str, Sequence[float]],
               width: int = 360, height: int = 160, colours: Mapping[str, str] | None = None) -> LineChart:
    """One line per series over the shared x labels (weeks)."""
    colours = colours or colours_for(list(series))
    left, right, top, bottom = 34, 8, 10, 22
    top_v = _nice_max(max([max(v, default=0) for v in series.values()], default=0))
    pw, ph = width - left - right, height - top - bottom
    n = max(len(x), 1)

    def px(i: int) -> float:
        return left + (pw * i / (n - 1) if n > 1 else pw / 2)

    def py(v: float) -> float:
        return top + ph - ph * (v / top_v)

    lines = []
    for k, (name, values) in enumerate(series.items()):
        pts = [(round(px(i), 1), round(py(v), 1)) for i, v in enumerate(values)]
        dots = [(a, b, f"{name} {x[i]}: {values[i]:g}") for i, (a, b) in enumerate(pts)] if n <= MAX_DOTS else []
        lines.append(Line(name, colours.get(name, colour(k)), " ".join(f"{a},{b}" for a, b in pts), dots))
    step = max(1, math.ceil(n / 6))
    x_labels = [(round(px(i), 1), x[i]) for i in range(0, len(x), step)]
    y_ticks = [(round(py(top_v * f), 1), f"{top_v * f:g}") for f in (0, 0.5, 1)]
    return LineChart(title, width, height, lines, x_labels, y_ticks, left, height - bottom)


@dataclass(slots=True)
class Bar:
    label: str
    y: float
    w: float
    value: str
    colour: str
    marker: float | None = None  # x of a reference mark (the deadline)


@dataclass(slots=True)
class BarChart:
    title: str
    width: int
    height: int
    left: int
    bar_h: int
    bars: list[Bar]
    marker_label: str = ""


def hbar_chart(title: str, rows: Sequence[tuple[str, float, str]], max_value: float | None = None,
               marker: float | None = None, marker_label: str = "", width: int = 360,
               colours: Mapping[str, str] | None = None) -> BarChart:
    """Horizontal bars: (label, value, shown value); an optional vertical marker at `marker`."""
    left, bar_h, gap = 92, 16, 8
    top_v = max_value or _nice_max(max([v for _, v, _ in rows] + [marker or 0], default=0))
    pw = width - left - 50
    colours = colours or {}
    bars = [Bar(label, 6 + i * (bar_h + gap), round(pw * min(v, top_v) / top_v, 1), shown,
                colours.get(label, colour(i)),
                round(left + pw * marker / top_v, 1) if marker is not None else None)
            for i, (label, v, shown) in enumerate(rows)]
    height = 12 + len(rows) * (bar_h + gap)
    return BarChart(title, width, max(height, 30), left, bar_h, bars, marker_label)


def sparkline(values: Sequence[float], width: int = 80, height: int = 20) -> str:
    """Points for a tiny <polyline> trend of a term's weekly counts."""
    if not values:
        return ""
    top_v = max(max(values), 1)
    n = len(values)
    return " ".join(
        f"{round((width - 2) * i / max(n - 1, 1) + 1, 1)},{round(height - 1 - (height - 2) * v / top_v, 1)}"
        for i, v in enumerate(values))


@dataclass(slots=True)
class Node:
    key: str
    label: str
    platform: str
    x: float
    y: float
    colour: str
    offender: bool
    lx: float = 0.0  # label position, outside the circle
    ly: float = 0.0
    anchor: str = "middle"


@dataclass(slots=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    strong: bool


@dataclass(slots=True)
class Network:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]


def network(accounts: Sequence[tuple[str, str, str, bool]], links: Sequence[tuple[str, str, str, float]],
            platforms: Sequence[str], size: int = 320) -> Network:
    """Accounts (key, label, platform, taken down) on a circle; links (key, key, evidence, score).

    A circle rather than a force layout: deterministic, readable for the handful of accounts an
    operator runs, and no layout library to ship.
    """
    accounts = list(accounts)[:40]
    # more accounts, a bigger circle, so labels (placed outside it, away from the centre) stay apart
    size = int(min(640, max(size, 30 * len(accounts))))
    pad = 70  # room left and right for labels written outward
    cx, cy = size / 2 + pad, size / 2
    r = size / 2 - 80 if len(accounts) > 1 else 0
    pos: dict[str, tuple[float, float]] = {}
    nodes = []
    for i, (key, label, platform, offender) in enumerate(accounts):
        a = 2 * math.pi * i / max(len(accounts), 1) - math.pi / 2
        x, y = round(cx + r * math.cos(a), 1), round(cy + r * math.sin(a), 1)
        pos[key] = (x, y)
        k = platforms.index(platform) if platform in platforms else len(platforms)
        c = math.cos(a)
        anchor = "start" if c > 0.3 else "end" if c < -0.3 else "middle"
        lx, ly = round(cx + (r + 16) * c, 1), round(cy + (r + 16) * math.sin(a) + 3, 1)
        if len(accounts) == 1:
            lx, ly = cx, cy + 26
        nodes.append(Node(key, label[:24], platform, x, y, colour(k), offender, lx, ly, anchor))
    edges = [Edge(*pos[a], *pos[b], evidence[:80], score >= 0.9)
             for a, b, evidence, score in links if a in pos and b in pos and a != b]
    return Network(size + 2 * pad, size, nodes, edges)
