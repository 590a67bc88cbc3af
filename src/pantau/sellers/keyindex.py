"""An inverted index from 64-bit key hashes to seller numbers, compact enough for millions of sellers.

Two parts, like a log-structured store: a frozen base in three numpy arrays (sorted keys, offsets,
seller numbers: 12 bytes a posting) and a small dict for what was added since. `freeze()` folds the
dict into the base; a bulk load calls it once at the end. Posting lists of the base are sorted, so
membership is a binary search.
"""

from __future__ import annotations

import hashlib

import numpy as np


def key_hash(key: str) -> int:
    """Stable across processes (Python's hash() is salted), as a signed 64-bit int."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little", signed=True)


class KeyIndex:
    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.int64)
        self._offsets = np.zeros(1, dtype=np.int64)
        self._sids = np.empty(0, dtype=np.int32)
        self._delta: dict[int, set[int]] = {}

    def _base_slice(self, h: int) -> np.ndarray:
        if not len(self._keys):
            return self._sids
        i = int(self._keys.searchsorted(h))
        if i < len(self._keys) and self._keys[i] == h:
            return self._sids[self._offsets[i]:self._offsets[i + 1]]
        return self._sids[:0]

    def get(self, h: int) -> list[int]:
        base = self._base_slice(h)
        extra = self._delta.get(h)
        if extra is None:
            return base.tolist()
        return base.tolist() + list(extra)

    def count(self, h: int) -> int:
        return len(self._base_slice(h)) + len(self._delta.get(h, ()))

    def has(self, h: int, sid: int) -> bool:
        if sid in self._delta.get(h, ()):
            return True
        base = self._base_slice(h)
        if not len(base):
            return False
        j = int(base.searchsorted(sid))
        return j < len(base) and base[j] == sid

    def add(self, h: int, sid: int) -> bool:
        """Add a posting unless present; True when added."""
        if self.has(h, sid):
            return False
        self._delta.setdefault(h, set()).add(sid)
        return True

    def add_bulk(self, hashes: np.ndarray, sids: np.ndarray) -> None:
        """Append many postings at once (a store load); duplicates are removed by freeze()."""
        self._pending = getattr(self, "_pending", [])
        self._pending.append((np.asarray(hashes, dtype=np.int64), np.asarray(sids, dtype=np.int32)))

    def freeze(self) -> None:
        parts_k = [np.repeat(self._keys, np.diff(self._offsets)), *(k for k, _ in getattr(self, "_pending", []))]
        parts_s = [self._sids, *(s for _, s in getattr(self, "_pending", []))]
        if self._delta:
            dk = np.fromiter((h for h, lst in self._delta.items() for _ in lst), dtype=np.int64)
            ds = np.fromiter((s for lst in self._delta.values() for s in lst), dtype=np.int32)
            parts_k.append(dk)
            parts_s.append(ds)
        keys = np.concatenate(parts_k) if parts_k else np.empty(0, dtype=np.int64)
        sids = np.concatenate(parts_s) if parts_s else np.empty(0, dtype=np.int32)
        order = np.lexsort((sids, keys))
        keys, sids = keys[order], sids[order]
        if len(keys):
            keep = np.ones(len(keys), dtype=bool)
            keep[1:] = (keys[1:] != keys[:-1]) | (sids[1:] != sids[:-1])
            keys, sids = keys[keep], sids[keep]
        uniq, starts = np.unique(keys, return_index=True)
        self._keys = uniq
        self._offsets = np.append(starts, len(keys)).astype(np.int64)
        self._sids = sids.astype(np.int32)
        self._delta = {}
        self._pending = []

    @property
    def nbytes(self) -> int:
        return int(self._keys.nbytes + self._offsets.nbytes + self._sids.nbytes)

    def __len__(self) -> int:
        return len(self._keys) + sum(1 for h in self._delta if self._base_slice(h).size == 0)
