"""Hashed text features for the learned model, computed for a whole batch at once with numpy.

Why hand-written rather than scikit-learn's HashingVectorizer: the vectorizer builds every
n-gram as a Python string (about 2,000 per listing), which caps a scan at a few thousand
listings a second. Here a batch of texts becomes one byte array; a polynomial prefix hash
(mod 2**64, numpy's wrapping uint64 arithmetic) gives the hash of ANY substring in O(1), so
character 2-5-grams, words and word pairs are all a few vectorised passes. The same function
builds the training matrix and scores, so training and inference cannot drift apart.

Feature groups (each hashed with its own salt into one space of 2**bits columns):
  text   title + description (hashtags included): char 3-5-grams, words, word pairs
  shop   shop name + shop description: char 3-5-grams, words
  cat    category path: words
  price  log-price bucket (bulk lots cost millions, per-kilo lots tens of thousands)
Each group is scaled by 1/sqrt(its number of features in that listing), so a long description
cannot drown the title and a short listing is not louder than a long one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from pantau.domain import Listing

DEFAULT_BITS = 20
TEXT_NGRAMS = (3, 5)  # character n-gram lengths over title + description (2-grams: twice the cost, no gain)
MAX_FIELD_CHARS = 4000  # hostile input: a 1 MB description costs no more than 4 kB
SEP = 0  # byte between documents in the batch buffer
_P = np.uint64(0x100000001B3)  # odd multiplier: invertible mod 2**64
_P_INV = np.uint64(pow(0x100000001B3, -1, 2**64))
_MIX = np.uint64(0x9E3779B97F4A7C15)
_PAIR = np.uint64(0xC2B2AE3D27D4EB4F)
SALTS = {"text": 0x1000, "text_word": 0x2000, "text_pair": 0x3000, "shop": 0x4000, "shop_word": 0x5000,
         "cat_word": 0x6000, "price": 0x7000}
PRICE_EDGES = np.array([4.0, 4.5, 5.0, 5.3, 5.6, 6.0, 6.3, 6.6, 7.0, 7.5])  # log10(IDR)


def plain_fold(text: str) -> str:
    """Fallback normaliser (NFKC + lower case) when pantau.detect.normalise is unavailable."""
    return unicodedata.normalize("NFKC", text).lower()


def default_normaliser() -> tuple[Callable[[str], str], str]:
    """The team's normaliser when it imports and works, else the plain fold; and its name."""
    try:
        from pantau.detect.normalise import normalise

        normalise("Jual B.A.L.L k@rung4n #thriftimport 100kg")
        return normalise, "pantau.detect.normalise"
    except Exception:  # a broken or absent normaliser must not stop scoring
        return plain_fold, "nfkc-lower"


class _Powers:
    """P**i and P**-i mod 2**64, grown on demand and kept between batches."""

    def __init__(self) -> None:
        self.pw = np.ones(1, np.uint64)
        self.inv = np.ones(1, np.uint64)

    def get(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self.pw) < n:
            size = max(n, 2 * len(self.pw))
            base = np.full(size, _P, np.uint64)
            base[0] = 1
            self.pw = np.cumprod(base, dtype=np.uint64)
            base = np.full(size, _P_INV, np.uint64)
            base[0] = 1
            self.inv = np.cumprod(base, dtype=np.uint64)
        return self.pw[:n], self.inv[:n]


_POWERS = _Powers()


@dataclass(slots=True)
class _Buffer:
    """One batch of documents as bytes, with the prefix hash and the document of every byte."""

    data: np.ndarray  # uint8
    prefix: np.ndarray  # uint64, len+1
    inv: np.ndarray  # uint64 P**-i
    doc: np.ndarray  # int64 document index of each byte (separators belong to the next doc)
    seps: np.ndarray  # int64 prefix count of separators, len+1

    @classmethod
    def of(cls, texts: Sequence[str]) -> _Buffer:
        raw = ("\x00".join(t[:MAX_FIELD_CHARS].replace("\x00", " ") for t in texts)).encode("utf-8", "replace")
        data = np.frombuffer(raw, dtype=np.uint8).copy()
        data[(data >= 48) & (data <= 57)] = 48  # every digit reads "0": "isi 100 pcs" ~ "isi 250 pcs"
        pw, inv = _POWERS.get(len(data) + 1)
        prefix = np.zeros(len(data) + 1, np.uint64)
        np.cumsum(data.astype(np.uint64) * pw[: len(data)], out=prefix[1:])
        is_sep = data == SEP
        seps = np.zeros(len(data) + 1, np.int64)
        np.cumsum(is_sep, out=seps[1:])
        return cls(data, prefix, inv, seps[:-1], seps)

    def substr(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        return (self.prefix[end] - self.prefix[start]) * self.inv[start]


def _index(h: np.ndarray, salt: int, bits: int) -> np.ndarray:
    return ((h + np.uint64(salt)) * _MIX >> np.uint64(64 - bits)).astype(np.int64)


def _char_ngrams(buf: _Buffer, lo: int, hi: int, salt: int, bits: int) -> tuple[np.ndarray, np.ndarray]:
    n_bytes = len(buf.data)
    docs, cols = [], []
    for n in range(lo, hi + 1):
        if n_bytes < n:
            break
        start = np.arange(n_bytes - n + 1)
        ok = buf.seps[start + n] == buf.seps[start]  # no separator inside the n-gram
        start = start[ok]
        docs.append(buf.doc[start])
        cols.append(_index(buf.substr(start, start + n), salt + n, bits))
    if not docs:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(docs), np.concatenate(cols)


def _words(buf: _Buffer, salt: int, pair_salt: int | None, bits: int) -> tuple[np.ndarray, np.ndarray]:
    d = buf.data
    wordish = (d >= 97) & (d <= 122) | (d == 48) | (d >= 128)
    edges = np.diff(np.concatenate([[False], wordish, [False]]).astype(np.int8))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    h = buf.substr(starts, ends)
    doc = buf.doc[starts]
    docs, cols = [doc], [_index(h, salt, bits)]
    if pair_salt is not None and len(h) > 1:
        same = doc[1:] == doc[:-1]
        ph = h[:-1][same] * _PAIR + h[1:][same]
        docs.append(doc[1:][same])
        cols.append(_index(ph, pair_salt, bits))
    return np.concatenate(docs), np.concatenate(cols)


def _scaled(n_docs: int, docs: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    counts = np.bincount(docs, minlength=n_docs).astype(np.float64)
    scale = 1.0 / np.sqrt(np.maximum(counts, 1.0))
    return docs, cols, scale[docs]


def listing_texts(listing: Listing) -> tuple[str, str, str]:
    """The three text blocks the model reads: (title + description, shop, category)."""
    # capped BEFORE normalising: a seller's 200 kB description costs no more than 4 kB of it
    s, cap = listing.seller, MAX_FIELD_CHARS
    return (f"{listing.title[:cap]}\n{listing.description[:cap]}", f"{s.name[:cap]}\n{s.description[:cap]}",
            (listing.category or "")[:cap])


def normalise_many(texts: list[str], normalise: Callable[[str], str],
                   cache: dict[str, str] | None = None) -> list[str]:
    """Normalise each text; with `cache`, repeated texts (a seller's shop block) are read once."""
    if cache is None:
        return [normalise(t) for t in texts]
    out = []
    for t in texts:
        r = cache.get(t)
        if r is None:
            r = normalise(t)
            if len(cache) >= SHOP_CACHE:
                cache.clear()  # bounded: a scan of many sellers must not grow memory without end
            cache[t] = r
        out.append(r)
    return out


SHOP_CACHE = 50_000


@dataclass(slots=True)
class Triplets:
    """Sparse features of a batch as (document, column, value) triplets; duplicates add up."""

    n_docs: int
    docs: np.ndarray
    cols: np.ndarray
    vals: np.ndarray

    def to_csr(self, bits: int) -> sp.csr_matrix:
        m = sp.csr_matrix((self.vals, (self.docs, self.cols)), shape=(self.n_docs, 1 << bits))
        m.sum_duplicates()
        return m

    def dot(self, weights: np.ndarray) -> np.ndarray:
        return np.bincount(self.docs, weights=weights[self.cols] * self.vals, minlength=self.n_docs)


def featurise(listings: Sequence[Listing], normalise: Callable[[str], str], bits: int = DEFAULT_BITS,
              shop_cache: dict[str, str] | None = None,
              texts: Sequence[str | None] | None = None) -> Triplets:
    """Hashed features of a batch of listings (`shop_cache`: normalised shop blocks, kept by the caller).

    `texts`: per listing, its title + description block already read by `normalise` (the detector
    has those words from its own pass), or None where it must be normalised here.
    """
    n = len(listings)
    blocks = [listing_texts(x) for x in listings]
    if texts is None:
        text = normalise_many([b[0] for b in blocks], normalise)
    else:
        text = [t if t is not None else normalise(b[0]) for t, b in zip(texts, blocks, strict=True)]
    shop = normalise_many([b[1] for b in blocks], normalise, shop_cache)
    cat = [plain_fold(b[2]) for b in blocks]
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    buf = _Buffer.of([f" {t} " for t in text])
    parts.append(_scaled(n, *_char_ngrams(buf, *TEXT_NGRAMS, SALTS["text"], bits)))
    parts.append(_scaled(n, *_words(buf, SALTS["text_word"], SALTS["text_pair"], bits)))
    sbuf = _Buffer.of([f" {t} " for t in shop])
    parts.append(_scaled(n, *_char_ngrams(sbuf, 3, 5, SALTS["shop"], bits)))
    parts.append(_scaled(n, *_words(sbuf, SALTS["shop_word"], None, bits)))
    cbuf = _Buffer.of(cat)
    parts.append(_scaled(n, *_words(cbuf, SALTS["cat_word"], None, bits)))
    parts.append(_price_features(listings, bits))
    docs, cols, vals = (np.concatenate(x) for x in zip(*parts, strict=True))
    return Triplets(n, docs, cols, vals)


def _price_features(listings: Sequence[Listing], bits: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    prices = np.array([x.price if x.price is not None else np.nan for x in listings], np.float64)
    ok = np.isfinite(prices) & (prices > 0)
    buckets = np.full(len(listings), -1, np.int64)
    buckets[ok] = np.searchsorted(PRICE_EDGES, np.log10(prices[ok]))
    docs = np.arange(len(listings))
    cols = _index((buckets + 2).astype(np.uint64), SALTS["price"], bits)
    return docs, cols, np.full(len(listings), 0.5)
