"""Plain records the console's pages are drawn from.

`backend.py` fills them from the store (whatever tables the other capabilities provide); the pages
and the dashboard arithmetic only ever see these, so switching a data source touches one module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(slots=True)
class QueueItem:
    pk: int
    platform: str
    listing_id: str
    title: str
    description: str
    url: str | None
    price: float | None
    city: str | None
    shop_name: str
    shop_description: str
    seller_id: str
    verdict: str | None
    score: float
    first_seen: datetime | None
    last_seen: datetime | None
    taken_down: bool
    images: list[str] = field(default_factory=list)
    reasons: list[dict[str, Any]] = field(default_factory=list)
    seller_links: list[dict[str, Any]] = field(default_factory=list)
    image_matches: list[dict[str, Any]] = field(default_factory=list)
    policy_version: str = ""
    model_hash: str = ""
    decision: str | None = None  # the latest analyst decision, if any
    notice_status: str | None = None

    @property
    def key(self) -> str:
        return f"{self.platform}/{self.listing_id}"

    @property
    def offender_links(self) -> int:
        return sum(1 for s in self.seller_links if s.get("known_offender"))

    @property
    def photo_hits(self) -> int:
        return sum(1 for m in self.image_matches if m.get("taken_down"))


@dataclass(slots=True)
class NoticeView:
    id: str
    platform: str
    listing_id: str
    status: str  # open | removed | rejected | not_found | verified | reappeared | ... as notices names them
    created_at: datetime
    deadline: datetime | None = None
    urgency: str = "normal"
    escalation: int = 0
    outcome: str | None = None
    outcome_at: datetime | None = None
    outcome_reason: str = ""
    verified_at: datetime | None = None
    verification: str = ""
    reappeared_at: datetime | None = None
    title: str = ""
    url: str | None = None
    seller_id: str = ""
    legal_basis: str = ""
    shop_name: str = ""
    description: str = ""
    reasons: list[str] = field(default_factory=list)  # the evidence sentences the notice carries
    evidence_hash: str = ""

    @property
    def open(self) -> bool:
        return self.outcome is None

    def overdue(self, now: datetime) -> bool:
        return self.open and self.deadline is not None and now > self.deadline


@dataclass(slots=True)
class Account:
    """One seller account as shown on the operator page."""

    platform: str
    seller_id: str
    name: str
    location: str | None
    taken_down_at: datetime | None
    first_seen: datetime | None
    listings: int = 0

    @property
    def key(self) -> str:
        return f"{self.platform}/{self.seller_id}"


@dataclass(slots=True)
class AccountLink:
    a: str  # account keys
    b: str
    score: float
    evidence: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Operator:
    id: str
    accounts: list[Account]
    links: list[AccountLink]
    events: list[tuple[datetime, str, str]]  # when, kind (seen|taken_down|reappeared|notice), what


@dataclass(slots=True)
class Suggestion:
    id: str
    term: str
    score: float
    status: str  # suggested | accepted | rejected
    examples: list[dict[str, str]] = field(default_factory=list)  # {key, title}
    weekly: list[int] = field(default_factory=list)
