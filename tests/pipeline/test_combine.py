"""`combine`: seller and photo evidence raise clothing listings only (policy point 5)."""

from __future__ import annotations

from pantau.domain import Detection, ImageMatch, Listing, Seller, SellerLink, Verdict
from pantau.pipeline import PhotoOutcome, combine

LISTING = Listing("shopee", "1", "Kemeja flanel pria", Seller("s1"))
OFFENDER = SellerLink("tokopedia", "old", 0.99, ["same WhatsApp +6281234567890"], known_offender=True)


def plain(clothing: bool | None) -> Detection:
    return Detection(Verdict.BENIGN, 0.047, [], "p", "m", clothing=clothing)


def test_a_clothing_listing_of_a_recreated_account_is_violating_with_the_link_as_reason() -> None:
    d = combine(LISTING, plain(True), [OFFENDER], PhotoOutcome())
    assert d.verdict is Verdict.VIOLATING and d.clothing is True
    assert any("taken-down seller tokopedia/old" in r.text and "same WhatsApp" in r.text for r in d.reasons)


def test_a_phone_of_the_same_account_goes_to_review_not_violating() -> None:
    d = combine(LISTING, plain(False), [OFFENDER], PhotoOutcome())
    assert d.verdict is Verdict.REVIEW


def test_a_photo_of_a_taken_down_listing_counts_like_a_link() -> None:
    photos = PhotoOutcome(matches=[ImageMatch("shopee", "9", 6, taken_down=True)])
    d = combine(LISTING, plain(True), [], photos)
    assert d.verdict is Verdict.VIOLATING and any("distance 6" in r.text for r in d.reasons)


def test_evidence_never_lowers_a_verdict_and_links_to_non_offenders_change_nothing() -> None:
    flagged = Detection(Verdict.VIOLATING, 0.97, [], "p", "m", clothing=True)
    assert combine(LISTING, flagged, [], PhotoOutcome()) is flagged
    ordinary = SellerLink("lazada", "x", 0.95, ["same phrase"])
    assert combine(LISTING, plain(True), [ordinary], PhotoOutcome()).verdict is Verdict.BENIGN


def test_a_detector_that_does_not_say_falls_back_to_its_evidence() -> None:
    assert combine(LISTING, plain(None), [OFFENDER], PhotoOutcome()).verdict is Verdict.REVIEW
    strong = Detection(Verdict.REVIEW, 0.5, [], "p", "m")
    assert combine(LISTING, strong, [OFFENDER], PhotoOutcome()).verdict is Verdict.VIOLATING
