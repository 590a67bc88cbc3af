"""The append-only audit log: every change any capability makes is written here, in the same
transaction as the change, and sealed into a chain where each entry's hash covers the previous one.

Editing, deleting or re-ordering a sealed entry breaks the chain, and `verify` finds the first broken
entry. Writing is split in two so that no request waits on a global lock (the design of a
transparency log's sequencer): `append` only INSERTs into `audit_pending`, inside the caller's
transaction; `seal` (run every fraction of a second by `pantau serve`, and by `pantau audit verify`)
takes the chain head's lock once, moves the committed pending entries into `audit_log` in order with
their hashes, and moves the head. A pending entry is protected by the database alone until sealed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.orm import Session

from pantau.errors import PantauError
from pantau.store.db import insert_rows
from pantau.store.tables.notices import AuditHeadRow, AuditLogRow, AuditPendingRow

GENESIS = "0" * 64
_PENDING: Table = AuditPendingRow.__table__  # type: ignore[assignment]
_LOG: Table = AuditLogRow.__table__  # type: ignore[assignment]


class AuditError(PantauError):
    """The audit log is not what it should be (missing head, broken chain)."""


def canonical(value: Any) -> bytes:
    """Stable bytes for hashing: sorted keys, no whitespace (JSONB re-orders keys on PostgreSQL)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(prev_hash: str, seq: int, at: datetime, actor: str, action: str, payload: Any) -> str:
    body = canonical({"seq": seq, "at": _stamp(at), "actor": actor, "action": action, "payload": payload})
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + body).hexdigest()


def _plain(payload: dict[str, Any]) -> dict[str, Any]:
    # round-trip through JSON so what is hashed is exactly what the JSON column gives back
    return orjson.loads(canonical(payload))


def append(session: Session, actor: str, action: str, payload: dict[str, Any] | None = None,
           *, at: datetime | None = None) -> int:
    """Record one entry inside the caller's transaction (committed or rolled back with it)."""
    return append_many(session, [(actor, action, payload or {})], at=at)


def append_many(session: Session, entries: Sequence[tuple[str, str, dict[str, Any]]],
                *, at: datetime | None = None) -> int:
    """Record entries in order with one INSERT and no lock; returns how many."""
    if not entries:
        return 0
    # the microsecond stamp is what gets hashed; PostgreSQL and SQLite both keep microseconds
    now = (at or datetime.now(UTC)).astimezone(UTC)
    # a Core multi-row INSERT on the table: the ORM's bulk-insert path costs more and gives nothing here
    insert_rows(session.connection(), _PENDING, [
        {"at": now, "actor": actor, "action": action, "payload": _plain(payload)}
        for actor, action, payload in entries])
    return len(entries)


def seal(session: Session, limit: int = 20_000) -> int:
    """Chain committed pending entries (oldest first) into audit_log; returns how many were sealed.
    Concurrent sealers queue on the head row, and each sees what the one before it committed."""
    head = session.execute(
        update(AuditHeadRow).where(AuditHeadRow.id == 1).values(seq=AuditHeadRow.seq)
        .returning(AuditHeadRow.seq, AuditHeadRow.hash)
    ).first()
    if head is None:
        raise AuditError("audit_head has no row: the notices migration did not run", where="audit_log")
    pending = session.execute(
        select(AuditPendingRow.id, AuditPendingRow.at, AuditPendingRow.actor, AuditPendingRow.action,
               AuditPendingRow.payload).order_by(AuditPendingRow.id).limit(limit)
    ).all()
    if not pending:
        return 0
    seq, prev = int(head[0]), str(head[1])
    rows = []
    for _id, at, actor, action, payload in pending:
        seq += 1
        digest = entry_hash(prev, seq, at, actor, action, payload)
        rows.append({"seq": seq, "at": at, "actor": actor, "action": action, "payload": payload,
                     "prev_hash": prev, "hash": digest})
        prev = digest
    insert_rows(session.connection(), _LOG, rows)  # Core executemany: no ORM bulk path
    session.execute(delete(AuditPendingRow).where(AuditPendingRow.id.in_([p[0] for p in pending])))
    session.execute(update(AuditHeadRow).where(AuditHeadRow.id == 1).values(seq=seq, hash=prev))
    return len(rows)


def seal_all(db: Any, batch: int = 20_000) -> int:
    """Seal until nothing is pending, one transaction per batch (`db` is a pantau Database)."""
    total = 0
    while True:
        with db.session() as s:
            n = seal(s, batch)
        total += n
        if n < batch:
            return total


@dataclass(frozen=True, slots=True)
class Broken:
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"audit entry {self.seq}: {self.problem}"


@dataclass(frozen=True, slots=True)
class VerifyReport:
    checked: int
    broken: Broken | None
    pending: int = 0  # recorded, not sealed yet (not covered by the check)

    @property
    def ok(self) -> bool:
        return self.broken is None


def _entries(session: Session, batch: int = 1000) -> Iterator[AuditLogRow]:
    last = 0
    while True:
        rows = session.scalars(
            select(AuditLogRow).where(AuditLogRow.seq > last).order_by(AuditLogRow.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def verify(session: Session, *, seal_first: bool = False) -> VerifyReport:
    """Walk the sealed chain from the start; report the first entry that does not hold.
    With `seal_first`, pending entries are sealed (in this transaction) before the walk."""
    if seal_first:
        while seal(session) == 20_000:
            pass
    pending = session.scalar(select(func.count()).select_from(AuditPendingRow)) or 0
    prev, expected_seq, checked = GENESIS, 1, 0
    for e in _entries(session):
        if e.seq != expected_seq:
            return VerifyReport(checked, Broken(expected_seq, f"missing (next entry found is {e.seq})"), pending)
        if e.prev_hash != prev:
            return VerifyReport(checked, Broken(e.seq, "prev_hash does not match the previous entry's hash"), pending)
        if entry_hash(prev, e.seq, e.at, e.actor, e.action, e.payload) != e.hash:
            return VerifyReport(checked, Broken(e.seq, "content does not match its hash (edited)"), pending)
        prev, expected_seq, checked = e.hash, expected_seq + 1, checked + 1
    head = session.get(AuditHeadRow, 1)
    if head is None:
        return VerifyReport(checked, Broken(expected_seq, "audit_head row is missing"), pending)
    if head.seq != checked or head.hash != prev:
        return VerifyReport(checked, Broken(checked + 1 if head.seq > checked else checked,
                                            f"head says {head.seq} entries, the log holds {checked} "
                                            "(entries deleted from the end?)"), pending)
    return VerifyReport(checked, None, pending)
