"""The append-only audit log: every change any capability makes is written here, in the same
transaction as the change, as an entry whose hash covers the previous entry's hash.

Editing, deleting or re-ordering an entry breaks the chain, and `verify` finds the first broken
entry. The chain head lives in a one-row table that every appender UPDATEs first: on PostgreSQL the
row lock, on SQLite the database write lock, makes concurrent appenders form a single chain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pantau.errors import PantauError
from pantau.store.tables.notices import AuditHeadRow, AuditLogRow

GENESIS = "0" * 64


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
    """Add one entry to the chain inside the caller's transaction (committed or rolled back with it);
    returns its sequence number."""
    return append_many(session, [(actor, action, payload or {})], at=at)[0]


def append_many(session: Session, entries: Sequence[tuple[str, str, dict[str, Any]]],
                *, at: datetime | None = None) -> list[int]:
    """Add entries in order with three statements whatever their number: reserve the sequence
    numbers (this takes the head's lock until commit), insert the entries, move the head."""
    if not entries:
        return []
    # the microsecond stamp is what gets hashed; PostgreSQL and SQLite both keep microseconds
    now = (at or datetime.now(UTC)).astimezone(UTC)
    row = session.execute(
        update(AuditHeadRow).where(AuditHeadRow.id == 1).values(seq=AuditHeadRow.seq + len(entries))
        .returning(AuditHeadRow.seq, AuditHeadRow.hash)
    ).first()
    if row is None:
        raise AuditError("audit_head has no row: the notices migration did not run", where="audit_log")
    last, prev = int(row[0]), str(row[1])
    rows = []
    for seq, (actor, action, payload) in enumerate(entries, start=last - len(entries) + 1):
        body = _plain(payload)
        digest = entry_hash(prev, seq, now, actor, action, body)
        rows.append({"seq": seq, "at": now, "actor": actor, "action": action, "payload": body,
                     "prev_hash": prev, "hash": digest})
        prev = digest
    session.execute(insert(AuditLogRow), rows)
    session.execute(update(AuditHeadRow).where(AuditHeadRow.id == 1).values(hash=prev))
    return [r["seq"] for r in rows]


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


def verify(session: Session) -> VerifyReport:
    """Walk the chain from the start; report the first entry that does not hold."""
    prev, expected_seq, checked = GENESIS, 1, 0
    for e in _entries(session):
        if e.seq != expected_seq:
            return VerifyReport(checked, Broken(expected_seq, f"missing (next entry found is {e.seq})"))
        if e.prev_hash != prev:
            return VerifyReport(checked, Broken(e.seq, "prev_hash does not match the previous entry's hash"))
        if entry_hash(prev, e.seq, e.at, e.actor, e.action, e.payload) != e.hash:
            return VerifyReport(checked, Broken(e.seq, "content does not match its hash (edited)"))
        prev, expected_seq, checked = e.hash, expected_seq + 1, checked + 1
    head = session.get(AuditHeadRow, 1)
    if head is None:
        return VerifyReport(checked, Broken(expected_seq, "audit_head row is missing"))
    if head.seq != checked or head.hash != prev:
        return VerifyReport(checked, Broken(checked + 1 if head.seq > checked else checked,
                                            f"head says {head.seq} entries, the log holds {checked} "
                                            "(entries deleted from the end?)"))
    return VerifyReport(checked, None)
