"""Who may do what: users, API tokens and roles.

Tokens are 256-bit random secrets shown once; only their sha256 is stored (a secret of that
entropy needs no slow KDF, and a hash lookup keeps every API call to one indexed read). Passwords,
which people choose, are hashed with scrypt (stdlib, memory-hard) and a per-user salt.
Every change here is written to the audit log in the same transaction.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from pantau.errors import Conflict, InputError, NotFound, Unauthorized
from pantau.notices.lifecycle import Actor, Role
from pantau.store import audit
from pantau.store.tables.notices import PlatformRow, TokenRow, UserRow

TOKEN_PREFIX = "pt_"
HUMAN_ROLES = (Role.REGULATOR, Role.SUPERVISOR, Role.PLATFORM, Role.AUDITOR)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_SLUG_OK = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    name: str
    role: str
    platform: str | None = None

    @property
    def actor(self) -> Actor:
        return Actor(self.name, Role(self.role), self.platform)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, dklen=32, maxmem=64 * 1024 * 1024, **_SCRYPT)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt).decode()}${b64(key).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        want = base64.b64decode(key)
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(want), maxmem=64 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def check_slug(slug: str) -> str:
    s = (slug or "").strip().lower()
    if not s or len(s) > 32 or not set(s) <= _SLUG_OK:
        raise InputError(f"platform slug must be 1-32 of a-z 0-9 - _, not {slug!r}", where="platform")
    return s


def ensure_platform(session: Session, slug: str, *, actor: str = "system") -> PlatformRow:
    slug = check_slug(slug)
    row = session.get(PlatformRow, slug)
    if row is None:
        row = PlatformRow(slug=slug, name=slug)
        session.add(row)
        session.flush()
        audit.append(session, actor, "platform.create", {"platform": slug})
    return row


def create_user(session: Session, name: str, role: str, *, platform: str | None = None,
                password: str | None = None, actor: str = "system") -> Principal:
    name = (name or "").strip()
    if not name or len(name) > 128:
        raise InputError("a user name of 1 to 128 characters is needed", where="name")
    try:
        r = Role(role)
    except ValueError:
        r = None
    if r not in HUMAN_ROLES:
        raise InputError(f"role must be one of {', '.join(HUMAN_ROLES)}, not {role!r}", where="role")
    if (r is Role.PLATFORM) != bool(platform):
        raise InputError("a platform user needs --platform, and only a platform user may have one",
                         where="platform")
    if platform:
        platform = ensure_platform(session, platform, actor=actor).slug
    if session.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
        raise Conflict(f"user {name!r} exists already", where="users")
    user = UserRow(name=name, role=r.value, platform=platform,
                   password_hash=hash_password(password) if password else None)
    session.add(user)
    session.flush()
    audit.append(session, actor, "user.create", {"user": name, "role": r.value, "platform": platform})
    return Principal(user.id, name, r.value, platform)


def create_token(session: Session, user: Principal, *, name: str = "", actor: str = "system") -> str:
    """A new token for `user`; returns the secret, which is never stored and never shown again."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(TokenRow(user_id=user.user_id, token_hash=hash_token(token), prefix=token[:10],
                         name=name[:200]))
    session.flush()
    audit.append(session, actor, "token.create", {"user": user.name, "role": user.role,
                                                  "platform": user.platform, "prefix": token[:10]})
    return token


def revoke_token(session: Session, prefix: str, *, actor: str = "system") -> int:
    from pantau.store.base import utcnow

    rows = session.scalars(select(TokenRow).where(TokenRow.prefix == prefix, TokenRow.revoked_at.is_(None))).all()
    if not rows:
        raise NotFound(f"no live token starts with {prefix!r}", where="api_tokens")
    for row in rows:
        row.revoked_at = utcnow()
    audit.append(session, actor, "token.revoke", {"prefix": prefix, "count": len(rows)})
    return len(rows)


def authenticate_token(session: Session | Connection, token: str) -> Principal:
    if not token or len(token) > 256:
        raise Unauthorized("missing or malformed API token")
    row = session.execute(
        select(UserRow.id, UserRow.name, UserRow.role, UserRow.platform)
        .join(TokenRow, TokenRow.user_id == UserRow.id)
        .where(TokenRow.token_hash == hash_token(token), TokenRow.revoked_at.is_(None), UserRow.active)
    ).first()
    if row is None:
        raise Unauthorized("unknown or revoked API token")
    return Principal(int(row[0]), row[1], row[2], row[3])


def verify_password(session: Session, username: str, password: str) -> Principal:
    user = session.scalar(select(UserRow).where(UserRow.name == username, UserRow.active))
    # hash anyway when the user is unknown, so timing does not tell which names exist
    stored = user.password_hash if user and user.password_hash else hash_password("x", salt=b"0" * 16)
    if not check_password(password, stored) or user is None or not user.password_hash:
        raise Unauthorized("wrong user name or password")
    return Principal(user.id, user.name, user.role, user.platform)


def set_password(session: Session, username: str, password: str, *, actor: str = "system") -> None:
    user = session.scalar(select(UserRow).where(UserRow.name == username))
    if user is None:
        raise NotFound(f"no user {username!r}", where="users")
    if len(password) < 8:
        raise InputError("a password needs at least 8 characters", where="password")
    user.password_hash = hash_password(password)
    audit.append(session, actor, "user.password", {"user": username})
