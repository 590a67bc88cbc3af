"""One error hierarchy for the whole product.

Each error carries the exit code the CLI uses and the HTTP status the API uses, so the edges
render it once (see STYLE.md: Datasette's error hierarchy, fastapi-cli's exit codes).
Messages say what went wrong and where.
"""

from __future__ import annotations


class PantauError(Exception):
    exit_code = 1
    http_status = 500

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class InputError(PantauError):
    """Bad input from a user or a file: usage or format problems (exit 2, HTTP 422)."""

    exit_code = 2
    http_status = 422


class NotFound(PantauError):
    exit_code = 1
    http_status = 404


class Conflict(PantauError):
    exit_code = 1
    http_status = 409


class Forbidden(PantauError):
    exit_code = 1
    http_status = 403


class Unauthorized(PantauError):
    exit_code = 1
    http_status = 401


class FetchError(PantauError):
    """A page or photo could not be fetched safely (blocked address, too large, wrong type...)."""

    exit_code = 1
    http_status = 502
