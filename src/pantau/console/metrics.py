"""The numbers superiors ask for, computed from notices and found listings. Pure functions.

Definitions (shown on the dashboard too, so nobody argues about what a number means):
- links found: violating listings first seen in the week;
- notices sent / removed / verified / re-appeared: notices created, answered "removed", checked as
  gone, and found back online, in the week the event happened;
- time to removal: from the notice to the platform's "removed", median per platform, against the
  median deadline window granted;
- compliance rate: of the notices whose deadline has passed or that were answered, the share
  removed on or before the deadline;
- recidivism rate: of the sellers with a removal, the share that re-appeared (the same listing back,
  or a new listing of theirs found after the removal).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pantau.console.records import NoticeView

METRICS = ("found", "sent", "removed", "verified", "reappeared")


def _utc(d: datetime) -> datetime:
    return d if d.tzinfo else d.replace(tzinfo=UTC)


def week_of(d: datetime) -> str:
    y, w, _ = _utc(d).isocalendar()
    return f"{y}-W{w:02d}"


def last_weeks(now: datetime, n: int = 8) -> list[str]:
    return [week_of(now - timedelta(weeks=k)) for k in range(n - 1, -1, -1)]


@dataclass(slots=True)
class PlatformStats:
    platform: str
    notices: int
    removed: int
    open: int
    overdue: int
    compliance: float | None  # 0..1, None when nothing is due yet
    median_hours_to_removal: float | None
    median_deadline_hours: float | None


@dataclass(slots=True)
class Dashboard:
    weeks: list[str]
    # metric -> platform -> counts per week (aligned with weeks)
    weekly: dict[str, dict[str, list[int]]]
    totals: dict[str, int]
    platforms: list[PlatformStats]
    recidivism: float | None
    sellers_removed: int
    sellers_reappeared: int


def _hours(a: datetime, b: datetime) -> float:
    return (_utc(b) - _utc(a)).total_seconds() / 3600


def dashboard(notices: Sequence[NoticeView], found: Iterable[tuple[str, datetime]],
              reappeared_sellers: Iterable[tuple[str, str]] = (), *, now: datetime | None = None,
              weeks: int = 8) -> Dashboard:
    """`found`: (platform, first seen) of violating listings; `reappeared_sellers`: (platform, seller)
    seen again after a removal by means other than a notice's verification (e.g. a new listing)."""
    now = _utc(now or datetime.now(UTC))
    week_list = last_weeks(now, weeks)
    index = {w: i for i, w in enumerate(week_list)}
    weekly: dict[str, dict[str, list[int]]] = {m: defaultdict(lambda: [0] * len(week_list)) for m in METRICS}
    totals = dict.fromkeys(METRICS, 0)
    seen_platforms: set[str] = set()

    def add(metric: str, platform: str, when: datetime | None) -> None:
        if when is None:
            return
        seen_platforms.add(platform)
        totals[metric] += 1
        i = index.get(week_of(when))
        if i is not None:
            weekly[metric][platform][i] += 1

    for platform, when in found:
        add("found", platform, when)
    by_platform: dict[str, list[NoticeView]] = defaultdict(list)
    removed_sellers: set[tuple[str, str]] = set()
    back: set[tuple[str, str]] = set()
    for n in notices:
        by_platform[n.platform].append(n)
        add("sent", n.platform, n.created_at)
        if n.outcome == "removed":
            add("removed", n.platform, n.outcome_at or n.created_at)
            removed_sellers.add((n.platform, n.seller_id or n.listing_id))
        add("verified", n.platform, n.verified_at)
        if n.reappeared_at is not None:
            add("reappeared", n.platform, n.reappeared_at)
            back.add((n.platform, n.seller_id or n.listing_id))
    back |= {s for s in reappeared_sellers if s in removed_sellers}

    stats = []
    for platform in sorted(by_platform):
        rows = by_platform[platform]
        removed = [n for n in rows if n.outcome == "removed"]
        due = [n for n in rows if n.outcome is not None or (n.deadline and now > _utc(n.deadline))]
        on_time = [n for n in removed if n.deadline is None
                   or _utc(n.outcome_at or n.created_at) <= _utc(n.deadline)]
        to_removal = [_hours(n.created_at, n.outcome_at) for n in removed if n.outcome_at]
        windows = [_hours(n.created_at, n.deadline) for n in rows if n.deadline]
        stats.append(PlatformStats(
            platform, len(rows), len(removed), sum(1 for n in rows if n.open),
            sum(1 for n in rows if n.overdue(now)),
            len(on_time) / len(due) if due else None,
            statistics.median(to_removal) if to_removal else None,
            statistics.median(windows) if windows else None))
    platforms = sorted(seen_platforms)
    weekly_plain = {m: {p: list(weekly[m][p]) for p in platforms} for m in METRICS}
    return Dashboard(week_list, weekly_plain, totals, stats,
                     len(back) / len(removed_sellers) if removed_sellers else None,
                     len(removed_sellers), len(back))
