"""Signed-cookie sessions and CSRF tokens for the console.

The session lives entirely in one cookie: a JSON payload, base64url-encoded, followed by an
HMAC-SHA256 signature over it. Written with the standard library's `hmac` because the only
ready-made signer (itsdangerous, used by Starlette's SessionMiddleware) is not a dependency of
pantau, and this needs nothing beyond sign, verify and expire.

The cookie is HttpOnly and SameSite=Strict, so scripts cannot read it and other sites cannot send
it; every form still carries a CSRF token bound to the session (double defence, and it protects the
login form of an anonymous session too).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COOKIE = "pantau_console"
MAX_AGE = 12 * 3600  # one working day; the analyst logs in again the next morning
MAX_COOKIE = 4000  # browsers drop larger cookies; refuse to parse anything bigger


KEY_FILE = "console-secret"


def _key_file(path: Path) -> bytes:
    """Read the key, or create it atomically (O_EXCL: two workers starting together agree)."""
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(fd, "wb") as f:
        f.write(secrets.token_bytes(32))
    return path.read_bytes()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class ConsoleSession:
    """What the cookie holds. `user` is None for an anonymous visitor (the login page)."""

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    issued: int = field(default_factory=lambda: int(time.time()))
    user: dict[str, Any] | None = None
    lang: str = "id"
    flash: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"c": self.csrf, "i": self.issued, "u": self.user, "l": self.lang, "f": self.flash}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ConsoleSession:
        user = d.get("u")
        return cls(csrf=str(d["c"]), issued=int(d["i"]), user=user if isinstance(user, dict) else None,
                   lang=str(d.get("l") or "id"), flash=str(d.get("f") or ""))


class Signer:
    """Signs and verifies session cookies with one secret key."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("console secret key must be at least 16 bytes")
        self._key = hashlib.sha256(b"pantau-console-session\0" + secret).digest()

    @classmethod
    def from_env(cls, home: Path | None = None) -> Signer:
        """The key from PANTAU_CONSOLE_SECRET; else from `console-secret` in the data folder (made
        once, readable by its owner only), so every worker of `pantau serve` and every restart
        share it; else, with no data folder, a random key for this process only."""
        env = os.environ.get("PANTAU_CONSOLE_SECRET", "")
        if env:
            return cls(env.encode())
        if home is not None:
            try:
                return cls(_key_file(home / KEY_FILE))
            except OSError:
                pass  # a read-only data folder: fall back to a per-process key
        return cls(secrets.token_bytes(32))

    def _sig(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode("ascii"), hashlib.sha256).digest())

    def dumps(self, session: ConsoleSession) -> str:
        body = _b64(json.dumps(session.to_dict(), separators=(",", ":")).encode())
        return f"{body}.{self._sig(body)}"

    def loads(self, value: str | None, *, now: float | None = None) -> ConsoleSession | None:
        """The session in a cookie, or None when it is absent, tampered with, malformed or expired."""
        if not value or len(value) > MAX_COOKIE or value.count(".") != 1:
            return None
        body, sig = value.split(".")
        if not hmac.compare_digest(sig, self._sig(body)):
            return None
        try:
            session = ConsoleSession.from_dict(json.loads(_unb64(body)))
        except (ValueError, KeyError, TypeError):
            return None
        if (now if now is not None else time.time()) - session.issued > MAX_AGE:
            return None
        return session


def csrf_ok(session: ConsoleSession | None, submitted: str | None) -> bool:
    return bool(session and submitted and hmac.compare_digest(session.csrf, submitted))
