"""ISO weeks, the windows term discovery counts over ("2025-W07": Monday 00:00 UTC to the next Monday)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from pantau.errors import InputError

_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$")


def parse_week(label: str) -> tuple[datetime, datetime]:
    """[start, end) of an ISO week label such as 2025-W07."""
    m = _WEEK.match(label.strip().upper())
    if not m:
        raise InputError(f"not an ISO week {label!r}; write it as YYYY-Www, e.g. 2025-W07", where="--week")
    try:
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError as e:
        raise InputError(f"no such ISO week {label!r} ({e})", where="--week") from None
    start = datetime.combine(monday, time(), tzinfo=UTC)
    return start, start + timedelta(weeks=1)


def week_of(at: datetime) -> str:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    iso = at.astimezone(UTC).isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def previous_weeks(label: str, n: int) -> list[str]:
    """The n weeks before `label`, oldest first."""
    start, _ = parse_week(label)
    return [week_of(start - timedelta(weeks=k)) for k in range(n, 0, -1)]
