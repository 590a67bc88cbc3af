"""Photos of listings with their PDQ hashes, and the hash bank of taken-down or confirmed photos.

Listings are referred to by (platform, listing_id), not by a foreign key: bank entries also come
from other platforms' exchange files, for listings pantau never stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pantau.store.base import Base, utcnow


class PhotoRow(Base):
    """The latest hashing of each photo of each listing (re-scans overwrite it)."""

    __tablename__ = "photos"
    __table_args__ = (UniqueConstraint("platform", "listing_id", "idx"),
                      Index("ix_photos_pdq", "pdq"))

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    listing_id: Mapped[str] = mapped_column(String(512))
    idx: Mapped[int] = mapped_column(Integer)  # position in the listing's images, 0-based
    source: Mapped[str] = mapped_column(Text)  # path or URL as the listing gave it
    pdq: Mapped[str | None] = mapped_column(String(64))  # None when the photo could not be hashed
    pdq_crop: Mapped[str | None] = mapped_column(String(64))  # of the centre crop (see photos/pdq.py)
    quality: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    hashed_at: Mapped[datetime] = mapped_column(default=utcnow)


class PhotoBankRow(Base):
    """One banked hash (a photo has two: whole and centre crop). taken_down: its listing was
    removed by enforcement (a match is strong evidence); otherwise it was confirmed violating by
    an analyst, or imported as such."""

    __tablename__ = "photo_bank"
    __table_args__ = (UniqueConstraint("pdq", "platform", "listing_id", "photo"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    pdq: Mapped[str] = mapped_column(String(64))
    quality: Mapped[int] = mapped_column(Integer, default=100)
    platform: Mapped[str] = mapped_column(String(32))
    listing_id: Mapped[str] = mapped_column(String(512))
    photo: Mapped[int] = mapped_column(Integer, default=0)
    taken_down: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(256), default="pantau")
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
