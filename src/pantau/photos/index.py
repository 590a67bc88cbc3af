"""Indexes over packed PDQ hashes, searched by Hamming radius (exact).

Multi-index hashing (Norouzi et al.; what ThreatExchange's PDQ matchers use through FAISS'
`IndexBinaryMultiHash`): the 256 bits are cut into m chunks. By the pigeonhole principle a hash
within distance d of the query agrees with it on some chunk up to `d // m` flipped bits, so
probing every chunk table with each such flip finds every neighbour, then exact distances
filter the candidates.

`ChunkIndex` is that method written with numpy, because FAISS' version did not meet the latency
target: at 1M random hashes, radius 31 (16 chunks of 16 bits, 1 flip, ThreatExchange's set-up),
`IndexBinaryMultiHash.range_search` cost milliseconds a query, only a few times brute force, and
grew with the bank; FAISS' chunks must all be equal, so the better-suited 11 chunks of 23-24
bits are out of its reach (comparison in docs/bench/photos.md). Here the chunk width follows
the bank size (about log2 n bits, the method's optimum; 11 chunks of 23-24 bits at 10M), each
chunk table is a sorted id array with an offset per chunk value (CSR), and a query touches a
few thousand candidates.
FAISS' exhaustive `IndexBinaryFlat` holds the small "delta" of recently added hashes.
Ids are positions: the i-th added code has id i (offset by `base` for a delta).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import cache

import faiss
import numpy as np

from pantau.photos.pdq import BITS, BYTES

# FAISS' multi-hash set-up as ThreatExchange uses it (kept for the benchmark's comparison): 16
# chunks of 16 bits, so at 10M hashes a bucket holds ~150 entries; nflip 1 covers radii to 31.
DEFAULT_NHASH = 16


@dataclass(frozen=True, slots=True)
class RangeHits:
    """Flattened results of a range search: query row, code id and distance per hit."""

    query: np.ndarray  # int64
    ids: np.ndarray  # int64
    distances: np.ndarray  # int64

    def __len__(self) -> int:
        return len(self.ids)


EMPTY_HITS = RangeHits(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))


def _check_codes(codes: np.ndarray) -> np.ndarray:
    codes = np.ascontiguousarray(codes, dtype=np.uint8)
    if codes.ndim != 2 or codes.shape[1] != BYTES:
        raise ValueError(f"expected packed PDQ codes of shape (n, {BYTES}), got {codes.shape}")
    return codes


@cache
def _flip_masks(bits: int, nflip: int) -> np.ndarray:
    masks = [sum(1 << i for i in combo) for k in range(nflip + 1)
             for combo in itertools.combinations(range(bits), k)]
    return np.array(masks, dtype=np.int64)


BUILD_BATCH = 1 << 20  # codes whose chunk values are computed at once (bounds temporaries)
MIN_CHUNKS = 11  # chunks of at most 24 bits: a table of 2**24 offsets is the largest kept


def chunk_count(n: int) -> int:
    """Chunks for a bank of n hashes: chunk width near log2(n) bits, 11 to 32 chunks."""
    return max(MIN_CHUNKS, min(32, round(BITS / max(8.0, math.log2(max(n, 2))))))


class ChunkIndex:
    """Exact radius search by multi-index hashing over numpy CSR tables (immutable; rebuild to grow).

    Every chunk's table has 2**W buckets, W the widest chunk, so one vectorised probe covers all
    chunks at once (numpy call overhead, not memory, is what a per-chunk loop would cost);
    probes of a narrower chunk beyond its range land in empty buckets."""

    def __init__(self, codes: np.ndarray, nchunks: int | None = None) -> None:
        codes = _check_codes(codes)
        n = self.ntotal = len(codes)
        m = self.nchunks = nchunks or chunk_count(n)
        if not MIN_CHUNKS <= m <= BITS:
            raise ValueError(f"nchunks must be between {MIN_CHUNKS} and {BITS}, got {m}")
        base, extra = divmod(BITS, m)
        widths = np.array([base + 1] * extra + [base] * (m - extra))
        starts = np.concatenate([[0], np.cumsum(widths)[:-1]])
        self.width = int(widths.max())
        self._word, shift = np.divmod(starts, 64)
        self._shift = shift.astype(np.uint64)
        self._drop = (64 - widths).astype(np.uint64)
        # four big-endian 64-bit words per code: bit 0 of the hash is the top bit of word 0
        self.words = np.ascontiguousarray(codes.view(">u8").astype(np.uint64).reshape(-1, 4))
        self._dtype = np.uint32 if n * m < 2**32 else np.int64
        stride = (1 << self.width) + 1
        self.offsets = np.empty(m * stride, self._dtype)
        self.ids = np.empty(m * n, self._dtype)
        values = np.concatenate([self._chunks(self.words[i:i + BUILD_BATCH])
                                 for i in range(0, n, BUILD_BATCH)] or [np.zeros((0, m), np.int64)])
        for c in range(m):
            v = values[:, c]
            self.ids[c * n:(c + 1) * n] = np.argsort(v, kind="stable")
            table = self.offsets[c * stride:(c + 1) * stride]
            table[0] = c * n
            np.cumsum(np.bincount(v, minlength=1 << self.width), out=table[1:])
            table[1:] += c * n
        self._stride = stride

    def _chunks(self, words4: np.ndarray) -> np.ndarray:
        """(n, m) chunk values from (n, 4) words."""
        # a zero fifth word, so a chunk ending in the last word can read "the next" one
        words = np.concatenate([words4, np.zeros((len(words4), 1), np.uint64)], axis=1)
        hi = words[:, self._word] << self._shift
        # the next word's top bits; shifted in two steps since a 64-bit shift is undefined
        lo = (words[:, self._word + 1] >> np.uint64(1)) >> (np.uint64(63) - self._shift)
        return ((hi | lo) >> self._drop).astype(np.int64)

    def nbytes(self) -> int:
        return int(self.words.nbytes + self.offsets.nbytes + self.ids.nbytes)

    def range_search(self, queries: np.ndarray, radius: int) -> RangeHits:
        queries = _check_codes(queries)
        if self.ntotal == 0 or len(queries) == 0:
            return EMPTY_HITS
        nq = len(queries)
        qwords = queries.view(">u8").astype(np.uint64).reshape(-1, 4)
        masks = _flip_masks(self.width, radius // self.nchunks)
        chunk_base = np.arange(self.nchunks, dtype=np.int64) * self._stride
        probes = ((self._chunks(qwords)[:, :, None] ^ masks[None, None, :])
                  + chunk_base[None, :, None]).reshape(nq, -1)
        lo = self.offsets[probes].astype(np.int64)
        lens = self.offsets[probes + 1].astype(np.int64) - lo
        total = int(lens.sum())
        if not total:
            return EMPTY_HITS
        # every position in every probed bucket, without a Python loop over buckets
        flat = lens.ravel()
        pos = np.repeat(lo.ravel() - np.cumsum(flat) + flat, flat) + np.arange(total)
        ids = self.ids[pos].astype(np.int64)
        q = np.repeat(np.arange(nq), lens.sum(axis=1))
        dist = np.bitwise_count(self.words.take(ids, axis=0) ^ qwords[q]).sum(axis=1, dtype=np.int64)
        keep = dist <= radius
        q, ids, dist = q[keep], ids[keep], dist[keep]
        # a neighbour is found through every chunk it agrees on: report it once (after the
        # filter, so only the few true neighbours are deduplicated)
        _, first = np.unique(q * self.ntotal + ids, return_index=True)
        return RangeHits(q[first], ids[first], dist[first])


def build_multihash(codes: np.ndarray, nhash: int = DEFAULT_NHASH) -> faiss.IndexBinary:
    if BITS % nhash:
        raise ValueError(f"nhash must divide {BITS}, got {nhash}")
    index = faiss.IndexBinaryMultiHash(BITS, nhash, BITS // nhash)
    codes = _check_codes(codes)
    if len(codes):
        index.add(codes)
    return index


def build_flat(codes: np.ndarray) -> faiss.IndexBinary:
    index = faiss.IndexBinaryFlat(BITS)
    codes = _check_codes(codes)
    if len(codes):
        index.add(codes)
    return index


def range_search(index: faiss.IndexBinary | ChunkIndex, queries: np.ndarray, radius: int,
                 base: int = 0) -> RangeHits:
    """Every code within Hamming distance `radius` (inclusive) of each query row."""
    if index.ntotal == 0 or len(queries) == 0:
        return EMPTY_HITS
    if isinstance(index, ChunkIndex):
        hits = index.range_search(queries, radius)
        return RangeHits(hits.query, hits.ids + base, hits.distances) if base else hits
    queries = _check_codes(queries)
    if isinstance(index, faiss.IndexBinaryMultiHash):
        # Set per call: a radius above nhash * (nflip + 1) - 1 would silently miss neighbours.
        # (Searches of one index must therefore not run concurrently with different radii;
        # PhotoBank searches one radius per bank.)
        index.nflip = radius // index.nhash
    # FAISS returns distances strictly below the radius it is given.
    lims, dist, ids = index.range_search(queries, radius + 1)
    counts = np.diff(lims.astype(np.int64))
    return RangeHits(np.repeat(np.arange(len(queries), dtype=np.int64), counts),
                     ids.astype(np.int64) + base, dist.astype(np.int64))
