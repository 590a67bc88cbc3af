"""`Idempotency-Key` on every POST: the same key with the same body replays the first answer and
changes nothing; the same key with another body answers 409.

The key and the answer are stored at the end of the same transaction that does the work, so the
answer is stored if and only if the work is committed. A second request with the same key while the
first is in flight waits on the unique index (PostgreSQL) or the write lock (SQLite), then fails to
insert, rolls back its own work and replays the stored answer. Errors are not stored: a request
that failed can be retried with the same key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Annotated, Any

import orjson
from fastapi import Header, Request
from sqlalchemy import Connection, Table, bindparam, select
from sqlalchemy.exc import IntegrityError

from pantau.api.responses import JSONOut
from pantau.errors import Conflict, InputError
from pantau.notices.access import Principal
from pantau.notices.service import UnitOfWork
from pantau.store.db import Database, insert_rows
from pantau.store.tables.notices import IdempotencyKeyRow

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=255,
                                              description="replays the first answer for the same body")]
Work = Callable[[UnitOfWork], tuple[int, Any]]


def request_hash(request: Request, body: Any) -> str:
    canon = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(f"{request.method} {request.url.path}\n".encode() + canon).hexdigest()


_KEYS: Table = IdempotencyKeyRow.__table__  # type: ignore[assignment]
_REPLAY = select(_KEYS.c.request_hash, _KEYS.c.status_code, _KEYS.c.response).where(
    _KEYS.c.user_id == bindparam("user"), _KEYS.c.key == bindparam("key"))


def _replay(conn: Connection, principal: Principal, key: str, digest: str) -> JSONOut | None:
    row = conn.execute(_REPLAY, {"user": principal.user_id, "key": key}).first()
    if row is None:
        return None
    if row.request_hash != digest:
        raise Conflict("this Idempotency-Key was used with another request body", where="Idempotency-Key")
    return JSONOut(row.response, status_code=row.status_code, headers={"Idempotent-Replayed": "true"})


def run(db: Database, principal: Principal, request: Request, key: str | None, body: Any, work: Work,
        *, now: Any = None) -> JSONOut:
    """Do `work` in one transaction (audit entries appended last), honouring the key."""
    digest = ""
    if key is not None:
        key = key.strip()
        if not key:
            raise InputError("Idempotency-Key is empty", where="Idempotency-Key")
        digest = request_hash(request, body)

    def attempt() -> JSONOut:
        with db.session() as s:
            if key is not None:
                replay = _replay(s.connection(), principal, key, digest)
                if replay is not None:
                    return replay
            uow = UnitOfWork(s)
            status, content = work(uow)
            key_row = None if key is None else {
                "user_id": principal.user_id, "key": key, "request_hash": digest, "status_code": status,
                "response": orjson.loads(orjson.dumps(content))}
            with db.pipelined(s):  # the writes at the end (events, audit entries, key): one round trip
                uow.finish(now)
                if key_row is not None:
                    # stored last, in the same transaction: a concurrent request with the same key blocks
                    # on the unique index here, then fails and replays this answer (its work rolled back)
                    insert_rows(s.connection(), _KEYS, [key_row])
        return JSONOut(content, status_code=status)

    try:
        return db.retrying(attempt)
    except IntegrityError:
        if key is None:
            raise
        with db.reader() as conn:
            replay = _replay(conn, principal, key, digest)
        if replay is None:
            raise
        return replay
