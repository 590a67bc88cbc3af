"""The pure state machine: every allowed transition, every refused one, roles, and no-op repeats."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pantau.errors import Conflict, Forbidden, InputError
from pantau.notices.lifecycle import (
    RULES,
    Actor,
    Command,
    NoticeView,
    NotifyPlatform,
    Role,
    ScheduleVerification,
    SetDeadline,
    Status,
    Timing,
    decide,
    issue_path,
)

SUP = Actor("sup", Role.SUPERVISOR)
SYS = Actor("verifier", Role.SYSTEM)
SHOPEE = Actor("op", Role.PLATFORM, "shopee")

# (from, command, outcome, actor, to): the whole lifecycle, written out by hand
ALLOWED = [
    (Status.DRAFT, Command.APPROVE, None, SUP, Status.APPROVED),
    (Status.APPROVED, Command.SEND, None, SUP, Status.SENT),
    (Status.SENT, Command.ACKNOWLEDGE, None, SHOPEE, Status.ACKNOWLEDGED),
    *[(src, Command.OUTCOME, out.value, SHOPEE, out)
      for src in (Status.SENT, Status.ACKNOWLEDGED)
      for out in (Status.REMOVED, Status.REJECTED, Status.NOT_FOUND)],
    (Status.REMOVED, Command.VERIFY, None, SYS, Status.VERIFIED),
    (Status.NOT_FOUND, Command.VERIFY, None, SYS, Status.VERIFIED),
    (Status.REMOVED, Command.REAPPEAR, None, SYS, Status.REAPPEARED),
    (Status.NOT_FOUND, Command.REAPPEAR, None, SYS, Status.REAPPEARED),
    (Status.VERIFIED, Command.REAPPEAR, None, SYS, Status.REAPPEARED),
]


def notice(status: Status, platform: str = "shopee", urgency: str = "normal") -> NoticeView:
    return NoticeView(7, platform, status, urgency)


@pytest.mark.parametrize(("src", "cmd", "outcome", "actor", "dst"), ALLOWED,
                         ids=[f"{a[0]}-{a[1]}-{a[4]}" for a in ALLOWED])
def test_allowed_transitions(src, cmd, outcome, actor, dst):
    d = decide(notice(src), cmd, actor, outcome=outcome, reason="policy says no" if outcome == "rejected" else None)
    assert (d.from_status, d.to_status) == (src, dst)
    assert d.changes


def _pairs_refused():
    allowed = {(src, cmd, outcome) for src, cmd, outcome, _, _ in ALLOWED}
    for src, cmd in itertools.product(Status, Command):
        outcomes = ["removed", "rejected", "not_found"] if cmd is Command.OUTCOME else [None]
        for out in outcomes:
            target = Status(out) if out else None
            if (src, cmd, out) in allowed or src == target:
                continue
            # repeating the command whose result already holds is a no-op, tested below
            if cmd is not Command.OUTCOME and RULES[cmd].sources and src == _fixed(cmd):
                continue
            yield src, cmd, out


def _fixed(cmd):
    return {Command.APPROVE: Status.APPROVED, Command.SEND: Status.SENT, Command.ACKNOWLEDGE: Status.ACKNOWLEDGED,
            Command.VERIFY: Status.VERIFIED, Command.REAPPEAR: Status.REAPPEARED}[cmd]


def _actor_for(cmd):
    return {Command.APPROVE: SUP, Command.SEND: SUP, Command.ACKNOWLEDGE: SHOPEE, Command.OUTCOME: SHOPEE,
            Command.VERIFY: SYS, Command.REAPPEAR: SYS}[cmd]


REFUSED = list(_pairs_refused())


@pytest.mark.parametrize(("src", "cmd", "outcome"), REFUSED, ids=[f"{a[0]}-{a[1]}-{a[2]}" for a in REFUSED])
def test_refused_transitions_conflict(src, cmd, outcome):
    with pytest.raises(Conflict, match=f"cannot {cmd}"):
        decide(notice(src), cmd, _actor_for(cmd), outcome=outcome, reason="r")


def test_every_state_is_reachable_or_refused():
    # the tables above cover every (state, command) pair: allowed + refused + no-op
    covered = {(a[0], a[1]) for a in ALLOWED} | {(r[0], r[1]) for r in REFUSED}
    covered |= {(_fixed(c), c) for c in Command if c is not Command.OUTCOME}
    assert covered == set(itertools.product(Status, Command))


ROLES = [Actor("ana", Role.REGULATOR), SUP, SHOPEE, Actor("aud", Role.AUDITOR), SYS]


@pytest.mark.parametrize("cmd", list(Command))
@pytest.mark.parametrize("actor", ROLES, ids=[a.role.value for a in ROLES])
def test_roles(cmd, actor):
    src = next(iter(sorted(RULES[cmd].sources)))
    out = "removed" if cmd is Command.OUTCOME else None
    if actor.role in RULES[cmd].roles:
        assert decide(notice(src), cmd, actor, outcome=out).changes
    else:
        with pytest.raises(Forbidden):
            decide(notice(src), cmd, actor, outcome=out)


def test_other_platform_is_refused_even_if_scope_forgot():
    with pytest.raises(Forbidden, match="another platform"):
        decide(notice(Status.SENT, platform="tokopedia"), Command.OUTCOME, SHOPEE, outcome="removed")


def test_same_outcome_twice_is_a_no_op_and_a_different_one_conflicts():
    d = decide(notice(Status.REMOVED), Command.OUTCOME, SHOPEE, outcome="removed")
    assert not d.changes and d.effects == ()
    with pytest.raises(Conflict):
        decide(notice(Status.REMOVED), Command.OUTCOME, SHOPEE, outcome="not_found")


def test_rejection_needs_a_reason_and_bad_outcomes_are_input_errors():
    with pytest.raises(InputError, match="reason"):
        decide(notice(Status.SENT), Command.OUTCOME, SHOPEE, outcome="rejected", reason="   ")
    with pytest.raises(InputError, match="outcome"):
        decide(notice(Status.SENT), Command.OUTCOME, SHOPEE, outcome="verified")
    d = decide(notice(Status.SENT), Command.OUTCOME, SHOPEE, outcome="rejected", reason=" not clothing ")
    assert d.reason == "not clothing"


def test_effects_deadline_by_urgency_and_verification():
    t = Timing()
    sent = decide(notice(Status.APPROVED, urgency="urgent"), Command.SEND, SUP, timing=t)
    assert SetDeadline(t.urgent) in sent.effects and NotifyPlatform("notice.sent") in sent.effects
    normal = decide(notice(Status.APPROVED), Command.SEND, SUP, timing=t)
    assert SetDeadline(t.normal) in normal.effects
    assert t.normal.total_seconds() == 24 * 3600 and t.urgent.total_seconds() == 4 * 3600
    removed = decide(notice(Status.SENT), Command.OUTCOME, SHOPEE, outcome="removed", timing=t)
    assert removed.effects == (ScheduleVerification(t.verify_after),)
    rejected = decide(notice(Status.SENT), Command.OUTCOME, SHOPEE, outcome="rejected", reason="x", timing=t)
    assert rejected.effects == ()


def test_issue_path():
    ana = Actor("ana", Role.REGULATOR)
    assert issue_path(ana, draft=False, require_approval=False) == [Command.APPROVE, Command.SEND]
    assert issue_path(ana, draft=True, require_approval=False) == []
    assert issue_path(ana, draft=False, require_approval=True) == []
    assert issue_path(SUP, draft=False, require_approval=True) == [Command.APPROVE, Command.SEND]
    for who in (SHOPEE, Actor("aud", Role.AUDITOR)):
        with pytest.raises(Forbidden):
            issue_path(who, draft=False, require_approval=False)


@given(st.lists(st.tuples(st.sampled_from(list(Command)), st.sampled_from(["removed", "rejected", "not_found"])),
                max_size=30))
def test_any_command_sequence_follows_the_graph(steps):
    """Whatever is thrown at it, the engine only ever moves along ALLOWED edges."""
    edges = {(a[0], a[4]) for a in ALLOWED}
    state = Status.DRAFT
    for cmd, out in steps:
        try:
            d = decide(notice(state), cmd, _actor_for(cmd), outcome=out, reason="r")
        except (Conflict, InputError):
            continue
        if d.changes:
            assert (d.from_status, d.to_status) in edges
        state = d.to_status
