"""Refresh docs/screenshots/ from the bundled demo: scan it into a temporary store, serve the console,
click through it in headless Debian Chromium as each role, and save a PNG of each main page.

    .venv/bin/python tests/console/make_screenshots.py [OUT_DIR]

Not a test (pytest does not collect it); the browser tests check the same pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(out: Path) -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright
    from sqlalchemy import func, select

    from pantau.api.app import create_app
    from pantau.config import Settings
    from pantau.console.seed import seed_demo_users
    from pantau.store.db import Database
    from pantau.store.tables.sellers import OperatorMemberRow

    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="pantau-shots-"))
    env = {**os.environ, "PANTAU_HOME": str(home)}
    env.pop("PANTAU_DATABASE_URL", None)
    subprocess.run([str(ROOT / ".venv" / "bin" / "pantau"), "demo", "--no-serve"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    settings = Settings.from_env(env)
    db = Database(settings.database_url)
    logins = {label.split(" ")[0] if "(" not in label else label: (u, p) for label, u, p in seed_demo_users(db)}
    with db.session() as s:
        op = s.execute(select(OperatorMemberRow.operator_id, func.count()).group_by(OperatorMemberRow.operator_id)
                       .order_by(func.count().desc()).limit(1)).first()
        member = s.scalar(select(OperatorMemberRow).where(OperatorMemberRow.operator_id == op[0])) if op else None
    app = create_app(settings, db)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=8765, log_level="warning", lifespan="off"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    base = "http://127.0.0.1:8765/console"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})

        def login(role: str) -> None:
            page.goto(f"{base}/login")
            page.fill("input[name=username]", logins[role][0])
            page.fill("input[name=password]", logins[role][1])
            page.click("button[type=submit].primary")
            page.wait_for_load_state()

        page.goto(f"{base}/login")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / "login.png"))
        login("regulator")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / "review.png"))
        for _ in range(6):
            page.keyboard.press("j")
            page.keyboard.press("x")
        page.keyboard.press("a")
        page.wait_for_selector(".flash")
        page.goto(f"{base}/notices")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / "notices.png"))
        if member is not None:
            page.goto(f"{base}/sellers/{member.platform}/{member.seller_id}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / "operator.png"))
        page.goto(f"{base}/terms")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / "code-words.png"))
        page.click("#logout")
        platform_role = next(r for r in logins if r.startswith("platform"))
        login(platform_role)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / "platform-inbox.png"))
        cards = page.locator(".queue .item")
        if cards.count():
            cards.first.locator("select[name=outcome]").select_option("removed")
            cards.first.locator("button[type=submit]").click()
            page.wait_for_selector(".flash")
        page.click("#logout")
        login("supervisor")
        page.goto(f"{base}/dashboard?weeks=156")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / "dashboard.png"), full_page=True)
        phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        phone.goto(f"{base}/login")
        phone.fill("input[name=username]", logins["regulator"][0])
        phone.fill("input[name=password]", logins["regulator"][1])
        phone.click("button[type=submit].primary")
        phone.wait_for_load_state()
        phone.wait_for_load_state("networkidle")
        phone.screenshot(path=str(out / "review-phone.png"))
        browser.close()
    srv.should_exit = True
    db.dispose()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
