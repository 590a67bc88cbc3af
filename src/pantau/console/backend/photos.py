"""Listing photos for the review queue: found beside the file the listing was read from, decoded
with the photos capability's safe loader and re-encoded as a small PNG.

The console never serves a seller's bytes as they are (a polyglot file stays a file), never follows
a path out of the listing file's folder, and never fetches a URL (remote photos stay links).
"""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pantau.errors import NotFound, PantauError
from pantau.store.tables.listings import ListingRow, ObservationRow

THUMB_SIDE = 320


def photo_file(session: Session, listing_pk: int, idx: int) -> Path:
    """The local file of a listing's photo `idx`, or NotFound (remote, missing or outside its folder)."""
    listing = session.get(ListingRow, listing_pk)
    images = list(listing.images or []) if listing else []
    if listing is None or not 0 <= idx < len(images):
        raise NotFound("no such photo", where=f"listing {listing_pk} photo {idx}")
    name = str(images[idx])
    if "://" in name or name.startswith(("/", "\\")) or ":" in name[:3]:
        raise NotFound("remote or absolute photo paths are not served", where=f"listing {listing_pk}")
    sources = session.scalars(select(ObservationRow.source).where(ObservationRow.listing_pk == listing_pk)
                              .order_by(ObservationRow.id.desc()).limit(5))
    for source in sources:
        file = source.rsplit(":", 1)[0] if source else ""
        if not file:
            continue
        base = Path(file).resolve().parent
        path = (base / name).resolve()
        if path.is_relative_to(base) and path.is_file():
            return path
    raise NotFound("photo file not found beside its listing file", where=f"listing {listing_pk}")


def thumbnail_png(path: Path) -> bytes:
    """A PNG of at most THUMB_SIDE pixels, decoded through the safe loader's caps."""
    from PIL import Image

    from pantau.photos.load import LoadLimits, load_path

    try:
        rgb = load_path(path, LoadLimits(side=THUMB_SIDE), where=path.name)
    except PantauError as e:
        raise NotFound(f"photo cannot be shown ({e.message})", where=path.name) from None
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def listing_pks(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    if not keys:
        return {}
    from sqlalchemy import tuple_

    rows = session.execute(select(ListingRow.platform, ListingRow.listing_id, ListingRow.id)
                           .where(tuple_(ListingRow.platform, ListingRow.listing_id).in_(keys[:500]))).all()
    return {(p, lid): pk for p, lid, pk in rows}
