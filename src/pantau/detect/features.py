"""Hashed text features for the learned model, built so that a listing's score is a sum over its words.

Every feature belongs to ONE token of the normalised text (plus the word pair at each token
boundary), so the linear score decomposes:

    z = bias + sum(ngram weights of the tokens) / sqrt(ngram count)
             + sum(word and pair weights)     / sqrt(word + pair count)
             + shop block + category + price bucket

Marketplace text repeats its words endlessly (a Zipf law), so `TokenScorer` keeps, per distinct
token, the sum and the count of its features (`Memo`: a miss computes them once); scoring a batch
is then a dict look-up per token and a few numpy passes, whatever the model learnt. Unseen words
still score by their character n-grams (the subword part that generalises to new code words).

Feature groups (each hashed with its own salt into one space of 2**bits columns):
  text   title, then description, each normalised: per token, character 3-5-grams of " token "
         (boundary marks, as scikit-learn's `char_wb`), the words (letter/digit runs) and the pairs
         of consecutive words (also across tokens, not across the title/description boundary)
  shop   shop name + shop description: the same per token
  cat    category path: words
  price  log-price bucket (bulk lots cost millions, per-kilo lots tens of thousands)
Every digit reads "0" ("isi 100 pcs" ~ "isi 250 pcs"). Each group is scaled by 1/sqrt(its number
of features in that listing). `featurise` builds the training matrix from the same per-token
function, so training and scoring cannot drift apart (tests/detect/test_model_features.py).

Hashing: zlib.crc32 of each n-gram or word (C speed, seeded by the group's salt) spread over the
columns by a multiplicative mix; word pairs combine two word hashes the same way in Python and in
numpy (uint64 arithmetic wraps mod 2**64 in both).
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
import zlib
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import attrgetter

import numpy as np
import scipy.sparse as sp

from pantau.detect.normalise import MARK, MAX_FIELD_CHARS, Memo
from pantau.domain import Listing

DEFAULT_BITS = 20
TEXT_NGRAMS = (3, 5)  # character n-gram lengths inside " token "
_M64 = (1 << 64) - 1
_MIX = 0x9E3779B97F4A7C15
_PAIR = 0xC2B2AE3D27D4EB4F
SALTS = {"text": 0x1000, "text_word": 0x2000, "text_pair": 0x3000, "shop": 0x4000, "shop_word": 0x5000,
         "shop_pair": 0x5800, "cat_word": 0x6000, "price": 0x7000}
PRICE_EDGES = np.array([4.0, 4.5, 5.0, 5.3, 5.6, 6.0, 6.3, 6.6, 7.0, 7.5])  # log10(IDR)
_DIGITS = str.maketrans("0123456789", "0000000000")
_WORD = re.compile(rb"[a-z0\x80-\xff]+")  # letters, digits (read "0") and any non-ASCII byte
TABLE_MAX = 400_000  # distinct tokens a scorer remembers (input is hostile: then it starts over)


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


def _col(h: int, bits: int) -> int:
    return ((h * _MIX) & _M64) >> (64 - bits)


def _pair_col(h1: int, h2: int, salt: int, bits: int) -> int:
    return _col((h1 * _PAIR + h2 + salt) & _M64, bits)


@dataclass(frozen=True, slots=True)
class TokenFeatures:
    """One token's features: n-gram columns, word and in-token pair columns, and the hashes of its
    first and last word for the pairs it makes with its neighbours (None: no word there)."""

    ngrams: tuple[int, ...]
    words: tuple[int, ...]
    first: int | None
    last: int | None


def token_features(tok: str, group: str, bits: int) -> TokenFeatures:
    """The features of one token. A token may hold spaces (a split hashtag: "thrift import"); it
    then gives exactly what its pieces give as separate tokens, with the pairs between them.
    (Runs once per distinct token: the hashing is inlined, `_col` and `_pair_col` spelt out.)"""
    s_ng, s_w, s_p = SALTS[group], SALTS[f"{group}_word"], SALTS[f"{group}_pair"]
    lo, hi = TEXT_NGRAMS
    shift = 64 - bits
    crc = zlib.crc32
    ngrams: list[int] = []
    words: list[int] = []
    first: int | None = None
    prev: int | None = None
    for i, piece in enumerate(tok.translate(_DIGITS).split()):
        b = b" " + piece.encode("utf-8", "replace") + b" "
        size = len(b)
        for n in range(lo, hi + 1):
            salt = s_ng + n
            ngrams += [((crc(b[k:k + n], salt) * _MIX) & _M64) >> shift for k in range(size - n + 1)]
        hs = [crc(w, s_w) for w in _WORD.findall(b)]
        words += [(((h + s_w) * _MIX) & _M64) >> shift for h in hs]
        if hs and prev is not None:
            words.append(_pair_col(prev, hs[0], s_p, bits))
        words += [_pair_col(x, y, s_p, bits) for x, y in pairwise(hs)]
        if i == 0 and hs:
            first = hs[0]
        prev = hs[-1] if hs else None
    return TokenFeatures(tuple(ngrams), tuple(words), first, prev)


def _block(tokens: Sequence[str], group: str, bits: int,
           cache: dict[str, TokenFeatures]) -> tuple[list[int], list[int]]:
    """n-gram columns and word/pair columns of a token sequence (MARK: a boundary no pair crosses)."""
    ngrams: list[int] = []
    words: list[int] = []
    last: int | None = None
    pair_salt = SALTS[f"{group}_pair"]
    for t in tokens:
        if t == MARK:
            last = None
            continue
        f = cache.get(t)
        if f is None:
            f = cache[t] = token_features(t, group, bits)
        ngrams.extend(f.ngrams)
        if last is not None and f.first is not None:
            words.append(_pair_col(last, f.first, pair_salt, bits))
        words.extend(f.words)
        last = f.last
    return ngrams, words


def text_tokens(listing: Listing, normalise: Callable[[str], str]) -> list[str]:
    """The model's reading of title and description: each field's normalised tokens, MARK between."""
    title = normalise(listing.title[:MAX_FIELD_CHARS]).split()
    desc = normalise(listing.description[:MAX_FIELD_CHARS]).split() if listing.description else []
    return [*title, MARK, *desc]


def shop_tokens(name: str, description: str, normalise: Callable[[str], str]) -> list[str]:
    desc = normalise(description[:MAX_FIELD_CHARS]).split() if description else []
    return [*normalise(name[:MAX_FIELD_CHARS]).split(), MARK, *desc]


def category_words(category: str | None, bits: int) -> list[int]:
    b = plain_fold((category or "")[:MAX_FIELD_CHARS]).translate(_DIGITS).encode("utf-8", "replace")
    s = SALTS["cat_word"]
    return [_col(zlib.crc32(w, s) + s, bits) for w in _WORD.findall(b)]


def price_columns(bits: int) -> np.ndarray:
    """The price feature's column of each bucket (`price_buckets`' numbering)."""
    s = SALTS["price"]
    return np.array([_col(b + 2 + s, bits) for b in range(-1, len(PRICE_EDGES) + 1)], np.int64)


def price_buckets(prices: np.ndarray) -> np.ndarray:
    """Each price's bucket: 0 for a missing or non-positive price, then by PRICE_EDGES."""
    ok = np.isfinite(prices) & (prices > 0)
    buckets = np.zeros(len(prices), np.int64)
    buckets[ok] = np.searchsorted(PRICE_EDGES, np.log10(prices[ok])) + 1
    return buckets


def price_bucket_cols(prices: np.ndarray, bits: int) -> np.ndarray:
    """The price feature's column per listing."""
    return price_columns(bits)[price_buckets(prices)]


def _prices(listings: Sequence[Listing]) -> np.ndarray:
    try:  # None reads NaN; anything not a number falls to the loop below
        return np.array(list(map(_PRICE, listings)), np.float64)
    except (TypeError, ValueError, OverflowError):
        pass
    out = np.empty(len(listings), np.float64)
    for i, x in enumerate(listings):
        p = x.price
        try:
            out[i] = float(p) if p is not None else math.nan
        except (TypeError, ValueError, OverflowError):
            out[i] = math.nan
    return out


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


def featurise(listings: Sequence[Listing], normalise: Callable[[str], str],
              bits: int = DEFAULT_BITS) -> Triplets:
    """Hashed features of a batch (the training matrix; `TokenScorer` scores the same features)."""
    docs: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    caches: dict[str, dict[str, TokenFeatures]] = {"text": {}, "shop": {}}

    def add(n: int, group_cols: list[int]) -> None:
        if group_cols:
            docs.append(np.full(len(group_cols), n, np.int64))
            cols.append(np.asarray(group_cols, np.int64))
            vals.append(np.full(len(group_cols), 1.0 / math.sqrt(len(group_cols))))

    for n, li in enumerate(listings):
        for group, toks in (("text", text_tokens(li, normalise)),
                            ("shop", shop_tokens(li.seller.name, li.seller.description, normalise))):
            ngrams, words = _block(toks, group, bits, caches[group])
            add(n, ngrams)
            add(n, words)
        add(n, category_words(li.category, bits))
    price_cols = price_bucket_cols(_prices(listings), bits)
    docs.append(np.arange(len(listings), dtype=np.int64))
    cols.append(price_cols)
    vals.append(np.full(len(listings), 0.5))
    return Triplets(len(listings), np.concatenate(docs), np.concatenate(cols), np.concatenate(vals))


class TokenScorer:
    """Scores listings with a weight vector over `featurise`'s features, a token at a time.

    Per distinct token (Zipf: nearly every look-up hits) it keeps the weight sum and the count of
    its n-grams and of its words and in-token pairs, and its first and last word hashes; a batch
    then costs one C-level dict look-up per token plus numpy passes. Shop blocks and categories
    repeat per seller and are kept per distinct value. All tables are bounded (hostile input).
    """

    def __init__(self, weights: np.ndarray, bits: int, normalise: Callable[[str], str]) -> None:
        self.weights = weights
        self._w = array("d", weights.tobytes())
        self.bits = bits
        self.normalise = normalise
        self._lock = threading.Lock()
        self._price_w = weights[price_columns(bits)]
        self._reset()
        self._shops: dict[tuple[str, str], float] = Memo(self._shop, 100_000, clear_when_full=True)
        self._cats: dict[str | None, float] = Memo(self._cat, 50_000, clear_when_full=True)

    def _reset(self) -> None:
        self._ids: dict[str, int] = Memo(self._new_id, None)  # bounded by TABLE_MAX (_decision)
        self._ids[MARK] = 0
        self._ids[""] = 0
        size = 1024
        # per token: n-gram weight sum, n-gram count, word+pair weight sum, word+pair count
        self._tab = np.zeros((4, size))
        self._first = np.zeros(size, np.uint64)
        self._last = np.zeros(size, np.uint64)
        self._has_first = np.zeros(size, bool)
        self._has_last = np.zeros(size, bool)
        self._n = 1  # id 0: the field mark, no features

    def _new_id(self, tok: str) -> int:
        f = token_features(tok, "text", self.bits)
        i = self._n
        if i >= self._tab.shape[1]:
            grow = self._tab.shape[1]
            self._tab = np.concatenate([self._tab, np.zeros((4, grow))], axis=1)
            self._first = np.concatenate([self._first, np.zeros(grow, np.uint64)])
            self._last = np.concatenate([self._last, np.zeros(grow, np.uint64)])
            self._has_first = np.concatenate([self._has_first, np.zeros(grow, bool)])
            self._has_last = np.concatenate([self._has_last, np.zeros(grow, bool)])
        w = self._w  # a Python-indexable copy: a few dozen look-ups cost less than a numpy call
        self._tab[:, i] = (sum(map(w.__getitem__, f.ngrams)), len(f.ngrams),
                           sum(map(w.__getitem__, f.words)), len(f.words))
        if f.first is not None:
            self._first[i], self._has_first[i] = f.first, True
        if f.last is not None:
            self._last[i], self._has_last[i] = f.last, True
        self._n += 1
        return i

    def _shop(self, key: tuple[str, str]) -> float:
        cache: dict[str, TokenFeatures] = {}
        ngrams, words = _block(shop_tokens(key[0] or "", key[1] or "", self.normalise), "shop", self.bits, cache)
        return sum(_scaled_sum(self.weights, c) for c in (ngrams, words))

    def _cat(self, cat: str | None) -> float:
        return _scaled_sum(self.weights, category_words(cat, self.bits))

    def decision(self, listings: Sequence[Listing],
                 tokens: tuple[list[str], Sequence[int]] | None = None) -> np.ndarray:
        """Linear scores (before the bias). `tokens`: (flat token list, starts): listing i's title
        tokens, MARK, description tokens begin at starts[i] and run to the next listing's start
        (the end for the last); MARK tokens hold no features and stop word pairs. None: the
        listings are normalised here."""
        if tokens is None:
            flat: list[str] = []
            starts = []
            for li in listings:
                starts.append(len(flat))
                flat.extend(text_tokens(li, self.normalise))
                flat.append(MARK)
            tokens = (flat, starts)
        with self._lock:  # the token table grows (and may start over) while a batch is scored
            return self._decision(listings, tokens)

    def _decision(self, listings: Sequence[Listing], tokens: tuple[list[str], Sequence[int]]) -> np.ndarray:
        toks, start = tokens
        if len(self._ids) + len(toks) > TABLE_MAX:
            self._reset()  # bounded: the ids of this batch stay valid (it grows by at most len(toks))
        n = len(listings)
        out = np.zeros(n)
        if n and len(toks) > 1:
            ids = np.fromiter(map(self._ids.__getitem__, toks), np.int64, len(toks))
            a = np.asarray(start, np.int64)
            # per token: n-gram sum and count, word sum and count, and the pair it makes with the
            # next token (the last word of one and the first of the next; none across a MARK)
            rows = np.empty((6, len(ids)))
            self._tab.take(ids, axis=1, out=rows[:4])
            left, right = ids[:-1], ids[1:]
            ok = self._has_last[left] & self._has_first[right]
            h = (self._last[left] * np.uint64(_PAIR) + self._first[right]
                 + np.uint64(SALTS["text_pair"])) * np.uint64(_MIX) >> np.uint64(64 - self.bits)
            np.multiply(self.weights[h.astype(np.int64)], ok, out=rows[4, :-1])
            rows[5, :-1] = ok
            rows[4:, -1] = 0.0
            # sums per listing in one pass (every listing holds at least its MARK: no empty span)
            ng_s, ng_n, wd_s, wd_n, pw, pn = np.add.reduceat(rows, a, axis=1)
            out += ng_s / np.sqrt(np.maximum(ng_n, 1.0))
            out += (wd_s + pw) / np.sqrt(np.maximum(wd_n + pn, 1.0))
        # shop blocks and categories repeat per seller: one C-level look-up per listing (a miss
        # computes and keeps the value, see `Memo`)
        out += np.fromiter(map(self._shops.__getitem__, map(_SHOP_GETTER, listings)), np.float64, n)
        out += np.fromiter(map(self._cats.__getitem__, map(_CATEGORY, listings)), np.float64, n)
        out += 0.5 * self._price_w[price_buckets(_prices(listings))]
        return out


_SHOP_GETTER = attrgetter("seller.name", "seller.description")
_CATEGORY = attrgetter("category")
_PRICE = attrgetter("price")


def _scaled_sum(weights: np.ndarray, cols: list[int]) -> float:
    return float(weights[cols].sum()) / math.sqrt(len(cols)) if cols else 0.0
