"""`create_app()`: the FastAPI application. The engine is built here (or handed in), never at import."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

import pantau
from pantau.api import errors
from pantau.api.deps import ApiState, utc_now
from pantau.api.router import api_router
from pantau.config import Settings
from pantau.notices import webhooks
from pantau.notices.legal import LegalBasis
from pantau.notices.service import NoticeConfig
from pantau.notices.signing import SigningKey
from pantau.store import audit
from pantau.store.db import Database


def create_app(settings: Settings | None = None, db: Database | None = None, *,
               config: NoticeConfig | None = None, clock: Callable[[], datetime] | None = None,
               token_ttl: float = 5.0, console: bool = True, seal_interval: float = 0.2,
               deliver_interval: float = 5.0) -> FastAPI:
    """The API (and the console when installed), with two background jobs: sealing pending audit
    entries into the hash chain every `seal_interval` seconds, and delivering due webhooks every
    `deliver_interval` seconds (0 switches a job off, e.g. when another process runs it)."""
    settings = settings or Settings.from_env()
    owns_db = db is None
    if db is None:
        if settings.database_url.startswith("sqlite"):
            settings.ensure_home()
        db = Database(settings.database_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        sealer = asyncio.create_task(_seal_forever(db, seal_interval)) if seal_interval > 0 else None
        courier = asyncio.create_task(_deliver_forever(db, deliver_interval)) if deliver_interval > 0 else None
        try:
            yield
        finally:
            if courier is not None:
                courier.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await courier
            if sealer is not None:
                sealer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sealer
                await run_in_threadpool(audit.seal_all, db)  # nothing left pending at shutdown
            if owns_db:  # an engine handed in belongs to the caller
                db.dispose()

    app = FastAPI(lifespan=lifespan, title="pantau", version=pantau.__version__,
                  description="Takedown notices for listings of banned imported used clothing: the regulator "
                              "issues, platforms pull and report outcomes, pantau verifies.")
    state = ApiState(db=db, config=config or NoticeConfig(), clock=clock or utc_now, token_ttl=token_ttl)
    state.legal = LegalBasis()
    home = settings.home
    state.signing_key = lambda: SigningKey.load(home)
    app.state.api = state
    app.state.db = db  # the console reads it here
    app.state.settings = settings
    errors.install(app)
    app.include_router(api_router)
    if console:
        _include_console(app)
    return app


async def _seal_forever(db: Database, interval: float) -> None:
    log = logging.getLogger("pantau.audit")
    while True:
        await asyncio.sleep(interval)
        try:
            await run_in_threadpool(audit.seal_all, db)
        except Exception:  # a failed round is retried next time; the entries stay pending, not lost
            log.exception("sealing the audit log failed")


async def _deliver_forever(db: Database, interval: float) -> None:
    log = logging.getLogger("pantau.webhooks")
    send = webhooks.httpx_sender()

    def once() -> None:
        with db.session() as s:
            webhooks.deliver_due(s, send, now=utc_now())

    while True:
        await asyncio.sleep(interval)
        try:
            await run_in_threadpool(once)
        except Exception:  # the outbox keeps the events; the next round tries again
            log.exception("delivering webhooks failed")


def _include_console(app: FastAPI) -> None:
    try:
        routes = importlib.import_module("pantau.console.routes")
    except ImportError:  # the console is optional: the API works without it
        return
    app.include_router(routes.router)
