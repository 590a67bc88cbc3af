"""What every console page shares: templates, security headers, the session, the signed-in user,
CSRF checks and role checks (written once, as dependencies; STYLE.md point 6)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import FormData

from pantau.console import TEMPLATES_DIR, backend
from pantau.console.i18n import LANGUAGES, translations
from pantau.console.session import COOKIE, MAX_AGE, ConsoleSession, Signer, csrf_ok

PREFIX = "/console"

# No inline script or style anywhere: every script and stylesheet is a file pantau serves itself.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

# What each role may do in the console. Roles are the notices capability's; "regulator" is the
# ministry's analyst.
CAPABILITIES: dict[str, frozenset[str]] = {
    "regulator": frozenset({"review", "decide", "notices", "sellers", "terms", "terms_decide", "dashboard"}),
    "supervisor": frozenset({"review", "decide", "approve", "notices", "sellers", "terms", "terms_decide",
                            "dashboard"}),
    "auditor": frozenset({"review", "notices", "sellers", "terms", "dashboard"}),
    "platform": frozenset({"inbox", "outcome"}),
}

_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES_DIR)),
    # autoescape on for every template, whatever its name: listing text is hostile
    autoescape=select_autoescape(default=True, default_for_string=True),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)


def _fmt_dt(d: datetime | None) -> str:
    if d is None:
        return "—"
    d = d if d.tzinfo else d.replace(tzinfo=UTC)
    return d.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def _fmt_price(p: float | None) -> str:
    return "—" if p is None else "Rp " + f"{p:,.0f}".replace(",", ".")


def _http_url(url: object) -> str | None:
    """A link target only for plain http(s) addresses: a seller-supplied `javascript:` URL is text."""
    text = str(url or "")
    return text if text.lower().startswith(("http://", "https://")) and len(text) <= 2048 else None


_env.filters["dt"] = _fmt_dt
_env.filters["http_url"] = _http_url
_env.filters["rupiah"] = _fmt_price
_env.filters["urlq"] = lambda s: quote(str(s), safe="")


@dataclass(frozen=True, slots=True)
class ConsoleUser:
    user_id: int
    name: str
    role: str
    platform: str | None

    def can(self, capability: str) -> bool:
        return capability in CAPABILITIES.get(self.role, frozenset())

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.user_id, "n": self.name, "r": self.role, "p": self.platform}


class Redirect(HTTPException):
    def __init__(self, to: str) -> None:
        super().__init__(303, headers={"Location": to, **SECURITY_HEADERS})


def signer(request: Request) -> Signer:
    s = getattr(request.app.state, "console_signer", None)
    if s is None:
        settings = getattr(request.app.state, "settings", None)
        s = Signer.from_env(getattr(settings, "home", None))
        request.app.state.console_signer = s
    return s


def get_session(request: Request) -> ConsoleSession:
    """The visitor's session; a fresh anonymous one (with its own CSRF token) when there is none."""
    cached = getattr(request.state, "console_session", None)
    if cached is not None:
        return cached
    s = signer(request).loads(request.cookies.get(COOKIE))
    if s is None or s.csrf in revoked(request):
        s = ConsoleSession()
    request.state.console_session = s
    return s


def revoked(request: Request) -> dict[str, float]:
    """Sessions ended by logging out (their id is the CSRF token), until they would have expired.

    Cookies are self-contained, so a copied cookie would outlive its logout without this list. It
    is kept per process: with several workers, set a short MAX_AGE or run one worker per console."""
    found = getattr(request.app.state, "console_revoked", None)
    if found is None:
        found = request.app.state.console_revoked = {}
    now = time.time()
    if len(found) > 1000:
        for k in [k for k, until in found.items() if until < now]:
            del found[k]
    return found


def end_session(request: Request) -> None:
    s = get_session(request)
    revoked(request)[s.csrf] = s.issued + MAX_AGE


def save_session(request: Request, response: Response, session: ConsoleSession) -> Response:
    response.set_cookie(COOKIE, signer(request).dumps(session), max_age=MAX_AGE, httponly=True,
                        samesite="strict", secure=request.url.scheme == "https", path="/")
    return response


def secure(response: Response, *, cache: bool = False) -> Response:
    for k, v in SECURITY_HEADERS.items():
        response.headers[k] = v
    if not cache:
        response.headers["Cache-Control"] = "no-store"
    return response


def current_user(request: Request) -> ConsoleUser:
    session = get_session(request)
    if not session.user:
        raise Redirect(f"{PREFIX}/login?next={quote(request.url.path, safe='/')}")
    u = session.user
    user = ConsoleUser(int(u["id"]), str(u["n"]), str(u["r"]), u.get("p"))
    # a user disabled (or re-roled) since logging in loses access at once, not at cookie expiry
    with backend.db(request).session() as s:
        fresh = backend.load_user(s, user.user_id)
    if fresh is None or fresh != (user.name, user.role, user.platform):
        session.user = None
        raise Redirect(f"{PREFIX}/login")
    return user


def needs(capability: str) -> Callable[..., ConsoleUser]:
    def dep(request: Request, user: Annotated[ConsoleUser, Depends(current_user)]) -> ConsoleUser:
        if not user.can(capability):
            if user.role == "platform":
                raise Redirect(f"{PREFIX}/inbox")
            raise HTTPException(403, tr(request, "this page is not open to your role"), headers=SECURITY_HEADERS)
        return user

    return dep


async def checked_form(request: Request) -> FormData:
    """The posted form, refused (403) unless its CSRF token matches the session's."""
    form = await request.form(max_files=0, max_fields=2000, max_part_size=64 * 1024)
    token = form.get("csrf")
    if not csrf_ok(get_session(request), token if isinstance(token, str) else None):
        raise HTTPException(403, "CSRF token missing or wrong: reload the page and try again",
                            headers=SECURITY_HEADERS)
    return form


def render(request: Request, template: str, context: Mapping[str, Any] | None = None, *,
           status: int = 200, user: ConsoleUser | None = None) -> HTMLResponse:
    session = get_session(request)
    tr = translations(session.lang)
    flash, session.flash = session.flash, ""
    ctx = {
        "request": request, "user": user, "session": session, "csrf": session.csrf,
        "lang": session.lang, "languages": LANGUAGES, "prefix": PREFIX, "flash": flash,
        "_": tr.gettext, "gettext": tr.gettext, "ngettext": tr.ngettext,
        "now": backend.notice_env(request).now or datetime.now(UTC),  # the API's clock: overdue agrees
    }
    ctx.update(context or {})
    html = _env.get_template(template).render(ctx)
    resp = HTMLResponse(html, status_code=status)
    save_session(request, resp, session)
    return secure(resp)  # type: ignore[return-value]


def redirect(request: Request, to: str, flash: str = "") -> Response:
    session = get_session(request)
    if flash:
        session.flash = flash
    resp = RedirectResponse(to, status_code=303)
    save_session(request, resp, session)
    return secure(resp)


def tr(request: Request, message: str) -> str:
    return translations(get_session(request).lang).gettext(message)
