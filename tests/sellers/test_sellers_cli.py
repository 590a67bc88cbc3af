"""`pantau sellers show`: the operator, its accounts, the evidence and the history; clear errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from pantau.cli.main import app
from pantau.config import Settings
from pantau.domain import Listing, Seller
from pantau.sellers import linker_for
from pantau.store.db import Database


def _listing(platform: str, sid: str, name: str, shop: str, day: int, taken: bool) -> Listing:
    at = datetime(2024, 5, day, tzinfo=UTC)
    return Listing(platform=platform, listing_id=f"{sid}-1", title="Jaket", seller=Seller(
        id=sid, name=name, location="Kota Bandung", description=shop, joined=f"2024-05-{day:02d}"),
        observed_at=at, taken_down_at=at if taken else None)


def test_show_prints_operator_accounts_evidence_and_history(pantau_home: Path) -> None:
    settings = Settings.from_env()
    settings.ensure_home()
    db = Database(settings.database_url)
    try:
        linker = linker_for(db)
        linker.link([
            _listing("shopee", "111", "Gudang Rizal", "WA 0812-2045-7731", 1, True),
            _listing("tiktokshop", "222", "Outer <b>RZL</b> [red]x[/red]", "wa: 0️⃣8️⃣1️⃣2️⃣ 2045 7731", 9, False),
        ], [])
        with db.session() as s:  # what a scan does after each batch (BatchScorer.persist)
            linker.persist(s)
    finally:
        db.dispose()
    runner = CliRunner()
    res = runner.invoke(app, ["sellers", "show", "tiktokshop/222", "--identifiers"], terminal_width=200)
    assert res.exit_code == 0, res.output
    assert "OP-000001" in res.output
    assert "shopee/111" in res.output and "Gudang Rizal" in res.output
    assert "same WhatsApp +6281220457731" in res.output
    assert "taken down" in res.output
    # a shop name is hostile text: Rich markup in it is printed, not interpreted
    assert "[red]x[/red]" in res.output


def test_show_errors(pantau_home: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(app, ["sellers", "show", "no-slash"])
    assert bad.exit_code == 2 and "PLATFORM/SELLER_ID" in bad.output
    missing = runner.invoke(app, ["sellers", "show", "shopee/404"])
    assert missing.exit_code == 1 and "no seller shopee/404" in missing.output
