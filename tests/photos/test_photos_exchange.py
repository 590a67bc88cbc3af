"""CSV exchange (ThreatExchange / HMA style), the bank tables, and `pantau bank`."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from pantau.cli.main import app
from pantau.photos.bank import BankEntry, PhotoBank
from pantau.photos.exchange import COLUMNS, export_csv, import_csv, read_csv, write_csv
from pantau.photos.matcher import PhotoRecord
from pantau.photos.repository import (
    bank_counts,
    bank_listing,
    iter_entries,
    load_bank,
    save_entries,
    save_records,
)
from pantau.store.db import Database

WHEN = datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC)


def hexes(n: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 256, 32, dtype=np.uint8).tobytes().hex() for _ in range(n)]


def sample_entries() -> list[BankEntry]:
    h = hexes(4)
    return [
        BankEntry(h[0], "shopee", "123", 0, True, 100, WHEN, "pantau"),
        BankEntry(h[1], "shopee", "123", 1, True, 77, WHEN, "pantau"),
        BankEntry(h[2], "tokopedia", 'odd,"id"\nline', 2, False, 64, WHEN, "analyst"),
        BankEntry(h[3], "instagram", "p/9", 0, False, 50, WHEN, "hma-export.csv"),
    ]


def test_csv_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    assert export_csv(sample_entries(), path) == 4
    assert path.read_text().splitlines()[0] == ",".join(COLUMNS)
    report = import_csv(path)
    assert report.errors == [] and report.entries == sample_entries()


def test_formula_cells_are_defused_on_export_and_restored_on_import(tmp_path: Path) -> None:
    h = hexes(1, 9)[0]
    entry = BankEntry(h, "shopee", "=HYPERLINK(\"http://x\")", 0, True, 90, WHEN, "@evil")
    path = tmp_path / "bank.csv"
    export_csv([entry], path)
    assert "'=HYPERLINK(" in path.read_text() and ",'@evil" in path.read_text()
    assert import_csv(path).entries == [entry]


def test_hma_style_minimal_file_and_bad_rows() -> None:
    h = hexes(3, 1)
    text = ("signal_type,signal_value,content_id\n"
            f"pdq,{h[0].upper()},bank-7\n"
            "pdq,nothex,bank-8\n"
            "video_md5,d41d8cd98f00b204e9800998ecf8427e,bank-9\n"
            f"pdq,{h[1]},\n")
    report = read_csv(io.StringIO(text), source="hma.csv")
    assert [(e.pdq, e.platform, e.listing_id, e.taken_down) for e in report.entries] == [
        (h[0], "other", "bank-7", True), (h[1], "other", "hma.csv:5", True)]
    assert report.skipped_other_types == 1
    assert report.errors == ["hma.csv:3: not a PDQ hash (64 hex digits): 'nothex'"]


def test_threatexchange_simple_lines_without_header() -> None:
    h = hexes(2, 2)
    report = read_csv(io.StringIO(f"pdq {h[0]}\n\n{h[1]}\n"), source="te.txt", taken_down=False)
    assert [(e.pdq, e.listing_id, e.taken_down) for e in report.entries] == [
        (h[0], "te.txt:1", False), (h[1], "te.txt:3", False)]


def test_low_quality_and_unknown_platform_rows_are_not_imported() -> None:
    h = hexes(2, 3)
    text = f"signal_value,platform,quality\n{h[0]},shopee,20\n{h[1]},myspace,90\n"
    report = read_csv(io.StringIO(text), source="q.csv")
    assert report.entries == [] and report.skipped_low_quality == 1
    assert report.errors == ["q.csv:3: unknown platform 'myspace'"]


def test_bank_tables_round_trip(db: Database) -> None:
    entries = sample_entries()
    with db.session() as s:
        assert save_entries(s, entries + entries[:1]) == 4
    with db.session() as s:
        # seen again, taken down: the entry is upgraded, not duplicated
        assert save_entries(s, [BankEntry(entries[2].pdq, "tokopedia", entries[2].listing_id, 2, True)]) == 1
        assert save_entries(s, entries) == 0
    with db.session() as s:
        loaded = list(iter_entries(s))
        assert [e.pdq for e in loaded] == [e.pdq for e in entries]
        assert loaded[2].taken_down and loaded[0].added_at == WHEN
        bank = load_bank(s)
        assert bank.search(np.frombuffer(bytes.fromhex(entries[3].pdq), np.uint8))[0].listing_id == "p/9"
        assert bank_counts(s)["entries"] == 4 and bank_counts(s)["taken_down"] == 3


def test_photo_records_and_banking_a_confirmed_listing(db: Database) -> None:
    h = hexes(3, 4)
    records = [PhotoRecord("lazada", "L1", 0, "a.jpg", h[0], 90, None),
               PhotoRecord("lazada", "L1", 1, "b.jpg", h[1], 10, "PDQ quality 10 below 50"),
               PhotoRecord("lazada", "L1", 2, "c.jpg", None, None, "file not found")]
    with db.session() as s:
        assert save_records(s, records) == 3
        save_records(s, [PhotoRecord("lazada", "L1", 0, "a2.jpg", h[2], 95, None)])  # re-scan replaces
    bank = PhotoBank()
    with db.session() as s:
        banked = bank_listing(s, bank, "lazada", "L1", taken_down=False)
        assert [(e.pdq, e.photo) for e in banked] == [(h[2], 0)]  # the low-quality photo is not banked
        assert bank_counts(s) == {"entries": 1, "taken_down": 0, "confirmed": 1, "listings": 1,
                                  "photos_seen": 3, "photos_hashed": 2}
    assert len(bank) == 1


def test_cli_import_export_stats(pantau_home: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    src = tmp_path / "in.csv"
    buf = io.StringIO()
    write_csv(sample_entries(), buf)
    src.write_text(buf.getvalue() + "pdq,zz,shopee,1,0,true,100,,x\n")
    r = runner.invoke(app, ["bank", "import", str(src)])
    # one bad row (line 7: the third entry spans two lines) is reported, the rest imported
    assert r.exit_code == 1, r.output
    assert "in.csv:7: not a PDQ hash" in r.output and "added or updated 4" in r.output
    r = runner.invoke(app, ["bank", "stats", "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["entries"] == 4
    out = tmp_path / "out.csv"
    r = runner.invoke(app, ["bank", "export", str(out), "--taken-down-only"])
    assert r.exit_code == 0, r.output
    assert [e.listing_id for e in import_csv(out).entries] == ["123", "123"]
    r = runner.invoke(app, ["bank", "import", str(tmp_path / "missing.csv")])
    assert r.exit_code == 2
