"""What the regulator calls: create (issue or draft) notices, read them, approve and send drafts,
and export a platform's batch as a signed letter annex."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from pantau.api import idempotency
from pantau.api.deps import DbDep, Issuer, Now, Reader, StaffScope, State, Supervisor
from pantau.api.idempotency import IdempotencyKey
from pantau.api.responses import JSONOut
from pantau.api.routes.common import ListParams, ListQuery
from pantau.api.schemas import CreatedNotices, CreateNotices, Empty, ErrorOut, NoticeList, NoticeOut
from pantau.notices import exports, signing
from pantau.notices.creation import NoticeRequest, create_notices, summary
from pantau.notices.lifecycle import Command
from pantau.notices.service import UnitOfWork, act, events_of, notice_json

EXPORT_MAX = 10_000
router = APIRouter(prefix="/api/v1/notices", tags=["notices"],
                   responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}})


@router.post("", status_code=201, responses={201: {"model": CreatedNotices}, 422: {"model": ErrorOut}})
def create(body: CreateNotices, request: Request, state: State, user: Issuer, now: Now,
           key: IdempotencyKey = None) -> JSONOut:
    """One notice per item, routed to the item's platform (from `platform`, or inferred from `url`).
    Issued at once (sent, with its deadline) unless `draft` is set or approval is required."""
    items = [NoticeRequest(i.platform, i.listing_id, i.url) for i in body.items]

    def work(uow: UnitOfWork) -> tuple[int, Any]:
        rows = create_notices(uow, user.actor, items, urgency=body.urgency, draft=body.draft, now=now,
                              config=state.config, legal=state.legal)
        return 201, {"notices": summary(rows)}

    return idempotency.run(state.db, user, request, key, body.model_dump(mode="json"), work, now=now)


@router.get("", responses={200: {"model": NoticeList}})
def list_notices(db: DbDep, scope: StaffScope, params: ListParams,
                 platform: Annotated[str | None, Query(max_length=32)] = None) -> JSONOut:
    with db.session() as s:
        return JSONOut(replace(params, platform=platform).run(s, scope))


@router.get("/export", response_class=Response)
def export(db: DbDep, state: State, user: Reader, scope: StaffScope, now: Now,
           platform: Annotated[str, Query(max_length=32)],
           format: Annotated[Literal["csv", "pdf", "xlsx", "sor"], Query()] = "csv",
           status: Annotated[str, Query()] = "open") -> Response:
    """A platform's batch as CSV, PDF or XLSX letter annex, or statement-of-reasons JSON; the
    `X-Pantau-Annex-Signature` header holds the detached signature of the exact bytes."""
    with db.session() as s:
        rows = ListQuery(status=status, platform=platform, limit=EXPORT_MAX).rows(s, scope)
        data = exports.export(rows, format, platform=platform, issued=now, issuer=user.name)
    sig = signing.sign(data, state.signing_key())
    ext = "json" if format == "sor" else format
    return Response(data, media_type=exports.MEDIA_TYPES[format], headers={
        "Content-Disposition": f'attachment; filename="annex-{platform}.{ext}"',
        "X-Pantau-Annex-Signature": orjson.dumps(sig).decode()})


@router.get("/{notice_id}", responses={200: {"model": NoticeOut}, 404: {"model": ErrorOut}})
def get_notice(notice_id: int, db: DbDep, scope: StaffScope) -> JSONOut:
    with db.session() as s:
        row = scope.get(s, notice_id)
        events = [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "from": e.from_status,
                   "to": e.to_status, "detail": e.detail} for e in events_of(s, [row.id])]
        return JSONOut({**notice_json(row), "events": events})


def _command(command: Command) -> Callable[..., JSONOut]:
    def endpoint(notice_id: int, request: Request, state: State, user: Supervisor, scope: StaffScope, now: Now,
                 key: IdempotencyKey = None, body: Empty | None = None) -> JSONOut:
        def work(uow: UnitOfWork) -> tuple[int, Any]:
            row, changed = act(uow, scope, notice_id, command, user.actor, now=now, config=state.config)
            return 200, {**notice_json(row, evidence=False), "changed": changed}

        return idempotency.run(state.db, user, request, key, {"id": notice_id}, work, now=now)

    endpoint.__name__ = command.value
    endpoint.__doc__ = f"A supervisor's {command.value} (draft -> approved -> sent)."
    return endpoint


for _cmd in (Command.APPROVE, Command.SEND):
    router.add_api_route(f"/{{notice_id}}/{_cmd.value}", _command(_cmd), methods=["POST"],
                         responses={200: {"model": NoticeOut}, 404: {"model": ErrorOut}, 409: {"model": ErrorOut}})
