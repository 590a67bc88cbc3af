"""The verifier against a small fake marketplace on 127.0.0.1, and webhook signing, delivery and retry
against a local receiver."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import orjson
import pytest
from sqlalchemy import select

from pantau.errors import FetchError
from pantau.notices import webhooks
from pantau.notices.creation import NoticeRequest, create_notices
from pantau.notices.legal import LegalBasis
from pantau.notices.lifecycle import Actor, Command, Role
from pantau.notices.service import Scope, UnitOfWork, act
from pantau.notices.verify import Page, PageState, classify, run_verification, safe_fetcher
from pantau.store import audit
from pantau.store.tables.notices import NoticeEventRow, NoticeRow, PlatformRow, WebhookOutboxRow

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
ANA = Actor("ana", Role.REGULATOR)
OP = Actor("op", Role.PLATFORM, "web")


class Market(BaseHTTPRequestHandler):
    """/live: the listing is up; /gone: 404; /removed: 200 with a 'not found' page;
    /back: first 404, then live again (reappeared); /hook: webhook receiver (fails first twice)."""

    pages: ClassVar[dict[str, list[tuple[int, str]]]] = {}
    received: ClassVar[list[tuple[dict[str, str], bytes]]] = []
    hook_failures = 2

    def do_GET(self) -> None:
        seq = self.pages.get(self.path, [(404, "")])
        status, body = seq.pop(0) if len(seq) > 1 else seq[0]
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if Market.hook_failures > 0:
            Market.hook_failures -= 1
            self.send_response(503)
        else:
            Market.received.append((dict(self.headers), body))
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


LIVE = "<html><h1>Karungan 100KG baju bekas</h1><p>Rp 2.500.000</p></html>"


@pytest.fixture
def market() -> Iterator[str]:
    Market.pages = {
        "/live": [(200, LIVE)],
        "/gone": [(404, "")],
        "/removed": [(200, "<html><p>Produk tidak ditemukan</p></html>")],
        "/back": [(404, ""), (200, LIVE)],
    }
    Market.received, Market.hook_failures = [], 2
    server = ThreadingHTTPServer(("127.0.0.1", 0), Market)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_classify():
    assert classify(Page(404, ""), "x") is PageState.GONE
    assert classify(Page(200, LIVE), "Karungan 100kg baju  bekas") is PageState.LIVE
    assert classify(Page(200, "<p>Halaman tidak ditemukan</p>"), "karungan") is PageState.GONE
    assert classify(Page(200, "<p>another product</p>"), "karungan") is PageState.UNKNOWN
    assert classify(Page(503, ""), "karungan") is PageState.UNKNOWN


def _removed(db, base: str, paths: list[str]) -> list[int]:
    with db.session() as s:
        uow = UnitOfWork(s)
        rows = create_notices(uow, ANA, [NoticeRequest(url=base + p) for p in paths], now=T0,
                              legal=LegalBasis())
        ids = [r.id for r, _ in rows]
        for nid in ids:
            s.get(NoticeRow, nid).evidence = {**s.get(NoticeRow, nid).evidence, "title": "Karungan 100kg baju bekas"}
        s.flush()
        for nid in ids:
            act(uow, Scope("web"), nid, Command.OUTCOME, OP, now=T0, outcome="removed")
        uow.finish(T0)
    return ids


def _verify(db, fetch, now, **kw):
    with db.session() as s:
        uow = UnitOfWork(s)
        r = run_verification(uow, fetch, now=now, **kw)
        uow.finish(now)
        return r


def test_verifier_against_the_fake_marketplace(sqlite_db, market):
    db = sqlite_db
    live, gone, removed, back = _removed(db, market, ["/live", "/gone", "/removed", "/back"])
    fetch = safe_fetcher(allow_private=True, per_host_interval=0.0)
    assert _verify(db, fetch, T0 + timedelta(hours=1)).verified == 0  # not due yet (24 h)
    r = _verify(db, fetch, T0 + timedelta(hours=25), recheck_verified=timedelta(days=7))
    assert (r.verified, r.reappeared) == (3, 1)
    with db.session() as s:
        status = {n.id: n.status for n in s.scalars(select(NoticeRow))}
    assert status == {live: "reappeared", gone: "verified", removed: "verified", back: "verified"}
    # a week later the keep-down check finds /back live again
    r = _verify(db, fetch, T0 + timedelta(days=9), recheck_verified=timedelta(days=7))
    with db.session() as s:
        assert s.get(NoticeRow, back).status == "reappeared"
        assert s.get(NoticeRow, gone).status == "verified"
        assert audit.verify(s, seal_first=True).ok


def test_the_default_fetcher_refuses_loopback(market):
    with pytest.raises(FetchError, match="not public"):
        safe_fetcher(per_host_interval=0.0)(market + "/live")


def test_webhook_signature_round_trip():
    body = b'{"event":"notice.sent"}'
    header = webhooks.sign("whsec_x", body, 1_700_000_000)
    assert webhooks.verify_signature("whsec_x", body, header, now=1_700_000_010)
    assert not webhooks.verify_signature("whsec_y", body, header, now=1_700_000_010)
    assert not webhooks.verify_signature("whsec_x", body + b" ", header, now=1_700_000_010)
    assert not webhooks.verify_signature("whsec_x", body, header, now=1_700_000_000 + 3600)  # replayed late


def test_backoff_grows_and_is_capped():
    delays = [webhooks.backoff(n) for n in range(1, 20)]
    assert delays[0] == timedelta(seconds=30) and delays[1] == timedelta(seconds=60)
    assert all(a <= b for a, b in itertools.pairwise(delays)) and delays[-1] == webhooks.MAX_DELAY


def test_webhooks_are_signed_delivered_and_retried(sqlite_db, market):
    db = sqlite_db
    with db.session() as s:
        s.add(PlatformRow(slug="web", name="web"))
        s.flush()
        secret = webhooks.set_endpoint(s, "web", market + "/hook", actor="op")
    _removed(db, market, ["/gone"])  # sending queues notice.sent
    send = webhooks.httpx_sender(allow_private=True)
    now = T0
    reports = []
    for _ in range(4):
        with db.session() as s:
            reports.append(webhooks.deliver_due(s, send, now=now))
        now += timedelta(minutes=5)
    assert [(r.delivered, r.retried) for r in reports[:3]] == [(0, 1), (0, 1), (1, 0)]
    assert len(Market.received) == 1
    headers, body = Market.received[0]
    delivered_at = int((T0 + timedelta(minutes=10)).timestamp())  # the third attempt
    assert webhooks.verify_signature(secret, body, headers[webhooks.HEADER], now=delivered_at)
    assert not webhooks.verify_signature("whsec_other", body, headers[webhooks.HEADER], now=delivered_at)
    assert orjson.loads(body)["event"] == "notice.sent"
    with db.session() as s:
        row = s.scalars(select(WebhookOutboxRow)).one()
        assert row.attempts == 3 and row.delivered_at is not None


def test_undeliverable_events_die_after_max_attempts(sqlite_db):
    db = sqlite_db
    with db.session() as s:
        s.add(PlatformRow(slug="web", name="web"))
        s.flush()
        webhooks.set_endpoint(s, "web", "https://hooks.example/pantau", actor="op")
        s.add(WebhookOutboxRow(platform="web", event="notice.sent", payload={}, next_attempt_at=T0))

    def down(_d):
        raise ConnectionError("refused")

    now = T0
    for _ in range(webhooks.MAX_ATTEMPTS):
        with db.session() as s:
            webhooks.deliver_due(s, down, now=now)
        now += webhooks.MAX_DELAY
    with db.session() as s:
        row = s.scalars(select(WebhookOutboxRow)).one()
        assert row.dead and row.attempts == webhooks.MAX_ATTEMPTS and "refused" in row.last_error


def test_a_linked_copy_marks_the_notice_reappeared(db, market):
    """The page stays gone, but a new listing with the same photos (or a linked seller) was scanned."""
    from pantau.store.tables.listings import ListingRow, ScanResultRow, SellerRow

    gone_photo, gone_seller = _removed(db, market, ["/gone", "/removed"])
    with db.session() as s:
        photo_lid = s.get(NoticeRow, gone_photo).listing_id
        s.get(NoticeRow, gone_seller).evidence = {**s.get(NoticeRow, gone_seller).evidence, "seller_id": "old-shop"}
        seller = SellerRow(platform="shopee", seller_id="new-shop")
        s.add(seller)
        s.flush()
        for lid, matches, links in (("copy-1", [{"platform": "web", "listing_id": photo_lid, "distance": 4}], []),
                                    ("copy-2", [], [{"platform": "web", "seller_id": "old-shop", "score": 0.95}])):
            listing = ListingRow(platform="shopee", listing_id=lid, seller_pk=seller.id, content_hash="h" * 64)
            s.add(listing)
            s.flush()
            s.add(ScanResultRow(listing_pk=listing.id, content_hash="h" * 64, verdict="violating", score=0.9,
                                image_matches=matches, seller_links=links, policy_version="p", model_hash="m",
                                created_at=T0 + timedelta(hours=2)))
    fetch = safe_fetcher(allow_private=True, per_host_interval=0.0)
    r = _verify(db, fetch, T0 + timedelta(hours=25))
    assert r.reappeared == 2 and r.verified == 0
    with db.session() as s:
        for nid, copy in ((gone_photo, "shopee/copy-1"), (gone_seller, "shopee/copy-2")):
            assert s.get(NoticeRow, nid).status == "reappeared"
            events = s.scalars(select(NoticeEventRow).where(NoticeEventRow.notice_id == nid,
                                                            NoticeEventRow.action == "reappear")).all()
            assert [e.detail["copy"] for e in events] == [copy]


def test_the_webhook_sender_refuses_private_addresses():
    """A platform's endpoint is written by an outsider: it must never make pantau call inside."""
    from pantau.ingest.fetch import BlockedAddress

    send = webhooks.httpx_sender()
    for url in ("http://127.0.0.1:9/hook", "http://10.0.0.8/hook", "http://[::1]/hook", "file:///etc/passwd"):
        with pytest.raises(BlockedAddress):
            send(webhooks.Delivery(url=url, body=b"{}", headers={}))
