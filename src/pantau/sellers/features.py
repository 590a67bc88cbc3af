"""What one listing tells about its seller, as index keys plus a few scalar facts.

Every comparable trait becomes a key "family:value" (a phone, a distinctive shop-name word, a word
3-gram of the shop text, a MinHash band of a sentence, a brand, a product line). Two sellers that
share a key are candidates, and the number of sellers holding a key is its frequency: the linkage
weights (scoring.py) come from those counts, so the index never needs another seller's text.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import struct
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from datasketch import MinHash

from pantau.domain import Listing
from pantau.sellers.identifiers import Identifier, extract_identifiers
from pantau.sellers.phones import DIGIT_WORDS
from pantau.sellers.regions import Place, place_of
from pantau.sellers.text import BRANDS, generic, sentences, skeleton, words

# Product lines: what a shop sells, in the words sellers use.
LINES = {
    "kids": {"anak", "bayi", "balita", "kids", "baby", "toddler"},
    "outdoor": {"outdoor", "gunung", "hiking", "goretex", "gorpcore", "windbreaker", "parka", "fleece"},
    "denim": {"jeans", "denim", "jins", "trucker"},
    "bags": {"tas", "bag", "backpack", "ransel", "tote", "sling", "dompet", "wallet"},
    "shoes": {"sepatu", "sneakers", "sneaker", "shoes", "boots", "sandal"},
    "caps": {"topi", "cap", "caps", "snapback", "strapback", "bucket"},
    "jackets": {"jaket", "jacket", "outer", "outerwear", "bomber", "coat", "mantel", "blazer", "hoodie"},
    "shirts": {"kemeja", "flanel", "flannel", "shirt", "polo", "kaos", "tshirt"},
    "women": {"wanita", "cewek", "dress", "rok", "blouse", "gamis", "cardigan"},
    "sport": {"jersey", "bola", "training", "sport"},
    "bale": {"bal", "ball", "bale", "karung", "karungan", "kiloan", "koli", "sak", "balpres", "ballpress"},
    "live": {"live", "unboxing", "slot", "bongkar", "pecah"},
}
_LINE_OF = {w: line for line, ws in LINES.items() for w in ws}

PERSONAL = frozenset({"facebook"})  # platforms where accounts are people, not shops
_PERSON = re.compile(r"[A-Za-z][a-z']+(?: [A-Z][a-z']*\.?){1,2}")

MINHASH_PERM = 32
BAND_ROWS = 4  # 8 bands of 4 rows; two shared bands make a near-duplicate (Jaccard >= ~0.7: p >= 0.7)
_MINHASH = MinHash(num_perm=MINHASH_PERM, seed=7)


@dataclass(slots=True)
class SellerFacts:
    """Everything one listing says about its seller."""

    platform: str
    seller_id: str
    name: str
    place: Place
    joined: int | None  # days since 1970
    seen: int | None
    taken_down: int | None
    log_price: float | None
    listing_key: str
    location: str = ""
    identifiers: list[Identifier] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # key -> as written (for evidence)


def day_of(value: datetime | date | str | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return None
    if isinstance(value, datetime):
        value = value.date()
    return value.toordinal() - 719163


@lru_cache(maxsize=65536)
def name_tokens(name: str, place: Place) -> list[str]:
    """Distinctive words of a shop name: generic shop words, the shop's own city, short bits dropped."""
    city = set(place.base.split())
    out = []
    for w in words(name.replace(".", " ").replace("_", " ")):
        if generic(w) or w in city:
            continue
        out.append(w)
    return out


def _ngrams(toks: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)]


_STOP = frozenset(("yang", "dan", "di", "ke", "dari", "untuk", "dengan", "atau", "ini", "itu", "ya", "kak", "juga",
                   "aja", "sama"))
_HASHTAG = re.compile(r"#\w+")


def _distinctive(gram: tuple[str, ...]) -> bool:
    """At least one word that marks a seller, and no dangling particle at either end."""
    return gram[0] not in _STOP and gram[-1] not in _STOP and any(not generic(w) for w in gram)


def _plain(gram: tuple[str, ...]) -> bool:
    """Three words, none a particle at either end nor a number: phrasing, if not vocabulary."""
    return (gram[0] not in _STOP and gram[-1] not in _STOP
            and not any(w.isdigit() or len(w) < 3 or w in DIGIT_WORDS for w in gram))


def _bands(toks: list[str]) -> list[str]:
    """LSH band keys of a sentence's MinHash (datasketch). The bands go into the seller index as
    ordinary keys rather than into datasketch's MinHashLSH: one compact posting list serves every
    kind of key, and a band's posting count is the sentence's frequency, which the weights need."""
    shingles = {" ".join(g).encode() for g in _ngrams(toks, 2)} | {w.encode() for w in toks}
    mh = _MINHASH.copy()  # shares the permutations: building them is most of a fresh MinHash's cost
    mh.update_batch(list(shingles))
    hv = mh.hashvalues
    out = []
    for b in range(MINHASH_PERM // BAND_ROWS):
        chunk = struct.pack(f"<{BAND_ROWS}Q", *(int(x) for x in hv[b * BAND_ROWS:(b + 1) * BAND_ROWS]))
        out.append(f"sb:{b}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return out


def text_keys(text: str) -> dict[str, str]:
    """Phrase keys of shop text: distinctive word 2/3-grams and sentence MinHash bands."""
    keys: dict[str, str] = {}
    # hashtags are the most copied text there is: never a sign of one operator
    for sent in sentences(_HASHTAG.sub(" ", text))[:60]:
        toks = words(sent)[:80]
        for g in _ngrams(toks, 3):
            if _distinctive(g):
                keys.setdefault("ng:" + " ".join(g), sent)
            elif _plain(g):  # everyday words, but a shop's own way of putting them ("masuk tiap selasa")
                keys.setdefault("np:" + " ".join(g), sent)
        for g in _ngrams(toks, 2):  # two words are shared by chance more often than three: own family
            if _distinctive(g):
                keys.setdefault("ng2:" + " ".join(g), sent)
        if len(toks) >= 4 and sum(_distinctive((w,)) for w in toks) >= 2:
            for band in _bands(toks):
                keys.setdefault(band, sent)
    return keys


def listing_facts(listing: Listing) -> SellerFacts:
    s = listing.seller
    place = place_of(s.location)
    idents = extract_identifiers(listing)
    keys: dict[str, str] = {}
    for ident in idents:
        keys.setdefault(ident.key, ident.source)
    if listing.platform in PERSONAL and _PERSON.fullmatch((s.name or "").strip()):
        # a personal profile's name is the person, who may be the holder of another shop's bank account
        keys.setdefault("holder:" + " ".join(words(s.name)), s.name)
    for tok in name_tokens(s.name, place):
        keys.setdefault(f"name:{tok}", s.name)
        if len(skeleton(tok)) >= 3:
            keys.setdefault(f"nsk:{skeleton(tok)}", s.name)
    shop_text = (s.description or "") + "\n" + (listing.description or "")
    keys.update({k: v for k, v in text_keys(shop_text).items() if k not in keys})
    everything = words(" ".join((listing.title, listing.description or "", s.description or "", s.name)))
    joined_words = set(everything) | {a + b for a, b in itertools.pairwise(everything)}
    for b in sorted(BRANDS & joined_words):
        keys.setdefault(f"brand:{b}", b)
    for line in sorted({_LINE_OF[w] for w in everything if w in _LINE_OF}):
        keys.setdefault(f"line:{line}", line)
    price = listing.price if listing.price and listing.price > 0 else None
    return SellerFacts(
        platform=listing.platform, seller_id=s.id, name=(s.name or "")[:200], place=place,
        joined=day_of(s.joined), seen=day_of(listing.observed_at), taken_down=day_of(listing.taken_down_at),
        log_price=math.log10(price) if price else None, listing_key=listing.key, location=(s.location or "")[:200],
        identifiers=idents, keys=keys,
    )
