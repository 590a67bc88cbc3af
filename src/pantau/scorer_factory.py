"""Assemble the batch scorer from the capabilities, in one place for every engine and adapter.

The detector is required. With a database, the policy pack includes the code words analysts
accepted, and photo matching and seller linkage start from what the store knows, so a scan links
to offenders and photos seen before.
"""

from __future__ import annotations

from typing import Any

from pantau.pipeline import BatchScorer, PhotoMatcher, SellerLinker
from pantau.store.db import Database


def build_detector(pack: Any = None) -> Any:
    from pantau.detect import load_detector

    return load_detector(pack=pack)


def build_photos(db: Database | None) -> PhotoMatcher | None:
    try:
        from pantau.photos import matcher_for
    except ImportError:
        return None
    return matcher_for(db)


def build_sellers(db: Database | None) -> SellerLinker | None:
    try:
        from pantau.sellers import linker_for
    except ImportError:
        return None
    return linker_for(db)


def active_pack(db: Database) -> Any:
    """The bundled policy pack plus the code words analysts accepted (terms capability)."""
    from pantau.terms import active_pack as terms_active_pack

    with db.session() as s:
        return terms_active_pack(s)


def build_scorer(db: Database | None = None, *, pack: Any = None, photos: bool = True,
                 sellers: bool = True) -> BatchScorer:
    """photos=False or sellers=False leave that capability out (text-only runs)."""
    if pack is None and db is not None:
        pack = active_pack(db)
    return BatchScorer(build_detector(pack), photos=build_photos(db) if photos else None,
                       sellers=build_sellers(db) if sellers else None)
