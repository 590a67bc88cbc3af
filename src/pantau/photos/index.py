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
from collections.abc import Sequence
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
    """Every mask of `bits` bits with at most `nflip` bits set (none when nflip < 0)."""
    masks = [sum(1 << i for i in combo) for k in range(nflip + 1)
             for combo in itertools.combinations(range(bits), k)]
    return np.array(masks, dtype=np.int64)


BUILD_BATCH = 1 << 20  # codes whose chunk values are computed at once (bounds temporaries)
MIN_CHUNKS = 11  # chunks of at most 24 bits: a table of 2**24 offsets is the largest kept
_ROW = np.dtype((np.void, BYTES))  # one packed code as a single item: a gather copies 32 bytes at once


def chunk_count(n: int) -> int:
    """Chunks for a bank of n hashes: chunk width near log2(n) bits, 11 to 32 chunks."""
    return max(MIN_CHUNKS, min(32, round(BITS / max(8.0, math.log2(max(n, 2))))))


def chunk_flips(nchunks: int, radius: int) -> list[int]:
    """Flips to probe in each chunk so that every code within `radius` is found (exact).

    The pigeonhole principle refined (Norouzi, Punjani and Fleet, "Fast exact search in Hamming
    space with multi-index hashing", 2014): with a, b = divmod(radius, m), a neighbour differs in at
    most a bits on one of the first b + 1 chunks, or in at most a - 1 bits on one of the others
    (if it differed in a + 1 or more on the first b + 1 and in a or more on the rest, its distance
    would be at least (b + 1)(a + 1) + (m - b - 1) a = radius + 1). -1: the chunk is not probed."""
    a, b = divmod(max(radius, 0), nchunks)
    return [a if c <= b else a - 1 for c in range(nchunks)]


def guaranteed_radius(flips: Sequence[int]) -> int:
    """The largest radius up to which probing these flips per chunk finds every neighbour."""
    return sum(t + 1 for t in flips) - 1


class ChunkIndex:
    """Radius search by multi-index hashing over numpy CSR tables (immutable; rebuild to grow).

    Exact by default. `range_search(..., light=rows)` probes at most one flipped bit per chunk for
    those query rows: exact up to `light_radius(radius)` bits (21 with 11 chunks), and beyond it
    a neighbour is still found when one of its chunks differs in at most one bit, which a real
    near copy almost always has (measured in docs/bench/photos.md); 10x fewer probes. PhotoBank
    searches the upright hash exactly and the seven mirrored and rotated variants light.

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
        self.widths = widths
        self.width = int(widths.max())
        self._word, shift = np.divmod(starts, 64)
        self._shift = shift.astype(np.uint64)
        self._drop = (64 - widths).astype(np.uint64)
        # four big-endian 64-bit words per code: bit 0 of the hash is the top bit of word 0
        self.words = np.ascontiguousarray(codes.view(">u8").astype(np.uint64).reshape(-1, 4))
        self._rows = self.words.view(_ROW).reshape(-1)
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
        self._plans: dict[tuple[int, bool], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._query_plans: dict[tuple[int, bytes], tuple[np.ndarray, ...]] = {}

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

    def flips(self, radius: int, light: bool = False) -> list[int]:
        """Flipped bits probed per chunk for a search at `radius` (at most 1 when light)."""
        flips = chunk_flips(self.nchunks, radius)
        return [min(t, 1) for t in flips] if light else flips

    def light_radius(self, radius: int) -> int:
        """Up to this distance a light search is exact too."""
        return min(radius, guaranteed_radius(self.flips(radius, light=True)))

    def _plan(self, radius: int, light: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(chunk, table offset, flip mask) of every probe, for one query row."""
        plan = self._plans.get((radius, light))
        if plan is None:
            chunk, mask = [], []
            for c, t in enumerate(self.flips(radius, light)):
                masks = _flip_masks(int(self.widths[c]), t)
                chunk.append(np.full(len(masks), c, np.int64))
                mask.append(masks)
            chunks = np.concatenate(chunk)
            plan = self._plans[(radius, light)] = (chunks, chunks * self._stride, np.concatenate(mask))
        return plan

    def _query_plan(self, radius: int, is_light: np.ndarray) -> tuple[np.ndarray, ...]:
        """For a batch of query rows, light or not: where each probe's chunk value is (row * m +
        chunk), its table offset, its flip mask and its row; cached per pattern (a photo's 8 or
        16 rows are the usual one)."""
        key = (radius, is_light.tobytes())
        plan = self._query_plans.get(key)
        if plan is None:
            parts = [(r * self.nchunks + chunk, table, mask, np.full(len(mask), r, np.int64))
                     for r, flag in enumerate(is_light.tolist())
                     for chunk, table, mask in [self._plan(radius, flag)]]
            plan = tuple(np.concatenate(col) for col in zip(*parts, strict=True))
            if len(self._query_plans) >= 64:  # many batch shapes: keep the cache small
                self._query_plans.clear()
            self._query_plans[key] = plan
        return plan

    def range_search(self, queries: np.ndarray, radius: int, *, light: np.ndarray | slice | None = None,
                     stats: dict[str, int] | None = None) -> RangeHits:
        """Every code within `radius` of each query row (exact), except for the rows selected
        by `light` (a boolean mask, index array or slice of the rows): those are probed with at
        most one flipped bit per chunk (see the class notes). `stats`, if given, receives the
        probe and candidate counts."""
        queries = _check_codes(queries)
        if self.ntotal == 0 or len(queries) == 0:
            return EMPTY_HITS
        nq = len(queries)
        qwords = queries.view(">u8").astype(np.uint64).reshape(-1, 4)
        values = self._chunks(qwords)
        is_light = np.zeros(nq, np.bool_)
        if light is not None:
            is_light[light] = True
        # All rows' probes in one flat array: one sequence of numpy calls for the whole photo.
        where, table, mask, rows = self._query_plan(radius, is_light)
        probes = (values.ravel().take(where) ^ mask) + table
        lo = self.offsets.take(probes).astype(np.int64)
        lens = self.offsets.take(probes + 1).astype(np.int64) - lo
        busy = np.flatnonzero(lens)  # most probes land in empty buckets: drop them first
        lo, lens = lo[busy], lens[busy]
        total = int(lens.sum())
        if stats is not None:
            stats["probes"] = stats.get("probes", 0) + len(probes)
            stats["candidates"] = stats.get("candidates", 0) + total
        if not total:
            return EMPTY_HITS
        # every position in every probed bucket, without a Python loop over buckets
        ends = np.cumsum(lens)
        pos = np.repeat(lo - ends + lens, lens) + np.arange(total)
        q = np.repeat(rows[busy], lens)
        ids = self.ids.take(pos)
        cand = self._rows.take(ids).view(np.uint64).reshape(-1, 4)
        # The first 128 bits rule out nearly every candidate (two words' counts fit a uint8);
        # 1-D takes and per-column counts, because 2-D fancy indexing and a per-row sum over
        # 4 columns are slow paths in numpy.
        qcols = qwords.T.copy()
        near = (np.bitwise_count(cand[:, 0] ^ qcols[0].take(q))
                + np.bitwise_count(cand[:, 1] ^ qcols[1].take(q)))
        keep = np.flatnonzero(near <= radius)
        q, cand = q[keep], cand[keep]
        dist = (near[keep].astype(np.int64) + np.bitwise_count(cand[:, 2] ^ qcols[2].take(q))
                + np.bitwise_count(cand[:, 3] ^ qcols[3].take(q)))
        ok = dist <= radius
        q, found, dist = q[ok], ids[keep[ok]].astype(np.int64), dist[ok]
        # a neighbour is found through every chunk it agrees on: report it once (after the
        # filter, so only the few true neighbours are deduplicated)
        if len(q) > 1:
            _, first = np.unique(q * self.ntotal + found, return_index=True)
            q, found, dist = q[first], found[first], dist[first]
        return RangeHits(q, found, dist)


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
                 base: int = 0, *, light: np.ndarray | slice | None = None,
                 stats: dict[str, int] | None = None) -> RangeHits:
    """Every code within Hamming distance `radius` (inclusive) of each query row. `light` rows
    are searched light by a ChunkIndex (see ChunkIndex.range_search), exactly by FAISS."""
    if index.ntotal == 0 or len(queries) == 0:
        return EMPTY_HITS
    if isinstance(index, ChunkIndex):
        hits = index.range_search(queries, radius, light=light, stats=stats)
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
