"""The pipeline's PhotoMatcher over listings: in one batch, across batches, against the bank."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from photos_helpers import product_photo, save
from PIL import ImageOps

from pantau.domain import Detection, Listing, Seller, Verdict
from pantau.photos.bank import PhotoBank
from pantau.photos.matcher import BankPhotoMatcher
from pantau.pipeline import BatchScorer

TAKEN = datetime(2026, 1, 2, tzinfo=UTC)


def listing(lid: str, images: list[str], base: Path, taken_down: bool = False) -> Listing:
    return Listing("shopee", lid, f"kemeja {lid}", Seller(f"s-{lid}"), images=images, base_dir=str(base),
                   taken_down_at=TAKEN if taken_down else None)


def benign(listings: Sequence[Listing]) -> list[Detection]:
    return [Detection(Verdict.BENIGN, 0.0) for _ in listings]


@pytest.fixture
def photos(tmp_path: Path) -> Path:
    """Three unrelated photos, an edited copy of the first (mirrored, recompressed, smaller), and
    a flat grey one that PDQ cannot tell from other flat images."""
    a = product_photo(0, (480, 360))
    save(a, tmp_path / "a.jpg", quality=90)
    save(product_photo(6, (480, 360)), tmp_path / "b.jpg")
    save(product_photo(8, (480, 360)), tmp_path / "c.png", "PNG")
    save(ImageOps.mirror(a).resize((240, 180)), tmp_path / "sub" / "a-copy.jpg", quality=40)
    save(ImageOps.grayscale(product_photo(0)).point(lambda _: 128), tmp_path / "flat.png", "PNG")
    return tmp_path


def test_two_listings_in_one_batch(photos: Path) -> None:
    m = BankPhotoMatcher()
    first = listing("1", ["b.jpg", "a.jpg"], photos)
    second = listing("2", ["sub/a-copy.jpg"], photos)
    out = m.match([first, second])
    assert out[0].matches == [] and len(out[0].hashes) == 2 and all(out[0].hashes)
    [match] = out[1].matches
    assert (match.platform, match.listing_id, match.photo, match.other_photo) == ("shopee", "1", 0, 1)
    assert match.distance <= m.threshold and not match.taken_down
    assert out[1].errors == []


def test_across_batches_and_never_itself(photos: Path) -> None:
    m = BankPhotoMatcher()
    m.match([listing("1", ["a.jpg"], photos)])
    later = m.match([listing("2", ["c.png", "sub/a-copy.jpg"], photos), listing("1", ["a.jpg"], photos)])
    assert [(x.listing_id, x.photo) for x in later[0].matches] == [("1", 1)]
    assert [x.listing_id for x in later[1].matches] == ["2"], "listing 1 matches 2, never itself"


def test_taken_down_listing_is_banked_and_matches_are_flagged(photos: Path) -> None:
    bank = PhotoBank()
    m = BankPhotoMatcher(bank)
    removed = [listing("9", ["a.jpg", "b.jpg"], photos, taken_down=True), listing("5", ["c.png"], photos)]
    m.learn(removed, m.match(removed), benign(removed))
    # only the taken-down listing's photos, each as two hashes (whole photo and centre crop)
    assert len(bank) == 4
    assert sorted((e.listing_id, e.photo, e.taken_down) for e in m.drain_new_entries()) == [
        ("9", 0, True), ("9", 0, True), ("9", 1, True), ("9", 1, True)]
    # a fresh run (new matcher, same bank): the re-used photo is found in the bank
    fresh = BankPhotoMatcher(bank)
    [out] = fresh.match([listing("77", ["sub/a-copy.jpg"], photos)])
    assert [(x.listing_id, x.taken_down) for x in out.matches] == [("9", True)]


def test_violating_verdicts_are_banked_only_when_asked(photos: Path) -> None:
    batch = [listing("3", ["b.jpg"], photos)]
    violating = [Detection(Verdict.VIOLATING, 0.95)]
    off = BankPhotoMatcher()
    off.learn(batch, off.match(batch), violating)
    assert len(off.bank) == 0
    on = BankPhotoMatcher(bank_violating=True)
    on.learn(batch, on.match(batch), violating)
    assert {(e.listing_id, e.taken_down) for e in on.bank.entries()} == {("3", False)}


def test_bad_photos_are_reported_not_raised(photos: Path, tmp_path: Path) -> None:
    (photos / "notes.txt").write_text("not an image")
    (photos / "cut.jpg").write_bytes((photos / "a.jpg").read_bytes()[:300])
    refs = ["missing.jpg", "notes.txt", "cut.jpg", "flat.png", "/etc/passwd", "../outside.jpg",
            "https://example.com/x.jpg", "file:///etc/passwd", "", "a.jpg"]
    m = BankPhotoMatcher()
    [out] = m.match([listing("4", refs, photos)])
    assert out.hashes[:9] == [None] * 9 and out.hashes[9] is not None
    text = "\n".join(out.errors)
    for expected in ["photo 1: missing.jpg: file not found", "photo 2: notes.txt: not an image",
                     "photo 3: cut.jpg: cannot", "photo 4: PDQ quality", "photo 5: /etc/passwd: absolute",
                     "photo 6: ../outside.jpg: path leaves", "photo 7: https://example.com/x.jpg: photo URLs "
                     "are not fetched", "photo 8: file:///etc/passwd: only relative", "photo 9: photo: empty"]:
        assert expected in text
    records = m.drain_records()
    assert len(records) == 10 and records[3].pdq is not None and records[3].error.startswith("PDQ quality")
    assert m.drain_records() == []


def test_flat_photos_do_not_match_each_other(photos: Path) -> None:
    m = BankPhotoMatcher()
    out = m.match([listing("1", ["flat.png"], photos), listing("2", ["flat.png"], photos)])
    assert out[1].matches == [] and out[1].hashes == [None]


def test_photo_count_is_capped(photos: Path) -> None:
    m = BankPhotoMatcher(max_photos=2)
    [out] = m.match([listing("1", ["a.jpg", "b.jpg", "c.png"], photos)])
    assert len(out.hashes) == 2 and out.errors == ["only the first 2 of 3 photos were checked"]


class _Detector:
    policy_version = "test"
    model_hash = "none"

    def detect(self, listings: Sequence[Listing]) -> list[Detection]:
        return [Detection(Verdict.BENIGN, 0.2) for _ in listings]


def test_batch_scorer_reports_the_taken_down_photo(photos: Path) -> None:
    scorer = BatchScorer(_Detector(), photos=BankPhotoMatcher())
    results = scorer.score([listing("9", ["a.jpg"], photos, taken_down=True),
                            listing("10", ["b.jpg", "sub/a-copy.jpg"], photos)])
    second = results[1].to_json()
    assert second["image_matches"] == [{"platform": "shopee", "listing_id": "9",
                                        "distance": results[1].image_matches[0].distance,
                                        "photo": 1, "taken_down": True}]
    assert any(r.startswith("photo 2 matches taken-down listing shopee/9, distance") for r in second["reasons"])
    assert second["verdict"] == "violating"


def test_photo_urls_are_fetched_through_the_safe_fetcher(photos: Path) -> None:
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from pantau.ingest.fetch import SafeFetcher

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(photos)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with SafeFetcher(allow_private=True, per_host_interval=0) as fetcher:
            m = BankPhotoMatcher(fetcher=fetcher)
            out = m.match([listing("1", [f"{base}/a.jpg"], photos),
                           listing("2", [f"{base}/sub/a-copy.jpg", f"{base}/notes-missing.txt"], photos)])
        with SafeFetcher(per_host_interval=0) as strict:  # the default refuses loopback
            [refused] = BankPhotoMatcher(fetcher=strict).match([listing("3", [f"{base}/a.jpg"], photos)])
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert [x.listing_id for x in out[1].matches] == ["1"]
    assert out[1].errors and "HTTP 404" in out[1].errors[0]
    assert refused.hashes == [None] and "not public" in refused.errors[0]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 4000), flips=st.lists(st.tuples(st.integers(0, 4000), st.integers(1, 255)),
                                                max_size=8),
       name=st.sampled_from(["a.jpg", "c.png"]))
def test_damaged_photo_bytes_are_a_reported_error_or_a_hash_never_an_exception(
        photos: Path, cut: int, flips: list[tuple[int, int]], name: str) -> None:
    data = bytearray((photos / name).read_bytes())
    for at, x in flips:
        data[at % len(data)] ^= x
    (photos / "damaged.img").write_bytes(bytes(data[: len(data) - cut]))
    [out] = BankPhotoMatcher().match([listing("9", ["damaged.img"], photos)])
    assert (out.hashes[0] is None) == bool(out.errors)
    assert all(e.startswith("photo 1: ") for e in out.errors)
