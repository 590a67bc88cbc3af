"""Analyst decisions on listings, suggested code words, and the policy versions accepted terms make."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pantau.store.base import Base, JsonType, utcnow


class DecisionRow(Base):
    """One analyst decision about one listing. Decisions are appended, never edited: the latest wins,
    the earlier ones stay as the record of who said what when. `listing_pk` is empty when the listing
    was not (yet) in the store; the natural key still names it."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_listing", "platform", "listing_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    analyst: Mapped[str] = mapped_column(String(128))
    platform: Mapped[str] = mapped_column(String(32))
    listing_id: Mapped[str] = mapped_column(String(512))
    listing_pk: Mapped[int | None] = mapped_column(ForeignKey("listings.id", ondelete="SET NULL"), index=True)
    decision: Mapped[str] = mapped_column(String(16))  # violating | benign
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")  # file:line of an import, or "console"
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class TermSuggestionRow(Base):
    """A candidate code word as suggested for one week, and what an analyst made of it.

    status: open | accepted | rejected. A term accepted or rejected once is not suggested again."""

    __tablename__ = "term_suggestions"
    __table_args__ = (UniqueConstraint("term", "week"), Index("ix_term_suggestions_status", "status", "term"))

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    term: Mapped[str] = mapped_column(String(256))
    week: Mapped[str] = mapped_column(String(32))  # ISO week "2025-W07", or "-" for a decision without one
    score: Mapped[float] = mapped_column(Float, default=0.0)
    count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="open")
    category: Mapped[str | None] = mapped_column(String(32))
    first_seen: Mapped[str | None] = mapped_column(String(32))  # first week the term was seen in
    examples: Mapped[list[str]] = mapped_column(JsonType, default=list)
    details: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None]


class PolicyVersionRow(Base):
    """A policy pack made by adding accepted terms to a parent version (the bundled pack or an earlier
    row). `pack` holds the whole pack (PolicyPack.to_dict) so a verdict can be reproduced later."""

    __tablename__ = "policy_versions"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    parent: Mapped[str | None] = mapped_column(String(64))
    base_version: Mapped[str] = mapped_column(String(64))  # the bundled pack it builds on
    terms_added: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    terms_removed: Mapped[list[str]] = mapped_column(JsonType, default=list)
    pack: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(128), default="")
    rescored: Mapped[int | None] = mapped_column(Integer)
    changed: Mapped[int | None] = mapped_column(Integer)
