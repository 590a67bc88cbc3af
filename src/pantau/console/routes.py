"""The console's router: log in and out, language, static files, and every page module's routes.

`pantau.api.app.create_app` includes `router`; the console then lives under /console and `/`
sends a browser there. The database comes from `app.state.db` (see backend.db).
"""

from __future__ import annotations

import time
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from pantau.console import STATIC_DIR, backend
from pantau.console.i18n import LANGUAGES
from pantau.console.pages import dashboard, notices, review, sellers, terms
from pantau.console.session import ConsoleSession
from pantau.console.web import (
    PREFIX,
    checked_form,
    end_session,
    get_session,
    redirect,
    render,
    secure,
    tr,
)
from pantau.store import audit

router = APIRouter(include_in_schema=False)
pages = APIRouter(prefix=PREFIX, include_in_schema=False)

# Only these files are served, by exact name: no path from the URL ever reaches the file system.
STATIC_FILES = {p.name: p for p in STATIC_DIR.iterdir() if p.is_file()} if STATIC_DIR.is_dir() else {}
_MEDIA = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}


class LoginThrottle:
    """Slows password guessing: after MAX failures for one user name from one address within WINDOW
    seconds, further attempts are refused until the oldest failure ages out. In memory, per process:
    enough against a script at the login form; a ministry's reverse proxy can add more."""

    MAX = 5
    WINDOW = 15 * 60.0

    def __init__(self) -> None:
        self._failures: dict[tuple[str, str], list[float]] = {}

    def _recent(self, key: tuple[str, str], now: float) -> list[float]:
        times = [t for t in self._failures.get(key, []) if now - t < self.WINDOW]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def blocked(self, key: tuple[str, str], now: float) -> bool:
        return len(self._recent(key, now)) >= self.MAX

    def failed(self, key: tuple[str, str], now: float) -> None:
        if len(self._failures) > 100_000:  # bounded memory under a flood of made-up names
            self._failures.clear()
        self._failures.setdefault(key, []).append(now)

    def succeeded(self, key: tuple[str, str]) -> None:
        self._failures.pop(key, None)


def _throttle(request: Request) -> LoginThrottle:
    t = getattr(request.app.state, "console_login_throttle", None)
    if t is None:
        t = request.app.state.console_login_throttle = LoginThrottle()
    return t


def _safe_next(value: object, default: str = f"{PREFIX}/") -> str:
    """Only a path inside the console: never another host (open redirect) or a scheme."""
    text = value if isinstance(value, str) else ""
    parts = urlsplit(text)
    if parts.scheme or parts.netloc or not text.startswith(PREFIX + "/") or "\\" in text or "//" in text:
        return default
    return text


@router.get("/")
def root() -> Response:
    return secure(RedirectResponse(f"{PREFIX}/", status_code=303))


@pages.get("/static/{name}")
def static(name: str) -> Response:
    path = STATIC_FILES.get(name)
    if path is None:
        return secure(Response("not found", status_code=404, media_type="text/plain"))
    resp = FileResponse(path, media_type=_MEDIA.get(path.suffix, "application/octet-stream"))
    resp.headers["Cache-Control"] = "public, max-age=3600"
    return secure(resp, cache=True)


@pages.get("/")
def home(request: Request) -> Response:
    session = get_session(request)
    if not session.user:
        return redirect(request, f"{PREFIX}/login")
    return redirect(request, f"{PREFIX}/inbox" if session.user.get("r") == "platform" else f"{PREFIX}/review")


@pages.get("/login")
def login_page(request: Request, next: str = "") -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "username": "", "error": ""})


@pages.post("/login")
def login(request: Request, form: Annotated[FormData, Depends(checked_form)]) -> Response:
    username = str(form.get("username") or "")[:128]
    password = str(form.get("password") or "")[:256]
    throttle, now = _throttle(request), time.monotonic()
    key = (request.client.host if request.client else "", username.casefold())
    if throttle.blocked(key, now):
        return render(request, "login.html", {"next": _safe_next(form.get("next")), "username": username,
                                              "error": tr(request, "Too many failed attempts: wait a few minutes.")},
                      status=429)
    with backend.db(request).session() as s:
        found = backend.login(s, username, password)
    if found is None:
        throttle.failed(key, now)
        return render(request, "login.html", {"next": _safe_next(form.get("next")), "username": username,
                                              "error": tr(request, "Wrong user name or password.")},
                      status=401)
    throttle.succeeded(key)
    with backend.db(request).session() as s:
        audit.append(s, found[1], "console.login", {"role": found[2], "platform": found[3]})
    user_id, name, role, platform = found
    old = get_session(request)
    # a new session (and CSRF token) at login, so a token planted before login is worthless
    new = ConsoleSession(user={"id": user_id, "n": name, "r": role, "p": platform}, lang=old.lang)
    request.state.console_session = new
    default = f"{PREFIX}/inbox" if role == "platform" else f"{PREFIX}/review"
    target = _safe_next(form.get("next"), default)
    if role == "platform" and not target.startswith(f"{PREFIX}/inbox"):
        target = default
    return redirect(request, target)


@pages.post("/logout")
def logout(request: Request, form: Annotated[FormData, Depends(checked_form)]) -> Response:
    old = get_session(request)
    if old.user:
        with backend.db(request).session() as s:
            audit.append(s, str(old.user.get("n")), "console.logout", {})
    end_session(request)
    request.state.console_session = ConsoleSession(lang=old.lang)
    return redirect(request, f"{PREFIX}/login")


@pages.post("/lang")
def set_language(request: Request, form: Annotated[FormData, Depends(checked_form)]) -> Response:
    session = get_session(request)
    lang = str(form.get("lang") or "")
    if lang in LANGUAGES:
        session.lang = lang
    return redirect(request, _safe_next(form.get("next")))


for module in (review, notices, sellers, terms, dashboard):
    pages.include_router(module.router)
router.include_router(pages)


def install(app: FastAPI) -> None:
    """Optional: render the console's 403 and 404 as pages for browsers (the API keeps its JSON).

    `create_app` may call this after including `router`; without it, those errors are FastAPI's JSON."""
    from fastapi.exception_handlers import http_exception_handler
    from starlette.exceptions import HTTPException as StarletteHTTPException

    async def handler(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        wants_html = "text/html" in request.headers.get("accept", "")
        if request.url.path.startswith(PREFIX + "/") and exc.status_code in (403, 404) and wants_html:
            title = tr(request, "Not allowed") if exc.status_code == 403 else tr(request, "Not found")
            return render(request, "error.html", {"title": title, "message": str(exc.detail)},
                          status=exc.status_code)
        return await http_exception_handler(request, exc)

    app.add_exception_handler(StarletteHTTPException, handler)
