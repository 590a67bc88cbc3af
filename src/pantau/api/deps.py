"""Dependencies every router shares, as Annotated aliases: the database, the clock, the caller, the
role checks, and the tenant scope. Tenant isolation is written here once: a platform's routes get
their notices only through `PlatformScope`, so another platform's notice answers 404, never 403.

The dependencies that do no I/O are `async def`: FastAPI runs a plain `def` dependency in the thread
pool, a thread hop (and a wait for the GIL) per dependency per request on the platforms' hot paths."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from pantau.errors import Forbidden, Unauthorized
from pantau.notices.access import Principal, authenticate_token, hash_token
from pantau.notices.legal import LegalBasis
from pantau.notices.lifecycle import Role
from pantau.notices.service import ALL, NoticeConfig, Scope
from pantau.notices.signing import SigningKey
from pantau.store.db import Database


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class ApiState:
    """What create_app() puts on app.state.api."""

    db: Database
    config: NoticeConfig = field(default_factory=NoticeConfig)
    clock: Callable[[], datetime] = utc_now
    # token hash -> (principal, expiry); a short TTL spares one read per call, and bounds how long
    # a revoked token keeps working
    token_ttl: float = 5.0
    tokens: dict[str, tuple[Principal, float]] = field(default_factory=dict)
    legal: LegalBasis = field(default_factory=LegalBasis)
    signing_key: Callable[[], SigningKey] = field(default=lambda: SigningKey(b"unset"))


async def get_state(request: Request) -> ApiState:
    return request.app.state.api


State = Annotated[ApiState, Depends(get_state)]


async def get_db(state: State) -> Database:
    return state.db


DbDep = Annotated[Database, Depends(get_db)]


async def get_now(state: State) -> datetime:
    return state.clock()


Now = Annotated[datetime, Depends(get_now)]


def _lookup(db: Database, token: str) -> Principal:
    def read() -> Principal:
        with db.reader() as conn:  # one SELECT: no transaction round trips around it
            return authenticate_token(conn, token)

    return db.retrying(read)


async def current_principal(state: State, authorization: Annotated[str | None, Header()] = None
                            ) -> Principal:
    if not authorization:
        raise Unauthorized("missing Authorization: Bearer <token>")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Authorization must be: Bearer <token>")
    token = token.strip()
    key = hash_token(token)
    hit = state.tokens.get(key)
    now = time.monotonic()
    if hit and hit[1] > now:
        return hit[0]
    principal = await run_in_threadpool(_lookup, state.db, token)
    if state.token_ttl > 0:
        if len(state.tokens) > 10_000:
            state.tokens.clear()
        state.tokens[key] = (principal, now + state.token_ttl)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    allowed = {r.value for r in roles}

    async def check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in allowed:
            raise Forbidden(f"this needs the role {' or '.join(sorted(allowed))}; the token is {principal.role}")
        return principal

    return check


Issuer = Annotated[Principal, Depends(require(Role.REGULATOR, Role.SUPERVISOR))]
Supervisor = Annotated[Principal, Depends(require(Role.SUPERVISOR))]
Reader = Annotated[Principal, Depends(require(Role.REGULATOR, Role.SUPERVISOR, Role.AUDITOR))]
AuditReader = Annotated[Principal, Depends(require(Role.SUPERVISOR, Role.AUDITOR))]
PlatformUser = Annotated[Principal, Depends(require(Role.PLATFORM))]


async def platform_scope(principal: PlatformUser) -> Scope:
    if not principal.platform:  # a platform token without a platform sees nothing
        raise Forbidden("this platform token is bound to no platform")
    return Scope(principal.platform)


async def staff_scope(principal: Reader) -> Scope:
    return ALL


PlatformScope = Annotated[Scope, Depends(platform_scope)]
StaffScope = Annotated[Scope, Depends(staff_scope)]
