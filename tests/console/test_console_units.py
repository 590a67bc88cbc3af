"""The console's pure parts: session signing, term highlighting, dashboard arithmetic, chart geometry,
safe redirects and the translation catalogs."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pantau.console import LOCALE_DIR, TEMPLATES_DIR
from pantau.console.charts import hbar_chart, line_chart, network, sparkline
from pantau.console.highlight import highlight, matched_terms
from pantau.console.i18n import translations
from pantau.console.metrics import dashboard, week_of
from pantau.console.records import NoticeView
from pantau.console.routes import _safe_next
from pantau.console.session import MAX_AGE, ConsoleSession, Signer, csrf_ok

# ---------------------------------------------------------------- sessions


def test_session_round_trips_and_refuses_tampering_and_age() -> None:
    signer = Signer(b"k" * 32)
    s = ConsoleSession(user={"id": 3, "n": "analis", "r": "regulator", "p": None}, lang="en")
    cookie = signer.dumps(s)
    back = signer.loads(cookie)
    assert back is not None and back.user == s.user and back.csrf == s.csrf and back.lang == "en"
    body, sig = cookie.split(".")
    # a payload promoted to another role, re-encoded without the key, is refused
    forged_body = body[:-2] + ("AA" if body[-2:] != "AA" else "BB")
    assert signer.loads(f"{forged_body}.{sig}") is None
    assert signer.loads(cookie + "x") is None
    assert Signer(b"other-key-000000").loads(cookie) is None
    assert signer.loads(cookie, now=s.issued + MAX_AGE + 1) is None
    assert signer.loads("") is None and signer.loads("a.b.c") is None and signer.loads("x" * 5000) is None


def test_csrf_check_needs_the_sessions_own_token() -> None:
    s = ConsoleSession()
    assert csrf_ok(s, s.csrf)
    assert not csrf_ok(s, ConsoleSession().csrf)
    assert not csrf_ok(s, None) and not csrf_ok(s, "") and not csrf_ok(None, s.csrf)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/console/", "/console\\..\\x",
                                    "javascript:alert(1)", "/api/v1/notices", "", "/console//evil"])
def test_next_after_login_stays_inside_the_console(target: str) -> None:
    assert _safe_next(target) == "/console/"


def test_next_after_login_keeps_a_console_path() -> None:
    assert _safe_next("/console/review?platform=shopee") == "/console/review?platform=shopee"


# ---------------------------------------------------------------- highlighting


def _reason(**detail: object) -> dict[str, object]:
    return {"kind": "term", "text": "term", "detail": detail}


def test_detect_style_reason_marks_the_written_form_with_its_reading() -> None:
    title = "Jual B4L k4rungan murah"
    segs = highlight(title, "title", [_reason(term="karungan", field="title", written="k4rungan")])
    assert "".join(s.text for s in segs) == title
    marked = [s for s in segs if s.mark]
    assert len(marked) == 1 and marked[0].text == "k4rungan"
    assert marked[0].mark.reading == "karungan" and marked[0].mark.disguised


def test_offsets_win_and_a_reason_for_another_field_is_ignored() -> None:
    text = "bal bal bal"
    segs = highlight(text, "description", [_reason(term="bal", field="description", start=4, end=7)])
    assert [s.text for s in segs] == ["bal ", "bal", " bal"]
    assert highlight(text, "title", [_reason(term="bal", field="description", written="bal")]) == \
        highlight(text, "title", [])


def test_overlapping_and_malformed_reasons_never_break_the_text() -> None:
    text = "ballpress ball"
    reasons = [_reason(term="ballpress", written="ballpress"), _reason(term="ball", written="ball"),
               _reason(start=-1, end=3), {"kind": "term", "detail": "not a dict"}, {"kind": "model"},
               _reason(term="x", start=50, end=60)]
    segs = highlight(text, "title", reasons)
    assert "".join(s.text for s in segs) == text
    assert [s.text for s in segs if s.mark] == ["ballpress", "ball"]


def test_matched_terms_reads_details_and_falls_back_to_the_reason_text() -> None:
    reasons = [_reason(term="Karungan"), {"kind": "term", "text": 'origin "korea" (imported)'},
               {"kind": "model", "text": 'model "x"'}]
    assert matched_terms(reasons) == ["karungan", "korea"]


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200), spans=st.lists(st.tuples(st.integers(-5, 220), st.integers(-5, 220),
                                                            st.text(max_size=8)), max_size=8))
def test_segments_always_rebuild_the_original_text(text: str, spans: list[tuple[int, int, str]]) -> None:
    reasons = [_reason(term="t", start=a, end=b) if i % 2 else _reason(term="t", written=w)
               for i, (a, b, w) in enumerate(spans)]
    segs = highlight(text, "title", reasons)
    assert "".join(s.text for s in segs) == text
    assert all(s.text for s in segs if s.mark)


# ---------------------------------------------------------------- dashboard arithmetic

NOW = datetime(2026, 3, 18, 12, tzinfo=UTC)  # a Wednesday


def _notice(i: int, platform: str, sent_days_ago: float, *, outcome: str | None = None,
            answer_after_h: float = 0, deadline_h: float = 24, reappeared: bool = False,
            seller: str = "") -> NoticeView:
    sent = NOW - timedelta(days=sent_days_ago)
    return NoticeView(str(i), platform, f"l{i}", outcome or "sent", sent, sent + timedelta(hours=deadline_h),
                      outcome=outcome, outcome_at=sent + timedelta(hours=answer_after_h) if outcome else None,
                      reappeared_at=sent + timedelta(days=1) if reappeared else None, seller_id=seller or f"s{i}")


def test_compliance_median_and_recidivism_follow_their_definitions() -> None:
    notices = [
        _notice(1, "shopee", 3, outcome="removed", answer_after_h=10, seller="a"),  # on time
        _notice(2, "shopee", 3, outcome="removed", answer_after_h=30, seller="b", reappeared=True),  # late
        _notice(3, "shopee", 3),  # overdue, unanswered: counts against compliance
        _notice(4, "shopee", 0.1),  # not due yet: not counted
        _notice(5, "lazada", 2, outcome="rejected", answer_after_h=2),  # answered, not removed
    ]
    d = dashboard(notices, [("shopee", NOW - timedelta(days=1))], now=NOW)
    by = {p.platform: p for p in d.platforms}
    assert by["shopee"].compliance == pytest.approx(1 / 3)
    assert by["shopee"].median_hours_to_removal == pytest.approx(20.0)
    assert by["shopee"].median_deadline_hours == pytest.approx(24.0)
    assert by["shopee"].overdue == 1 and by["shopee"].open == 2
    assert by["lazada"].compliance == 0.0 and by["lazada"].median_hours_to_removal is None
    assert d.sellers_removed == 2 and d.sellers_reappeared == 1 and d.recidivism == pytest.approx(0.5)
    assert d.totals == {"found": 1, "sent": 5, "removed": 2, "verified": 0, "reappeared": 1}


def test_weekly_counts_land_in_the_week_of_the_event() -> None:
    notices = [_notice(1, "shopee", 14, outcome="removed", answer_after_h=1), _notice(2, "shopee", 0.5)]
    d = dashboard(notices, [], now=NOW, weeks=4)
    assert d.weeks[-1] == week_of(NOW) and len(d.weeks) == 4
    sent = d.weekly["sent"]["shopee"]
    assert sum(sent) == 2 and sent[-1] == 1 and sent[d.weeks.index(week_of(NOW - timedelta(days=14)))] == 1
    # events older than the window count in the totals but not in the weekly series
    old = dashboard([_notice(3, "blibli", 100)], [], now=NOW, weeks=4)
    assert old.totals["sent"] == 1 and sum(old.weekly["sent"]["blibli"]) == 0


def test_no_notices_gives_no_rates_rather_than_zero() -> None:
    d = dashboard([], [], now=NOW)
    assert d.platforms == [] and d.recidivism is None


# ---------------------------------------------------------------- chart geometry


def test_line_chart_points_stay_inside_the_plot() -> None:
    c = line_chart("t", ["2026-W01", "2026-W02", "2026-W03"], {"a": [0, 5, 3], "b": [1, 1, 7]})
    for line in c.lines:
        for x, y, _ in line.dots:
            assert c.left <= x <= c.width and 0 <= y <= c.bottom
    assert c.y_ticks[-1][1] in ("10", "7.5", "8")  # a round top above the highest value


def test_bars_marker_and_sparkline() -> None:
    c = hbar_chart("t", [("shopee", 10.0, "10 h"), ("lazada", 40.0, "40 h")], marker=24.0)
    assert c.bars[1].w > c.bars[0].w and c.bars[0].marker == c.bars[1].marker
    pts = [tuple(map(float, p.split(","))) for p in sparkline([0, 2, 4]).split()]
    assert pts[0][1] > pts[-1][1]  # the trend goes up on screen
    assert sparkline([]) == ""


def test_network_places_every_account_and_drops_links_to_unknown_ones() -> None:
    n = network([("a/1", "A", "a", True), ("b/2", "B", "b", False)],
                [("a/1", "b/2", "same phone", 0.95), ("a/1", "c/3", "x", 0.5)], ["a", "b"])
    assert len(n.nodes) == 2 and len(n.edges) == 1 and n.edges[0].strong
    assert {(d.x, d.y) for d in n.nodes} != {(n.nodes[0].x, n.nodes[0].y)}


# ---------------------------------------------------------------- translations


def _template_messages() -> set[str]:
    from babel.messages.extract import extract_from_dir

    found: set[str] = set()
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    for _file, _line, message, _comments, _ctx in extract_from_dir(
            str(TEMPLATES_DIR.parent), method_map, options, keywords={"_": None, "tr": (2,), "ngettext": (1, 2)}):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_of_the_console_has_an_indonesian_translation() -> None:
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / "id" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale="id")
    translated = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog
                  if m.id and (m.string[0] if isinstance(m.string, tuple) else m.string) and not m.fuzzy}
    missing = sorted(m for m in _template_messages() if m and m not in translated)
    assert not missing, f"untranslated in locale/id (run pybabel extract/update, see i18n.py): {missing}"


def test_language_catalogs_and_fallback() -> None:
    assert translations("id").gettext("Log in") == "Masuk"
    assert translations("en").gettext("Log in") == "Log in"
    assert translations("xx").gettext("Log in") == "Masuk"  # unknown languages get the default
    po = (LOCALE_DIR / "id" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert 'msgid "Review queue"' in po


def test_templates_have_no_inline_script_or_style() -> None:
    for path in Path(TEMPLATES_DIR).glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\ssrc=)", text), path.name
        assert "<style" not in text and " style=" not in text, path.name
        assert not re.search(r"\son[a-z]+=", text), path.name
        assert not re.search(r"\|\s*safe\b", text) and "autoescape false" not in text, path.name


def test_session_key_is_shared_through_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PANTAU_CONSOLE_SECRET", raising=False)
    a, b = Signer.from_env(tmp_path), Signer.from_env(tmp_path)
    cookie = a.dumps(ConsoleSession())
    assert b.loads(cookie) is not None  # another worker (or a restart) accepts the session
    assert (tmp_path / "console-secret").stat().st_mode & 0o077 == 0
    assert Signer.from_env(None).loads(cookie) is None
    monkeypatch.setenv("PANTAU_CONSOLE_SECRET", "an operator-chosen secret")
    assert Signer.from_env(tmp_path).loads(cookie) is None


def test_a_plain_match_without_a_written_form_is_found_by_its_normalised_reading() -> None:
    text = "Cocok buat modal usaha, info DM"
    segs = highlight(text, "description", [_reason(term="paket usaha", field="description",
                                                   reading="modal usaha", written="")])
    marked = [s for s in segs if s.mark]
    assert [s.text for s in marked] == ["modal usaha"] and marked[0].mark.reading == "paket usaha"


def test_the_template_environment_escapes_whatever_the_template_name() -> None:
    from pantau.console.web import _env

    assert _env.from_string("{{ x }}").render(x="<b>&") == "&lt;b&gt;&amp;"
    assert _env.autoescape("notes.txt") and _env.autoescape("page.html")  # type: ignore[operator]
