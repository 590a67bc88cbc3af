"""Deadline configuration and the escalation levels (pure, with an injected clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pantau.errors import InputError
from pantau.notices.deadlines import OpenNotice, escalate, level_at
from pantau.notices.service import NoticeConfig

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_deadlines_are_configurable_from_the_environment():
    default = NoticeConfig.from_env({})
    assert default.timing.normal == timedelta(hours=24) and default.timing.urgent == timedelta(hours=4)
    assert not default.require_approval
    c = NoticeConfig.from_env({"PANTAU_DEADLINE_HOURS": "48", "PANTAU_URGENT_DEADLINE_HOURS": "0.5",
                               "PANTAU_REQUIRE_APPROVAL": "true"})
    assert c.timing.deadline("normal") == timedelta(hours=48) and c.timing.deadline("urgent") == timedelta(minutes=30)
    assert c.require_approval
    for bad in ("0", "-3", "soon", "1e9"):
        with pytest.raises(InputError, match="PANTAU_DEADLINE_HOURS"):
            NoticeConfig.from_env({"PANTAU_DEADLINE_HOURS": bad})


@pytest.mark.parametrize("late,level",
                         [(-1, 0), (0, 0), (1, 1), (4 * 60 - 1, 1), (4 * 60, 2), (8 * 60, 3), (10_000, 3)])
def test_levels_rise_each_period_overdue(late, level):
    period = timedelta(hours=4)
    assert level_at(T0, period, T0 + timedelta(minutes=late)) == level


def test_escalate_reports_only_what_rose_per_platform():
    p = timedelta(hours=24)
    notices = [OpenNotice(1, "shopee", T0, p, level=1), OpenNotice(2, "shopee", T0 + timedelta(hours=30), p),
               OpenNotice(3, "lazada", T0, p, level=0)]
    raised, warnings = escalate(notices, {"shopee": 1}, T0 + timedelta(hours=2))
    assert [(e.notice_id, e.level) for e in raised] == [(3, 1)]  # 1 stays at 1, 2 is not due yet
    assert [(w.platform, w.level, w.notice_ids) for w in warnings] == [("lazada", 1, (3,))]
    raised, warnings = escalate(notices, {"shopee": 1, "lazada": 1}, T0 + timedelta(hours=49))
    assert sorted((e.notice_id, e.level) for e in raised) == [(1, 3), (2, 1), (3, 3)]
    assert [(w.platform, w.level, w.notice_ids) for w in warnings] == [("lazada", 3, (3,)), ("shopee", 3, (1,))]
