"""The notice lifecycle as a pure state machine.

    draft -> approved -> sent -> acknowledged -> removed | rejected (reason) | not_found
    removed | not_found -> verified | reappeared;  verified -> reappeared

`decide` takes what a notice looks like now, a command and who gives it, and returns a Decision:
the transition it wants plus the effects that follow (a webhook to the platform, a re-check later).
It never touches the store; `pantau.notices.service.apply` is the one place that applies decisions.
A refused command raises Forbidden (wrong role) or Conflict (wrong state); repeating a command whose
result already holds (the same outcome posted twice) is a no-op decision, so two workers posting the
same outcome produce one change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

from pantau.errors import Conflict, Forbidden, InputError


class Status(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    REMOVED = "removed"
    REJECTED = "rejected"
    NOT_FOUND = "not_found"
    VERIFIED = "verified"
    REAPPEARED = "reappeared"


class Role(StrEnum):
    REGULATOR = "regulator"  # analyst: prepares and issues notices
    SUPERVISOR = "supervisor"  # approves and sends; can do what an analyst does
    PLATFORM = "platform"  # operator bound to one platform
    AUDITOR = "auditor"  # reads everything, changes nothing
    SYSTEM = "system"  # pantau's own jobs: verifier, escalation


# A platform still has to act on these.
OPEN = frozenset({Status.SENT, Status.ACKNOWLEDGED})
OUTCOMES = frozenset({Status.REMOVED, Status.REJECTED, Status.NOT_FOUND})


class Command(StrEnum):
    APPROVE = "approve"
    SEND = "send"
    ACKNOWLEDGE = "acknowledge"
    OUTCOME = "outcome"
    VERIFY = "verify"  # the page is gone
    REAPPEAR = "reappear"  # the page (or a copy) is live again


@dataclass(frozen=True, slots=True)
class Rule:
    sources: frozenset[Status]
    roles: frozenset[Role]


_STAFF = frozenset({Role.SUPERVISOR, Role.SYSTEM})
RULES: dict[Command, Rule] = {
    Command.APPROVE: Rule(frozenset({Status.DRAFT}), _STAFF),
    Command.SEND: Rule(frozenset({Status.APPROVED}), _STAFF),
    Command.ACKNOWLEDGE: Rule(frozenset({Status.SENT}), frozenset({Role.PLATFORM})),
    Command.OUTCOME: Rule(OPEN, frozenset({Role.PLATFORM})),
    Command.VERIFY: Rule(frozenset({Status.REMOVED, Status.NOT_FOUND}), frozenset({Role.SYSTEM})),
    Command.REAPPEAR: Rule(frozenset({Status.REMOVED, Status.NOT_FOUND, Status.VERIFIED}),
                           frozenset({Role.SYSTEM})),
}
_FIXED_TARGET = {
    Command.APPROVE: Status.APPROVED, Command.SEND: Status.SENT, Command.ACKNOWLEDGE: Status.ACKNOWLEDGED,
    Command.VERIFY: Status.VERIFIED, Command.REAPPEAR: Status.REAPPEARED,
}

MAX_REASON = 2000


@dataclass(frozen=True, slots=True)
class NoticeView:
    """What the engine needs to know about a notice."""

    id: int
    platform: str
    status: Status
    urgency: str = "normal"
    version: int = 1
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    role: Role
    platform: str | None = None


@dataclass(frozen=True, slots=True)
class NotifyPlatform:
    """Queue a signed webhook to the notice's platform."""

    event: str


@dataclass(frozen=True, slots=True)
class SetDeadline:
    due_in: timedelta


@dataclass(frozen=True, slots=True)
class ScheduleVerification:
    after: timedelta


Effect = NotifyPlatform | SetDeadline | ScheduleVerification


@dataclass(frozen=True, slots=True)
class Decision:
    notice_id: int
    command: Command
    actor: Actor
    from_status: Status
    to_status: Status
    reason: str | None = None
    effects: tuple[Effect, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def changes(self) -> bool:
        return self.from_status != self.to_status


@dataclass(frozen=True, slots=True)
class Timing:
    """Deadlines and the delay before a removal is re-checked (configurable; SAMAN uses 24 h / 4 h)."""

    normal: timedelta = timedelta(hours=24)
    urgent: timedelta = timedelta(hours=4)
    verify_after: timedelta = timedelta(hours=24)

    def deadline(self, urgency: str) -> timedelta:
        return self.urgent if urgency == "urgent" else self.normal


def _target(command: Command, outcome: str | None) -> Status:
    if command is not Command.OUTCOME:
        return _FIXED_TARGET[command]
    try:
        target = Status(outcome or "")
    except ValueError:
        target = None
    if target not in OUTCOMES:
        raise InputError(f"outcome must be one of removed, rejected, not_found, not {outcome!r}",
                         where="outcome")
    return target


def decide(notice: NoticeView, command: Command, actor: Actor, *, outcome: str | None = None,
           reason: str | None = None, timing: Timing | None = None) -> Decision:
    """The transition `command` wants on `notice`, or an error saying why it is refused."""
    timing = timing or Timing()
    rule = RULES[command]
    if actor.role not in rule.roles:
        raise Forbidden(f"a {actor.role} may not {command} a notice", where=f"notice {notice.id}")
    if actor.role is Role.PLATFORM and actor.platform != notice.platform:
        # callers scope lookups by platform first, so this is a second line of defence
        raise Forbidden("notice belongs to another platform", where=f"notice {notice.id}")
    target = _target(command, outcome)
    if reason is not None:
        reason = reason.strip()[:MAX_REASON] or None
    if target is Status.REJECTED and not reason:
        raise InputError("a rejection needs a reason", where="reason")
    if notice.status == target and (target is not Status.REJECTED or reason == notice.reason):
        return Decision(notice.id, command, actor, notice.status, target, notice.reason)
    if notice.status not in rule.sources:
        raise Conflict(f"cannot {command} a notice that is {notice.status}"
                       + (f" (to {target})" if command is Command.OUTCOME else ""),
                       where=f"notice {notice.id}")
    effects: list[Effect] = []
    if target is Status.SENT:
        effects += [SetDeadline(timing.deadline(notice.urgency)), NotifyPlatform("notice.sent")]
    elif target in (Status.REMOVED, Status.NOT_FOUND):
        effects.append(ScheduleVerification(timing.verify_after))
    elif target in (Status.VERIFIED, Status.REAPPEARED):
        effects.append(NotifyPlatform(f"notice.{target}"))
    return Decision(notice.id, command, actor, notice.status, target,
                    reason if target is Status.REJECTED else None, tuple(effects))


def issue_path(actor: Actor, *, draft: bool, require_approval: bool) -> list[Command]:
    """Commands that follow creating a notice: an issued notice is approved and sent at once; a draft
    waits for a supervisor. With `require_approval`, an analyst's notices always start as drafts."""
    if actor.role not in (Role.REGULATOR, Role.SUPERVISOR, Role.SYSTEM):
        raise Forbidden(f"a {actor.role} may not create notices", where="notices")
    if draft or (require_approval and actor.role is Role.REGULATOR):
        return []
    return [Command.APPROVE, Command.SEND]
