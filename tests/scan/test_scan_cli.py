"""`pantau scan` as a user runs it: exit codes, messages with file and line, output file handling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_local_scan import WordDetector, row, write  # tests/scan is on sys.path (rootdir-relative)
from typer.testing import CliRunner

from pantau.cli.main import app
from pantau.pipeline import BatchScorer


@pytest.fixture(autouse=True)
def word_scorer(monkeypatch: pytest.MonkeyPatch, pantau_home: Path) -> None:
    # The CLI's own behaviour is under test here, not detection: score with the test double.
    monkeypatch.setattr("pantau.cli.scan.build_scorer", lambda db=None: BatchScorer(WordDetector()))


runner = CliRunner()


def test_scan_writes_results_and_a_summary(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", [row(1, "Karung baju"), b"nope", row(2)])
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["scan", str(src), "--output", str(out)])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x.get("verdict") for x in lines] == ["violating", None, "benign"]
    assert lines[1]["line"] == 2
    assert f"{src}:2: not valid JSON" in res.stderr
    assert "scanned 2, violating 1, review 0, errors 1" in res.stderr
    assert not (tmp_path / "out.jsonl.partial").exists()


def test_unknown_format_exits_2_and_says_where(tmp_path: Path) -> None:
    bad = tmp_path / "in.docx"
    bad.write_text("x")
    res = runner.invoke(app, ["scan", str(bad)])
    assert res.exit_code == 2
    assert str(bad) in res.stderr and "unknown file format" in res.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    res = runner.invoke(app, ["scan", str(tmp_path / "none.jsonl")])
    assert res.exit_code == 2 and "no such file" in res.stderr


def test_nothing_readable_exits_1(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", [b"{", b"[]"])
    res = runner.invoke(app, ["scan", str(src), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 1 and "no listing could be read" in res.stderr


def test_results_to_stdout_without_output(tmp_path: Path) -> None:
    src = write(tmp_path / "in.jsonl", [row(1)])
    res = runner.invoke(app, ["scan", str(src), "--no-store"])
    assert res.exit_code == 0
    assert json.loads(res.stdout.splitlines()[0])["listing_id"] == "1"
