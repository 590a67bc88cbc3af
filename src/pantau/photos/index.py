"""FAISS binary indexes over packed PDQ hashes, searched by Hamming radius.

Two kinds, as ThreatExchange's PDQ matchers use them (pdq_faiss_matcher.py, pdq_index2.py):
- multi-index hashing (`faiss.IndexBinaryMultiHash`): the 256 bits are cut into `nhash` chunks of
  `256 / nhash` bits, each chunk a hash table. By the pigeonhole principle, a hash within distance
  d of the query agrees with it on some chunk up to `d // nhash` flipped bits, so probing each
  table with every `nflip = d // nhash`-bit flip finds every neighbour: exact, and fast for the
  small radii PDQ matching uses.
- a flat index (`IndexBinaryFlat`): exhaustive, for the small "delta" of recently added hashes.
Ids are positions: the i-th added code has id i (offset by `base` for a delta).
"""

from __future__ import annotations

from dataclasses import dataclass

import faiss
import numpy as np

from pantau.photos.pdq import BITS, BYTES

# 16 chunks of 16 bits: each table has 65,536 buckets, so at 10M hashes a bucket holds ~150
# entries; nflip 1 then covers radii up to 31 exactly, nflip 2 up to 47.
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


def range_search(index: faiss.IndexBinary, queries: np.ndarray, radius: int, base: int = 0) -> RangeHits:
    """Every code within Hamming distance `radius` (inclusive) of each query row."""
    if index.ntotal == 0 or len(queries) == 0:
        return EMPTY_HITS
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


def index_bytes(index: faiss.IndexBinary) -> int:
    """Size of the serialised index: a lower bound of its memory (hash tables add overhead)."""
    return int(faiss.serialize_index_binary(index).nbytes)
