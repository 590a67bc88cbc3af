"""A seeded weekly timeline of marketplace traffic in which bale sellers switch code words.

For tests and benchmarks of term discovery (our own material, not shared/ evaluation data):
operators sell bales under one code word; in the crackdown week most of their listings are taken
down; they come back, partly on re-created accounts, under a new coinage, while benign traffic goes
on, including benign words that burst at the same time (a seasonal sale, a new phone model).

    tl = Timeline(seed=1, coinage="buntelan")
    for week in tl.weeks():          # Week(label, start, listings, ...)
        ...

`simulate_docs` turns a week into discovery `Doc`s the way the store adapter would see it after a
scan: the detector flags what it can, taken-down shops and re-created accounts of the
same operators are suspect shops.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pantau.ingest.records import to_listing
from pantau.pipeline import TextDetector
from pantau.terms.counting import Doc
from pantau.terms.extract import listing_text
from pantau.terms.signals import VERDICT_WEIGHT

START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)  # a Monday: ISO week 2025-W02

OLD_CODE = "karungan"
# Codes already in the policy; listings of the bale trade use them alongside the main code.
KNOWN_SIDE_CODES = ("bal segel", "unsortir", "kiloan")
BALE_WORDS = ("campur", "isi", "korea", "jepang", "thailand", "grade", "super", "mix", "reject", "bahan",
              "100kg", "50kg", "pcs", "ready", "cewek", "cowok", "anak", "sortiran", "gulungan", "pertama")
BALE_GARMENTS = ("kemeja", "jaket", "hoodie", "kaos", "celana", "sweater", "dress", "outer", "cardigan",
                 "jeans", "rok", "blouse")
CITIES = ("bandung", "jakarta", "surabaya", "medan", "batam", "pekanbaru", "makassar", "semarang", "bekasi")

BENIGN_TEMPLATES = (
    "kaos polos {c} cotton combed 30s {s}", "kemeja flanel pria {c} lengan panjang", "jaket bomber {c} {s}",
    "hoodie distro {c} sablon", "celana chino {c} slimfit", "gamis syari {c} busui", "sepatu sneakers {c} {s}",
    "tas ransel laptop {c}", "hp samsung galaxy a15 {c} second mulus", "charger fast {c} 25w",
    "beras pandan wangi 5kg", "karung beras bekas 50kg", "bola sepak ukuran 5", "mesin press hidrolik",
    "jepit rambut cakar {c}", "skincare paket glowing {c}", "kopi arabika gayo 250gr", "madu hutan asli",
    "mainan edukasi anak {c}", "lampu led {c} 12 watt", "sprei katun {c} motif bunga", "helm bogo {c}",
    "dompet kulit pria {c}", "jam tangan digital {c}", "kerudung segi empat {c} voal", "mukena travel {c}",
    "celana jeans {c} stretch {s}", "sandal jepit {c}", "kipas angin mini {c}", "tumbler stainless {c}",
    # new imported clothing is legal: benign traffic shares the bale trade's origin and grade words
    "kemeja import korea {c} baru {s}", "dress korea style {c} {s}", "celana jeans import bangkok {c}",
    "kaos grade ori {c} {s}", "jaket jepang style {c} baru", "sepatu import thailand {c} {s}",
    "outer rajut korea {c} ready", "hoodie oversize super premium {c}", "preloved pribadi kemeja {c} dipakai sendiri",
)
COLOURS = ("hitam", "putih", "navy", "maroon", "abu", "biru", "hijau", "coklat", "krem", "merah")
SIZES = ("s", "m", "l", "xl", "xxl", "allsize")
PLATFORMS = ("shopee", "tokopedia", "lazada")  # a shop lives on one platform


@dataclass(slots=True)
class Week:
    index: int
    label: str
    start: datetime
    listings: list[dict[str, Any]] = field(default_factory=list)
    coinage_listings: int = 0


@dataclass(slots=True)
class Timeline:
    """Parameters of one scenario; weeks() yields them, deterministic for a seed."""

    seed: int = 0
    coinage: str = "buntelan"
    n_weeks: int = 8
    crackdown_week: int = 4
    benign_per_week: int = 2500
    bale_per_week: int = 110
    coinage_first: int = 25  # coinage listings in the week it first appears in force
    trickle: int = 0  # coinage listings the week before (0 = none)
    operators: int = 30
    old_code: str = OLD_CODE
    seasonal: tuple[str, ...] = ("baju lebaran", "promo lebaran", "lebaran")
    new_product: str = "galaxy s27"

    @property
    def switch_week(self) -> int:
        return self.crackdown_week + 1

    def weeks(self) -> Iterator[Week]:
        rng = random.Random(self.seed)
        ops = [_Operator(i, rng) for i in range(self.operators)]
        benign_sellers = [f"b{i}" for i in range(400)]
        for w in range(self.n_weeks):
            start = START + timedelta(weeks=w)
            iso = start.isocalendar()
            week = Week(w, f"{iso.year}-W{iso.week:02d}", start)
            seasonal_on = w >= self.switch_week - 1  # starts the week before the switch and grows
            phone_on = w >= self.switch_week
            for i in range(self.benign_per_week):
                week.listings.append(self._benign(rng, w, i, start, benign_sellers, seasonal_on, phone_on))
            week.listings.extend(self._bale(rng, ops, w, start, week, seasonal_on))
            rng.shuffle(week.listings)
            yield week

    def _benign(self, rng: random.Random, w: int, i: int, start: datetime, sellers: list[str],
                seasonal_on: bool, phone_on: bool) -> dict[str, Any]:
        title = rng.choice(BENIGN_TEMPLATES).format(c=rng.choice(COLOURS), s=rng.choice(SIZES))
        r = rng.random()
        if seasonal_on and r < 0.12:
            title = f"{rng.choice(self.seasonal)} {title}"
        elif phone_on and r < 0.18:
            title = f"samsung {self.new_product} {rng.choice(('256gb', '512gb', 'resmi sein', 'garansi'))}"
        return _listing(f"bn{w}-{i}", rng.choice(sellers), title, "", start, rng)

    def _bale(self, rng: random.Random, ops: list[_Operator], w: int, start: datetime, week: Week,
              seasonal_on: bool) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        crackdown = w == self.crackdown_week
        if w < self.switch_week:
            n_old = self.bale_per_week
            n_new = self.trickle if w == self.switch_week - 1 else 0
        else:
            n_old = self.bale_per_week // 6  # a few holdouts keep the old word
            n_new = self.coinage_first if w == self.switch_week else self.coinage_first + 10 * (w - self.switch_week)
        for i in range(n_old + n_new):
            op = rng.choice(ops)
            new = i >= n_old
            code = self.coinage if new else self.old_code
            if new and rng.random() < 0.2:
                code = _disguise(code, rng)
            words = rng.sample(BALE_WORDS, 3)
            garment = rng.choice(BALE_GARMENTS)
            title = f"{code} {garment} {' '.join(words[:2])}"
            desc = f"{words[2]} {rng.choice(CITIES)} wa {op.phone}"
            if not new and rng.random() < 0.4:
                desc += f" {rng.choice(KNOWN_SIDE_CODES)}"
            if new and rng.random() < 0.15:
                desc += f" #{self.coinage}{rng.choice(('murah', 'ori', 'bdg'))}"
            if seasonal_on and rng.random() < 0.15:
                title += " lebaran"
            seller = op.seller(rng, after_crackdown=w > self.crackdown_week)
            li = _listing(f"op{w}-{i}", seller, title, desc, start, rng, operator=op.id)
            if crackdown and not new and rng.random() < 0.8:
                li["taken_down_at"] = (start + timedelta(days=5)).isoformat()
                op.taken_down.add(seller)
            if new:
                week.coinage_listings += 1
            out.append(li)
        return out


@dataclass(slots=True)
class _Operator:
    id: int
    rng: random.Random
    phone: str = ""
    sellers: list[str] = field(default_factory=list)
    recreated: list[str] = field(default_factory=list)
    taken_down: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.phone = "08" + "".join(str(self.rng.randint(0, 9)) for _ in range(10))
        self.sellers = [f"op{self.id}s{j}" for j in range(self.rng.randint(1, 3))]

    def seller(self, rng: random.Random, after_crackdown: bool) -> str:
        if after_crackdown:
            # taken-down shops come back as new accounts; the others carry on under their own name
            for s in sorted(self.taken_down):
                self.taken_down.discard(s)
                if s in self.sellers:
                    self.sellers.remove(s)
                self.recreated.append(f"{s}r")
            return rng.choice([*self.sellers, *self.recreated])
        return rng.choice(self.sellers)


def _disguise(word: str, rng: random.Random) -> str:
    subst = {"a": "4", "e": "3", "i": "1", "o": "0"}
    idx = [i for i, ch in enumerate(word[1:-1], start=1) if ch in subst]
    if not idx:
        return word.upper()
    i = rng.choice(idx)
    return word[:i] + subst[word[i]] + word[i + 1:]


def _listing(listing_id: str, seller: str, title: str, desc: str, start: datetime, rng: random.Random,
             operator: int | None = None) -> dict[str, Any]:
    at = start + timedelta(seconds=rng.randint(0, 6 * 86400))
    out: dict[str, Any] = {
        "platform": PLATFORMS[sum(map(ord, seller)) % len(PLATFORMS)], "listing_id": listing_id, "title": title,
        "description": desc, "price": rng.randint(20, 900) * 1000,
        "seller": {"id": seller, "name": f"toko {seller}"}, "observed_at": at.isoformat(),
    }
    if operator is not None:
        out["operator"] = operator  # ground truth for the simulation; an unknown field to the format
    return out


def simulate_docs(weeks: list[Week], detector: TextDetector) -> list[list[Doc]]:
    """Docs per week as the store adapter would see them once the weeks were scanned in order.

    flag: the detector's verdict on the listing (violating 1, review 0.5), or 1 when taken down.
    shop: its shop was taken down before (0.9), is a re-created account of a taken-down operator
    (0.8, what seller linkage finds through the shared phone number), or used known codes before
    (0.6 times the share of its earlier listings that did).
    """
    offender_ops: set[int] = set()
    offender_shops: set[str] = set()
    history: dict[str, list[int]] = {}  # shop -> [flagged, listed]
    out: list[list[Doc]] = []
    for week in weeks:
        docs = []
        detections = detector.detect([to_listing(li, source=week.label, line=i + 1)
                                      for i, li in enumerate(week.listings)])
        for li, det in zip(week.listings, detections, strict=True):
            text = listing_text(li["title"], li["description"], li["seller"]["name"])
            seller = f"{li['platform']}/{li['seller']['id']}"
            flag = 1.0 if li.get("taken_down_at") else VERDICT_WEIGHT.get(det.verdict.value, 0.0)
            op = li.get("operator")
            shop = 0.0
            if seller in offender_shops:
                shop = 0.9
            elif op is not None and op in offender_ops:
                shop = 0.8
            elif seller in history:
                flagged, listed = history[seller]
                shop = 0.6 * flagged / listed
            at = datetime.fromisoformat(li["observed_at"])
            docs.append(Doc(f"{li['platform']}/{li['listing_id']}", seller, text, flag, shop, at))
        for li, d in zip(week.listings, docs, strict=True):
            h = history.setdefault(d.seller, [0, 0])
            h[0] += int(d.flag > 0)
            h[1] += 1
            if li.get("taken_down_at"):
                offender_shops.add(d.seller)
                if li.get("operator") is not None:
                    offender_ops.add(li["operator"])
        out.append(docs)
    return out
