"""What every command shares: settings, the database, and rendering PantauError as an exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

import typer

from pantau.config import Settings
from pantau.errors import PantauError
from pantau.store.db import Database

P = ParamSpec("P")
R = TypeVar("R")


def settings() -> Settings:
    return Settings.from_env()


@contextmanager
def open_db() -> Iterator[Database]:
    s = settings()
    if s.database_url.startswith("sqlite"):
        s.ensure_home()
    db = Database(s.database_url)
    try:
        yield db
        # chain what this command wrote to the audit log now, not when the server next runs
        from pantau.store import audit

        audit.seal_all(db)
    finally:
        db.dispose()


def fail(message: str, code: int = 2) -> typer.Exit:
    print(f"pantau: {message}", file=sys.stderr)
    return typer.Exit(code)


def handles_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn a PantauError into its exit code and a one-line message on stderr."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except PantauError as e:
            raise fail(str(e), e.exit_code) from None

    return wrapper
