"""Done-when: replay weekly timelines (bale sellers on one code, a crackdown, a switch to a new
coinage while benign traffic goes on and benign words burst) and find the coinage in the top 5 the
week it first appears with >= 20 listings, with no benign product word beside it."""

from __future__ import annotations

import pytest

from pantau.terms.discover import discover
from pantau.terms.known import known_terms
from pantau.terms.timeline import BENIGN_TEMPLATES, COLOURS, SIZES, Timeline, simulate_docs

detect = pytest.importorskip("pantau.detect")


@pytest.fixture(scope="module")
def detector():  # type: ignore[no-untyped-def]
    return detect.load_detector()


def benign_words(tl: Timeline) -> set[str]:
    words = {w for t in BENIGN_TEMPLATES for w in t.replace("{c}", "").replace("{s}", "").split()}
    words |= {w for phrase in tl.seasonal for w in phrase.split()} | set(tl.new_product.split())
    return words | set(COLOURS) | set(SIZES) | {"samsung", "256gb", "512gb", "resmi", "sein", "garansi"}


# coinages that appear nowhere in shared/ and are not in the policy pack; seeds vary the traffic
SCENARIOS = [
    ("buntelan", 1, 0, 20), ("gembolan", 2, 4, 22), ("lungsuran", 3, 0, 24), ("glondongan", 4, 6, 20),
    ("kresekan", 5, 0, 21),
]


@pytest.mark.slow
@pytest.mark.parametrize(("coinage", "seed", "trickle", "first"), SCENARIOS)
def test_new_coinage_is_top5_the_week_it_appears_and_no_benign_word_is(detector, coinage, seed, trickle, first):
    tl = Timeline(seed=seed, coinage=coinage, trickle=trickle, coinage_first=first, benign_per_week=2000)
    weeks = list(tl.weeks())
    known = known_terms(detector.pack if hasattr(detector, "pack") else detect.policy.PolicyPack.load())
    assert not known.is_known(coinage)
    docs = simulate_docs(weeks, detector)
    w = tl.switch_week
    assert weeks[w].coinage_listings >= 20 and weeks[w - 1].coinage_listings < 20
    history = [(weeks[i].label, docs[i]) for i in range(max(0, w - 4), w)]
    top5 = discover(docs[w], known, history=history, window=weeks[w].label, top=5)
    terms = [s.term for s in top5]
    assert coinage in terms, terms
    plain = benign_words(tl)
    assert not [t for t in terms if set(t.lstrip("#").split()) <= plain], terms
    hit = top5[terms.index(coinage)]
    assert hit.count >= 20 and len(hit.examples) == 5
    assert all(k.split("/", 1)[1].startswith("op") for k in hit.examples)  # examples are bale listings


@pytest.mark.slow
def test_before_the_switch_no_coinage_and_benign_bursts_stay_out(detector):
    tl = Timeline(seed=7, coinage="lempitan", benign_per_week=2000)
    weeks = list(tl.weeks())
    known = known_terms(detect.policy.PolicyPack.load())
    docs = simulate_docs(weeks, detector)
    w = tl.switch_week - 1  # the seasonal words start bursting this week
    history = [(weeks[i].label, docs[i]) for i in range(max(0, w - 4), w)]
    top = [s.term for s in discover(docs[w], known, history=history, window=weeks[w].label, top=10)]
    assert "lempitan" not in top
    assert not [t for t in top if "lebaran" in t or "s27" in t], top
