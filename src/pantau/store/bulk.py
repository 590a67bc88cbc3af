"""Bulk loading of scan results on PostgreSQL: COPY into a staging table, then set-based upserts.

The row-by-row repository (`pantau.store.listings.save_batch`) sends every row through an
executemany; at national scale that is days. Here a chunk of rows (tens of thousands) is streamed
with COPY (psycopg 3's `cursor.copy`, which does the text format's escaping of tabs, newlines and
backslashes) into a temporary table, and one INSERT ... SELECT ... ON CONFLICT per table applies it:
sellers, listings, observations, scan results. The SQL follows save_batch's rules exactly (see
the module docstring of pantau.store.listings), which do not depend on where batches are cut, so
a bulk load leaves the store a local scan leaves. Loading the same rows twice changes nothing.

SQLite has no COPY: callers use save_batch with large transactions there (pantau.scale.results).

NUL characters: PostgreSQL cannot store U+0000 in text or jsonb. `strip_nul` replaces each with
U+FFFD; the content hash stays that of the original text, and the caller is told which rows
were changed so it can report them (never silently).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.orm import Session

NUL, REPLACEMENT = "\x00", "\ufffd"

# What a staging row holds, in order; JSON columns are Python objects (lists/dicts).
STAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("seq", "bigint"), ("platform", "text"), ("listing_id", "text"),
    ("seller_id", "text"), ("seller_name", "text"), ("seller_url", "text"), ("seller_location", "text"),
    ("seller_joined", "text"), ("seller_description", "text"),
    ("url", "text"), ("title", "text"), ("description", "text"), ("price", "double precision"),
    ("category", "text"), ("images", "jsonb"), ("content_hash", "text"),
    ("seen", "timestamptz"), ("observed_at", "timestamptz"), ("taken_down_at", "timestamptz"),
    ("raw", "jsonb"), ("source", "text"),
    ("verdict", "text"), ("score", "double precision"), ("reasons", "jsonb"), ("seller_links", "jsonb"),
    ("image_matches", "jsonb"), ("policy_version", "text"), ("model_hash", "text"),
)
_JSON = frozenset(i for i, (_, t) in enumerate(STAGE_COLUMNS) if t == "jsonb")
_TEXT = frozenset(i for i, (_, t) in enumerate(STAGE_COLUMNS) if t == "text")


def strip_nul(value: Any) -> tuple[Any, bool]:
    """`value` with every NUL in its strings (nested in lists and dicts, keys too) replaced by
    U+FFFD, and whether anything was replaced. Other values come back as they are."""
    if isinstance(value, str):
        return (value.replace(NUL, REPLACEMENT), True) if NUL in value else (value, False)
    if isinstance(value, dict):
        changed = False
        out: dict[Any, Any] = {}
        for k, v in value.items():
            k2, c1 = strip_nul(k)
            v2, c2 = strip_nul(v)
            out[k2] = v2
            changed = changed or c1 or c2
        return (out, True) if changed else (value, False)
    if isinstance(value, (list, tuple)):
        items = [strip_nul(v) for v in value]
        if any(c for _, c in items):
            return [v for v, _ in items], True
        return value, False
    return value, False


def _dumps(value: Any) -> str:
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # integers beyond 64 bits, odd types in a listing's extra fields
        return json.dumps(value, ensure_ascii=False, default=str)


def copy_rows(rows: Sequence[Sequence[Any]]) -> tuple[list[tuple[Any, ...]], list[int]]:
    """Staging rows made storable: JSON columns serialised, NUL replaced. Returns the rows and the
    positions (in `rows`) of those that had a NUL, for the caller to report."""
    out: list[tuple[Any, ...]] = []
    flagged: list[int] = []
    for n, row in enumerate(rows):
        values = list(row)
        changed = False
        for i in _TEXT:
            v = values[i]
            if v is not None and NUL in v:
                values[i], changed = v.replace(NUL, REPLACEMENT), True
        for i in _JSON:
            s = _dumps(values[i])
            if "\\u0000" in s:  # JSON writes NUL as \u0000; may also be a seller's literal "\u0000"
                clean, c = strip_nul(values[i])
                if c:
                    s, changed = _dumps(clean), True
            values[i] = s
        if changed:
            flagged.append(n)
        out.append(tuple(values))
    return out, flagged


_CREATE = ("CREATE TEMPORARY TABLE pantau_bulk_stage ("
           + ", ".join(f"{c} {t}" for c, t in STAGE_COLUMNS) + ") ON COMMIT DROP")
_COPY = "COPY pantau_bulk_stage (" + ", ".join(c for c, _ in STAGE_COLUMNS) + ") FROM STDIN"

# First non-null in input order: array_agg(... ORDER BY seq) FILTER (WHERE ... IS NOT NULL)[1].
_SELLERS = """
WITH agg AS (
    SELECT platform, seller_id, min(seen) AS first_seen, max(seen) AS last_seen, max(seq) AS last_seq,
           (array_agg(taken_down_at ORDER BY seq) FILTER (WHERE taken_down_at IS NOT NULL))[1] AS taken_down_at
    FROM pantau_bulk_stage GROUP BY platform, seller_id)
INSERT INTO sellers AS t (platform, seller_id, name, url, location, joined, description,
                          first_seen, last_seen, taken_down_at)
SELECT a.platform, a.seller_id, s.seller_name, s.seller_url, s.seller_location, s.seller_joined,
       s.seller_description, a.first_seen, a.last_seen, a.taken_down_at
FROM agg a JOIN pantau_bulk_stage s ON s.seq = a.last_seq
ORDER BY a.last_seq
ON CONFLICT (platform, seller_id) DO UPDATE SET
    name = excluded.name, url = excluded.url, location = excluded.location, joined = excluded.joined,
    description = excluded.description,
    last_seen = CASE WHEN excluded.last_seen > t.last_seen THEN excluded.last_seen ELSE t.last_seen END,
    first_seen = CASE WHEN excluded.first_seen < t.first_seen THEN excluded.first_seen ELSE t.first_seen END,
    taken_down_at = COALESCE(t.taken_down_at, excluded.taken_down_at)
"""

# Sightings, decided before the listings are updated: a row is a sighting when it has a time or
# its content differs from the one before it (earlier in the chunk, else in the store).
_SIGHTINGS = """
CREATE TEMPORARY TABLE pantau_bulk_sightings ON COMMIT DROP AS
SELECT s.seq, s.platform, s.listing_id, s.seen, s.content_hash, s.raw, s.source
FROM (SELECT seq, platform, listing_id, seen, observed_at, content_hash, raw, source,
             lag(content_hash) OVER (PARTITION BY platform, listing_id ORDER BY seq) AS before
      FROM pantau_bulk_stage) s
LEFT JOIN listings l ON l.platform = s.platform AND l.listing_id = s.listing_id
WHERE s.observed_at IS NOT NULL OR COALESCE(s.before, l.content_hash) IS DISTINCT FROM s.content_hash
"""

_LISTINGS = """
WITH agg AS (
    SELECT platform, listing_id, min(seen) AS first_seen, max(seen) AS last_seen, max(observed_at) AS observed_at,
           max(seq) AS last_seq,
           (array_agg(taken_down_at ORDER BY seq) FILTER (WHERE taken_down_at IS NOT NULL))[1] AS taken_down_at
    FROM pantau_bulk_stage GROUP BY platform, listing_id)
INSERT INTO listings AS t (platform, listing_id, seller_pk, url, title, description, price, category, images,
                           content_hash, first_seen, last_seen, observed_at, taken_down_at, verdict, score)
SELECT a.platform, a.listing_id, se.id, s.url, s.title, s.description, s.price, s.category, s.images,
       s.content_hash, a.first_seen, a.last_seen, a.observed_at, a.taken_down_at, s.verdict, s.score
FROM agg a JOIN pantau_bulk_stage s ON s.seq = a.last_seq
JOIN sellers se ON se.platform = s.platform AND se.seller_id = s.seller_id
ORDER BY a.last_seq
ON CONFLICT (platform, listing_id) DO UPDATE SET
    seller_pk = excluded.seller_pk, url = excluded.url, title = excluded.title,
    description = excluded.description, price = excluded.price, category = excluded.category,
    images = excluded.images, content_hash = excluded.content_hash,
    first_seen = CASE WHEN excluded.first_seen < t.first_seen THEN excluded.first_seen ELSE t.first_seen END,
    last_seen = CASE WHEN excluded.last_seen > t.last_seen THEN excluded.last_seen ELSE t.last_seen END,
    observed_at = CASE WHEN t.observed_at IS NULL THEN excluded.observed_at
                       WHEN excluded.observed_at > t.observed_at THEN excluded.observed_at
                       ELSE t.observed_at END,
    taken_down_at = COALESCE(t.taken_down_at, excluded.taken_down_at),
    verdict = excluded.verdict, score = excluded.score
"""

_OBSERVATIONS = """
INSERT INTO observations (listing_pk, seen_at, content_hash, raw, source)
SELECT DISTINCT ON (l.id, o.seen, o.content_hash) l.id, o.seen, o.content_hash, o.raw, o.source
FROM pantau_bulk_sightings o JOIN listings l ON l.platform = o.platform AND l.listing_id = o.listing_id
ORDER BY l.id, o.seen, o.content_hash, o.seq
ON CONFLICT (listing_pk, seen_at, content_hash) DO NOTHING
"""

_RESULTS = """
INSERT INTO scan_results AS t (listing_pk, scan_run_id, content_hash, verdict, score, reasons, seller_links,
                               image_matches, policy_version, model_hash, created_at)
SELECT DISTINCT ON (l.id, s.content_hash, s.policy_version, s.model_hash)
       l.id, CAST(:run_id AS bigint), s.content_hash, s.verdict, s.score, s.reasons, s.seller_links, s.image_matches,
       s.policy_version, s.model_hash, CAST(:now AS timestamptz)
FROM pantau_bulk_stage s JOIN listings l ON l.platform = s.platform AND l.listing_id = s.listing_id
ORDER BY l.id, s.content_hash, s.policy_version, s.model_hash, s.seq DESC
ON CONFLICT (listing_pk, content_hash, policy_version, model_hash) DO UPDATE SET
    scan_run_id = excluded.scan_run_id, verdict = excluded.verdict, score = excluded.score,
    reasons = excluded.reasons, seller_links = excluded.seller_links, image_matches = excluded.image_matches,
    created_at = excluded.created_at
WHERE (t.verdict, t.score, t.reasons, t.seller_links, t.image_matches)
      IS DISTINCT FROM (excluded.verdict, excluded.score, excluded.reasons, excluded.seller_links,
                        excluded.image_matches)
"""


def copy_upsert(session: Session, rows: Sequence[Sequence[Any]], *, scan_run_id: int | None,
                now: datetime) -> list[int]:
    """Apply one chunk of staging rows (STAGE_COLUMNS order, `seq` increasing in input order) in
    the session's transaction. PostgreSQL only. Returns the positions of rows whose NULs were
    replaced (see strip_nul)."""
    if session.get_bind().dialect.name != "postgresql":
        raise ValueError("copy_upsert needs PostgreSQL; on SQLite use pantau.store.listings.save_batch")
    if not rows:
        return []
    values, flagged = copy_rows(rows)
    # the sorts and hashes below hold one chunk; the default 4 MB would spill them to disk
    session.execute(text("SET LOCAL work_mem = '256MB'"))
    session.execute(text(_CREATE))
    dbapi = session.connection().connection.driver_connection
    with dbapi.cursor() as cur, cur.copy(_COPY) as copy:  # type: ignore[union-attr]
        for v in values:
            copy.write_row(v)
    # a temporary table has no statistics until analysed; the joins below need those of their keys
    session.execute(text("ANALYZE pantau_bulk_stage (seq, platform, listing_id, seller_id)"))
    session.execute(text(_SELLERS))
    session.execute(text(_SIGHTINGS))
    session.execute(text(_LISTINGS))
    session.execute(text(_OBSERVATIONS))
    session.execute(text(_RESULTS), {"run_id": scan_run_id, "now": now})
    session.execute(text("DROP TABLE pantau_bulk_sightings"))
    session.execute(text("DROP TABLE pantau_bulk_stage"))
    return flagged
