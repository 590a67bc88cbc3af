"""Deadlines and escalation of overdue notices (pure: the clock is an argument).

Like the national SAMAN system, an overdue notice raises a warning against its platform: warning 1
when the deadline passes, 2 after another deadline's length, 3 after a third. A platform's warning
level is the highest level among its overdue notices; `escalate` returns only what changed, so
running it every few minutes repeats nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_LEVEL = 3


@dataclass(frozen=True, slots=True)
class OpenNotice:
    id: int
    platform: str
    deadline_at: datetime
    period: timedelta  # the notice's deadline length: 24 h normal, 4 h urgent
    level: int = 0


@dataclass(frozen=True, slots=True)
class NoticeEscalation:
    notice_id: int
    platform: str
    level: int
    overdue_by: timedelta


@dataclass(frozen=True, slots=True)
class PlatformWarning:
    platform: str
    level: int
    notice_ids: tuple[int, ...]


def level_at(deadline_at: datetime, period: timedelta, now: datetime) -> int:
    """0 before the deadline, then 1, 2, 3 at each further period overdue."""
    if now <= deadline_at:
        return 0
    late = now - deadline_at
    step = period if period > timedelta(0) else timedelta(hours=24)
    return min(MAX_LEVEL, 1 + int(late / step))


def escalate(notices: Iterable[OpenNotice], platform_levels: dict[str, int], now: datetime
             ) -> tuple[list[NoticeEscalation], list[PlatformWarning]]:
    """Notices whose level rose, and platforms whose warning level rose, at `now`."""
    raised: list[NoticeEscalation] = []
    per_platform: dict[str, list[tuple[int, int]]] = {}
    for n in notices:
        lvl = level_at(n.deadline_at, n.period, now)
        if lvl > n.level:
            raised.append(NoticeEscalation(n.id, n.platform, lvl, now - n.deadline_at))
        if lvl:
            per_platform.setdefault(n.platform, []).append((n.id, max(lvl, n.level)))
    warnings = []
    for platform, items in sorted(per_platform.items()):
        top = max(lvl for _, lvl in items)
        if top > platform_levels.get(platform, 0):
            ids = tuple(sorted(i for i, lvl in items if lvl == top))
            warnings.append(PlatformWarning(platform, top, ids))
    return raised, warnings
