"""The HTTP contract (shared/spec/contract.md) and what platforms get beyond it, on both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest

ONE = {"platform": "shopee", "listing_id": "L1"}


def test_healthz_and_openapi_document_the_contract(api):
    assert api.client.get("/healthz").json() == {"status": "ok"}
    paths = api.client.get("/openapi.json").json()["paths"]
    for p in ("/api/v1/notices", "/api/v1/platform/notices", "/api/v1/platform/notices/{notice_id}/outcome",
              "/api/v1/platform/outcomes", "/api/v1/platform/notices/{notice_id}/acknowledge"):
        assert p in paths


def test_regulator_issues_platform_pulls_and_reports(api):
    a, b, c = api.issue(ONE, {"url": "https://www.tokopedia.com/toko/bal-1"}, {"url": "https://shopee.co.id/x-i.9.8"},
                        urgency="urgent")
    r = api.client.get("/api/v1/platform/notices?status=open", headers=api.h("shopee"))
    assert r.status_code == 200
    got = r.json()["notices"]
    assert [n["id"] for n in got] == [a, c] and {n["platform"] for n in got} == {"shopee"}
    assert got[0]["deadline_at"] and got[0]["evidence_hash"] and got[0]["legal_basis"]
    r = api.client.post(f"/api/v1/platform/notices/{a}/outcome", json={"outcome": "removed"}, headers=api.h("shopee"))
    assert r.status_code == 200 and r.json()["status"] == "removed" and r.json()["changed"] is True
    open_now = api.client.get("/api/v1/platform/notices?status=open", headers=api.h("shopee")).json()["notices"]
    assert [n["id"] for n in open_now] == [c]
    toko = api.client.get("/api/v1/platform/notices?status=open", headers=api.h("tokopedia")).json()["notices"]
    assert [n["id"] for n in toko] == [b]


def test_cross_tenant_is_404_never_200_or_403(api):
    (a,) = api.issue(ONE)
    for path, body in ((f"/api/v1/platform/notices/{a}/outcome", {"outcome": "removed"}),
                       (f"/api/v1/platform/notices/{a}/acknowledge", None)):
        r = api.client.post(path, json=body, headers=api.h("tokopedia"))
        assert r.status_code == 404, r.text
    assert api.client.get(f"/api/v1/platform/notices/{a}", headers=api.h("tokopedia")).status_code == 404
    # guessing ids: unknown and other-platform ids answer alike
    unknown = api.client.get(f"/api/v1/platform/notices/{a + 1000}", headers=api.h("tokopedia"))
    theirs = api.client.get(f"/api/v1/platform/notices/{a}", headers=api.h("tokopedia"))
    assert unknown.status_code == theirs.status_code == 404
    assert unknown.json()["error"]["code"] == theirs.json()["error"]["code"]
    bulk = api.client.post("/api/v1/platform/outcomes", json={"items": [{"id": a, "outcome": "removed"}]},
                           headers=api.h("tokopedia"))
    assert bulk.json()["results"][0]["status_code"] == 404
    # and nothing changed
    assert api.client.get(f"/api/v1/platform/notices/{a}", headers=api.h("shopee")).json()["status"] == "sent"


@pytest.mark.parametrize("who,expect", [("regulator", 201), ("supervisor", 201), ("auditor", 403), ("shopee", 403)])
def test_who_may_create(api, who, expect):
    r = api.client.post("/api/v1/notices", json={"items": [ONE]}, headers=api.h(who))
    assert r.status_code == expect


@pytest.mark.parametrize("who,expect", [("regulator", 403), ("supervisor", 403), ("auditor", 403), ("shopee", 200)])
def test_who_may_pull_and_report(api, who, expect):
    (a,) = api.issue(ONE)
    assert api.client.get("/api/v1/platform/notices", headers=api.h(who)).status_code == expect
    r = api.client.post(f"/api/v1/platform/notices/{a}/outcome", json={"outcome": "removed"}, headers=api.h(who))
    assert r.status_code == expect


@pytest.mark.parametrize("who,expect", [("regulator", 200), ("supervisor", 200), ("auditor", 200), ("shopee", 403)])
def test_who_may_read_all(api, who, expect):
    api.issue(ONE)
    assert api.client.get("/api/v1/notices", headers=api.h(who)).status_code == expect


@pytest.mark.parametrize("who,expect", [("regulator", 403), ("supervisor", 200), ("auditor", 200), ("shopee", 403)])
def test_who_may_read_the_audit_log(api, who, expect):
    r = api.client.get("/api/v1/audit/verify", headers=api.h(who))
    assert r.status_code == expect
    if expect == 200:
        assert r.json()["ok"] is True


def test_401_without_or_with_a_bad_token(api):
    assert api.client.get("/api/v1/platform/notices").status_code == 401
    r = api.client.get("/api/v1/platform/notices", headers={"Authorization": "Bearer pt_nope"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert api.client.post("/api/v1/notices", json={"items": [ONE]},
                           headers={"Authorization": "Basic abc"}).status_code == 401


@pytest.mark.parametrize("body", [{}, {"items": []}, {"items": [{"platform": "shopee"}]},
                                  {"items": [ONE], "urgency": "now"}, {"items": [{"url": "ftp://x/y"}]}])
def test_invalid_notice_bodies_are_422(api, body):
    assert api.client.post("/api/v1/notices", json=body, headers=api.h("regulator")).status_code == 422


def test_invalid_outcomes_are_422_and_wrong_state_409(api):
    (a,) = api.issue(ONE)
    post = api.client.post
    url = f"/api/v1/platform/notices/{a}/outcome"
    assert post(url, json={"outcome": "gone"}, headers=api.h("shopee")).status_code == 422
    assert post(f"/api/v1/platform/notices/{a}/outcome", json={"outcome": "rejected"},
                headers=api.h("shopee")).status_code == 422  # a rejection needs a reason
    assert post(f"/api/v1/platform/notices/{a}/outcome", json={"outcome": "rejected", "reason": "not clothing"},
                headers=api.h("shopee")).json()["status"] == "rejected"
    r = post(f"/api/v1/platform/notices/{a}/outcome", json={"outcome": "removed"}, headers=api.h("shopee"))
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"


def test_idempotency_key_replays_and_conflicts(api):
    body = {"items": [ONE, {"platform": "shopee", "listing_id": "L2"}], "urgency": "normal"}
    first = api.client.post("/api/v1/notices", json=body, headers=api.h("regulator", "create-1"))
    again = api.client.post("/api/v1/notices", json=body, headers=api.h("regulator", "create-1"))
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again.headers["idempotent-replayed"] == "true"
    other = api.client.post("/api/v1/notices", json={**body, "urgency": "urgent"},
                            headers=api.h("regulator", "create-1"))
    assert other.status_code == 409
    listed = api.client.get("/api/v1/notices", headers=api.h("regulator")).json()["notices"]
    assert len(listed) == 2 and {n["urgency"] for n in listed} == {"normal"}

    a = first.json()["notices"][0]["id"]
    url = f"/api/v1/platform/notices/{a}/outcome"
    r1 = api.client.post(url, json={"outcome": "removed"}, headers=api.h("shopee", "o-1"))
    r2 = api.client.post(url, json={"outcome": "removed"}, headers=api.h("shopee", "o-1"))
    assert r1.json() == r2.json() and r2.json()["changed"] is True  # the first answer, replayed
    assert api.client.post(url, json={"outcome": "not_found"}, headers=api.h("shopee", "o-1")).status_code == 409
    # the same key from another principal is another key
    r3 = api.client.post(url, json={"outcome": "removed"}, headers=api.h("tokopedia", "o-1"))
    assert r3.status_code == 404
    events = api.client.get(f"/api/v1/notices/{a}", headers=api.h("regulator")).json()["events"]
    assert [e["action"] for e in events].count("outcome") == 1


def test_pagination_and_filters(api):
    ids = api.issue(*[{"platform": "shopee", "listing_id": f"P{i}"} for i in range(5)])
    api.clock.now += timedelta(days=1)
    later = api.issue({"platform": "shopee", "listing_id": "P9"})
    seen, after = [], 0
    while True:
        page = api.client.get(f"/api/v1/platform/notices?limit=2&after={after}", headers=api.h("shopee")).json()
        seen += [n["id"] for n in page["notices"]]
        if page["next_after"] is None:
            break
        after = page["next_after"]
    assert seen == ids + later
    since = (api.clock.now - timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    r = api.client.get("/api/v1/platform/notices", params={"since": since}, headers=api.h("shopee"))
    assert [n["id"] for n in r.json()["notices"]] == later
    api.client.post(f"/api/v1/platform/notices/{ids[0]}/outcome", json={"outcome": "not_found"},
                    headers=api.h("shopee"))
    r = api.client.get("/api/v1/platform/notices?status=not_found,removed", headers=api.h("shopee"))
    assert [n["id"] for n in r.json()["notices"]] == [ids[0]]
    assert api.client.get("/api/v1/platform/notices?status=bogus", headers=api.h("shopee")).status_code == 422
    assert "evidence" not in api.client.get("/api/v1/platform/notices?evidence=false",
                                            headers=api.h("shopee")).json()["notices"][0]


def test_acknowledge_and_bulk_outcomes(api):
    a, b, c = api.issue(*[{"platform": "shopee", "listing_id": f"K{i}"} for i in range(3)])
    r = api.client.post(f"/api/v1/platform/notices/{a}/acknowledge", headers=api.h("shopee"))
    assert r.status_code == 200 and r.json()["status"] == "acknowledged"
    items = [{"id": a, "outcome": "removed"}, {"id": b, "outcome": "rejected", "reason": "new stock"},
             {"id": c, "outcome": "rejected"}, {"id": 999999, "outcome": "removed"}]
    r = api.client.post("/api/v1/platform/outcomes", json={"items": items}, headers=api.h("shopee", "bulk-1"))
    res = r.json()["results"]
    assert [x["result"] for x in res] == ["applied", "applied", "error", "error"]
    assert [x.get("status_code") for x in res[2:]] == [422, 404]
    replay = api.client.post("/api/v1/platform/outcomes", json={"items": items}, headers=api.h("shopee", "bulk-1"))
    assert replay.json() == r.json()


def test_supervisor_approves_and_sends_drafts(api):
    r = api.client.post("/api/v1/notices", json={"items": [ONE], "draft": True}, headers=api.h("regulator"))
    (a,) = [n["id"] for n in r.json()["notices"]]
    assert r.json()["notices"][0]["status"] == "draft"
    assert api.client.get("/api/v1/platform/notices", headers=api.h("shopee")).json()["notices"] == []
    assert api.client.post(f"/api/v1/notices/{a}/approve", headers=api.h("regulator")).status_code == 403
    assert api.client.post(f"/api/v1/notices/{a}/send", headers=api.h("supervisor")).status_code == 409
    assert api.client.post(f"/api/v1/notices/{a}/approve", headers=api.h("supervisor")).json()["status"] == "approved"
    assert api.client.post(f"/api/v1/notices/{a}/send", headers=api.h("supervisor")).json()["status"] == "sent"
    assert [n["id"] for n in api.client.get("/api/v1/platform/notices?status=open",
                                            headers=api.h("shopee")).json()["notices"]] == [a]


@pytest.mark.parametrize("fmt,magic", [("csv", b"id,platform"), ("pdf", b"%PDF"), ("xlsx", b"PK"), ("sor", b"{")])
def test_exports_are_signed(api, fmt, magic):
    import orjson

    from pantau.notices import signing

    api.issue(ONE, {"platform": "shopee", "listing_id": "=cmd|' /C calc'!A0"})
    r = api.client.get(f"/api/v1/notices/export?platform=shopee&format={fmt}", headers=api.h("auditor"))
    assert r.status_code == 200 and r.content.startswith(magic)
    sig = orjson.loads(r.headers["x-pantau-annex-signature"])
    key = signing.SigningKey.load(api.client.app.state.settings.home)
    assert signing.verify(r.content, sig, key)
    assert not signing.verify(r.content + b"x", sig, key)
    if fmt == "csv":
        assert b"'=cmd" in r.content  # formula injection neutralised
    if fmt == "sor":
        statements = orjson.loads(r.content)["statements"]
        assert len(statements) == 2 and statements[0]["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"


def test_the_api_seals_the_audit_log_in_the_background(api):
    import time

    api.issue(ONE)
    deadline = time.monotonic() + 10
    while True:
        r = api.client.get("/api/v1/audit/verify", headers=api.h("auditor")).json()
        if r["pending"] == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert r == {"ok": True, "checked": r["checked"], "pending": 0, "broken": None} and r["checked"] >= 3
    entries = api.client.get("/api/v1/audit?limit=1000", headers=api.h("auditor")).json()["entries"]
    assert {"notice.create", "notice.approve", "notice.send"} <= {e["action"] for e in entries}


def test_platform_sets_its_webhook_and_sent_notices_are_queued(api):
    from sqlalchemy import select

    from pantau.store.tables.notices import WebhookOutboxRow

    r = api.client.post("/api/v1/platform/webhook", json={"url": "https://hooks.shopee.example/pantau"},
                        headers=api.h("shopee"))
    assert r.status_code == 200 and r.json()["secret"].startswith("whsec_")
    (a,) = api.issue(ONE)
    api.issue({"platform": "tokopedia", "listing_id": "T"})  # tokopedia has no endpoint: nothing queued
    with api.db.session() as s:
        rows = s.scalars(select(WebhookOutboxRow)).all()
        assert [(w.platform, w.event, w.payload["data"]["id"]) for w in rows] == [("shopee", "notice.sent", a)]
    bad = api.client.post("/api/v1/platform/webhook", json={"url": "ftp://x"}, headers=api.h("shopee"))
    assert bad.status_code == 422
    assert api.client.post("/api/v1/platform/webhook", json={"url": None},
                           headers=api.h("regulator")).status_code == 403


def test_serve_command_is_registered():
    from typer.testing import CliRunner

    from pantau.cli.main import app

    r = CliRunner().invoke(app, ["serve", "--help"])
    assert r.exit_code == 0 and "--port" in r.stdout and "--host" in r.stdout


def test_platform_overview_and_warning_reset(api):
    from pantau.notices.escalation import run_escalation
    from pantau.notices.service import UnitOfWork

    api.issue(ONE, {"platform": "shopee", "listing_id": "L2"}, urgency="urgent")
    api.issue({"platform": "tokopedia", "listing_id": "T1"})
    api.clock.now += timedelta(hours=5)
    with api.db.session() as s:
        uow = UnitOfWork(s)
        run_escalation(uow, now=api.clock.now)
        uow.finish(api.clock.now)
    got = {p["slug"]: p for p in api.client.get("/api/v1/platforms", headers=api.h("auditor")).json()["platforms"]}
    assert (got["shopee"]["warning_level"], got["shopee"]["open"], got["shopee"]["overdue"]) == (1, 2, 2)
    assert (got["tokopedia"]["warning_level"], got["tokopedia"]["open"], got["tokopedia"]["overdue"]) == (0, 1, 0)
    assert api.client.get("/api/v1/platforms", headers=api.h("shopee")).status_code == 403
    assert api.client.post("/api/v1/platforms/shopee/reset-warning", headers=api.h("regulator")).status_code == 403
    assert api.client.post("/api/v1/platforms/nope/reset-warning", headers=api.h("supervisor")).status_code == 404
    r = api.client.post("/api/v1/platforms/shopee/reset-warning", headers=api.h("supervisor"))
    assert r.status_code == 200
    got = {p["slug"]: p for p in api.client.get("/api/v1/platforms", headers=api.h("auditor")).json()["platforms"]}
    assert got["shopee"]["warning_level"] == 0


def test_bulk_outcomes_cannot_reach_drafts_or_other_platforms(api):
    """The bulk path reads through its own prepared statement: it must see what Scope sees."""
    r = api.client.post("/api/v1/notices", json={"items": [ONE], "draft": True}, headers=api.h("regulator"))
    (draft,) = [n["id"] for n in r.json()["notices"]]
    (theirs,) = api.issue({"platform": "tokopedia", "listing_id": "T1"})
    (mine,) = api.issue({"platform": "shopee", "listing_id": "S1"})
    items = [{"id": i, "outcome": "removed"} for i in (draft, theirs, mine)]
    res = api.client.post("/api/v1/platform/outcomes", json={"items": items}, headers=api.h("shopee")).json()["results"]
    assert [(x["result"], x.get("status_code")) for x in res] == [("error", 404), ("error", 404), ("applied", None)]
    seen = api.client.get("/api/v1/notices", headers=api.h("supervisor")).json()["notices"]
    assert {n["id"]: n["status"] for n in seen} == {draft: "draft", theirs: "sent", mine: "removed"}
