"""`pantau review import`: good lines recorded, bad lines reported by number, unknown listings named."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from terms_store_helpers import listing
from typer.testing import CliRunner

from pantau.domain import Detection, ScanResult, Verdict
from pantau.store import listings as repo
from pantau.store.tables.terms import DecisionRow
from pantau.terms.decisions import parse_decisions
from pantau.terms.service import import_decisions

AT = datetime(2025, 2, 10, 9, tzinfo=UTC)

LINES = [
    json.dumps({"platform": "shopee", "listing_id": "1", "decision": "violating", "note": "bale code"}),
    json.dumps({"platform": "shopee", "listing_id": "2", "decision": "benign"}),
    "{not json",
    json.dumps({"platform": "shopee", "listing_id": "3"}),
    "",
    json.dumps({"platform": "shopee", "listing_id": "4", "decision": "maybe"}),
    json.dumps({"platform": "tokopedia", "listing_id": 77, "decision": "Violating"}),
    json.dumps(["platform", "shopee"]),
    json.dumps({"platform": "shopee", "listing_id": "5", "decision": "benign", "note": 3}),
]


def write(tmp_path: Path, lines: list[str]) -> Path:
    p = tmp_path / "decisions.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_parse_keeps_good_lines_and_numbers_bad_ones():
    good, bad = parse_decisions(line.encode() for line in LINES)
    assert [(d.key, d.decision, d.line) for d in good] == [
        ("shopee/1", "violating", 1), ("shopee/2", "benign", 2), ("tokopedia/77", "violating", 7)]
    assert [e.line for e in bad] == [3, 4, 6, 8, 9]
    assert "decision" in bad[1].message and "maybe" in bad[2].message and "note" in bad[4].message
    _, bad = parse_decisions([b'{"platform": "x", "listing_id": "1", "decision": "benign"}' + b" " * 70_000])
    assert bad and "limit" in bad[0].message
    _, bad = parse_decisions([b"\xff\xfe"])
    assert "UTF-8" in bad[0].message


def test_import_records_decisions_and_names_unknown_listings(db, tmp_path):  # type: ignore[no-untyped-def]
    known = [listing("shopee", "1", "karungan jaket", "s1", AT), listing("shopee", "2", "sepeda", "s2", AT)]
    with db.session() as s:
        repo.save_batch(s, known, [ScanResult(li.platform, li.listing_id, li.seller.id,
                                              Detection(Verdict.BENIGN, 0.1)) for li in known])
    path = write(tmp_path, LINES)
    with db.session() as s:
        report = import_decisions(s, path, analyst="ana")
    assert (report.imported, report.violating, report.benign) == (3, 2, 1)
    assert [d.key for d in report.unknown] == ["tokopedia/77"]
    assert [e.line for e in report.errors] == [3, 4, 6, 8, 9]
    with db.session() as s:
        rows = s.scalars(select(DecisionRow).order_by(DecisionRow.id)).all()
        assert [(r.platform, r.listing_id, r.decision, r.analyst) for r in rows] == [
            ("shopee", "1", "violating", "ana"), ("shopee", "2", "benign", "ana"),
            ("tokopedia", "77", "violating", "ana")]
        assert rows[0].listing_pk is not None and rows[2].listing_pk is None
        assert rows[0].note == "bale code" and rows[0].source.endswith("decisions.jsonl:1")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_cli_reports_bad_lines_with_numbers_and_exits_2(pantau_home, tmp_path, runner):  # type: ignore[no-untyped-def]
    from pantau.cli.main import app

    path = write(tmp_path, LINES)
    result = runner.invoke(app, ["review", "import", str(path), "--analyst", "ana"])
    assert result.exit_code == 2
    assert "imported 3 decisions" in result.stdout
    assert "unknown listing tokopedia/77" in result.stdout
    assert f"{path}:3: not valid JSON" in result.stderr
    assert f"{path}:6:" in result.stderr


def test_cli_clean_file_exits_0_and_a_missing_file_exits_2(pantau_home, tmp_path, runner):  # type: ignore[no-untyped-def]
    from pantau.cli.main import app

    path = write(tmp_path, LINES[:2])
    result = runner.invoke(app, ["review", "import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["imported"] == 2
    result = runner.invoke(app, ["review", "import", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2 and "no such file" in result.stderr
