"""Seller linkage: what each seller's listings said (identifiers and other keys), the operators
(clusters of accounts, stable ids, merges), their members with the evidence, and pair links."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pantau.store.base import Base, JsonType, utcnow


class SellerProfileRow(Base):
    """The linker's summary of one seller account (the union of its listings)."""

    __tablename__ = "seller_profiles"
    __table_args__ = (UniqueConstraint("platform", "seller_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    seller_id: Mapped[str] = mapped_column(String(256))
    name: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(Text, default="")
    joined_day: Mapped[int | None] = mapped_column(Integer)  # days since 1970-01-01
    first_seen_day: Mapped[int | None] = mapped_column(Integer)
    taken_down_day: Mapped[int | None] = mapped_column(Integer)
    log_price_sum: Mapped[float] = mapped_column(Float, default=0.0)
    prices: Mapped[int] = mapped_column(Integer, default=0)
    listings: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SellerIdentifierRow(Base):
    """One key of a seller: kind phone/bank/email/handle/link/holder (identifiers) or a similarity key
    (name, nsk, ng, sb, brand, line), its normalised value and the text as the seller wrote it."""

    __tablename__ = "seller_identifiers"
    __table_args__ = (
        UniqueConstraint("platform", "seller_id", "kind", "value"),
        Index("ix_seller_identifiers_kind_value", "kind", "value"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    seller_id: Mapped[str] = mapped_column(String(256))
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(512))
    source: Mapped[str] = mapped_column(Text, default="")
    via: Mapped[str] = mapped_column(String(16), default="")  # whatsapp, instagram... when the text said so
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SellerListingRow(Base):
    """Which seller a listing belongs to, so a photo match with a listing points at its seller."""

    __tablename__ = "seller_listings"
    __table_args__ = (UniqueConstraint("platform", "listing_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    listing_id: Mapped[str] = mapped_column(String(512))
    seller_id: Mapped[str] = mapped_column(String(256))


class OperatorRow(Base):
    """An operator id is never reused or renumbered; a merged one points at the id that absorbed it."""

    __tablename__ = "operators"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # "OP-000042"
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    merged_into: Mapped[str | None] = mapped_column(String(32))
    merged_at: Mapped[datetime | None]


class OperatorMemberRow(Base):
    __tablename__ = "operator_members"
    __table_args__ = (UniqueConstraint("platform", "seller_id"), Index("ix_operator_members_op", "operator_id"))

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    operator_id: Mapped[str] = mapped_column(String(32))
    platform: Mapped[str] = mapped_column(String(32))
    seller_id: Mapped[str] = mapped_column(String(256))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    evidence: Mapped[list[str]] = mapped_column(JsonType, default=list)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class OperatorEventRow(Base):
    """History of an operator: created, a seller joined, another operator merged in."""

    __tablename__ = "operator_events"
    __table_args__ = (Index("ix_operator_events_op", "operator_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    operator_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    seller: Mapped[str] = mapped_column(String(300), default="")
    other: Mapped[str] = mapped_column(String(32), default="")
    score: Mapped[float] = mapped_column(Float, default=0.0)
    evidence: Mapped[list[str]] = mapped_column(JsonType, default=list)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SellerLinkRow(Base):
    """A scored pair: `seller` was linked to the earlier `other`."""

    __tablename__ = "seller_links"
    __table_args__ = (UniqueConstraint("seller", "other"), Index("ix_seller_links_other", "other"))

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    seller: Mapped[str] = mapped_column(String(300))  # "platform/seller_id"
    other: Mapped[str] = mapped_column(String(300))
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list[Any]] = mapped_column(JsonType, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
