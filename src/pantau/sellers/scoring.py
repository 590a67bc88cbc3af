"""Fellegi-Sunter scoring of a seller against the sellers that share a key with it.

Each comparison adds log2(m/u) bits: m is how often the same operator agrees on it, u how often two
unrelated sellers do. u is taken from the index itself, per value (term-frequency adjustment): a
phrase or number held by many sellers is boilerplate or a service number, and weighs little or
less than nothing. Writing the few comparisons out here, rather than fitting Splink, keeps the
scorer incremental (Splink retrains and reclusters in a SQL backend per run; a scan scores one new
seller at a time against a live index) and the u-probabilities explicit and frequency-aware.

A shared strong identifier (phone, bank account, e-mail, handle, shop link) held by at most
DETERMINISTIC_MAX_HOLDERS sellers links deterministically. One held by more than GIANT_HOLDERS is
a shared service (a courier's or marketplace's number) and is ignored: it can never merge everyone.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from pantau.sellers.features import name_tokens
from pantau.sellers.identifiers import STRONG_KINDS
from pantau.sellers.index import SellerIndex
from pantau.sellers.keyindex import key_hash
from pantau.sellers.regions import closeness
from pantau.sellers.text import STOCK_PHRASES, skeleton, words

# m: share of one operator's account pairs that agree; alpha: pseudo-count of unrelated holders
M = {"phone": 0.9, "bank": 0.9, "email": 0.9, "handle": 0.85, "link": 0.85, "holder": 0.5, "name": 0.35,
     "nsk": 0.25, "ng": 0.4, "ng2": 0.4, "np": 0.4, "sb": 0.4, "brand": 0.35, "line": 0.3, "photo": 0.5, "pdq": 0.5}
# (a phrase of everyday words, "np", is never as rare as its count in one store makes it look)
ALPHA = {"phone": 0.002, "bank": 0.002, "email": 0.002, "handle": 0.01, "link": 0.01, "holder": 1.0,
         "name": 1.0, "nsk": 2.0, "ng": 1.0, "ng2": 2.0, "np": 12.0, "sb": 1.0,
         "brand": 2.0, "line": 5.0, "photo": 0.5, "pdq": 1.0}
# comparisons: families whose keys measure the same thing are one comparison (best key counts)
# (a consonant skeleton, "nsk", is its own weak comparison: rizal ~ rzl, but also many chance pairs)
COMPARISON = {"ng": "phrase", "ng2": "phrase", "np": "phrase", "sb": "phrase", "name": "name", "nsk": "skeleton",
              "pdq": "photo"}
CAP = {"phrase": 9.0, "name": 7.0, "skeleton": 3.0, "brand": 3.0, "line": 1.5, "holder": 6.0, "photo": 9.0}
NO_STRETCH = frozenset({"skeleton", "brand", "line"})  # caps that stay put however big the store
CAP_STORE = 600
BANDS_NEEDED = 2
MAJOR = frozenset({"phrase", "name", "place", "timing", "photo", "holder"})
MAJOR_MIN_BITS = 1.5
UNCORROBORATED_MAX = 0.5
DETERMINISTIC_MAX_HOLDERS = 4
GIANT_HOLDERS = 25
CANDIDATE_MAX_HOLDERS = 100  # keys held by more sellers are too common to propose candidates
# how many holders a key may have and still propose candidates: a product line never does, a brand
# only when it is a rare one (an operator's niche); past these a key is only weighed
PROPOSE_MAX = {"line": 0, "brand": 20}
MAX_CANDIDATES = 20  # 60 cost 1.3x the time with the same eval linkage (see docs/bench/sellers.md)
PRIOR_MATCHES = 0.1  # expected accounts of the same operator per new seller
TAKEDOWN_WINDOW = 60  # days after a takedown in which a re-opened shop counts as "right after"
STOCK_PSEUDO = 50.0  # extra holders assumed for n-grams of known boilerplate

_STOCK_NGRAMS = {
    ("ng:" if n == 3 else "ng2:") + " ".join(toks[i:i + n])
    for phrase in STOCK_PHRASES for toks in [words(phrase)] for n in (2, 3) for i in range(len(toks) - n + 1)
}


@dataclass(slots=True)
class Scored:
    sid: int
    probability: float
    bits: float
    evidence: list[str] = field(default_factory=list)
    deterministic: bool = False


def _family(key: str) -> str:
    return key.split(":", 1)[0]


def _key_bits(family: str, holders: int, n: int, key: str) -> float:
    others = max(holders - 2, 0) + ALPHA.get(family, 1.0) + (STOCK_PSEUDO if key in _STOCK_NGRAMS else 0.0)
    return math.log2(M.get(family, 0.3) * n / others)


def _fuzzy_name(a: str, b: str, ia: SellerIndex, sa: int, sb: int) -> tuple[str, str] | None:
    """A pair of shop-name words that are the same word written differently (rizal ~ rzl, outer ~ outerwear)."""
    ta = name_tokens(a, ia.sellers[sa].place)
    tb = name_tokens(b, ia.sellers[sb].place)
    for x in ta:
        for y in tb:
            if x == y:
                return x, y
            if len(x) >= 4 and len(y) >= 4 and fuzz.ratio(x, y) >= (80 if min(len(x), len(y)) >= 5 else 85):
                return x, y
            short, long_ = sorted((x, y), key=len)
            if len(short) >= 4 and long_.startswith(short):
                return x, y
            if len(short) >= 3 and short == skeleton(long_)[:len(short)] and short == skeleton(short):
                return x, y
    return None


def _place_bits(index: SellerIndex, a: int, b: int) -> tuple[float, str]:
    pa, pb = index.sellers[a].place, index.sellers[b].place
    n = max(len(index), 1)
    level = closeness(pa, pb)
    if level == "same":
        u = max(index.regency_count[pa.regency] / n, 0.002)
        return min(math.log2(0.7 / u), 6.0), f"same pickup city ({pa.base.title()})"
    if level == "twin":
        u = max(index.base_count[pa.base] / n, 0.004)
        return min(math.log2(0.15 / u), 3.5), f"neighbouring regency ({pa.base.title()})"
    if level == "province":
        u = max(index.province_count[pa.province] / n, 0.01)
        return max(min(math.log2(0.12 / u), 2.0), 0.0), "same province"
    if level == "far":
        return -3.0, ""
    return 0.0, ""


def _timing_bits(index: SellerIndex, a: int, b: int) -> tuple[float, str]:
    ra, rb = index.sellers[a], index.sellers[b]
    if rb.taken_down is None or ra.start is None:
        return 0.0, ""
    gap = ra.start - rb.taken_down
    if 0 <= gap <= TAKEDOWN_WINDOW:
        n = max(index.with_start, 1)
        u = max(index.starts_between(rb.taken_down, rb.taken_down + TAKEDOWN_WINDOW) / n, 0.01)
        return min(math.log2(0.5 / u), 4.0), f"opened {gap} days after {rb.key} was taken down"
    if gap < -TAKEDOWN_WINDOW:
        return -0.5, ""
    return 0.0, ""


def _price_bits(index: SellerIndex, a: int, b: int) -> float:
    pa, pb = index.sellers[a].log_price, index.sellers[b].log_price
    if pa is None or pb is None:
        return 0.0
    d = abs(pa - pb)
    return 0.5 if d < 0.25 else (-0.5 if d > 1.0 else 0.0)


@dataclass(frozen=True, slots=True)
class _Key:
    key: str
    holders: int
    bits: float
    comp: str
    fam: str
    source: str


def score_seller(index: SellerIndex, sid: int, photo_sids: dict[int, str] | None = None) -> list[Scored]:
    """Every earlier-indexed seller that may be the same operator as `sid`, with its probability."""
    keys = index.live_keys.get(sid, {})
    n = max(len(index), 50)
    stretch = math.log2(max(n, CAP_STORE) / CAP_STORE)
    shared: dict[int, list[_Key]] = defaultdict(list)
    only_weigh: list[tuple[_Key, int]] = []  # common keys: weighed for candidates, never propose one
    for key, source in keys.items():
        h = key_hash(key)
        holders = index.postings.count(h)
        if holders <= 1:
            continue
        fam = _family(key)
        if fam in STRONG_KINDS and holders > GIANT_HOLDERS:
            continue
        comp = COMPARISON.get(fam, fam)
        cap = CAP.get(comp, 40.0) + (0.0 if comp in NO_STRETCH else stretch)
        info = _Key(key, holders, min(_key_bits(fam, holders, n, key), cap), comp, fam, source)
        if holders > PROPOSE_MAX.get(fam, CANDIDATE_MAX_HOLDERS):
            only_weigh.append((info, h))
            continue
        for other in index.postings.get(h):
            if other != sid:
                shared[other].append(info)
    for other in photo_sids or {}:
        if other != sid:
            shared.setdefault(other, [])
    if len(shared) > MAX_CANDIDATES:
        # rank by the best key of each comparison (cheap) and score the leaders in full; a strong
        # identifier always makes the cut
        def rough(ks: list[_Key]) -> float:
            best: dict[str, float] = {}
            for k in ks:
                best[k.comp] = max(best.get(k.comp, 0.0), k.bits)
            return sum(best.values()) + (100.0 if any(k.fam in STRONG_KINDS for k in ks) else 0.0)

        ranked = sorted(shared, key=lambda o: rough(shared[o]), reverse=True)[:MAX_CANDIDATES]
        shared = defaultdict(list, {o: shared[o] for o in ranked})
    for info, h in only_weigh:
        for other, ks in shared.items():
            if index.postings.has(h, other):
                ks.append(info)
    out = []
    for other, ks in shared.items():
        out.append(_score_pair(index, sid, other, ks, keys, n, (photo_sids or {}).get(other)))
    return [s for s in out if s.probability > 0.01]


def _score_pair(index: SellerIndex, a: int, b: int, ks: list[_Key], keys: dict[str, str], n: int,
                photo: str | None) -> Scored:
    bits = math.log2(PRIOR_MATCHES / n)
    evidence: list[tuple[float, str]] = []
    majors: set[str] = set()  # independent kinds of evidence that each said something
    deterministic = False
    best: dict[str, _Key] = {}
    phrase_sources: set[str] = set()
    # a sentence is near-identical only when two of its MinHash bands agree: one band alone is a
    # chance collision often enough in a big store
    bands: dict[str, int] = defaultdict(int)
    for k in ks:
        if k.fam == "sb":
            bands[k.source] += 1
    for k in ks:
        if k.fam == "sb" and bands[k.source] < BANDS_NEEDED:
            continue
        if k.fam in STRONG_KINDS and k.holders <= DETERMINISTIC_MAX_HOLDERS:
            deterministic = True
        if k.comp == "phrase" and k.bits > 3:
            phrase_sources.add(k.source)
        if k.comp not in best or k.bits > best[k.comp].bits:
            best[k.comp] = k
    # caps (applied in score_seller) hold a weak comparison to what it can show in a store of
    # CAP_STORE sellers; in a bigger store a value held by two sellers is rarer, and the cap rises
    if "name" in best:  # the same word is alike without vowels too: count it once
        best.pop("skeleton", None)
    stretch = math.log2(max(n, CAP_STORE) / CAP_STORE)
    for comp, k in best.items():
        w = k.bits
        if comp == "phrase" and len(phrase_sources) >= 2:
            w += 1.0  # two separate sentences in common
        bits += w
        if w >= MAJOR_MIN_BITS and comp in MAJOR:
            majors.add(comp)
        if w > 0:
            evidence.append((w, _describe(index, comp, k.key, k.holders, a, b, keys)))
    if "name" not in best and "skeleton" not in best:
        pair = _fuzzy_name(index.sellers[a].name, index.sellers[b].name, index, a, b)
        if pair:
            w = min(math.log2(M["name"] * n / 20), CAP["name"] + stretch) - 2.0
            bits += w
            if w >= MAJOR_MIN_BITS:
                majors.add("name")
            if w > 0:
                evidence.append((w, f'similar shop name "{index.sellers[a].name}" ~ "{index.sellers[b].name}"'))
    if photo is not None:
        w = min(math.log2(M["photo"] * n / ALPHA["photo"]), CAP["photo"] + stretch)
        bits += w
        majors.add("photo")
        evidence.append((w, photo))
    for label, fn in (("place", _place_bits), ("timing", _timing_bits)):
        w, text = fn(index, a, b)
        bits += w
        if w >= MAJOR_MIN_BITS:
            majors.add(label)
        if text and w > 0:
            evidence.append((w, text))
    bits += _price_bits(index, a, b)
    p = 1.0 / (1.0 + 2.0 ** (-bits)) if bits > -60 else 0.0
    if deterministic:
        p = max(p, 0.99)
    elif len(majors) < 2:
        # one kind of weak evidence, however rare it looks in this store, is a coincidence waiting
        # to happen (a template sentence, a common name): it needs a second, independent kind
        p = min(p, UNCORROBORATED_MAX)
    evidence.sort(key=lambda x: -x[0])
    return Scored(b, p, bits, [t for _, t in evidence], deterministic)


def _describe(index: SellerIndex, comp: str, key: str, holders: int, a: int, b: int, keys: dict[str, str]) -> str:
    fam, _, value = key.partition(":")
    here = keys.get(key, "")
    if fam in STRONG_KINDS:
        there = index.sources.get((key_hash(key), b), "")
        label = {"phone": "phone", "bank": "bank account", "email": "e-mail", "handle": "handle",
                 "link": "shop link"}[fam]
        if fam == "phone" and key in index.whatsapp:
            label = "WhatsApp"
        shown = value.replace(":", " ", 1) if fam == "bank" else ("@" + value if fam == "handle" else value)
        written = [f'written "{here}"'] if here and here != value else []
        if there and there != here and there != value:
            written.append(f'there "{there}"')
        return f"same {label} {shown}" + (f" ({', '.join(written)})" if written else "")
    if comp == "holder":
        return f'same account holder name "{value}"'
    if comp == "phrase":
        if fam in ("ng", "ng2", "np"):
            context = f' in "{here[:120]}"' if here and here != value else ""
            return f'same phrase "{value}"{context} ({holders} sellers use it)'
        return f'near-identical sentence "{here[:120]}"'
    if comp == "name":
        return f'shop names share "{value}": "{index.sellers[a].name}" / "{index.sellers[b].name}"'
    if comp == "skeleton":
        return f'shop names alike ("{value}" without vowels): "{index.sellers[a].name}" / "{index.sellers[b].name}"'
    if comp == "brand":
        return f"same brand list ({value})"
    if comp == "line":
        return f"same product line ({value})"
    if comp == "photo":
        return f"same photo (PDQ {value[:16]}..., on {holders} sellers)"
    return f"same {comp} {value}"
