"""The bulk loader of the results parts leaves the store exactly as the local engine leaves it.

Both backends: SQLite (save_batch in large transactions) and PostgreSQL (COPY into a staging table
and set-based upserts). The corpus is cut into small local batches, small shards and small load
chunks, with the same listing seen several times (new content, no time, takedowns), hostile text
(tabs, newlines, backslashes, COPY's \\N, NUL), so every rule of pantau.store.listings is crossed by
a batch boundary somewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import scale_standin
from sqlalchemy import select

from pantau.local_scan import scan_files
from pantau.scale.inprocess import scan_in_process
from pantau.scale.results import LoadReport, bulk_load
from pantau.store.db import Database
from pantau.store.tables.listings import ListingRow, ObservationRow, ScanResultRow, ScanRunRow, SellerRow
from pantau.synth import generate
from pantau.synth import write_jsonl as write_listings
from pg_scratch import scratch_database

HOSTILE = "tab\there, new\nline, cr\r, back\\slash, \\N, \\., 'q' \"dq\", emoji \U0001f600, literal \\u0000"


def _row(lid: str, seller: str | dict[str, str], title: str, **kw: Any) -> dict[str, Any]:
    who = seller if isinstance(seller, dict) else {"id": seller, "name": seller}
    return {"platform": "shopee", "listing_id": lid, "title": title, "seller": who, **kw}


def _tricky_rows() -> list[dict[str, Any]]:
    t = "2024-05-0{}T10:00:00+07:00"
    return [
        _row("dup", "s1", "bal korea", description="v1", observed_at=t.format(3)),
        _row("hostile", {"id": "s\t2", "name": "nama\\N\ttab", "description": "line1\nline2"}, HOSTILE,
             description=HOSTILE + " karungan bal",
             category="a\tb", images=["https://x/a\tb.jpg"], note={"nested": ["x\ty", "\\N"]},
             observed_at=t.format(1)),
        _row("nul", {"id": "s3", "name": "toko\x00nul"}, "bal\x00 korea", description="deskripsi\x00 thrift",
             observed_at=t.format(2)),
        _row("dup", "s1", "bal korea", description="v2 thrift", observed_at=t.format(1)),  # older, new content
        _row("untimed", "s4", "kemeja", description="no time"),
        _row("untimed", "s4", "kemeja", description="no time"),  # same content, no time: no new sighting
        _row("untimed", "s4", "kemeja bal", description="no time, changed"),
        _row("td", "s5", "karungan", observed_at=t.format(2)),
        _row("td", "s5", "karungan", observed_at=t.format(4), taken_down_at=t.format(5)),
        _row("td", "s5", "karungan", observed_at=t.format(6), taken_down_at=t.format(7)),  # first takedown stays
        _row("dup", "s1b", "bal korea", description="v3", observed_at=t.format(2)),  # moved to another seller
        _row("id\x00nul", "s\x00x", "karungan", observed_at=t.format(3)),  # NUL in the keys themselves
    ]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    d = tmp_path_factory.mktemp("load-corpus")
    gen = d / "gen.jsonl"
    write_listings(generate(400, seed=5), gen)
    tricky = d / "tricky.jsonl"
    rows = _tricky_rows()
    write_listings(rows[:6], tricky)
    tricky2 = d / "tricky2.jsonl"  # the rest after more generated listings, so the keys come back later
    write_listings([*generate(60, seed=6), *rows[6:], *rows[:1]], tricky2)
    return [tricky.resolve(), gen.resolve(), tricky2.resolve()]


@pytest.fixture
def two_dbs(db_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    """(local, bulk): two empty databases on the same backend."""
    if db_url.startswith("sqlite"):
        urls = [db_url, f"sqlite:///{tmp_path / 'bulk.db'}"]
        dbs = [Database(u) for u in urls]
        yield dbs[0], dbs[1]
        for x in dbs:
            x.dispose()
        return
    with scratch_database(request.getfixturevalue("pg_server")) as second:
        dbs = [Database(db_url), Database(second)]
        try:
            yield dbs[0], dbs[1]
        finally:
            for x in dbs:
                x.dispose()


def _state(db: Database, since: datetime) -> dict[str, list]:
    """Every stored column but surrogate ids (replaced by natural keys); a time taken from the clock
    during the test (a sighting without observed_at) reads 'NOW', as local batches and the bulk
    load take it at different instants."""

    def norm(v: Any) -> Any:
        if isinstance(v, datetime):
            return "NOW" if v >= since else v.astimezone(UTC)
        return v

    with db.session() as s:
        sellers = {r.id: (r.platform, r.seller_id) for r in s.scalars(select(SellerRow))}
        listings = {r.id: (r.platform, r.listing_id) for r in s.scalars(select(ListingRow))}
        out = {
            "sellers": [tuple(norm(getattr(r, c)) for c in ("platform", "seller_id", "name", "url", "location",
                                                          "joined", "description", "first_seen", "last_seen",
                                                          "taken_down_at"))
                        for r in s.scalars(select(SellerRow))],
            "listings": [(sellers[r.seller_pk], *(norm(getattr(r, c)) for c in (
                "platform", "listing_id", "url", "title", "description", "price", "category", "images",
                "content_hash", "first_seen", "last_seen", "taken_down_at", "verdict", "score", "observed_at")))
                for r in s.scalars(select(ListingRow))],
            "observations": [(listings[r.listing_pk], norm(r.seen_at), r.content_hash, r.raw, r.source)
                             for r in s.scalars(select(ObservationRow))],
            "results": [(listings[r.listing_pk], r.content_hash, r.verdict, r.score, r.reasons, r.seller_links,
                         r.image_matches, r.policy_version, r.model_hash)
                        for r in s.scalars(select(ScanResultRow))],
        }
    return {k: sorted(v, key=repr) for k, v in out.items()}


def _bulk(corpus: list[Path], parts_dir: Path, db: Database, **kw: Any) -> tuple[LoadReport, list[LoadReport]]:
    s = scan_in_process(corpus, parts_dir, scale_standin.standin_scorer(), batch_size=16, shard_bytes=9_000,
                        rows_per_shard=50)
    assert s.shards > 8
    seen: list[LoadReport] = []
    report = bulk_load(s.parts, db, files=[str(p) for p in corpus], batch_rows=37,
                       on_progress=lambda r: seen.append(LoadReport(**{f: getattr(r, f) for f in ("loaded", "rows")})),
                       **kw)
    return report, seen


@pytest.mark.slow
def test_bulk_load_equals_the_local_engine_and_loading_twice_changes_nothing(
        two_dbs: tuple[Database, Database], corpus: list[Path], tmp_path: Path) -> None:
    local_db, bulk_db = two_dbs
    since = datetime.now(UTC)
    scan_files(corpus, scale_standin.standin_scorer(), db=local_db, out=None, batch_size=7)
    report, progress = _bulk(corpus, tmp_path / "parts", bulk_db)
    local, bulk = _state(local_db, since), _state(bulk_db, since)
    for table in local:
        assert bulk[table] == local[table], table
    n = sum(1 for p in corpus for line in p.read_text().splitlines() if line.strip())
    assert report.rows == report.loaded == n and report.errors == 0
    assert len(progress) > 10 and progress[-1].loaded == n  # progress after every chunk
    assert [p.loaded for p in progress] == sorted(p.loaded for p in progress)

    # what the rules say, seen in the store (not only "both engines agree")
    listings = {x[2]: x for x in bulk["listings"]}
    assert listings["dup"][0] == ("shopee", "s1")  # the last sighting's seller (an earlier one moved it)
    assert listings["td"][12].isoformat().startswith("2024-05-05")  # the first takedown given stays
    assert len([o for o in bulk["observations"] if o[0] == ("shopee", "untimed")]) == 2
    assert len([r for r in bulk["results"] if r[0] == ("shopee", "dup")]) == 3  # one per content
    hostile = next(x for x in bulk["listings"] if x[2] == "hostile")
    assert hostile[4] == HOSTILE and hostile[7] == "a\tb" and hostile[8] == ["https://x/a\tb.jpg"]
    raw = next(o[3] for o in bulk["observations"] if o[0] == ("shopee", "hostile"))
    assert raw["note"] == {"nested": ["x\ty", "\\N"]} and raw["seller"]["name"] == "nama\\N\ttab"

    nul = next(x for x in bulk["listings"] if x[2] == "nul")
    if bulk_db.engine.dialect.name == "postgresql":  # cannot store NUL: replaced and reported
        assert nul[4] == "bal\ufffd korea" and nul[5] == "deskripsi\ufffd thrift"
        assert len(report.nul_replaced) == 2 and report.nul_replaced[0].endswith("tricky.jsonl:3 shopee/nul")
        assert report.nul_replaced[1].endswith(" shopee/id\\0nul")
        assert ("shopee", "id\ufffdnul") in {x[1:3] for x in bulk["listings"]}
    else:
        assert nul[4] == "bal\x00 korea" and report.nul_replaced == []
        assert ("shopee", "id\x00nul") in {x[1:3] for x in bulk["listings"]}

    again = bulk_load(report_parts(tmp_path / "parts"), bulk_db, batch_rows=1000)
    assert _state(bulk_db, since) == bulk, "loading the same parts twice changed the store"
    assert again.loaded == report.loaded
    with bulk_db.session() as s:
        runs = [r.status for r in s.scalars(select(ScanRunRow))]
        result_runs = {r.scan_run_id for r in s.scalars(select(ScanResultRow))}
    assert runs == ["done", "done"] and result_runs == {report.run_id}  # untouched results keep their run


def report_parts(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.glob("part-*.parquet"))


def test_only_hits_and_unreadable_lines_are_counted_not_stored(sqlite_db: Database, tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    write_listings([_row("a", "s", "bal korea karungan"), _row("b", "s", "meja")], src)
    src.write_bytes(src.read_bytes() + b"{broken\n")
    s = scan_in_process([src], tmp_path / "parts", scale_standin.standin_scorer())
    report = bulk_load(s.parts, sqlite_db, only_hits=True)
    assert (report.rows, report.loaded, report.errors, report.violating) == (3, 1, 1, 1)
    with sqlite_db.session() as ses:
        assert [r.listing_id for r in ses.scalars(select(ListingRow))] == ["a"]
        run = ses.get(ScanRunRow, report.run_id)
    assert run is not None and (run.scanned, run.errors, run.status) == (1, 1, "done")
