"""Discovery through the store: scanned weeks in, suggestions out (what `pantau terms suggest` runs)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from terms_store_helpers import scan_into
from typer.testing import CliRunner

from pantau.ingest.records import to_listing
from pantau.pipeline import BatchScorer
from pantau.store.tables.terms import TermSuggestionRow
from pantau.terms.service import reject, suggest
from pantau.terms.timeline import Timeline

detect = pytest.importorskip("pantau.detect")


@pytest.mark.slow
def test_scanned_timeline_suggests_the_coinage_the_week_it_appears(db, monkeypatch):  # type: ignore[no-untyped-def]
    tl = Timeline(seed=11, coinage="bagoran", benign_per_week=500, bale_per_week=60, operators=20, n_weeks=6)
    scorer = BatchScorer(detect.load_detector())  # text only: shop signals come from the store
    switch = None
    for week in tl.weeks():
        scan_into(db, [to_listing(li, source=week.label, line=i + 1) for i, li in enumerate(week.listings)], scorer)
        if week.index == tl.switch_week:
            switch = week
            break
    assert switch is not None and switch.coinage_listings >= 20
    with db.session() as s:
        report = suggest(s, top=5)  # the newest week in the store by default
    terms = [x.term for x in report.suggestions]
    assert report.week == switch.label and "bagoran" in terms, terms
    hit = report.suggestions[terms.index("bagoran")]
    assert hit.first_seen == switch.label and hit.trend[-1] == hit.count >= 20
    assert hit.examples and all(k.split("/")[1].startswith("op") for k in hit.examples)
    with db.session() as s:
        rows = s.scalars(select(TermSuggestionRow).where(TermSuggestionRow.week == switch.label)).all()
        assert {r.term for r in rows} == set(terms) and all(r.status == "open" for r in rows)

    # the command line gives the contract's JSON; a rejected term is not suggested again
    monkeypatch.setenv("PANTAU_DATABASE_URL", db.url)
    from pantau.cli.main import app

    result = CliRunner().invoke(app, ["terms", "suggest", "--top", "5", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert isinstance(out, list) and out[0].keys() >= {"term", "score", "examples", "count", "first_seen", "trend"}
    assert "bagoran" in [x["term"] for x in out]
    with db.session() as s:
        reject(s, "bagoran", by="ana")
        again = [x.term for x in suggest(s, top=20).suggestions]
    assert "bagoran" not in again


def test_an_empty_store_suggests_nothing_and_a_bad_week_is_an_input_error(db):  # type: ignore[no-untyped-def]
    from pantau.errors import InputError

    with db.session() as s:
        assert suggest(s).suggestions == []
        with pytest.raises(InputError):
            suggest(s, week="2025-13")


def test_window_weights_come_from_verdicts_decisions_and_shops(db):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from terms_store_helpers import listing

    from pantau.domain import Detection, ScanResult, SellerLink, Verdict
    from pantau.store import listings as repo
    from pantau.terms.decisions import Decision, record_decisions
    from pantau.terms.source import window_docs

    at = datetime(2025, 2, 11, 9, tzinfo=UTC)  # 2025-W07
    lis = [
        listing("shopee", "flagged", "a", "s1", at),
        listing("shopee", "review", "b", "s2", at),
        listing("shopee", "cleared", "c", "s1", at),  # flagged shop, but an analyst said benign
        listing("shopee", "confirmed", "d", "s3", at),
        listing("shopee", "linked", "e", "s4", at),
        listing("shopee", "offender", "f", "s5", at - timedelta(days=7), taken_down_at=at - timedelta(days=6)),
        listing("shopee", "comeback", "g", "s5", at),
        listing("shopee", "plain", "h", "s6", at),
    ]
    verdicts = {"flagged": Verdict.VIOLATING, "review": Verdict.REVIEW, "offender": Verdict.VIOLATING}
    link = SellerLink("shopee", "s5", 0.95, ["same phone"], known_offender=True)
    with db.session() as s:
        repo.save_batch(s, lis, [ScanResult(li.platform, li.listing_id, li.seller.id,
                                            Detection(verdicts.get(li.listing_id, Verdict.BENIGN), 0.5),
                                            seller_links=[link] if li.listing_id == "linked" else [])
                                 for li in lis])
        record_decisions(s, [Decision("shopee", "cleared", "benign"), Decision("shopee", "confirmed", "violating")],
                         analyst="ana")
    with db.session() as s:
        docs = {d.key.split("/")[1]: d for d in window_docs(s, "2025-W07")}
    assert set(docs) == {"flagged", "review", "cleared", "confirmed", "linked", "comeback", "plain"}
    assert docs["flagged"].flag == 1.0 and docs["review"].flag == 0.5
    assert docs["cleared"].weight == 0.0  # the analyst's word beats the shop's history
    assert docs["confirmed"].flag == 1.0
    assert docs["linked"].shop >= 0.8  # its scan linked it to a taken-down seller
    assert docs["comeback"].shop >= 0.9  # the shop was taken down the week before
    assert docs["plain"].weight == 0.0


def test_shops_of_an_operator_with_a_taken_down_member_are_suspect(db):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from terms_store_helpers import listing

    tables = pytest.importorskip("pantau.store.tables.sellers")
    from pantau.domain import Detection, ScanResult, Verdict
    from pantau.store import listings as repo
    from pantau.store.tables.listings import SellerRow
    from pantau.terms.signals import OPERATOR_SHOP, Scope, operator_of_offenders

    at = datetime(2025, 2, 11, 9, tzinfo=UTC)
    lis = [listing("shopee", "old", "a", "gone", at - timedelta(days=9), taken_down_at=at - timedelta(days=8)),
           listing("tokopedia", "new", "b", "reborn", at), listing("lazada", "other", "c", "stranger", at)]
    with db.session() as s:
        repo.save_batch(s, lis, [ScanResult(li.platform, li.listing_id, li.seller.id, Detection(Verdict.BENIGN, 0.1))
                                 for li in lis])
        s.add_all([tables.OperatorRow(id="OP-000001", seq=1), tables.OperatorRow(id="OP-000002", seq=2,
                                                                                merged_into="OP-000001"),
                   tables.OperatorMemberRow(operator_id="OP-000001", platform="shopee", seller_id="gone"),
                   tables.OperatorMemberRow(operator_id="OP-000002", platform="tokopedia", seller_id="reborn")])
    with db.session() as s:
        pks = dict(s.execute(select(SellerRow.seller_id, SellerRow.id)).all())
        got = operator_of_offenders(s, Scope(frozenset(pks.values()), frozenset(), at + timedelta(days=1)))
    assert got == {pks["gone"]: OPERATOR_SHOP, pks["reborn"]: OPERATOR_SHOP}  # merged operators count as one


def test_default_week_skips_a_trickle_after_the_last_busy_week(db):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from terms_store_helpers import listing

    from pantau.domain import Detection, ScanResult, Verdict
    from pantau.store import listings as repo
    from pantau.terms.source import default_week, latest_week

    busy = datetime(2025, 2, 11, 9, tzinfo=UTC)  # 2025-W07
    lis = [listing("shopee", f"b{i}", "sepeda", f"s{i}", busy) for i in range(6)]
    lis.append(listing("shopee", "late", "sepeda", "s1", busy + timedelta(weeks=3)))
    with db.session() as s:
        repo.save_batch(s, lis, [ScanResult(li.platform, li.listing_id, li.seller.id, Detection(Verdict.BENIGN, 0.1))
                                 for li in lis])
    with db.session() as s:
        assert latest_week(s) == "2025-W10"
        assert default_week(s, min_listings=5) == "2025-W07"
        assert default_week(s, min_listings=1) == "2025-W10"
        assert default_week(s, min_listings=50) == "2025-W07"  # none big enough: the busiest
