"""Listings, their sellers, every observation of a listing, and the scan results about them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pantau.store.base import Base, JsonType, utcnow


class SellerRow(Base):
    __tablename__ = "sellers"
    __table_args__ = (UniqueConstraint("platform", "seller_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    seller_id: Mapped[str] = mapped_column(String(256))
    name: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    joined: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    # set when any of its listings was taken down by enforcement
    taken_down_at: Mapped[datetime | None]


class ListingRow(Base):
    __tablename__ = "listings"
    # the review queue reads flagged listings best first
    __table_args__ = (UniqueConstraint("platform", "listing_id"),
                      Index("ix_listings_verdict_score", "verdict", "score"))

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    listing_id: Mapped[str] = mapped_column(String(512))
    seller_pk: Mapped[int] = mapped_column(ForeignKey("sellers.id"), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    price: Mapped[float | None] = mapped_column(Float)
    category: Mapped[str | None] = mapped_column(Text)
    images: Mapped[list[str]] = mapped_column(JsonType, default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    taken_down_at: Mapped[datetime | None]
    # latest verdict, denormalised for the review queue
    verdict: Mapped[str | None] = mapped_column(String(16), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    observed_at: Mapped[datetime | None]


class ObservationRow(Base):
    """Each time a listing is seen. Re-seeing the same content only bumps the listing's counters;
    a changed content hash adds a row here, so the history of edits is kept."""

    __tablename__ = "observations"
    # the same sighting (same time, same content) is stored once, however often a file is re-scanned
    __table_args__ = (UniqueConstraint("listing_pk", "seen_at", "content_hash"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    listing_pk: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"))
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64))
    raw: Mapped[dict[str, Any]] = mapped_column(JsonType)
    source: Mapped[str] = mapped_column(Text, default="")


class ScanResultRow(Base):
    __tablename__ = "scan_results"
    # one result per content and detector version: a re-scan replaces it, a new model adds one
    __table_args__ = (UniqueConstraint("listing_pk", "content_hash", "policy_version", "model_hash"),
                      Index("ix_scan_results_created", "created_at"))

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    listing_pk: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"))
    scan_run_id: Mapped[int | None] = mapped_column(ForeignKey("scan_runs.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    seller_links: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    image_matches: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    policy_version: Mapped[str] = mapped_column(String(64))
    model_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScanRunRow(Base):
    __tablename__ = "scan_runs"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    files: Mapped[list[str]] = mapped_column(JsonType, default=list)
    scanned: Mapped[int] = mapped_column(Integer, default=0)
    violating: Mapped[int] = mapped_column(Integer, default=0)
    review: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    policy_version: Mapped[str] = mapped_column(String(64), default="")
    model_hash: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="running")
