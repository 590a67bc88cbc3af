"""Verdicts and reasons on small hand-written listings (rules alone, no learned model)."""

from __future__ import annotations

import pytest

from pantau.detect import PolicyPack, load_detector
from pantau.detect.detector import Detector
from pantau.detect.policy import Term
from pantau.detect.rules import Evidence, Hit, decide
from pantau.domain import Detection, Listing, Seller, Verdict


@pytest.fixture(scope="module")
def detector() -> Detector:
    return load_detector(use_model=False)


def listing(title: str, description: str = "", shop: str = "Toko Sinar", shop_description: str = "",
            category: str | None = None, n: int = 1) -> Listing:
    return Listing("shopee", str(n), title, Seller("s1", shop, description=shop_description),
                   description=description, category=category)


def run(detector: Detector, *listings: Listing) -> list[Detection]:
    return detector.detect(list(listings))


def texts(d: Detection) -> str:
    return " | ".join(r.text for r in d.reasons)


@pytest.mark.parametrize("title", [
    "Jual karungan jaket korea isi 80 pcs",
    "Kaos campur 1 bal 100 kg grade A import",
    "Buka bal hoodie malam ini, live jam 8",
    "Kemeja flanel thrift import size L",
    "Sweater rajut ex Jepang kondisi 90%",
    "Celana jeans kiloan 75rb/kg campur merk",
    "Cakar jaket wanita pilihan dari karung",
])
def test_clear_violations(detector: Detector, title: str) -> None:
    d = run(detector, listing(title))[0]
    assert d.verdict == Verdict.VIOLATING, texts(d)
    assert d.score >= 0.8
    assert d.reasons, "a violation always says why"


@pytest.mark.parametrize(("title", "description", "context"), [
    ("Bola futsal ball original size 4", "", "bola"),
    ("Karung beras 50 kg bekas, bersih", "", "karung beras"),
    ("Mesin ball press hidrolik 5 ton", "untuk kardus dan botol", "mesin ball press"),
    ("Tembakau rajangan 1 bal", "langsung dari petani", "tembakau"),
    ("Cimol keju pedas 500 gram", "cimol kering renyah", "cimol keju"),
    ("Mainan cakar capit boneka", "claw machine mini", "mainan"),
])
def test_contexts_cancel_terms(detector: Detector, title: str, description: str, context: str) -> None:
    d = run(detector, listing(title, description))[0]
    assert d.verdict == Verdict.BENIGN, texts(d)
    assert any(r.kind == "context" and "cancels" in r.text for r in d.reasons), texts(d)


@pytest.mark.parametrize("title", [
    "Kaos Polos Bekasi Murah Cotton Combed 30s",    # the city, not "bekas"
    "Kaos 3SECOND original new arrival",              # the brand, not "second"
    "Baju import Bangkok baru masih ada label",       # new imported clothes
    "iPhone 11 second ex Jepang mulus",               # used goods that are not worn articles
    "Motor bekas ex Jepang surat lengkap",
    "Kemeja preloved pribadi, dipakai sendiri 2x",    # the owner's own clothes
    "Laptop second murah",
])
def test_hard_negatives_are_not_violations(detector: Detector, title: str) -> None:
    d = run(detector, listing(title))[0]
    assert d.verdict != Verdict.VIOLATING, texts(d)


def test_single_used_garment_goes_to_review(detector: Detector) -> None:
    d = run(detector, listing("Kemeja flanel second uniqlo size L", "kondisi bagus"))[0]
    assert d.verdict == Verdict.REVIEW
    assert 0.35 <= d.score < 0.8
    assert "no import, bulk or thrift cue" in texts(d)


def test_reason_quotes_disguised_form_and_reading(detector: Detector) -> None:
    d = run(detector, listing("Jaket k@rung4n Korea isi 50 pcs"))[0]
    assert d.verdict == Verdict.VIOLATING
    assert 'term "karungan" (bale code) written "k@rung4n"' in texts(d)


def test_reason_for_shop_cue(detector: Detector) -> None:
    d = run(detector, listing("Hoodie Nike original size L", shop="Sinar Thrift Store"))[0]
    assert d.verdict == Verdict.VIOLATING
    assert 'shop name "Sinar Thrift Store" (thrift shop)' in texts(d)
    # the same shop selling a phone is not about clothing
    d2 = run(detector, listing("Samsung A54 mulus", shop="Sinar Thrift Store"))[0]
    assert d2.verdict == Verdict.BENIGN


def test_hashtag_reason(detector: Detector) -> None:
    d = run(detector, listing("", "kemeja denim size M, 85k #thriftimport #ootd"))[0]
    assert d.verdict == Verdict.VIOLATING
    assert "hashtag" in texts(d)


def test_negation_turns_used_into_new(detector: Detector) -> None:
    used = run(detector, listing("Jaket import second, bekas pakai"))[0]
    new = run(detector, listing("Jaket import, barang baru bukan bekas"))[0]
    assert used.verdict == Verdict.VIOLATING
    assert new.verdict == Verdict.BENIGN


def test_near_match_needs_a_second_signal(detector: Detector) -> None:
    supported = run(detector, listing("Jaket karungn korea campur isi 40 pcs"))[0]
    assert supported.verdict == Verdict.VIOLATING
    assert "near-match" in texts(supported)


def test_batch_keeps_order_and_quiet_listings(detector: Detector) -> None:
    ls = [listing("Pensil 2B isi 12", n=1), listing("Jual bal kaos korea 100 kg", n=2),
          listing("Air mineral 600ml", n=3)]
    out = run(detector, *ls)
    assert [d.verdict for d in out] == [Verdict.BENIGN, Verdict.VIOLATING, Verdict.BENIGN]
    assert all(d.policy_version == detector.policy_version for d in out)
    assert detector.detect([]) == []


def test_new_code_word_through_with_terms(detector: Detector) -> None:
    # an analyst accepts a code word: the next pack version catches it, disguised too
    pack = PolicyPack.load().with_terms(
        [Term("zonkar", "bulk", 7.0, gloss="bale code (accepted)", needs_clothing=True)], version="test+1")
    before = run(detector, listing("Kaos zonkar korea isi 100 pcs"))[0]
    after = load_detector(pack, use_model=False).detect([listing("Kaos z0nk@r korea isi 100 pcs")])[0]
    assert before.verdict != Verdict.VIOLATING or "zonkar" not in texts(before)
    assert after.verdict == Verdict.VIOLATING
    assert 'term "zonkar"' in texts(after) and after.policy_version == "test+1"


def test_decide_is_pure_and_explains_each_weight() -> None:
    pack = PolicyPack.load()
    term = next(t for t in pack.terms if t.term == "karungan")
    ev = Evidence(hits=[Hit(term, "title", "karungan", written="k4rungan")], clothing=["kaos"])
    a, b = decide(ev, pack), decide(ev, pack)
    assert a == b
    assert a.verdict == Verdict.VIOLATING
    assert sum(r.weight for r in a.reasons) == pytest.approx(
        __import__("math").log(a.score / (1 - a.score)) - pack.thresholds["bias"], abs=1e-6)
    no_clothing = decide(Evidence(hits=[Hit(term, "title", "karungan")]), pack)
    assert no_clothing.verdict == Verdict.BENIGN


@pytest.mark.parametrize("text", [
    "a" * 50_000,                        # one huge word
    "a1" * 20_000,                       # digits and letters everywhere
    " ".join("ab" * 10_000),             # single letters spread out
    "#" + "thrift" * 5_000,              # a hashtag longer than the splitter reads
    "\u200b".join("karungan" * 3_000),   # invisible characters between every letter
    "kaos " + "b4ll k@rung " * 3_000,    # many disguised terms, so the reasons path runs
])
def test_hostile_text_is_read_boundedly(detector: Detector, text: str) -> None:
    li = listing(text[:5000], text, shop=text[:2000], shop_description=text)
    d = run(detector, li)[0]
    assert d.verdict in (Verdict.BENIGN, Verdict.REVIEW, Verdict.VIOLATING)
    assert all(len(r.text) < 2_000 for r in d.reasons)  # reasons quote words, not whole fields
    # the normaliser's per-token cache keeps only short tokens: a flood of huge words cannot fill it
    assert all(len(t) <= 64 for t in detector.normaliser._token_cache)


@pytest.mark.parametrize(("title", "expected"), [
    # a lot from abroad, sorted/sealed, by the hundred: a bale even when its code word is new
    ("Jaket zorbel Korea isi 200 pcs sortiran", Verdict.VIOLATING),
    # the same quantity of new wholesale stock with only "import" is not
    ("Kaos polos import isi 200 pcs grade A", Verdict.BENIGN),
    # a look, not an origin
    ("Jaket desain Jepang second size L", Verdict.REVIEW),
    # "pj 70" is a length, not the code PJ
    ("Kemeja flanel LD 100 PJ 70 original", Verdict.BENIGN),
    # never worn
    ("Kemeja import Korea belum pernah dipakai", Verdict.BENIGN),
])
def test_context_classes(detector: Detector, title: str, expected: Verdict) -> None:
    d = run(detector, listing(title))[0]
    assert d.verdict == expected, texts(d)


def test_full_width_capital_i_reads_as_i(detector: Detector) -> None:
    assert detector.normaliser.normalise("Ｓｅｃｏｎｄ Ｉｍｐｏｒｔ") == "second import"


def test_model_lifts_but_alone_only_to_review() -> None:
    pack = PolicyPack.load()
    plain = decide(Evidence(clothing=["kaos"], model=0.999), pack)
    assert plain.verdict == Verdict.REVIEW  # an unknown code word: a person looks at it
    assert any(r.kind == "model" for r in plain.reasons)
    with_cue = decide(Evidence(clothing=["kaos"], origin=["korea"], model=0.9999), pack)
    assert with_cue.verdict == Verdict.VIOLATING  # a near-certain model beside a cue of the rules
    capped = decide(Evidence(clothing=["kaos"], model=0.9999), pack)
    assert capped.verdict == Verdict.REVIEW
    # the model never lowers: a clear bale listing stays violating with a low model score
    term = next(t for t in pack.terms if t.term == "karungan")
    low = decide(Evidence(hits=[Hit(term, "title", "karungan")], clothing=["kaos"], model=0.01), pack)
    assert low.verdict == Verdict.VIOLATING
    # and the policy's ambiguous case stays a review whatever the model says below certainty
    used = decide(Evidence(clothing=["kemeja"], used=["second"], model=0.2), pack)
    assert used.verdict == Verdict.REVIEW
