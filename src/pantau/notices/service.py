"""The one place that applies notice decisions to the store, with the audit log and the outbox.

Every change is an UPDATE ... WHERE version = :seen (optimistic locking). When another writer got
there first, the notice is read again and the command decided again: if its result already holds
(two workers posting the same outcome), nothing changes a second time. Audit entries are appended
at the end of each unit of work, so the audit head is always the last lock a transaction takes:
notice rows (in id order), then the head. That order rules out deadlocks between writers.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, Table, bindparam, select, update
from sqlalchemy.orm import Session, defer

from pantau.errors import InputError, NotFound, PantauError
from pantau.notices.lifecycle import (
    Actor,
    Command,
    Decision,
    NoticeView,
    NotifyPlatform,
    ScheduleVerification,
    SetDeadline,
    Status,
    Timing,
    decide,
)
from pantau.store import audit
from pantau.store.db import insert_rows
from pantau.store.tables.notices import NoticeEventRow, NoticeRow, PlatformRow, WebhookOutboxRow

MAX_RETRIES = 5
UNSENT = (Status.DRAFT.value, Status.APPROVED.value)  # the regulator's own business until sent


@dataclass(slots=True)
class NoticeConfig:
    timing: Timing = field(default_factory=Timing)
    # four eyes: an analyst's notices wait in draft for a supervisor
    require_approval: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> NoticeConfig:
        """PANTAU_DEADLINE_HOURS (24), PANTAU_URGENT_DEADLINE_HOURS (4), PANTAU_VERIFY_AFTER_HOURS (24),
        PANTAU_REQUIRE_APPROVAL (0/1); read once at start."""
        env = os.environ if env is None else env
        d = Timing()

        def hours(name: str, default: timedelta) -> timedelta:
            raw = env.get(name)
            if not raw:
                return default
            try:
                value = float(raw)
            except ValueError:
                value = -1.0
            if not 0 < value <= 24 * 365:
                raise InputError(f"must be a number of hours above 0, not {raw!r}", where=name)
            return timedelta(hours=value)

        timing = Timing(hours("PANTAU_DEADLINE_HOURS", d.normal), hours("PANTAU_URGENT_DEADLINE_HOURS", d.urgent),
                        hours("PANTAU_VERIFY_AFTER_HOURS", d.verify_after))
        return cls(timing, env.get("PANTAU_REQUIRE_APPROVAL", "0").strip().lower() in ("1", "true", "yes"))


class UnitOfWork:
    """Collects audit entries during a transaction and appends them last (see module docstring)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.entries: list[tuple[str, str, dict[str, Any]]] = []
        # notice events wait here too, so a batch inserts them in one statement
        self.events: list[dict[str, Any]] = []

    def audit(self, actor: str, action: str, payload: dict[str, Any]) -> None:
        self.entries.append((actor, action, payload))

    def finish(self, now: datetime | None = None) -> None:
        # Core multi-row INSERTs on the session's connection, without the ORM's bulk machinery
        # (these rows are never read back in the same unit of work) and without RETURNING
        conn = self.session.connection()
        if self.events:
            insert_rows(conn, EVENTS, self.events)
            self.events.clear()
        audit.append_many(self.session, self.entries, at=now)
        self.entries.clear()


def platform_sees(platform: Any) -> tuple[Any, Any]:
    """Tenant isolation, the one rule: a platform (a slug, or a bound parameter) sees its own
    notices once they are sent."""
    return NoticeRow.platform == platform, NoticeRow.status.not_in(UNSENT)


@dataclass(frozen=True, slots=True)
class Scope:
    """Which notices a caller may see: a platform's own, once sent, or all. Every lookup goes through
    it, so another platform's notice (or a draft) is indistinguishable from one that does not exist."""

    platform: str | None = None

    def select(self) -> Select[NoticeRow]:
        return self.filter(select(NoticeRow))

    def filter(self, q: Any) -> Any:
        """Any query on notices, limited to what this scope may see."""
        if self.platform is None:
            return q
        return q.where(*platform_sees(self.platform))

    def get(self, session: Session, notice_id: int, *, fresh: bool = False, light: bool = False) -> NoticeRow:
        """The notice, or NotFound. `fresh` re-reads a notice already in the session; `light` leaves
        the evidence snapshot unread (deciding never needs it)."""
        q = self.select().where(NoticeRow.id == notice_id)
        if fresh:
            q = q.execution_options(populate_existing=True)
        if light:
            q = q.options(defer(NoticeRow.evidence))
        row: NoticeRow | None = session.scalars(q).first()
        if row is None:
            raise NotFound(f"no notice {notice_id}", where="notices")
        return row


ALL = Scope()


NOTICES: Table = NoticeRow.__table__  # type: ignore[assignment]
EVENTS: Table = NoticeEventRow.__table__  # type: ignore[assignment]
LIGHT_COLUMNS = tuple(c for c in NoticeRow.__table__.c if c.name != "evidence")
VIEW_COLUMNS = (NoticeRow.id, NoticeRow.platform, NoticeRow.status, NoticeRow.urgency, NoticeRow.version,
                NoticeRow.reason)


def view(row: Any) -> NoticeView:
    """A NoticeRow, or a row of VIEW_COLUMNS, as the engine sees it."""
    return NoticeView(row.id, row.platform, Status(row.status), row.urgency, row.version, row.reason)


class Stale(PantauError):
    """The notice changed between read and write (internal: the caller re-reads and re-decides)."""


def _values(decision: Decision, version: int, now: datetime) -> dict[str, Any]:
    """The columns a decision sets (the same for every notice the same decision applies to)."""
    values: dict[str, Any] = {"status": decision.to_status.value, "version": version + 1, "updated_at": now}
    if decision.to_status is Status.REJECTED:
        values["reason"] = decision.reason
    if decision.command is Command.OUTCOME:
        values["outcome_at"] = now
    if decision.to_status in (Status.VERIFIED, Status.REAPPEARED):
        values["verify_after"] = None
    for effect in decision.effects:
        if isinstance(effect, SetDeadline):
            values["sent_at"] = now
            values["deadline_at"] = now + effect.due_in
        elif isinstance(effect, ScheduleVerification):
            values["verify_after"] = now + effect.after
            values["verify_attempts"] = 0
    return values


def _record(uow: UnitOfWork, notice_id: int, platform: str, decision: Decision, now: datetime) -> None:
    """The event and the audit entry of an applied decision (written at uow.finish)."""
    detail = dict(decision.detail)
    if decision.reason:
        detail["reason"] = decision.reason
    uow.events.append({"notice_id": notice_id, "at": now, "actor": decision.actor.name,
                       "action": decision.command.value, "from_status": decision.from_status.value,
                       "to_status": decision.to_status.value, "detail": detail})
    uow.audit(decision.actor.name, f"notice.{decision.command.value}",
              {"notice": notice_id, "platform": platform, "from": decision.from_status.value,
               "to": decision.to_status.value, "role": decision.actor.role.value, **detail})


def apply(uow: UnitOfWork, row: Any, decision: Decision, now: datetime) -> Any | None:
    """Write one decision: the notice (version-checked), its event, effects and audit entry.
    Returns the updated notice, or None for a no-op decision."""
    if not decision.changes:
        return None
    session = uow.session
    # plain row back, without the evidence snapshot (callers answer without it)
    updated = session.execute(
        update(NoticeRow).where(NoticeRow.id == row.id, NoticeRow.version == row.version)
        .values(**_values(decision, row.version, now)).returning(*LIGHT_COLUMNS)
        .execution_options(synchronize_session=False)
    ).first()
    if updated is None:
        raise Stale("notice changed meanwhile", where=f"notice {row.id}")
    for effect in decision.effects:
        if isinstance(effect, NotifyPlatform):
            enqueue_webhook(session, updated.platform, effect.event, notice_json(updated, evidence=False), now)
    _record(uow, row.id, row.platform, decision, now)
    return updated


def apply_many(uow: UnitOfWork, pairs: Sequence[tuple[Any, Decision]], now: datetime) -> set[int]:
    """Write many decisions with one UPDATE per group of equal decisions on equally-versioned notices
    (usually one group: every outcome `removed` on fresh notices). Rows need id, platform, version.
    Returns the ids applied; a notice that changed meanwhile, or a decision that notifies the
    platform (it needs the whole notice), is left out for the caller to apply one by one with `act`."""
    groups: dict[tuple[Any, ...], list[tuple[Any, Decision]]] = {}
    for row, d in pairs:
        if d.changes:
            key = (d.command, d.from_status, d.to_status, d.reason, d.effects, row.version)
            groups.setdefault(key, []).append((row, d))
    applied: set[int] = set()
    for (_c, from_status, _t, _r, effects, version), group in groups.items():
        if any(isinstance(e, NotifyPlatform) for e in effects):
            continue
        ids = [row.id for row, _ in group]
        # Core UPDATE on the table: no ORM objects to keep in step (synchronize_session has nothing to do)
        done = set(uow.session.connection().execute(
            update(NOTICES).where(NOTICES.c.id.in_(ids), NOTICES.c.version == version,
                                  NOTICES.c.status == from_status.value)
            .values(**_values(group[0][1], version, now)).returning(NOTICES.c.id)).scalars())
        for row, d in group:
            if row.id in done:
                _record(uow, row.id, row.platform, d, now)
        applied |= done
    return applied


def act(uow: UnitOfWork, scope: Scope, notice_id: int, command: Command, actor: Actor, *,
        now: datetime, config: NoticeConfig | None = None, outcome: str | None = None,
        reason: str | None = None, extra: dict[str, Any] | None = None,
        row: Any | None = None) -> tuple[Any, bool]:
    """Decide and apply one command on one notice seen through `scope`; (notice, changed).
    `row` spares the first read when the caller has already read the notice through `scope`."""
    config = config or NoticeConfig()
    row = row if row is not None else scope.get(uow.session, notice_id, fresh=True, light=True)
    for _ in range(MAX_RETRIES):
        decision = decide(view(row), command, actor, outcome=outcome, reason=reason, timing=config.timing)
        if extra:
            decision.detail.update(extra)
        try:
            updated = apply(uow, row, decision, now)
        except Stale:
            row = scope.get(uow.session, notice_id, fresh=True, light=True)
            continue
        return (updated or row), updated is not None
    raise Stale(f"notice kept changing over {MAX_RETRIES} attempts", where=f"notice {notice_id}")


def _view_rows() -> Select[Any]:
    return select(*(NOTICES.c[c.key] for c in VIEW_COLUMNS)).where(NOTICES.c.id.in_(bindparam("ids", expanding=True)))


# The batch's rows, read and locked in id order (so overlapping batches cannot deadlock); built once,
# so each call only binds its ids (a Core statement the engine finds in its compiled cache).
_LOCKING_READ_ALL = _view_rows().order_by(NOTICES.c.id).with_for_update()
_LOCKING_READ_PLATFORM = (_view_rows().where(*platform_sees(bindparam("p"))).order_by(NOTICES.c.id)
                          .with_for_update())


def _locking_read(scope: Scope) -> Select[Any]:
    """The prepared statement for a scope (`platform_sees` is its rule, as for Scope.filter)."""
    return _LOCKING_READ_ALL if scope.platform is None else _LOCKING_READ_PLATFORM


@dataclass(frozen=True, slots=True)
class BulkItem:
    id: int
    outcome: str
    reason: str | None = None


def bulk_outcomes(uow: UnitOfWork, scope: Scope, items: Sequence[BulkItem], actor: Actor, *,
                  now: datetime, config: NoticeConfig | None = None) -> list[dict[str, Any]]:
    """Apply many outcomes in one transaction; each item answers for itself (applied, unchanged or
    the error that refused it), in the order given. One read and (usually) one UPDATE for the batch;
    a notice that changed meanwhile goes through `act` again (re-read, re-decide)."""
    config = config or NoticeConfig()
    results: dict[int, dict[str, Any]] = {}
    # the batch's rows are locked at this read, in id order (so overlapping batches cannot deadlock)
    # (plain rows of the few columns deciding needs: no ORM objects, no evidence JSON to decode)
    ids = [i.id for i in items]
    seen = {r.id: r for r in uow.session.connection().execute(_locking_read(scope), {"ids": ids, "p": scope.platform})}
    pairs: list[tuple[Any, Decision]] = []
    queued: set[int] = set()
    for item in items:
        if item.id in results or item.id in queued:
            continue  # the same id twice in one batch: the first one counts
        try:
            row = seen.get(item.id)
            if row is None:
                raise NotFound(f"no notice {item.id}", where="notices")
            d = decide(view(row), Command.OUTCOME, actor, outcome=item.outcome, reason=item.reason,
                       timing=config.timing)
        except PantauError as e:
            results[item.id] = {"id": item.id, "result": "error", "status_code": e.http_status, "error": str(e)}
            continue
        if d.changes:
            pairs.append((row, d))
            queued.add(row.id)
        else:
            results[item.id] = {"id": item.id, "result": "unchanged", "status": row.status}
    applied = apply_many(uow, sorted(pairs, key=lambda p: p[0].id), now)
    for row, d in pairs:
        if row.id in applied:
            results[row.id] = {"id": row.id, "result": "applied", "status": d.to_status.value}
            continue
        try:  # changed since it was read
            fresh, changed = act(uow, scope, row.id, Command.OUTCOME, actor, now=now, config=config,
                                 outcome=d.to_status.value, reason=d.reason)
            results[row.id] = {"id": row.id, "result": "applied" if changed else "unchanged",
                               "status": fresh.status}
        except PantauError as e:
            results[row.id] = {"id": row.id, "result": "error", "status_code": e.http_status, "error": str(e)}
    return [results[i.id] for i in items]


def enqueue_webhook(session: Session, platform: str, event: str, payload: dict[str, Any],
                    now: datetime) -> WebhookOutboxRow | None:
    """Queue an event for the platform's endpoint, if it has one (delivered by pantau.notices.webhooks)."""
    url = session.scalar(select(PlatformRow.webhook_url).where(PlatformRow.slug == platform))
    if not url:
        return None
    row = WebhookOutboxRow(platform=platform, event=event, payload={"event": event, "data": payload},
                           created_at=now, next_attempt_at=now)
    session.add(row)
    return row


def _iso(d: datetime | None) -> str | None:
    return d.astimezone(UTC).isoformat() if d else None


def notice_json(row: Any, *, evidence: bool = True) -> dict[str, Any]:
    """A notice (ORM object or plain row of its columns) as the API answers it."""
    out: dict[str, Any] = {
        "id": row.id, "platform": row.platform, "listing_id": row.listing_id, "url": row.url,
        "status": row.status, "urgency": row.urgency, "reason": row.reason,
        "legal_basis": row.legal_basis, "evidence_hash": row.evidence_hash,
        "observed_at": _iso(row.observed_at), "created_at": _iso(row.created_at),
        "sent_at": _iso(row.sent_at), "deadline_at": _iso(row.deadline_at),
        "outcome_at": _iso(row.outcome_at), "escalation_level": row.escalation_level,
        "version": row.version,
    }
    if evidence:
        out["evidence"] = row.evidence
    return out


def events_of(session: Session, notice_ids: Iterable[int]) -> list[NoticeEventRow]:
    return list(session.scalars(select(NoticeEventRow).where(NoticeEventRow.notice_id.in_(list(notice_ids)))
                                .order_by(NoticeEventRow.id)))
