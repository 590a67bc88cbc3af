"""Engine, sessions and schema set-up. Built by the CLI or create_app(), never at import."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table, create_engine, event, insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str, *, pre_ping: bool = True, pool_size: int | None = None, **kwargs: object) -> Engine:
    """`pre_ping` tests each connection with a round trip when it leaves the pool: right for the CLI
    and jobs, too dear for the API's hot paths, which pass False and use `Database.retrying` instead.
    `pool_size` (PostgreSQL) keeps that many connections open, with as many again as overflow."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)  # type: ignore[arg-type]

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            # WAL lets the console read while a scan writes; foreign keys are off by default in SQLite.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if pool_size:
        kwargs = {"pool_size": pool_size, "max_overflow": pool_size, **kwargs}
    return create_engine(url, pool_pre_ping=pre_ping, **kwargs)  # type: ignore[arg-type]


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT rows as one Core executemany, without RETURNING even for a single row (nothing to
    wait for, so it can go in a pipeline, see Database.pipelined). psycopg pipelines an executemany
    itself: the rows go out in one write, not one round trip each."""
    if rows:
        conn.execute(insert(table).inline(), list(rows))


def alembic_config(url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migrations (idempotent). Each capability keeps its own branch
    of revisions off 0001, so "heads" (plural) applies them all."""
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


class Database:
    """An engine plus a session factory; `session()` is a unit of work that commits or rolls back."""

    def __init__(self, url: str, *, migrate: bool = True, pre_ping: bool = True, pool_size: int | None = None) -> None:
        self.url = url
        self.engine = make_engine(url, pre_ping=pre_ping, pool_size=pool_size)
        self._autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        if migrate:
            upgrade(self.engine)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        s = self._factory()
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    @contextmanager
    def reader(self) -> Iterator[Connection]:
        """A connection for one-statement reads, in autocommit: no BEGIN and COMMIT round trips
        around a lone SELECT (which sees one snapshot by itself). Never write through it."""
        with self._autocommit.connect() as conn:
            yield conn

    @contextmanager
    def pipelined(self, session: Session) -> Iterator[None]:
        """The writes at the end of a unit of work in psycopg's pipeline mode (PostgreSQL; elsewhere
        nothing changes): statements whose results are never read (INSERTs, executemany) go to the
        server together and are waited for once, when the block ends, instead of one round trip
        each. Only for statements that return no rows: SQLAlchemy reads a result's shape as soon as a
        statement runs, before the pipeline has it; pending ORM objects are flushed first, outside
        the pipeline, for the same reason. Commit after the block, never inside: the session hands
        its connection back to the pool at commit, and the pipeline must be closed by then. An
        error (e.g. a unique key taken) surfaces when the block ends and rolls back as usual."""
        if self.engine.dialect.name != "postgresql":
            yield
            return
        session.flush()
        conn = session.connection()
        driver = conn.connection.driver_connection
        dbapi_error = self.engine.dialect.loaded_dbapi.Error
        try:
            with driver.pipeline():  # type: ignore[union-attr]
                yield
        except dbapi_error as e:
            # raised by psycopg when the pipeline syncs, outside any SQLAlchemy call: wrap it as
            # SQLAlchemy would (IntegrityError for a taken key...), and drop a lost connection
            lost = self.engine.dialect.is_disconnect(e, driver, None)
            if lost:
                conn.invalidate(e)
            raise DBAPIError.instance(None, None, e, dbapi_error, connection_invalidated=lost) from e

    def retrying(self, fn: Callable[[], T]) -> T:
        """`fn()`, run once more if the database connection turned out dead (the server restarted):
        the cheap stand-in for a pre-ping on every checkout. A dead connection invalidates the pool,
        so the second run gets a fresh one. `fn` must be safe to repeat: a unit of work that rolled
        back, or whose commit was lost, is done again, and the store's own checks (idempotency keys,
        version-checked updates, no-op repeats) keep it from counting twice."""
        try:
            return fn()
        except DBAPIError as e:
            if not e.connection_invalidated:
                raise
            return fn()

    def dispose(self) -> None:
        self.engine.dispose()
