"""The console end to end in headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

A real uvicorn server on 127.0.0.1 serves a small explained store (console_helpers.py). The flow:
an analyst logs in, reviews with the keyboard, approves two listings into notices; the shopee
operator sees only its own notice and reports it removed; the dashboard counts the removal. And a
listing whose title carries script and HTML payloads shows as text, with no script run.

Screenshots go to a temporary folder, or to $PANTAU_SCREENSHOTS (docs/screenshots/ refreshes them).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from console_helpers import EVIL_DESC, EVIL_TITLE, Logins, logins_of, seed_store

from pantau.api.app import create_app
from pantau.config import Settings
from pantau.store.db import Database

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium "
                                                     "(make browser installs it); never a downloaded build"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Logins]]:
    import uvicorn

    db = Database(f"sqlite:///{tmp_path / 'console.db'}")
    logins = logins_of(seed_store(db))
    app = create_app(Settings(home=tmp_path / "home", database_url=db.url), db)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", logins
    finally:
        srv.should_exit = True
        thread.join(10)
        db.dispose()


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    out = Path(os.environ.get("PANTAU_SCREENSHOTS") or tmp_path / "shots")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _login(page, base: str, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/console/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


def _logout(page) -> None:  # type: ignore[no-untyped-def]
    page.click("#logout")
    page.wait_for_url("**/console/login")


def test_review_approve_platform_outcome_dashboard(server, browser, shots: Path) -> None:  # type: ignore[no-untyped-def]
    base, logins = server
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = ctx.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    _login(page, base, *logins["regulator"])
    assert page.url.endswith("/console/review")
    page.screenshot(path=str(shots / "review.png"))
    # the dashboard before anything was sent
    page.goto(f"{base}/console/dashboard")
    assert page.inner_text("#kpi-sent") == "0" and page.inner_text("#kpi-removed") == "0"

    # keyboard review: j to the first listing, x to select it, j, x, then a to approve both
    page.goto(f"{base}/console/review")
    items = page.locator(".queue .item")
    first_two = [items.nth(0).get_attribute("data-pk"), items.nth(1).get_attribute("data-pk")]
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    assert page.locator("input[name=pk]:checked").count() == 2
    page.keyboard.press("a")
    page.wait_for_selector(".flash")
    assert "2" in page.inner_text(".flash")
    remaining = page.locator(".queue .item").evaluate_all("els => els.map(e => e.dataset.pk)")
    assert not set(first_two) & set(remaining)  # approved listings leave the pending queue
    # b marks the focused listing benign (nothing selected: the current one is taken)
    page.keyboard.press("j")
    focused = page.locator(".queue .item.current").get_attribute("data-pk")
    page.keyboard.press("b")
    page.wait_for_selector(".flash")
    assert focused not in page.locator(".queue .item").evaluate_all("els => els.map(e => e.dataset.pk)")

    page.goto(f"{base}/console/notices")
    rows = page.locator("table.notices tbody tr")
    assert rows.count() == 2
    assert page.locator("table.notices .s-sent").count() == 2
    page.screenshot(path=str(shots / "notices.png"))
    _logout(page)

    # the shopee operator sees only shopee's notice and reports it removed
    _login(page, base, *logins["platform:shopee"])
    assert page.url.endswith("/console/inbox")
    cards = page.locator(".queue .item")
    assert cards.count() == 1
    assert "K4RUNGAN" in cards.first.inner_text()
    page.screenshot(path=str(shots / "platform-inbox.png"))
    cards.first.locator("select[name=outcome]").select_option("removed")
    cards.first.locator("button[type=submit]").click()
    page.wait_for_selector(".flash")
    assert page.locator(".queue .item").count() == 0  # no longer open
    _logout(page)

    # the dashboard changed: two sent, one removed; the notices list shows the outcome
    _login(page, base, *logins["supervisor"])
    page.goto(f"{base}/console/dashboard")
    assert page.inner_text("#kpi-sent") == "2"
    assert page.inner_text("#kpi-removed") == "1"
    assert "shopee" in page.inner_text("#platform-stats")
    page.screenshot(path=str(shots / "dashboard.png"), full_page=True)
    page.goto(f"{base}/console/notices?status=removed")
    assert page.locator("table.notices tbody tr").count() == 1

    # the remaining pages render, for the record
    page.goto(f"{base}/console/sellers/shopee/toko-a")
    assert page.locator("svg.network circle").count() >= 2
    page.screenshot(path=str(shots / "operator.png"), full_page=True)
    page.goto(f"{base}/console/terms")
    page.screenshot(path=str(shots / "terms.png"))

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    mp = phone.new_page()
    _login(mp, base, *logins["regulator"])
    mp.screenshot(path=str(shots / "review-phone.png"))
    width = mp.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the review page scrolls sideways on a phone ({width}px)"
    phone.close()

    assert not dialogs and not errors
    ctx.close()


def test_hostile_listing_text_renders_as_text_and_runs_nothing(server, browser) -> None:  # type: ignore[no-untyped-def]
    base, logins = server
    ctx = browser.new_context()
    page = ctx.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _login(page, base, *logins["regulator"])
    page.goto(f"{base}/console/review?platform=shopee")
    item = page.locator(".queue .item", has_text="quote")
    title = item.locator("h2.title").inner_text()
    assert title == EVIL_TITLE  # the whole payload is visible, as text
    assert EVIL_DESC.split("<a")[0] in item.locator(".desc").inner_text()
    # no element was created from the payload
    assert item.locator("img:not([src^='/console/photo/']), svg, b, a[href^='javascript']").count() == 0
    assert page.locator("[onerror], [onload], a[href^='javascript'], img[src='x']").count() == 0
    page.goto(f"{base}/console/sellers/shopee/evil")
    assert '<script>alert("shop")</script>' in page.inner_text("main")
    page.wait_for_timeout(300)
    assert dialogs == [], f"a script ran: {dialogs}"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    ctx.close()
