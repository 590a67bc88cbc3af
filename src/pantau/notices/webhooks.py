"""Webhooks to a platform's endpoint: signed with HMAC-SHA256, delivered from an outbox, retried with
exponential backoff.

Events are written to `webhook_outbox` in the same transaction as the change that caused them, so a
crash never loses one and a rollback never sends one. `deliver_due` is the worker: it sends what is
due, marks it delivered, or schedules the next attempt; after MAX_ATTEMPTS the event is dead.

Signature header (Stripe-style, so platforms can reuse familiar verification code):
    X-Pantau-Signature: t=<unix seconds>,v1=<hex hmac_sha256(secret, "<t>.<body>")>
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from pantau.errors import InputError
from pantau.notices.platforms import canonical_url
from pantau.store import audit
from pantau.store.tables.notices import PlatformRow, WebhookOutboxRow

HEADER = "X-Pantau-Signature"
MAX_ATTEMPTS = 8
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=6)
TOLERANCE = 300  # seconds a receiver should accept between t= and its clock


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify_signature(secret: str, body: bytes, header: str, *, now: int, tolerance: int = TOLERANCE) -> bool:
    """What a platform runs on receipt (and what our tests run)."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        t = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs(now - t) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, body, t), f"t={t},v1={parts.get('v1', '')}")


def backoff(attempts: int) -> timedelta:
    """Delay before attempt `attempts + 1`: 30 s, 1 min, 2 min ... capped at 6 h."""
    return min(MAX_DELAY, BASE_DELAY * (2 ** max(0, attempts - 1)))


def set_endpoint(session: Session, platform: str, url: str | None, *, actor: str) -> str | None:
    """Set (or clear) a platform's webhook URL; returns a new signing secret, shown once."""
    row = session.get(PlatformRow, platform)
    if row is None:
        raise InputError(f"unknown platform {platform!r}", where="platform")
    if url:
        url = canonical_url(url)
        if not url.startswith("https://") and not url.startswith("http://"):
            raise InputError("webhook URL must be http(s)", where="url")
    row.webhook_url = url or None
    secret = "whsec_" + secrets.token_urlsafe(32) if url else None
    row.webhook_secret = secret
    audit.append(session, actor, "platform.webhook", {"platform": platform, "url": url})
    return secret


@dataclass(frozen=True, slots=True)
class Delivery:
    url: str
    body: bytes
    headers: dict[str, str]


# A sender posts one delivery and returns the HTTP status (raises on network errors).
Sender = Callable[[Delivery], int]


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    delivered: int = 0
    retried: int = 0
    dead: int = 0


def deliver_due(session: Session, send: Sender, *, now: datetime, limit: int = 100) -> DeliveryReport:
    """Send due events (oldest first) and record each result in the caller's transaction."""
    rows = session.scalars(
        select(WebhookOutboxRow)
        .where(WebhookOutboxRow.delivered_at.is_(None), WebhookOutboxRow.dead.is_(False),
               WebhookOutboxRow.next_attempt_at <= now)
        .order_by(WebhookOutboxRow.next_attempt_at, WebhookOutboxRow.id).limit(limit)
        .with_for_update(skip_locked=True)  # two workers never send the same event at once (PostgreSQL)
    ).all()
    delivered = retried = dead = 0
    for row in rows:
        platform = session.get(PlatformRow, row.platform)
        if platform is None or not platform.webhook_url or not platform.webhook_secret:
            row.dead, row.last_error = True, "platform has no webhook endpoint any more"
            dead += 1
            continue
        body = orjson.dumps({"id": row.id, **row.payload}, option=orjson.OPT_SORT_KEYS)
        headers = {"Content-Type": "application/json", HEADER: sign(platform.webhook_secret, body,
                                                                    int(now.timestamp())),
                   "X-Pantau-Event": row.event, "X-Pantau-Delivery": str(row.id)}
        row.attempts += 1
        try:
            status = send(Delivery(platform.webhook_url, body, headers))
            error = None if 200 <= status < 300 else f"HTTP {status}"
        except Exception as e:  # any failure of the receiver is a reason to retry, never to crash
            error = f"{e.__class__.__name__}: {e}"[:500]
        if error is None:
            row.delivered_at, row.last_error = now, None
            delivered += 1
        elif row.attempts >= MAX_ATTEMPTS:
            row.dead, row.last_error = True, error
            dead += 1
        else:
            row.next_attempt_at, row.last_error = now + backoff(row.attempts), error
            retried += 1
    return DeliveryReport(delivered, retried, dead)


def httpx_sender(timeout: float = 10.0, *, allow_private: bool = False) -> Sender:
    """A sender through SafeFetcher: private addresses refused, and the connection pinned to the
    address that was checked (a platform's host cannot re-resolve to an internal one in between)."""
    from pantau.ingest.fetch import SafeFetcher

    guard = SafeFetcher(timeout=timeout, allow_private=allow_private, per_host_interval=0.0)

    def send(d: Delivery) -> int:
        return guard.post(d.url, content=d.body, headers=d.headers)

    return send
