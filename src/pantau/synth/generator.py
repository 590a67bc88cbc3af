"""A seeded, streaming generator of synthetic marketplace catalogues for benchmarks and tests.

`generate(n, seed)` yields listing dicts in the interchange format (shared/spec/listing-format.md):
a realistic mix of many categories with a small share of violating bale/thrift listings, some of
them disguised, sold by operators who re-create accounts after a takedown and keep their
WhatsApp number, bank account, Instagram handle and photos. Memory stays bounded however large n
is: the generator keeps fixed-size pools of sellers and operators and nothing per listing.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from pantau.synth import vocab as V
from pantau.synth.disguise import disguise_contact, disguise_text

WIB = timezone(timedelta(hours=7))
START = datetime(2024, 1, 1, 8, 0, tzinfo=WIB)

# Share of each family in a national catalogue. Violating listings are a small minority (~6%,
# a crawl focused on clothing; a whole marketplace has far fewer); hard negatives share their words.
MIX: tuple[tuple[str, float], ...] = (
    ("new_clothing", 0.40), ("other_benign", 0.30), ("hard_negative", 0.15), ("preloved_private", 0.04),
    ("ambiguous", 0.05), ("bulk", 0.025), ("retail", 0.015), ("regional", 0.01), ("recreated", 0.01),
)
MARKETPLACES = ("shopee", "tokopedia", "lazada", "tiktokshop", "bukalapak", "blibli", "facebook", "instagram")
PLATFORM_WEIGHTS = (0.34, 0.28, 0.1, 0.1, 0.07, 0.03, 0.05, 0.03)
SELLER_POOL = 20_000
OPERATOR_POOL = 2_000
PHOTO_POOL = 50  # distinct base pictures per kind when photos are on


@dataclass(slots=True)
class Account:
    platform: str
    seller_id: str
    name: str
    location: str
    joined: str
    description: str = ""


@dataclass(slots=True)
class Operator:
    """One business behind one or more accounts; contacts survive every re-created account."""

    id: str
    phone: str
    bank: str
    handle: str
    city: str
    origin: str
    photos: list[int] = field(default_factory=list)
    account: Account | None = None
    generation: int = 0  # how many accounts were taken down


def _phone(rng: random.Random) -> str:
    return "08" + rng.choice(("11", "12", "13", "21", "22", "52", "53", "56", "57", "77", "78", "95", "96")) + \
        "".join(str(rng.randint(0, 9)) for _ in range(rng.choice((7, 8))))


def _listing_id(rng: random.Random, platform: str, seller_id: str, title: str, k: int) -> str:
    if platform == "shopee":
        return f"{seller_id}.{rng.randint(10**9, 10**11)}"
    if platform == "tokopedia":
        slug = "-".join(title.lower().split()[:6])
        slug = "".join(ch for ch in slug if ch.isalnum() or ch == "-")
        return f"{seller_id}/{slug}-{k}"
    if platform == "lazada":
        return f"i{rng.randint(10**8, 10**10)}-s{rng.randint(10**8, 10**10)}"
    if platform == "tiktokshop":
        return str(rng.randint(10**17, 10**18))
    if platform == "blibli":
        return f"{seller_id}-{k:05d}"
    if platform in ("facebook", "instagram"):
        return f"{platform[:2]}{rng.randint(10**14, 10**15)}"
    return f"{seller_id}-{k}"


def _url(platform: str, seller_id: str, listing_id: str) -> str:
    host = {"shopee": "shopee.co.id", "tokopedia": "www.tokopedia.com", "lazada": "www.lazada.co.id",
            "tiktokshop": "shop.tiktok.com", "bukalapak": "www.bukalapak.com", "blibli": "www.blibli.com",
            "facebook": "www.facebook.com/marketplace/item", "instagram": "www.instagram.com/p"}[platform]
    if platform == "tokopedia":
        return f"https://{host}/{listing_id}"
    if platform == "shopee":
        return f"https://{host}/product/{listing_id.replace('.', '/')}"
    return f"https://{host}/{listing_id}"


class CatalogueGenerator:
    """State of one seeded run. Use `generate()` rather than this class directly."""

    def __init__(self, seed: int, *, violating_scale: float = 1.0, photos: bool = False,
                 photo_prefix: str = "photos", start: datetime = START) -> None:
        self.rng = random.Random(seed)
        self.photos = photos
        self.photo_prefix = photo_prefix.rstrip("/")
        self.start = start
        weights = [w * (violating_scale if name in ("bulk", "retail", "regional", "recreated") else 1.0)
                   for name, w in MIX]
        self.families = [name for name, _ in MIX]
        self.weights = weights
        self.sellers: list[Account] = []
        self.operators: list[Operator] = []
        self.next_seller = 0
        self.k = 0

    # ---- identities --------------------------------------------------------------------------
    def _new_account(self, platform: str, name: str, city: str, description: str = "") -> Account:
        self.next_seller += 1
        rng = self.rng
        if platform == "tokopedia":
            sid = "".join(ch for ch in name.lower() if ch.isalnum())[:20] + str(rng.randint(1, 999))
        elif platform == "blibli":
            sid = f"{name[:3].upper()}-{rng.randint(10000, 99999)}"
        else:
            sid = str(rng.randint(10**6, 10**10))
        joined = (self.start - timedelta(days=rng.randint(30, 2000))).date().isoformat()
        return Account(platform, sid, name, city, joined, description)

    def _shop_name(self) -> str:
        rng = self.rng
        return f"{rng.choice(V.FIRST_NAMES)} {rng.choice(V.SHOP_WORDS)}"

    def _legit_seller(self) -> Account:
        rng = self.rng
        if len(self.sellers) < SELLER_POOL and (not self.sellers or rng.random() < 0.3):
            platform = rng.choices(MARKETPLACES, PLATFORM_WEIGHTS)[0]
            acc = self._new_account(platform, self._shop_name(), rng.choice(V.CITIES))
            self.sellers.append(acc)
            return acc
        return rng.choice(self.sellers)

    def _operator(self) -> Operator:
        rng = self.rng
        if len(self.operators) < OPERATOR_POOL and (not self.operators or rng.random() < 0.15):
            op = Operator(f"op-{len(self.operators)}", _phone(rng), f"{rng.choice(('BCA', 'BRI', 'Mandiri', 'BNI'))} "
                          f"{rng.randint(10**9, 10**10)}", f"@{rng.choice(V.FIRST_NAMES).lower()}"
                          f"{rng.choice(('thrift', 'bal', 'preloved', 'store', 'grosir'))}{rng.randint(1, 99)}",
                          rng.choice(V.CITIES), rng.choice(V.ORIGINS),
                          photos=[rng.randrange(PHOTO_POOL) for _ in range(3)])
            self.operators.append(op)
        else:
            op = rng.choice(self.operators)
        if op.account is None:
            op.account = self._operator_account(op)
        return op

    def _operator_account(self, op: Operator) -> Account:
        rng = self.rng
        platform = rng.choices(MARKETPLACES, PLATFORM_WEIGHTS)[0]
        if rng.random() < 0.35:
            tpl = rng.choice(V.SHOP_CUE_NAMES)
            name = tpl.format(origin=op.origin, city_short=op.city.split()[-1])
            desc = rng.choice(V.SHOP_CUE_DESC).format(origin=op.origin)
        else:
            name, desc = self._shop_name(), "Melayani grosir dan ecer."
        desc += " " + disguise_contact(rng, op.phone, op.handle)
        return self._new_account(platform, name, op.city, desc)

    # ---- text -------------------------------------------------------------------------------
    def _slots(self, op: Operator | None = None) -> dict[str, Any]:
        rng = self.rng
        origin = op.origin if op else rng.choice(V.ORIGINS)
        contact = disguise_contact(rng, op.phone, op.handle, bank=op.bank) if op else ""
        return {
            "garment": rng.choice(V.GARMENTS), "brand": rng.choice(V.BRANDS), "local": rng.choice(V.LOCAL_BRANDS),
            "size": rng.choice(V.SIZES), "origin": origin, "kg": rng.choice((25, 50, 100, 120)),
            "pcs": rng.choice((80, 150, 250, 300)), "city": op.city if op else rng.choice(V.CITIES),
            "bale": rng.choice(V.BALE_WORDS), "opening": rng.choice(V.OPENING_WORDS),
            "regional": rng.choice(V.REGIONAL_WORDS), "contact": contact,
            "cue": rng.choice(V.IMPORT_CUES).format(origin=origin),
            "tags": " ".join(rng.sample(V.HASHTAGS_VIOL if op else V.HASHTAGS_BENIGN, 2)),
            "ld": rng.randint(90, 130), "pj": rng.randint(60, 80), "fabric": rng.choice(V.FABRICS),
            "phone": rng.choice(V.PHONES), "camera": rng.choice(V.CAMERAS), "brand2": rng.choice(V.BRANDS2),
            "size2": rng.choice((1, 1.8, 2)),
        }

    def _violating(self, family: str, op: Operator) -> tuple[str, str, str, list[str], str]:
        rng, s = self.rng, self._slots(op)
        tags = [family if family != "recreated" else "recidivist"]
        if family == "bulk":
            title, desc = rng.choice(V.BULK_TITLES), rng.choice(V.BULK_DESC)
        elif family == "retail":
            title, desc = rng.choice(V.RETAIL_TITLES), rng.choice(V.RETAIL_DESC)
        elif family == "regional":
            title, desc = rng.choice(V.REGIONAL_TITLES), rng.choice(V.REGIONAL_DESC)
        else:  # a re-created account's listing: often no cue at all in its own text
            title = "{garment} {brand} murah size {size}"
            desc = "Ready stok, kondisi bagus. {contact}"
        title, desc = title.format(**s), desc.format(**s)
        if rng.random() < 0.25:
            title, desc = disguise_text(rng, title), disguise_text(rng, desc)
            tags.append("obfuscated")
        return title, desc, rng.choice(V.CATEGORY_CLOTHING), tags, "bale" if family == "bulk" else "garment"

    def _benign(self, family: str) -> tuple[str, str, str, list[str], str, str]:
        rng, s = self.rng, self._slots()
        if family == "new_clothing":
            t, d = rng.choice(V.NEW_CLOTHING_TITLES), rng.choice(V.NEW_CLOTHING_DESC)
            return t.format(**s), d.format(**s), rng.choice(V.CATEGORY_CLOTHING), [], "benign", "garment"
        if family == "hard_negative":
            t, d, c = rng.choice(V.HARD_NEG)
            kind = {"Bola": "ball", "Karung": "sack", "HP": "phone"}.get(t.split()[0], "box")
            return t.format(**s), d.format(**s), c, ["hard-negative"], "benign", kind
        if family == "preloved_private":
            t, d = rng.choice(V.PRELOVED_PRIVATE)
            return t.format(**s), d, rng.choice(V.CATEGORY_CLOTHING), ["hard-negative"], "benign", "garment"
        if family == "ambiguous":
            t, d = rng.choice(V.AMBIGUOUS)
            return t.format(**s), d.format(**s), rng.choice(V.CATEGORY_CLOTHING), [], "ambiguous", "garment"
        t, d, c = rng.choice(V.OTHER_BENIGN)
        return t.format(**s), d, c, [], "benign", "box"

    # ---- one listing ------------------------------------------------------------------------
    def listing(self, i: int) -> dict[str, Any]:
        rng = self.rng
        self.k += 1
        family = rng.choices(self.families, self.weights)[0]
        observed = self.start + timedelta(seconds=i * 7 + rng.randint(0, 6))
        taken_down: datetime | None = None
        op: Operator | None = None
        if family in ("bulk", "retail", "regional", "recreated"):
            op = self._operator()
            if family == "recreated" and op.generation == 0:
                family = "retail"  # only an account re-created after a takedown counts as one
            title, desc, category, tags, kind = self._violating(family, op)
            label = "violating"
            acc = op.account
            assert acc is not None
            if op.generation > 0:
                tags.append("recidivist")
            # enforcement takes a share of violating listings down; the operator then starts over
            if rng.random() < 0.2:
                taken_down = observed + timedelta(days=rng.randint(1, 30))
                op.account, op.generation = None, op.generation + 1
        else:
            title, desc, category, tags, label, kind = self._benign(family)
            acc = self._legit_seller()
        listing_id = _listing_id(rng, acc.platform, acc.seller_id, title, self.k)
        if acc.platform in ("facebook", "instagram") and rng.random() < 0.5:
            desc, title = f"{title}\n{desc}", ""
            tags.append("social")
        out: dict[str, Any] = {
            "platform": acc.platform, "listing_id": listing_id,
            "url": _url(acc.platform, acc.seller_id, listing_id), "title": title, "description": desc,
            "price": self._price(label, family), "category": category,
            "seller": {"id": acc.seller_id, "name": acc.name, "location": acc.location, "joined": acc.joined,
                       "description": acc.description},
            "observed_at": observed.isoformat(), "label": label, "tags": sorted(set(tags)),
        }
        if taken_down is not None:
            out["taken_down_at"] = taken_down.isoformat()
        if op is not None:
            out["operator"] = op.id
        if self.photos:
            out["images"] = self._images(kind, op, rng)
        return out

    def _price(self, label: str, family: str) -> int:
        rng = self.rng
        if family == "bulk":
            return rng.choice((2_500_000, 3_750_000, 5_000_000, 7_200_000, 9_500_000))
        if family == "other_benign" or family == "hard_negative":
            return rng.randrange(15_000, 8_000_000, 500)
        return rng.randrange(25_000, 450_000, 500)

    def _images(self, kind: str, op: Operator | None, rng: random.Random) -> list[str]:
        if op is not None and rng.random() < 0.7:  # operators re-use their own photos, edited or not
            idx = rng.choice(op.photos)
            variant = f"e{op.generation % 4}" if op.generation else "o"
            return [f"{self.photo_prefix}/{kind}-{idx:03d}-{variant}.jpg"]
        return [f"{self.photo_prefix}/{kind}-{rng.randrange(PHOTO_POOL):03d}-o.jpg"]


def generate(n: int, seed: int = 0, *, violating_scale: float = 1.0, photos: bool = False,
             photo_prefix: str = "photos", start: datetime = START) -> Iterator[dict[str, Any]]:
    """Yield `n` synthetic listings; the same `seed` (and options) gives the same listings.

    violating_scale multiplies the share of violating families (1.0 is about 6%).
    photos: add `images` naming pictures under `photo_prefix/` (write them with `write_photo_pool`).
    """
    gen = CatalogueGenerator(seed, violating_scale=violating_scale, photos=photos,
                             photo_prefix=photo_prefix, start=start)
    for i in range(n):
        yield gen.listing(i)
