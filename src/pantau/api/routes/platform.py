"""What a platform operator calls: its own notices, acknowledgements, outcomes (one or in bulk), and
its webhook endpoint. Every lookup goes through PlatformScope (tenant isolation, deps.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from pantau.api import idempotency
from pantau.api.deps import DbDep, Now, PlatformScope, PlatformUser, State
from pantau.api.idempotency import IdempotencyKey
from pantau.api.responses import JSONOut
from pantau.api.routes.common import ListParams
from pantau.api.schemas import BulkOutcomes, BulkResult, Empty, ErrorOut, NoticeList, NoticeOut, OutcomeIn, WebhookIn
from pantau.notices import webhooks
from pantau.notices.lifecycle import Command
from pantau.notices.service import BulkItem, UnitOfWork, act, bulk_outcomes, notice_json

router = APIRouter(prefix="/api/v1/platform", tags=["platform"],
                   responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}})
NOT_YOURS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "unknown id, or another platform's notice"}}


@router.get("/notices", responses={200: {"model": NoticeList}})
def list_notices(db: DbDep, scope: PlatformScope, params: ListParams) -> JSONOut:
    """This platform's notices only; `status=open` for those still waiting for an outcome."""

    def read() -> JSONOut:
        with db.reader() as conn:  # one SELECT, in autocommit: no BEGIN/COMMIT round trips
            return JSONOut(params.run(conn, scope))

    return db.retrying(read)


@router.get("/notices/{notice_id}", responses={200: {"model": NoticeOut}, **NOT_YOURS})
def get_notice(notice_id: int, db: DbDep, scope: PlatformScope) -> JSONOut:
    with db.session() as s:
        return JSONOut(notice_json(scope.get(s, notice_id)))


@router.post("/notices/{notice_id}/acknowledge", responses={200: {"model": NoticeOut}, 409: {"model": ErrorOut},
                                                           **NOT_YOURS})
def acknowledge(notice_id: int, request: Request, state: State, user: PlatformUser, scope: PlatformScope,
                now: Now, key: IdempotencyKey = None, body: Empty | None = None) -> JSONOut:
    def work(uow: UnitOfWork) -> tuple[int, Any]:
        row, changed = act(uow, scope, notice_id, Command.ACKNOWLEDGE, user.actor, now=now, config=state.config)
        return 200, {**notice_json(row, evidence=False), "changed": changed}

    return idempotency.run(state.db, user, request, key, {"id": notice_id}, work, now=now)


@router.post("/notices/{notice_id}/outcome", responses={200: {"model": NoticeOut}, 409: {"model": ErrorOut},
                                                       **NOT_YOURS})
def outcome(notice_id: int, body: OutcomeIn, request: Request, state: State, user: PlatformUser,
            scope: PlatformScope, now: Now, key: IdempotencyKey = None) -> JSONOut:
    """removed, rejected (with a reason) or not_found. Posting the outcome a notice already has
    changes nothing (`changed: false`); a different outcome after one was recorded answers 409."""

    def work(uow: UnitOfWork) -> tuple[int, Any]:
        row, changed = act(uow, scope, notice_id, Command.OUTCOME, user.actor, now=now, config=state.config,
                           outcome=body.outcome, reason=body.reason)
        return 200, {**notice_json(row, evidence=False), "changed": changed}

    return idempotency.run(state.db, user, request, key, body.model_dump(mode="json"), work, now=now)


@router.post("/outcomes", responses={200: {"model": BulkResult}})
def outcomes(body: BulkOutcomes, request: Request, state: State, user: PlatformUser, scope: PlatformScope,
             now: Now, key: IdempotencyKey = None) -> JSONOut:
    """Many outcomes in one call and one transaction; each item answers for itself
    (`applied`, `unchanged`, or `error` with the status a single call would have had)."""
    items = [BulkItem(i.id, i.outcome, i.reason) for i in body.items]

    def work(uow: UnitOfWork) -> tuple[int, Any]:
        return 200, {"results": bulk_outcomes(uow, scope, items, user.actor, now=now, config=state.config)}

    return idempotency.run(state.db, user, request, key, body.model_dump(mode="json"), work, now=now)


@router.post("/webhook")
def set_webhook(body: WebhookIn, request: Request, state: State, user: PlatformUser, db: DbDep, now: Now,
                key: IdempotencyKey = None) -> JSONOut:
    """Set this platform's webhook endpoint; the answer holds the signing secret, shown once."""

    def work(uow: UnitOfWork) -> tuple[int, Any]:
        secret = webhooks.set_endpoint(uow.session, user.platform or "", body.url, actor=user.name)
        return 200, {"platform": user.platform, "url": body.url, "secret": secret,
                     "signature_header": webhooks.HEADER}

    return idempotency.run(db, user, request, key, body.model_dump(mode="json"), work, now=now)
