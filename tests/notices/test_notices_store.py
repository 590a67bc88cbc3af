"""Notices in the store, on SQLite and PostgreSQL: creation with evidence and legal basis, the one
apply path with optimistic locking, bulk outcomes, escalation, access, and the audit chain."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, select, text, update

from pantau.errors import Conflict, InputError, NotFound, Unauthorized
from pantau.notices import access
from pantau.notices.creation import NoticeRequest, create_notices
from pantau.notices.escalation import run_escalation
from pantau.notices.evidence import check_seal
from pantau.notices.legal import LegalBasis
from pantau.notices.lifecycle import Actor, Command, Role
from pantau.notices.service import ALL, BulkItem, NoticeConfig, Scope, UnitOfWork, act, bulk_outcomes
from pantau.store import audit
from pantau.store.base import Base
from pantau.store.tables.listings import ListingRow, ScanResultRow, SellerRow
from pantau.store.tables.notices import AuditLogRow, NoticeEventRow, NoticeRow, PlatformRow, TokenRow

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
ANA = Actor("ana", Role.REGULATOR)
SUP = Actor("sup", Role.SUPERVISOR)
SHOPEE = Actor("op-shopee", Role.PLATFORM, "shopee")
TOKO = Actor("op-toko", Role.PLATFORM, "tokopedia")
LEGAL = LegalBasis()


def issue(db, items, *, now=T0, actor=ANA, **kw):
    with db.session() as s:
        uow = UnitOfWork(s)
        rows = create_notices(uow, actor, items, now=now, legal=LEGAL, **kw)
        uow.finish(now)
        return [r.id for r, _ in rows]


def do(db, scope, nid, command, actor, *, now=T0, **kw):
    with db.session() as s:
        uow = UnitOfWork(s)
        row, changed = act(uow, scope, nid, command, actor, now=now, **kw)
        uow.finish(now)
        return row.status, changed


def add_listing(db, *, observed: datetime):
    with db.session() as s:
        seller = SellerRow(platform="shopee", seller_id="s1", name="Gudang Bal Import")
        s.add(seller)
        s.flush()
        listing = ListingRow(platform="shopee", listing_id="L1", seller_pk=seller.id, title="karungan 100kg",
                             description="bal segel", images=["https://cdn.example/1.jpg"], content_hash="c" * 64,
                             first_seen=observed, last_seen=observed, url="https://shopee.co.id/x-i.1.2")
        s.add(listing)
        s.flush()
        photos = Base.metadata.tables.get("photos")
        if photos is not None:  # the photos capability's table: the notice copies its PDQ hashes
            rows = [{"platform": "shopee", "listing_id": "L1", "idx": i, "source": f"{i}.jpg", "pdq": h,
                     "hashed_at": observed} for i, h in enumerate(["ab" * 32, "cd" * 32])]
            s.execute(photos.insert(), rows)
        s.add(ScanResultRow(listing_pk=listing.id, content_hash="c" * 64, verdict="violating", score=0.97,
                            reasons=[{"kind": "term", "text": 'term "karungan" (bale code)'}], policy_version="p1",
                            model_hash="m1"))


def test_issue_routes_to_platform_with_deadline_legal_basis_and_sealed_evidence(db):
    add_listing(db, observed=datetime(2025, 6, 1, tzinfo=UTC))
    a, b, c = issue(db, [NoticeRequest("shopee", "L1"), NoticeRequest(url="https://www.tokopedia.com/toko/bal"),
                         NoticeRequest(url="https://example.org/lapak/123")], urgency="urgent")
    with db.session() as s:
        n = s.get(NoticeRow, a)
        assert (n.platform, n.status, n.urgency) == ("shopee", "sent", "urgent")
        assert n.deadline_at - n.sent_at == timedelta(hours=4)
        assert n.evidence["title"] == "karungan 100kg" and n.evidence["shop_name"] == "Gudang Bal Import"
        assert n.evidence["reasons"][0]["text"].startswith('term "karungan"') and n.evidence["score"] == 0.97
        assert check_seal(n.evidence, n.evidence_hash)
        if Base.metadata.tables.get("photos") is not None:
            assert n.evidence["photo_hashes"] == ["ab" * 32, "cd" * 32]
        # observed in 2025: the 2021-2025 regulation applies, its 2026 replacement does not
        ids = {i["id"] for i in n.legal_basis}
        assert "permendag-18-2021" in ids and "permendag-47-2025" not in ids
        assert s.get(NoticeRow, b).platform == "tokopedia" and s.get(NoticeRow, c).platform == "web"
        events = s.scalars(select(NoticeEventRow.action).where(NoticeEventRow.notice_id == a)
                           .order_by(NoticeEventRow.id)).all()
        assert events == ["approve", "send"]
        assert audit.verify(s, seal_first=True).ok


def test_legal_basis_follows_the_observation_date():
    assert {i["id"] for i in LEGAL.on(date(2026, 2, 1))} >= {"permendag-47-2025", "permendag-31-2023"}
    assert "permendag-18-2021" not in {i["id"] for i in LEGAL.on(date(2026, 2, 1))}
    assert "permendag-31-2023" not in {i["id"] for i in LEGAL.on(date(2023, 9, 25))}


def test_asking_twice_for_the_same_listing_returns_the_open_notice(db):
    first = issue(db, [NoticeRequest("shopee", "L9")])
    again = issue(db, [NoticeRequest("shopee", "L9")])
    assert first == again


def test_full_lifecycle_in_store_and_refusals(db):
    cfg = NoticeConfig(require_approval=True)
    (nid,) = issue(db, [NoticeRequest("shopee", "L2")], config=cfg)
    with pytest.raises(Conflict):
        do(db, ALL, nid, Command.SEND, SUP)  # a draft must be approved first
    assert do(db, ALL, nid, Command.APPROVE, SUP) == ("approved", True)
    assert do(db, ALL, nid, Command.SEND, SUP) == ("sent", True)
    with pytest.raises(NotFound):
        do(db, Scope("tokopedia"), nid, Command.ACKNOWLEDGE, TOKO)  # not its notice: does not exist for it
    assert do(db, Scope("shopee"), nid, Command.ACKNOWLEDGE, SHOPEE) == ("acknowledged", True)
    assert do(db, Scope("shopee"), nid, Command.OUTCOME, SHOPEE, outcome="removed") == ("removed", True)
    assert do(db, Scope("shopee"), nid, Command.OUTCOME, SHOPEE, outcome="removed") == ("removed", False)
    with pytest.raises(Conflict):
        do(db, Scope("shopee"), nid, Command.OUTCOME, SHOPEE, outcome="rejected", reason="no")
    with db.session() as s:
        n = s.get(NoticeRow, nid)
        assert n.verify_after == T0 + timedelta(hours=24) and n.version == 5
        assert len(s.scalars(select(NoticeEventRow).where(NoticeEventRow.notice_id == nid)).all()) == 4
        assert audit.verify(s, seal_first=True).ok


def test_stale_version_is_re_read_and_the_same_outcome_applies_once(db):
    (nid,) = issue(db, [NoticeRequest("shopee", "L3")])
    with db.session() as s:
        uow = UnitOfWork(s)
        row = Scope("shopee").get(s, nid)  # worker B has read version 3 ...
        # ... while worker A, in another transaction, records the outcome
        assert do(db, Scope("shopee"), nid, Command.OUTCOME, SHOPEE, outcome="removed") == ("removed", True)
        assert row.version == 3
        got, changed = act(uow, Scope("shopee"), nid, Command.OUTCOME, SHOPEE, now=T0, outcome="removed")
        uow.finish(T0)
        assert (got.status, changed) == ("removed", False)
    with db.session() as s:
        outcomes = s.scalars(select(NoticeEventRow).where(NoticeEventRow.notice_id == nid,
                                                          NoticeEventRow.action == "outcome")).all()
        assert len(outcomes) == 1


def test_bulk_outcomes_answer_per_item(db):
    ids = issue(db, [NoticeRequest("shopee", f"B{i}") for i in range(3)] + [NoticeRequest("tokopedia", "T1")])
    with db.session() as s:
        uow = UnitOfWork(s)
        res = bulk_outcomes(uow, Scope("shopee"), [BulkItem(ids[2], "removed"), BulkItem(ids[0], "rejected", "ok"),
                                                    BulkItem(ids[3], "removed"), BulkItem(ids[1], "rejected")],
                            SHOPEE, now=T0)
        uow.finish(T0)
    assert [r["result"] for r in res] == ["applied", "applied", "error", "error"]
    assert res[2]["status_code"] == 404 and res[3]["status_code"] == 422
    with db.session() as s:
        assert s.get(NoticeRow, ids[3]).status == "sent"


def test_escalation_with_an_injected_clock(db):
    a, b = issue(db, [NoticeRequest("shopee", "E1"), NoticeRequest("tokopedia", "E2")])
    (u,) = issue(db, [NoticeRequest("shopee", "E3")], urgency="urgent")
    do(db, Scope("tokopedia"), b, Command.OUTCOME, TOKO, outcome="removed")

    def run(now):
        with db.session() as s:
            uow = UnitOfWork(s)
            r = run_escalation(uow, now=now)
            uow.finish(now)
            return r

    assert run(T0 + timedelta(hours=3)).notices == []
    r = run(T0 + timedelta(hours=5))  # only the urgent one (4 h) is overdue
    assert [(e.notice_id, e.level) for e in r.notices] == [(u, 1)]
    assert [(w.platform, w.level) for w in r.warnings] == [("shopee", 1)]
    assert run(T0 + timedelta(hours=5, minutes=1)).notices == []  # nothing new: repeats nothing
    r = run(T0 + timedelta(hours=25))  # urgent: 21 h late -> 3 (capped); normal: 1 h late -> 1
    assert sorted((e.notice_id, e.level) for e in r.notices) == sorted([(u, 3), (a, 1)])
    assert [(w.platform, w.level) for w in r.warnings] == [("shopee", 3)]
    with db.session() as s:
        assert s.get(PlatformRow, "shopee").warning_level == 3
        assert s.get(PlatformRow, "tokopedia").warning_level == 0  # it answered in time
        assert audit.verify(s, seal_first=True).ok


def test_tokens_are_stored_hashed_and_passwords_with_scrypt(db):
    with db.session() as s:
        p = access.create_user(s, "op", "platform", platform="shopee", password="correct horse")
        token = access.create_token(s, p)
    with db.session() as s:
        stored = s.scalars(select(TokenRow.token_hash)).all()
        assert token not in stored and access.hash_token(token) in stored
        assert access.authenticate_token(s, token) == p
        with pytest.raises(Unauthorized):
            access.authenticate_token(s, token + "x")
        assert access.verify_password(s, "op", "correct horse") == p
        with pytest.raises(Unauthorized):
            access.verify_password(s, "op", "wrong")
        with pytest.raises(Unauthorized):
            access.verify_password(s, "nobody", "correct horse")
        hashed = s.scalar(text("SELECT password_hash FROM users WHERE name = 'op'"))
        assert hashed.startswith("scrypt$") and "correct horse" not in hashed
        with pytest.raises(InputError):
            access.create_user(s, "x", "platform")  # a platform user needs a platform
        with pytest.raises(InputError):
            access.create_user(s, "y", "root")
    with db.session() as s:
        access.revoke_token(s, token[:10])
    with db.session() as s, pytest.raises(Unauthorized):
        access.authenticate_token(s, token)


@pytest.mark.parametrize("tamper", ["edit", "delete_middle", "delete_last", "reorder", "payload"])
def test_audit_tampering_is_detected(db, tamper):
    issue(db, [NoticeRequest("shopee", f"A{i}") for i in range(3)])
    with db.session() as s:
        assert audit.verify(s, seal_first=True).ok
        n = audit.verify(s).checked
    with db.session() as s:
        if tamper == "edit":
            s.execute(update(AuditLogRow).where(AuditLogRow.seq == 3).values(actor="mallory"))
        elif tamper == "payload":
            row = s.get(AuditLogRow, 4)
            s.execute(update(AuditLogRow).where(AuditLogRow.seq == 4).values(payload={**row.payload, "to": "x"}))
        elif tamper == "delete_middle":
            s.execute(delete(AuditLogRow).where(AuditLogRow.seq == 2))
        elif tamper == "delete_last":
            s.execute(delete(AuditLogRow).where(AuditLogRow.seq == n))
        else:  # swap two entries' contents
            a, b = s.get(AuditLogRow, 2), s.get(AuditLogRow, 3)
            va = {"actor": a.actor, "action": a.action, "payload": a.payload, "hash": a.hash, "prev_hash": a.prev_hash}
            vb = {"actor": b.actor, "action": b.action, "payload": b.payload, "hash": b.hash, "prev_hash": b.prev_hash}
            s.execute(update(AuditLogRow).where(AuditLogRow.seq == 2).values(**vb))
            s.execute(update(AuditLogRow).where(AuditLogRow.seq == 3).values(**va))
    with db.session() as s:
        report = audit.verify(s, seal_first=True)
    assert not report.ok
    expected = {"edit": 3, "payload": 4, "delete_middle": 2, "delete_last": n, "reorder": 2}[tamper]
    assert report.broken.seq == expected
