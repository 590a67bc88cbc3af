"""`pantau policy show` prints the pack; bad input exits 2 with a message that says where."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pantau.cli.main import app
from pantau.detect.policy import PolicyPack

runner = CliRunner()


def test_show_tables() -> None:
    result = runner.invoke(app, ["policy", "show"])
    assert result.exit_code == 0, result.output
    pack = PolicyPack.load()
    assert pack.version in result.output
    for title in ("Terms", "Contexts that cancel terms", "Legal basis"):
        assert title in result.output
    assert "karungan" in result.output


def test_show_json_on_a_date() -> None:
    result = runner.invoke(app, ["policy", "show", "--json", "--on", "2026-03-01"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["content_hash"] == PolicyPack.load().content_hash
    on = data["legal_basis_on"]["instruments"]
    assert "permendag-47-2025" in on and "permendag-18-2021" not in on


def test_bad_date_and_bad_pack_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["policy", "show", "--on", "31-12-2024"])
    assert result.exit_code == 2
    bad = tmp_path / "pack.json"
    bad.write_text(json.dumps({"pack": {"name": "x"}}), encoding="utf-8")
    result = runner.invoke(app, ["policy", "show", "--pack", str(bad)])
    assert result.exit_code == 2
    assert "pack.json: pack.version" in result.output
