"""`create_app()`: the FastAPI application. The engine is built here (or handed in), never at import."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

import anyio.to_thread
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

import pantau
from pantau.api import errors
from pantau.api.deps import ApiState, utc_now
from pantau.api.router import ROUTERS
from pantau.config import Settings
from pantau.notices import webhooks
from pantau.notices.service import NoticeConfig
from pantau.notices.signing import SigningKey
from pantau.store import audit
from pantau.store.db import Database


def create_app(settings: Settings | None = None, db: Database | None = None, *,
               config: NoticeConfig | None = None, clock: Callable[[], datetime] | None = None,
               token_ttl: float = 5.0, console: bool = True, seal_interval: float = 0.2,
               deliver_interval: float = 5.0, threads: int | None = None, freeze_heap: bool = False) -> FastAPI:
    """The API (and the console when installed), with two background jobs: sealing pending audit
    entries into the hash chain every `seal_interval` seconds, and delivering due webhooks every
    `deliver_interval` seconds (0 switches a job off, e.g. when another process runs it).
    `threads` bounds how many requests run database work at once (PANTAU_API_THREADS, default 16):
    more threads than that only queue on the GIL and the connection pool, and every switch costs.
    `freeze_heap` (for a server process: `serve_app`) moves everything built at start-up out of the
    cyclic collector's view once serving begins, see `_freeze_heap`."""
    settings = settings or Settings.from_env()
    threads = threads or int(os.environ.get("PANTAU_API_THREADS", "16"))
    owns_db = db is None
    if db is None:
        if settings.database_url.startswith("sqlite"):
            settings.ensure_home()
        # no pre-ping round trip per request: a dead connection is retried once (Database.retrying);
        # one pooled connection per worker thread plus the background jobs, so none is opened per call
        db = Database(settings.database_url, pre_ping=False, pool_size=threads + 4)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        if freeze_heap:
            _freeze_heap()
        stop = asyncio.Event()
        jobs = [asyncio.create_task(_every(interval, job, stop))
                for interval, job in ((seal_interval, lambda: audit.seal_all(db)),
                                      (deliver_interval, _courier(db))) if interval > 0]
        try:
            yield
        finally:
            # stop between rounds, never mid-round: a round holds a connection and a transaction
            stop.set()
            await asyncio.gather(*jobs)
            if seal_interval > 0:
                await run_in_threadpool(audit.seal_all, db)  # nothing left pending at shutdown
            if owns_db:  # an engine handed in belongs to the caller
                db.dispose()

    app = FastAPI(lifespan=lifespan, title="pantau", version=pantau.__version__,
                  description="Takedown notices for listings of banned imported used clothing: the regulator "
                              "issues, platforms pull and report outcomes, pantau verifies.")
    state = ApiState(db=db, config=config or NoticeConfig.from_env(), clock=clock or utc_now, token_ttl=token_ttl)
    home = settings.home
    state.signing_key = lambda: SigningKey.load(home)
    app.state.api = state
    app.state.db = db  # the console reads it here
    app.state.settings = settings
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
    if console:
        _include_console(app)
    return app


async def _every(interval: float, job: Callable[[], object], stop: asyncio.Event) -> None:
    """Run `job` in a worker thread every `interval` seconds until `stop` is set."""
    log = logging.getLogger("pantau.api")
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
        if stop.is_set():
            return
        try:
            await run_in_threadpool(job)
        except Exception:  # the outbox / pending entries stay in the store: the next round retries
            log.exception("background job %s failed", getattr(job, "__name__", job))


def _courier(db: Database) -> Callable[[], object]:
    """Deliver due webhooks (signed, retried with backoff; see pantau.notices.webhooks)."""
    senders: list[webhooks.Sender] = []  # built on first use: no HTTP client unless the job runs

    def deliver_webhooks() -> object:
        if not senders:
            senders.append(webhooks.httpx_sender())
        with db.session() as s:
            return webhooks.deliver_due(s, senders[0], now=utc_now())

    return deliver_webhooks


def _include_console(app: FastAPI) -> None:
    try:
        routes = importlib.import_module("pantau.console.routes")
    except ImportError:  # the console is optional: the API works without it
        return
    app.include_router(routes.router)
    install = getattr(routes, "install", None)
    if install is not None:  # HTML error pages under /console; the API keeps its JSON errors
        install(app)


def _freeze_heap() -> None:
    """Hide the start-up heap (modules, the app, its routes and models, SQLAlchemy's metadata)
    from the cyclic garbage collector: CPython's full collections traverse every tracked object,
    and on this heap each one paused all requests for tens of milliseconds, which is what set the
    API's p99 under load (docs/bench/notices.md). Frozen objects are never collected, so this is
    for a server process only, never for a process that builds apps again and again (tests)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def serve_app() -> FastAPI:
    """The app as `pantau serve` runs it (uvicorn factory, one per worker process)."""
    return create_app(freeze_heap=True)
