"""The local engine: order, errors, store consistency, re-scans without loss or duplicates."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pantau.domain import Detection, Listing, Reason, Verdict
from pantau.errors import InputError
from pantau.local_scan import scan_files
from pantau.pipeline import BatchScorer
from pantau.store import listings as repo
from pantau.store.db import Database
from pantau.store.tables.listings import ListingRow, ObservationRow, ScanResultRow, ScanRunRow, SellerRow


class WordDetector:
    """Test double: flags listings whose title contains 'karung'. Real detection is tested in tests/detect."""

    policy_version = "test-1"
    model_hash = "none"

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on = fail_on

    def detect(self, listings: Sequence[Listing]) -> list[Detection]:
        out = []
        for li in listings:
            if self.fail_on and self.fail_on in li.title:
                raise KeyboardInterrupt
            hit = "karung" in li.title.lower()
            out.append(Detection(Verdict.VIOLATING if hit else Verdict.BENIGN, 0.9 if hit else 0.1,
                                 [Reason("term", 'term "karung"')] if hit else [], self.policy_version,
                                 self.model_hash))
        return out


def row(i: int, title: str = "Kaos polos", **over: object) -> dict:
    r = {"platform": "shopee", "listing_id": str(i), "title": f"{title} {i}", "seller": {"id": f"s{i % 7}"},
         "observed_at": "2024-03-01T10:00:00+07:00"}
    r.update(over)
    return r


def write(path: Path, rows: list[object]) -> Path:
    with path.open("wb") as f:
        for r in rows:
            f.write((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n")
    return path


def scan(db: Database | None, paths: list[Path], detector: WordDetector | None = None, batch_size: int = 4):
    buf = BytesIO()
    summary = scan_files(paths, BatchScorer(detector or WordDetector()), db=db, out=buf, batch_size=batch_size)
    return summary, [json.loads(line) for line in buf.getvalue().splitlines()]


def test_one_result_per_line_in_order_with_errors_in_place(tmp_path: Path) -> None:
    rows: list[object] = [row(i, "Karung baju" if i % 3 == 0 else "Kaos") for i in range(10)]
    rows.insert(4, b"{broken")
    summary, out = scan(None, [write(tmp_path / "a.jsonl", rows)])
    assert len(out) == 11
    assert out[4] == {"line": 5, "error": out[4]["error"], "file": str(tmp_path / "a.jsonl")}
    ids = [o["listing_id"] for o in out if "listing_id" in o]
    assert ids == [str(i) for i in range(10)]
    assert (summary.scanned, summary.errors, summary.violating) == (10, 1, 4)
    wanted = {"score", "verdict", "reasons", "seller_links", "image_matches"}
    assert all(set(o) >= wanted for o in out if "verdict" in o)


def test_unknown_format_refused_before_anything_is_scanned(tmp_path: Path) -> None:
    good = write(tmp_path / "a.jsonl", [row(1)])
    with pytest.raises(InputError, match="unknown file format"):
        scan(None, [good, tmp_path / "b.txt"])


def test_rescan_neither_loses_nor_duplicates(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", [row(i) for i in range(10)])
    scan(db, [path])
    scan(db, [path])
    with db.session() as s:
        c = repo.counts(s)
    assert c == {"listings": 10, "sellers": 7, "observations": 10, "scan_results": 10}


def test_listing_seen_again_keeps_history(db: Database, tmp_path: Path) -> None:
    scan(db, [write(tmp_path / "a.jsonl", [row(1)])])
    changed = row(1, "Karung baju", observed_at="2024-03-08T10:00:00+08:00")
    scan(db, [write(tmp_path / "b.jsonl", [changed])])
    with db.session() as s:
        history = repo.listing_history(s, "shopee", "1")
        listing = s.scalars(select(ListingRow)).one()
    assert [h.raw["title"] for h in history] == ["Kaos polos 1", "Karung baju 1"]
    assert history[0].seen_at == datetime(2024, 3, 1, 3, 0, tzinfo=UTC)  # stored in UTC on every backend
    assert listing.title == "Karung baju 1" and listing.verdict == "violating"
    assert listing.last_seen == datetime(2024, 3, 8, 2, 0, tzinfo=UTC)


def test_taken_down_marks_the_seller(db: Database, tmp_path: Path) -> None:
    scan(db, [write(tmp_path / "a.jsonl", [row(1, taken_down_at="2024-04-01T00:00:00+07:00"), row(8)])])
    with db.session() as s:
        taken = {r.seller_id: r.taken_down_at for r in s.scalars(select(SellerRow))}
    assert taken["s1"] is not None and taken["s1"].tzinfo is not None


def test_interrupt_leaves_whole_batches_and_a_rescan_completes(db: Database, tmp_path: Path) -> None:
    rows = [row(i) for i in range(12)]
    rows[9] = row(9, "boom")
    path = write(tmp_path / "a.jsonl", rows)
    summary, out = scan(db, [path], WordDetector(fail_on="boom"), batch_size=4)
    assert summary.interrupted and summary.scanned == 8 and len(out) == 8
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ListingRow)) == 8
        assert s.scalars(select(ScanRunRow.status)).one() == "interrupted"
    summary, out = scan(db, [path])
    assert summary.scanned == 12 and not summary.interrupted
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ListingRow)) == 12
        assert s.scalar(select(func.count()).select_from(ScanResultRow)) == 12
        assert s.scalar(select(func.count()).select_from(ObservationRow)) == 12


def test_duplicate_keys_in_one_batch_store_the_last(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", [row(1), row(1, "Karung baju", observed_at="2024-03-02T10:00:00+07:00")])
    _, out = scan(db, [path])
    assert len(out) == 2
    with db.session() as s:
        assert s.scalars(select(ListingRow.title)).one() == "Karung baju 1"
        assert s.scalar(select(func.count()).select_from(ObservationRow)) == 2  # both sightings kept


class FragileDetector(WordDetector):
    def detect(self, listings: Sequence[Listing]) -> list[Detection]:
        if any("crash" in li.title for li in listings):
            raise RuntimeError("detector bug")
        return super().detect(listings)


def test_a_listing_that_breaks_the_scorer_costs_only_its_own_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", [row(1), row(2, "crash"), row(3, "Karung baju")])
    summary, out = scan(None, [path], FragileDetector(), batch_size=10)
    assert [o.get("verdict") for o in out] == ["benign", None, "violating"]
    assert out[1]["line"] == 2 and "RuntimeError: detector bug" in out[1]["error"]
    assert (summary.scanned, summary.errors) == (2, 1)
