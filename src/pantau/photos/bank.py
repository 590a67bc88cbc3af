"""The hash bank: PDQ hashes of photos from taken-down or confirmed listings, searchable by radius.

Memory is columnar (packed codes plus small integer columns), not one Python object per entry,
so ten million hashes fit in a few gigabytes. Readers never wait for writers:
- a search takes the current `_Generation` (one attribute read, atomic in CPython) and works on it;
- `add` puts new hashes in a small exhaustive "delta" index, rebuilt copy-on-write and swapped in;
- `rebuild` builds a new multi-index-hashing index (index.ChunkIndex) outside the lock, then swaps
  it in; searches that started on the old generation finish on it.
The store (photo_bank table) is the source of truth; `save`/`load` keep a disk snapshot that
loads faster than the table, written to a temporary file and renamed over the old one.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import faiss
import numpy as np

from pantau.errors import InputError
from pantau.photos.index import ChunkIndex, build_flat, range_search
from pantau.photos.pdq import BYTES, PhotoHash, hex_to_bytes

DEFAULT_THRESHOLD = 31  # overridden by callers with the benchmarked choice (see matcher.py)
DELTA_LIMIT = 50_000  # recent hashes searched exhaustively before a rebuild folds them in
SNAPSHOT_VERSION = 1


class BankFileError(InputError):
    """A bank snapshot or exchange file that cannot be read."""


@dataclass(frozen=True, slots=True)
class BankEntry:
    """One banked photo: what an export row or a photo_bank row holds."""

    pdq: str
    platform: str
    listing_id: str
    photo: int = 0
    taken_down: bool = False
    quality: int = 100
    added_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    source: str = "pantau"  # who vouched for it: pantau, or the file/bank it was imported from


@dataclass(frozen=True, slots=True)
class BankHit:
    platform: str
    listing_id: str
    photo: int
    distance: int
    taken_down: bool
    entry_id: int


class _Columns:
    """Append-only arrays with spare capacity; a reallocation makes new arrays, so a reader
    holding the old ones keeps a consistent view."""

    def __init__(self, capacity: int = 1024) -> None:
        self.codes = np.zeros((capacity, BYTES), np.uint8)
        self.listing = np.zeros(capacity, np.int32)
        self.photo = np.zeros(capacity, np.int16)
        self.taken_down = np.zeros(capacity, np.bool_)
        self.quality = np.zeros(capacity, np.int8)
        self.added_at = np.zeros(capacity, np.float64)
        self.source = np.zeros(capacity, np.int32)
        self.n = 0

    NAMES = ("codes", "listing", "photo", "taken_down", "quality", "added_at", "source")

    def reserve(self, extra: int) -> None:
        need = self.n + extra
        cap = len(self.listing)
        if need <= cap:
            return
        new_cap = max(need, cap * 2)
        for name in self.NAMES:
            old = getattr(self, name)
            new = np.zeros((new_cap, *old.shape[1:]), old.dtype)
            new[: self.n] = old[: self.n]
            setattr(self, name, new)


@dataclass(frozen=True, slots=True)
class _Generation:
    main: ChunkIndex  # multi-index hashing over ids [0, main_n)
    main_n: int
    delta: faiss.IndexBinary  # flat over ids [main_n, n)
    n: int
    cols: _Columns  # arrays valid for ids < n


class PhotoBank:
    def __init__(self, threshold: int = DEFAULT_THRESHOLD, *, delta_limit: int = DELTA_LIMIT,
                 exact: bool = False) -> None:
        self.threshold = threshold
        self.exact = exact  # search the mirrored and rotated variants exactly too (slower)
        self.delta_limit = delta_limit
        self._lock = threading.Lock()
        self._rebuild_lock = threading.Lock()
        self._cols = _Columns()
        self._listing_keys: list[tuple[str, str]] = []
        self._listing_ids: dict[tuple[str, str], int] = {}
        self._sources: list[str] = []
        self._source_ids: dict[str, int] = {}
        self._gen = _Generation(ChunkIndex(self._cols.codes[:0]), 0,
                                build_flat(self._cols.codes[:0]), 0, self._cols)

    # -- reading -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._gen.n

    def search(self, query: PhotoHash | np.ndarray, threshold: int | None = None, *,
               crop_variants: bool = False, exact: bool | None = None) -> list[BankHit]:
        """Banked hashes within `threshold` of the query, closest first, one hit per entry.

        For a PhotoHash, any of its 8 dihedral variants counts (mirrored, rotated copies); with
        `crop_variants` also those of its centre crop, which finds a full photo whose cropped copy
        was banked, at twice the cost. (The bank holds each photo's centre crop already, so a
        cropped copy of a banked photo is found without them.)

        The upright hash is searched exactly; the mirrored and rotated variants light (see
        index.ChunkIndex: exact to 21 bits in a bank of millions, and beyond that found unless
        every chunk of the hash differs in 2 bits or more), a fifth of the cost of searching all
        eight exactly. On the robustness set both find the same matches (docs/bench/photos.md).
        `exact=True` searches every variant exactly (default: the bank's `exact` setting)."""
        radius = self.threshold if threshold is None else threshold
        light: np.ndarray | None = None
        if isinstance(query, PhotoHash):
            codes = query.variants if crop_variants else query.variants[:8]
            if not (self.exact if exact is None else exact):
                light = np.ones(len(codes), np.bool_)
                light[::8] = False  # rows 0 and 8: the upright photo and its upright crop
        else:
            codes = np.atleast_2d(query)
        gen = self._gen
        best: dict[int, int] = {}
        for index, base in ((gen.main, 0), (gen.delta, gen.main_n)):
            hits = range_search(index, codes, radius, base=base, light=light)
            for i, d in zip(hits.ids.tolist(), hits.distances.tolist(), strict=True):
                if i < gen.n and d < best.get(i, 1 << 30):
                    best[i] = d
        out = []
        cols = gen.cols
        for i, d in sorted(best.items(), key=lambda kv: (kv[1], kv[0])):
            platform, listing_id = self._listing_keys[int(cols.listing[i])]
            out.append(BankHit(platform, listing_id, int(cols.photo[i]), d,
                               bool(cols.taken_down[i]), i))
        return out

    def entries(self) -> Iterable[BankEntry]:
        """Every entry, in insertion order (for export and persistence)."""
        gen = self._gen
        cols = gen.cols
        for i in range(gen.n):
            platform, listing_id = self._listing_keys[int(cols.listing[i])]
            yield BankEntry(cols.codes[i].tobytes().hex(), platform, listing_id, int(cols.photo[i]),
                            bool(cols.taken_down[i]), int(cols.quality[i]),
                            datetime.fromtimestamp(float(cols.added_at[i]), UTC),
                            self._sources[int(cols.source[i])])

    def stats(self) -> dict[str, int]:
        gen = self._gen
        td = int(gen.cols.taken_down[: gen.n].sum())
        return {"entries": gen.n, "taken_down": td, "confirmed": gen.n - td,
                "listings": len(self._listing_keys), "indexed": gen.main_n,
                "pending_rebuild": gen.n - gen.main_n, "threshold": self.threshold}

    # -- writing -------------------------------------------------------------------------------

    def add(self, entries: Sequence[BankEntry], *, check_duplicates: bool = True) -> list[BankEntry]:
        """Add entries; returns those that were new. The same photo of the same listing is added
        once; seen again as taken down, the existing entry is marked taken down. Loading from the
        store (unique already) skips that check: it costs a radius-0 search per entry."""
        added: list[BankEntry] = []
        with self._lock:
            cols = self._cols
            cols.reserve(len(entries))
            gen = self._gen
            for e in entries:
                code = hex_to_bytes(e.pdq)
                lid = self._intern_listing(e.platform, e.listing_id)
                dup = self._find_same(gen, cols, code, lid, e.photo) if check_duplicates else None
                if dup is not None:
                    if e.taken_down and not cols.taken_down[dup]:
                        cols.taken_down[dup] = True
                        added.append(e)
                    continue
                i = cols.n
                cols.codes[i] = code
                cols.listing[i] = lid
                cols.photo[i] = e.photo
                cols.taken_down[i] = e.taken_down
                cols.quality[i] = max(-1, min(100, e.quality))
                cols.added_at[i] = e.added_at.timestamp()
                cols.source[i] = self._intern_source(e.source)
                cols.n += 1
                added.append(e)
            if cols.n != gen.n:
                delta = build_flat(cols.codes[gen.main_n: cols.n])
                self._gen = _Generation(gen.main, gen.main_n, delta, cols.n, cols)
            needs_rebuild = self._gen.n - self._gen.main_n > self.delta_limit
        if needs_rebuild:
            self.rebuild()
        return added

    def add_codes(self, codes: np.ndarray, platform: str, listing_ids: Sequence[str], *,
                  taken_down: bool = True, source: str = "bulk", rebuild: bool = True) -> None:
        """Bulk load without per-entry duplicate checks (benchmarks, trusted snapshots). With
        rebuild=False the codes are not searchable until `rebuild()` (load many chunks, index once)."""
        with self._lock:
            cols = self._cols
            cols.reserve(len(codes))
            lo, hi = cols.n, cols.n + len(codes)
            cols.codes[lo:hi] = codes
            cols.listing[lo:hi] = [self._intern_listing(platform, x) for x in listing_ids]
            cols.taken_down[lo:hi] = taken_down
            cols.quality[lo:hi] = 100
            cols.added_at[lo:hi] = time.time()
            cols.source[lo:hi] = self._intern_source(source)
            cols.n = hi
        if rebuild:
            self.rebuild()

    def rebuild(self) -> None:
        """Fold the delta into a new multi-index-hashing index and swap it in. Searches go on
        against the previous generation meanwhile; concurrent adds land in the new delta."""
        with self._rebuild_lock:
            with self._lock:
                cols, n = self._cols, self._cols.n
            # The heavy part runs unlocked: rows below n never change (a reallocation copies them
            # into new arrays and leaves these intact).
            main = ChunkIndex(cols.codes[:n])
            with self._lock:
                cols = self._cols
                delta = build_flat(cols.codes[n: cols.n])
                self._gen = _Generation(main, n, delta, cols.n, cols)

    def _intern_listing(self, platform: str, listing_id: str) -> int:
        key = (platform, listing_id)
        i = self._listing_ids.get(key)
        if i is None:
            i = self._listing_ids[key] = len(self._listing_keys)
            self._listing_keys.append(key)
        return i

    def _intern_source(self, source: str) -> int:
        i = self._source_ids.get(source)
        if i is None:
            i = self._source_ids[source] = len(self._sources)
            self._sources.append(source)
        return i

    def _find_same(self, gen: _Generation, cols: _Columns, code: np.ndarray, lid: int,
                   photo: int) -> int | None:
        # Exact duplicates are found through the index (radius 0), then among entries of this
        # add() call not yet indexed.
        candidates = [int(i) for index, base in ((gen.main, 0), (gen.delta, gen.main_n))
                      for i in range_search(index, code[None, :], 0, base=base).ids]
        candidates.extend(range(gen.n, cols.n))
        for i in candidates:
            if cols.listing[i] == lid and cols.photo[i] == photo and np.array_equal(cols.codes[i], code):
                return i
        return None

    # -- disk snapshot -------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write a snapshot atomically: a temp file in the same folder, then renamed over `path`."""
        gen = self._gen
        n, cols = gen.n, gen.cols
        meta = {"version": SNAPSHOT_VERSION, "threshold": self.threshold,
                "listings": self._listing_keys[:], "sources": self._sources[:]}
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, meta=np.frombuffer(json.dumps(meta).encode(), np.uint8),
                         **{name: getattr(cols, name)[:n] for name in _Columns.NAMES})
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path, threshold: int | None = None) -> PhotoBank:
        try:
            data = np.load(io.BytesIO(Path(path).read_bytes()), allow_pickle=False)
            meta = json.loads(data["meta"].tobytes())
            arrays = {name: data[name] for name in _Columns.NAMES}
        except (OSError, ValueError, KeyError) as e:
            raise BankFileError(f"not a readable bank snapshot ({e})", where=str(path)) from None
        if meta.get("version") != SNAPSHOT_VERSION:
            raise BankFileError(f"unsupported snapshot version {meta.get('version')!r}", where=str(path))
        bank = cls(meta["threshold"] if threshold is None else threshold)
        for platform, listing_id in meta["listings"]:
            bank._intern_listing(platform, listing_id)
        for s in meta["sources"]:
            bank._intern_source(s)
        n = len(arrays["codes"])
        bank._cols.reserve(n)
        for name, arr in arrays.items():
            getattr(bank._cols, name)[:n] = arr
        bank._cols.n = n
        bank.rebuild()
        return bank
