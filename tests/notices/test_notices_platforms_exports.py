"""Platform inference from bare URLs, evidence sealing, and signed exports (library and CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pantau.cli.main import app
from pantau.errors import InputError
from pantau.notices import signing
from pantau.notices.evidence import Evidence, check_seal, seal
from pantau.notices.platforms import target_from_url


@pytest.mark.parametrize("url,platform,listing_id", [
    ("https://shopee.co.id/Karung-Bal-Import-i.123456.7890123", "shopee", "123456.7890123"),
    ("shopee.co.id/product/11/22?sp_atk=x", "shopee", "11.22"),
    ("https://www.tokopedia.com/gudangbal/karungan-100kg?extParam=1", "tokopedia", "gudangbal/karungan-100kg"),
    ("https://www.lazada.co.id/products/bal-i160040000-s1.html", "lazada", "160040000"),
    ("https://shop.tiktok.com/view/product/1729384756", "tiktokshop", "1729384756"),
    ("https://www.tiktok.com/@toko/video/1", "tiktokshop", None),
    ("https://www.facebook.com/marketplace/item/998877/", "facebook", "998877"),
    ("https://m.facebook.com/groups/123/posts/456", "facebook", None),
    ("https://www.instagram.com/p/Cx1_aB-9/", "instagram", "Cx1_aB-9"),
    ("https://www.bukalapak.com/p/fashion-pria/kaos/4abc12-jual-bal", "bukalapak", "4abc12"),
    ("https://www.blibli.com/p/kaos/ps--ABC-123", "blibli", None),
    ("https://thrift-bal.example.org/lapak?id=5#foto", "web", None),
    ("https://notshopee.co.id.evil.example/x-i.1.2", "web", None),  # suffix match, not substring
])
def test_platform_and_listing_id_from_url(url, platform, listing_id):
    t = target_from_url(url)
    assert t.platform == platform
    if listing_id:
        assert t.listing_id == listing_id
    else:
        assert t.listing_id.startswith("url-") or "/" not in t.listing_id
    assert "#" not in t.url


@pytest.mark.parametrize("bad", ["", "   ", "ftp://shopee.co.id/x", "javascript:alert(1)", "https://" + "a" * 3000])
def test_bad_urls_are_input_errors(bad):
    with pytest.raises(InputError):
        target_from_url(bad)


@given(st.text(max_size=200))
def test_any_text_gives_a_target_or_an_input_error(text):
    try:
        t = target_from_url(text)
    except InputError:
        return
    assert t.platform and t.listing_id and len(t.listing_id) <= 512


def test_the_same_listing_gets_the_same_id_whatever_the_tracking():
    a = target_from_url("https://example.org/lapak/9?utm=1#x")
    b = target_from_url("https://EXAMPLE.org./lapak/9?utm=2")
    assert (a.platform, a.listing_id) == (b.platform, b.listing_id)


def test_evidence_seal_detects_any_change_and_keeps_hostile_text_bounded():
    ev = Evidence("shopee", "1", title="<script>alert(1)</script>" + "x" * 50_000, reasons=[{"text": "term"}])
    body, digest = seal(ev.to_json())
    assert len(body["title"]) == 20_000 and check_seal(body, digest)
    assert not check_seal({**body, "title": body["title"][:-1]}, digest)
    assert not check_seal({**body, "reasons": []}, digest)


def test_signatures_verify_and_reject_changes(tmp_path: Path):
    key = signing.SigningKey.load(tmp_path)
    assert signing.SigningKey.load(tmp_path).key_id == key.key_id  # the key file is reused
    f = tmp_path / "annex.csv"
    signing.write_signed(f, b"id,platform\n1,shopee\n", key)
    assert signing.verify_file(f, key)
    f.write_bytes(b"id,platform\n2,shopee\n")
    assert not signing.verify_file(f, key)
    assert not signing.verify(b"x", signing.sign(b"x", key), signing.SigningKey(b"other"))


def test_cli_export_and_check_signature(pantau_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from pantau.config import Settings
    from pantau.notices.creation import NoticeRequest, create_notices
    from pantau.notices.legal import LegalBasis
    from pantau.notices.lifecycle import Actor, Role
    from pantau.notices.service import UnitOfWork
    from pantau.store.db import Database

    db = Database(Settings.from_env().database_url)
    try:
        with db.session() as s:
            uow = UnitOfWork(s)
            from datetime import UTC, datetime
            create_notices(uow, Actor("ana", Role.REGULATOR), [NoticeRequest("shopee", "L1"),
                                                               NoticeRequest("shopee", "=HYPERLINK()")],
                           now=datetime.now(UTC), legal=LegalBasis())
            uow.finish()
    finally:
        db.dispose()
    runner = CliRunner()
    for fmt, magic in (("csv", b"id,"), ("pdf", b"%PDF"), ("xlsx", b"PK"), ("sor", b"{")):
        out = tmp_path / f"annex.{fmt}"
        r = runner.invoke(app, ["notices", "export", "--platform", "shopee", "--format", fmt, "--output", str(out)])
        assert r.exit_code == 0, r.output
        assert out.read_bytes().startswith(magic) and "2 notices" in r.stdout
        assert runner.invoke(app, ["notices", "check-signature", str(out)]).exit_code == 0
    data = (tmp_path / "annex.csv").read_bytes()
    assert b"'=HYPERLINK()" in data
    (tmp_path / "annex.csv").write_bytes(data.replace(b"L1", b"L2"))
    bad = runner.invoke(app, ["notices", "check-signature", str(tmp_path / "annex.csv")])
    assert bad.exit_code == 1
    assert runner.invoke(app, ["notices", "export", "--platform", "shopee", "--format", "doc"]).exit_code == 2


def test_anyone_verifies_an_annex_with_the_public_key_alone(tmp_path):
    key = signing.SigningKey.load(tmp_path)
    public = signing.load_public_pem(key.public_pem())
    f = tmp_path / "annex.csv"
    signing.write_signed(f, b"id,platform\n1,shopee\n", key)
    assert signing.verify_file(f, public)
    other = signing.load_public_pem(signing.SigningKey(b"someone else").public_pem())
    assert not signing.verify_file(f, other)
    f.write_bytes(b"id,platform\n2,shopee\n")
    assert not signing.verify_file(f, public)
