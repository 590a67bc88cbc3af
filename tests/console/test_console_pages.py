"""Console pages through FastAPI's TestClient: login, CSRF, CSP, escaping, roles, tenant isolation."""

from __future__ import annotations

import io
import re
from pathlib import Path

from console_helpers import csrf_of, login
from fastapi.testclient import TestClient

from pantau.console.web import CSP


def test_pages_need_login_and_send_the_browser_to_it(client: TestClient) -> None:
    for path in ("/console/review", "/console/notices", "/console/dashboard", "/console/inbox"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/console/login")
    assert client.get("/", follow_redirects=False).headers["location"] == "/console/"


def test_every_page_carries_a_strict_csp_without_inline_script(client: TestClient, logins) -> None:
    login(client, *logins["regulator"])
    for path in ("/console/login", "/console/review", "/console/notices", "/console/sellers",
                 "/console/terms", "/console/dashboard", "/console/sellers/shopee/toko-a"):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        csp = r.headers["content-security-policy"]
        assert csp == CSP
        assert "'unsafe-inline'" not in csp and "script-src 'self'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        # every <script> is an external file served by pantau itself; no inline handlers either
        for tag in re.findall(r"<script[^>]*>", r.text):
            assert 'src="/console/static/' in tag, tag
        assert not re.search(r"<script[^>]*>\s*[^<\s]", r.text), path
        assert not re.search(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", r.text), path


def test_static_assets_are_served_locally_and_nothing_else(client: TestClient) -> None:
    r = client.get("/console/static/console.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert client.get("/console/static/console.js").status_code == 200
    assert client.get("/console/static/..%2f__init__.py").status_code == 404
    assert client.get("/console/static/missing.js").status_code == 404


def test_login_refuses_wrong_password_and_missing_csrf(client: TestClient, logins) -> None:
    user, password = logins["regulator"]
    page = client.get("/console/login")
    bad = client.post("/console/login", data={"csrf": csrf_of(page.text), "username": user, "password": "nope"})
    assert bad.status_code == 401
    no_csrf = client.post("/console/login", data={"username": user, "password": password})
    assert no_csrf.status_code == 403
    forged = client.post("/console/login", data={"csrf": "forged", "username": user, "password": password})
    assert forged.status_code == 403
    ok = client.post("/console/login", data={"csrf": csrf_of(page.text), "username": user,
                                             "password": password}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/console/review"
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_state_changing_posts_refuse_a_wrong_csrf_token(client: TestClient, logins) -> None:
    login(client, *logins["regulator"])
    r = client.post("/console/review/decide", data={"csrf": "wrong", "pk": "1", "action": "benign"})
    assert r.status_code == 403
    r = client.post("/console/logout", data={})
    assert r.status_code == 403
    # the session is still logged in: the forged posts changed nothing
    assert client.get("/console/review").status_code == 200


def test_listing_text_is_escaped_everywhere(client: TestClient, logins) -> None:
    login(client, *logins["regulator"])
    html = client.get("/console/review").text
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<svg onload" not in html and 'href="javascript:' not in html
    assert "{{ 7*7 }}" in html  # shown as written, never evaluated as a template
    shop = client.get("/console/sellers/shopee/evil").text
    assert "<script>alert(" not in shop and "&lt;i&gt;Toko&lt;/i&gt;" in shop


def test_matched_terms_are_highlighted_in_their_disguised_form_with_the_reading(client: TestClient,
                                                                                logins) -> None:
    login(client, *logins["regulator"])
    html = client.get("/console/review").text
    assert re.search(r'<mark class="term disguised" title="karungan">K4RUNGAN</mark>'
                     r'<span class="reading"[^>]*>karungan</span>', html)
    # the shop name's own match is marked too (field-aware offsets)
    assert '<mark class="term" title="karungan">Karungan</mark>' in html


def test_queue_ranks_links_to_known_offenders_first_and_filters(client: TestClient, logins) -> None:
    login(client, *logins["regulator"])
    html = client.get("/console/review").text
    order = re.findall(r'id="item-(\d+)"', html)
    titles = re.findall(r'<h2 class="title">(.*?)</h2>', html, flags=re.S)
    assert len(order) == 5  # benign and taken-down listings are not in the queue
    assert "bale" in titles[0].lower() or "Thrift" in titles[0]  # t1: score .71 but offender link + photo
    only_lazada = client.get("/console/review?platform=lazada").text
    assert len(re.findall(r'id="item-\d+"', only_lazada)) == 1
    by_term = client.get("/console/review?term=karungan").text
    assert len(re.findall(r'id="item-\d+"', by_term)) == 1
    by_city = client.get("/console/review?city=jakarta").text
    assert len(re.findall(r'id="item-\d+"', by_city)) == 2
    assert 'id="total">5<' in html
    past_the_end = client.get("/console/review?page=2").text
    assert not re.findall(r'id="item-\d+"', past_the_end) and 'id="total">5<' in past_the_end


def _approve(client: TestClient, csrf: str, *titles: str) -> None:
    html = client.get("/console/review").text
    pks = [pk for pk, body in re.findall(r'id="item-(\d+)">(.*?)</li>\n', html, flags=re.S)
           if any(t in body for t in titles)]
    assert len(pks) == len(titles)
    r = client.post("/console/review/decide", data={"csrf": csrf, "pk": pks, "action": "approve",
                                                     "urgency": "normal", "back": "/console/review"})
    assert r.status_code == 200


def test_platform_view_is_isolated_to_its_own_platform(client: TestClient, logins) -> None:
    csrf = login(client, *logins["regulator"])
    _approve(client, csrf, "K4RUNGAN", "Kemeja second import")  # shopee and lazada
    client.post("/console/logout", data={"csrf": csrf})
    csrf = login(client, *logins["platform:tokopedia"])
    inbox = client.get("/console/inbox?status=all").text
    assert "K4RUNGAN" not in inbox and "Kemeja second" not in inbox
    # the ministry's pages are closed to a platform operator
    assert client.get("/console/review", follow_redirects=False).headers["location"] == "/console/inbox"
    assert client.get("/console/notices/annex?format=csv", follow_redirects=False).status_code == 303
    # another platform's notice cannot be answered: it does not exist for this operator
    r = client.post("/console/inbox/1/outcome", data={"csrf": csrf, "outcome": "removed"})
    assert "no notice 1" in r.text
    client.post("/console/logout", data={"csrf": csrf})
    login(client, *logins["platform:shopee"])
    shopee = client.get("/console/inbox").text
    assert "K4RUNGAN" in shopee and "Kemeja second" not in shopee


def test_language_switch_between_bahasa_and_english(client: TestClient, logins) -> None:
    csrf = login(client, *logins["regulator"])
    assert "Antrean tinjauan" in client.get("/console/review").text
    r = client.post("/console/lang", data={"csrf": csrf, "lang": "en", "next": "/console/review"})
    assert "Review queue" in r.text and 'lang="en"' in r.text
    r = client.post("/console/lang", data={"csrf": csrf, "lang": "id", "next": "https://evil.example/"})
    assert r.url.path == "/console/"  or r.url.path == "/console/review"


def test_auditor_reads_but_cannot_decide(client: TestClient, logins) -> None:
    csrf = login(client, *logins["auditor"])
    html = client.get("/console/review").text
    assert 'id="approve"' not in html
    r = client.post("/console/review/decide", data={"csrf": csrf, "pk": "1", "action": "approve"})
    assert r.status_code == 403


def test_photos_are_reencoded_from_beside_the_listing_file_and_nothing_else(
        client: TestClient, logins, console_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    from pantau.domain import Detection, Listing, ScanResult, Seller, Verdict
    from pantau.store.listings import save_batch

    folder = tmp_path / "feed"
    (folder / "img").mkdir(parents=True)
    Image.new("RGB", (800, 600), (200, 30, 30)).save(folder / "img" / "p.png")
    (tmp_path / "secret.png").write_bytes((folder / "img" / "p.png").read_bytes())
    (folder / "img" / "fake.png").write_bytes(b"<script>alert(1)</script>")
    images = ["img/p.png", "../secret.png", "img/fake.png", "https://example.com/x.jpg", "/etc/passwd"]
    li = Listing("shopee", "photo1", "bal karungan", Seller("ph"), images=images,
                 source=str(folder / "listings.jsonl"), line=3)
    db, _ = console_store
    with db.session() as s:
        save_batch(s, [li], [ScanResult("shopee", "photo1", "ph", Detection(Verdict.VIOLATING, 0.9))])
        from sqlalchemy import select

        from pantau.store.tables.listings import ListingRow
        pk = s.scalar(select(ListingRow.id).where(ListingRow.listing_id == "photo1"))
    assert client.get(f"/console/photo/{pk}/0", follow_redirects=False).status_code == 303  # login first
    login(client, *logins["regulator"])
    r = client.get(f"/console/photo/{pk}/0")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert r.headers["content-security-policy"] and r.headers["x-content-type-options"] == "nosniff"
    assert max(Image.open(io.BytesIO(r.content)).size) <= 320  # a thumbnail, not the seller's file
    for idx in (1, 2, 3, 4, 9):
        assert client.get(f"/console/photo/{pk}/{idx}").status_code == 404, images[idx] if idx < 5 else idx
    html = client.get("/console/review?platform=shopee").text
    assert f'src="/console/photo/{pk}/0"' in html and "example.com" not in html


def _pks(html: str, *titles: str) -> list[str]:
    return [pk for pk, body in re.findall(r'id="item-(\d+)">(.*?)</li>\n', html, flags=re.S)
            if any(t in body for t in titles)]


def test_mark_benign_records_decisions_and_leaves_the_pending_queue(client: TestClient, logins,
                                                                      console_store) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from pantau.store.tables.terms import DecisionRow

    csrf = login(client, *logins["regulator"])
    pk = _pks(client.get("/console/review").text, "Kemeja second import")
    r = client.post("/console/review/decide", data={"csrf": csrf, "pk": pk, "action": "benign",
                                                     "back": "/console/review"})
    assert "1" in re.search(r'class="flash"[^>]*>(.*?)<', r.text).group(1)
    assert not _pks(r.text, "Kemeja second import")
    decided = client.get("/console/review?status=decided").text
    assert _pks(decided, "Kemeja second import") and "s-benign" in decided
    db, _ = console_store
    with db.session() as s:
        rows = s.execute(select(DecisionRow.platform, DecisionRow.listing_id, DecisionRow.decision,
                                DecisionRow.analyst, DecisionRow.source)).all()
    assert [tuple(x)[:4] for x in rows] == [("lazada", "l1", "benign", logins["regulator"][0])]
    assert rows[0].source.startswith("console")


def test_four_eyes_analyst_drafts_wait_for_the_supervisor(console_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from console_helpers import TestClient as Client

    from pantau.api.app import create_app
    from pantau.config import Settings
    from pantau.notices.service import NoticeConfig

    db, logins = console_store
    app = create_app(Settings(home=tmp_path / "h", database_url=db.url), db,
                     config=NoticeConfig(require_approval=True))
    with Client(app) as c:
        csrf = login(c, *logins["regulator"])
        pk = _pks(c.get("/console/review").text, "K4RUNGAN")
        c.post("/console/review/decide", data={"csrf": csrf, "pk": pk, "action": "approve"})
        page = c.get("/console/notices").text
        assert "s-draft" in page and "/console/notices/approve" not in page  # analysts cannot approve
        c.post("/console/logout", data={"csrf": csrf})
        csrf = login(c, *logins["supervisor"])
        nid = re.search(r'name="id" value="(\d+)"', c.get("/console/notices").text).group(1)
        r = c.post("/console/notices/approve", data={"csrf": csrf, "id": nid})
        assert "s-sent" in r.text and "s-draft" not in r.text


def test_annex_exports_as_printable_page_and_files(client: TestClient, logins) -> None:
    csrf = login(client, *logins["regulator"])
    _approve(client, csrf, "K4RUNGAN", "jepang grade A")
    page = client.get("/console/notices/annex?platform=shopee")
    assert page.status_code == 200 and "K4RUNGAN" in page.text and "jepang grade A" not in page.text
    pdf = client.get("/console/notices/annex?platform=shopee&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert 'filename="annex-shopee-' in pdf.headers["content-disposition"]
    odd = client.get('/console/notices/annex?format=csv&platform=x"%3B%20y')
    assert odd.status_code == 200 and 'filename="annex-xy-' in odd.headers["content-disposition"]
    csv_ = client.get("/console/notices/annex?format=csv&id=1&id=2")
    assert csv_.status_code == 200 and csv_.text.count("\n") == 3


def test_repeated_wrong_passwords_are_throttled(client: TestClient, logins) -> None:
    user, password = logins["auditor"]
    page = client.get("/console/login")
    csrf = csrf_of(page.text)
    codes = [client.post("/console/login", data={"csrf": csrf, "username": user, "password": f"x{i}"}).status_code
             for i in range(6)]
    assert codes == [401] * 5 + [429]
    # the right password is refused too while throttled: guessing cannot find it by luck
    assert client.post("/console/login", data={"csrf": csrf, "username": user, "password": password}
                       ).status_code == 429


def test_a_cookie_copied_before_logout_is_dead_after_it(client: TestClient, logins) -> None:
    csrf = login(client, *logins["regulator"])
    stolen = client.cookies.get("pantau_console")
    client.post("/console/logout", data={"csrf": csrf})
    client.cookies.set("pantau_console", stolen)
    r = client.get("/console/review", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/console/login")


def test_notices_show_the_platforms_escalation_and_overdue_in_red(client: TestClient, logins,
                                                                    console_store) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from pantau.store.tables.notices import NoticeRow, PlatformRow

    csrf = login(client, *logins["regulator"])
    _approve(client, csrf, "K4RUNGAN")
    db, _ = console_store
    with db.session() as s:
        s.execute(update(NoticeRow).values(deadline_at=datetime.now(UTC) - timedelta(hours=30),
                                           escalation_level=2))
        s.execute(update(PlatformRow).where(PlatformRow.slug == "shopee").values(warning_level=2))
    html = client.get("/console/notices").text
    assert re.search(r'<tr class="overdue" id="notice-\d+">', html)
    assert 'class="badge esc-2"' in html and re.search(r"shopee <span class=\"badge esc-2\">", html)


def test_code_words_show_examples_and_trend_and_accept_or_reject(client: TestClient, logins,
                                                                   console_store) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from pantau.store.tables.terms import PolicyVersionRow, TermSuggestionRow

    db, _ = console_store
    with db.session() as s:
        s.add(TermSuggestionRow(term="cimolan", week="2026-W47", score=3.2, count=6, status="open",
                                examples=["shopee/s1"], details={"trend": [0, 1, 3, 6]}))
        s.add(TermSuggestionRow(term="gudangan", week="2026-W47", score=2.1, count=5, status="open",
                                examples=[], details={}))
    csrf = login(client, *logins["supervisor"])
    html = client.get("/console/terms").text
    assert "cimolan" in html and "shopee/s1" in html and "B4L K4RUNGAN" in html
    assert re.search(r'<svg class="spark"[^>]*><polyline points="[\d.,\s]+"', html)
    r = client.post("/console/terms/decide", data={"csrf": csrf, "term": "gudangan", "decision": "rejected"})
    assert r.status_code == 200
    r = client.post("/console/terms/decide", data={"csrf": csrf, "term": "cimolan", "decision": "accepted",
                                                    "category": "bulk"})
    assert r.status_code == 200 and "Ditolak" not in r.text
    with db.session() as s:
        status = dict(s.execute(select(TermSuggestionRow.term, TermSuggestionRow.status)).all())
        versions = s.scalars(select(PolicyVersionRow.terms_added)).all()
    assert status == {"cimolan": "accepted", "gudangan": "rejected"}
    assert any(t.get("term") == "cimolan" for added in versions for t in added)
    # an auditor sees the page but not the buttons, and cannot post
    client.post("/console/logout", data={"csrf": csrf})
    csrf = login(client, *logins["auditor"])
    assert "/console/terms/decide" not in client.get("/console/terms").text
    assert client.post("/console/terms/decide", data={"csrf": csrf, "term": "x", "decision": "accepted"}
                       ).status_code == 403


def test_optional_error_pages_render_html_for_browsers_and_keep_json_for_the_api(console_store,
                                                                                  tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from console_helpers import TestClient as Client

    from pantau.api.app import create_app
    from pantau.config import Settings
    from pantau.console.routes import install

    db, logins = console_store
    app = create_app(Settings(home=tmp_path / "h", database_url=db.url), db)
    install(app)
    with Client(app) as c:
        csrf = login(c, *logins["auditor"])
        page = c.post("/console/review/decide", data={"csrf": csrf, "pk": "1", "action": "approve"},
                      headers={"accept": "text/html"})
        assert page.status_code == 403 and "<h1>Tidak diizinkan</h1>" in page.text
        assert page.headers["content-security-policy"]
        api = c.get("/api/v1/platform/notices")
        assert api.status_code == 401 and api.headers["content-type"].startswith("application/json")


def test_look_for_new_code_words_runs_discovery_and_records_it(client: TestClient, logins,
                                                                 console_store) -> None:  # type: ignore[no-untyped-def]
    csrf = login(client, *logins["regulator"])
    assert 'id="discover"' in client.get("/console/terms").text
    r = client.post("/console/terms/discover", data={"csrf": csrf})
    flashes = re.findall(r'class="flash"[^>]*>([^<]*)', r.text)
    assert r.status_code == 200 and flashes and re.match(r"\d+ kata kode diusulkan", flashes[0]), flashes
    assert client.post("/console/terms/discover", data={"csrf": "bad"}).status_code == 403
