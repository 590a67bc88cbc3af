"""PantauError rendered once, as JSON, with the status the error carries."""

from __future__ import annotations

import re

from fastapi import FastAPI, Request

from pantau.api.responses import JSONOut
from pantau.errors import PantauError, Unauthorized


def _code(e: PantauError) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(e).__name__).lower()


async def pantau_error(request: Request, exc: Exception) -> JSONOut:
    assert isinstance(exc, PantauError)
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
    return JSONOut({"error": {"code": _code(exc), "message": str(exc)}},
                          status_code=exc.http_status, headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(PantauError, pantau_error)
