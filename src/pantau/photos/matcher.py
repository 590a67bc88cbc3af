"""The pipeline's PhotoMatcher: hash each listing's photos, look them up in the bank and among the
photos of listings seen earlier in the run, and bank the photos of taken-down listings.

A photo is named by a path relative to the listing file's folder or by an http(s) URL. Paths
may not leave that folder (a crawled listing is hostile: `/etc/passwd` is not a photo). URLs go
through the SafeFetcher, or are reported as not fetched when none is configured. Every failure is
a warning in the outcome, never an exception out of `match`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pantau.domain import Detection, ImageMatch, Listing, Verdict
from pantau.errors import PantauError
from pantau.ingest.fetch import SafeFetcher
from pantau.photos.bank import BankEntry, BankHit, PhotoBank
from pantau.photos.load import DEFAULT_LIMITS, ImageRefused, LoadLimits, decode_rgb, load_path
from pantau.photos.pdq import MIN_QUALITY, PhotoHash, hash_array
from pantau.pipeline import PhotoOutcome

# Chosen from the robustness benchmark (docs/bench/photos.md): every light edit is found at this
# distance, and no pair of unrelated photos comes closer than it.
MATCH_THRESHOLD = 31
MAX_PHOTOS = 10  # per listing; a hostile listing may name thousands
MAX_MATCHES = 20  # per listing, best first
CACHE_SIZE = 4096  # hashes of recently seen sources (the same photo file re-used across listings)


@dataclass(frozen=True, slots=True)
class PhotoRecord:
    """One photo of one listing as hashed in this run: what the photos table stores."""

    platform: str
    listing_id: str
    index: int
    source: str
    pdq: str | None
    quality: int | None
    error: str | None
    pdq_crop: str | None = None  # hash of the centre crop, banked beside the whole photo's


class BankPhotoMatcher:
    def __init__(self, bank: PhotoBank | None = None, *, threshold: int = MATCH_THRESHOLD,
                 min_quality: int = MIN_QUALITY, fetcher: SafeFetcher | None = None,
                 limits: LoadLimits = DEFAULT_LIMITS, max_photos: int = MAX_PHOTOS,
                 max_matches: int = MAX_MATCHES, bank_violating: bool = False) -> None:
        self.bank = bank if bank is not None else PhotoBank(threshold)
        self.threshold = threshold
        self.min_quality = min_quality
        self.fetcher = fetcher
        self.limits = limits
        self.max_photos = max_photos
        self.max_matches = max_matches
        # Also bank photos of listings the pipeline judged violating (not only taken-down ones).
        # Off by default: a false positive would then spread to every re-use of its photos.
        self.bank_violating = bank_violating
        self.seen = PhotoBank(threshold)  # photos of this run's listings (not persisted)
        self._cache: OrderedDict[str, PhotoHash | PantauError] = OrderedDict()
        self._batch: dict[tuple[str, str, int], PhotoHash] = {}  # the last match() call's hashes
        self._records: list[PhotoRecord] = []
        self._new_entries: list[BankEntry] = []
        self._lock = threading.Lock()

    # -- pipeline protocol ---------------------------------------------------------------------

    def match(self, listings: Sequence[Listing]) -> list[PhotoOutcome]:
        self._batch = {}
        return [self._match_one(listing) for listing in listings]

    def learn(self, listings: Sequence[Listing], outcomes: Sequence[PhotoOutcome],
              detections: Sequence[Detection]) -> None:
        entries: list[BankEntry] = []
        now = datetime.now(UTC)
        for listing, outcome, det in zip(listings, outcomes, detections, strict=True):
            taken_down = listing.is_taken_down
            if not (taken_down or (self.bank_violating and det.verdict == Verdict.VIOLATING)):
                continue
            for i, h in enumerate(outcome.hashes):
                if h is None:
                    continue
                ph = self._batch.get((listing.platform, listing.listing_id, i))
                hexes = ph.banked_hexes if ph is not None and ph.hex == h else (h,)
                entries.extend(BankEntry(x, listing.platform, listing.listing_id, i, taken_down,
                                         ph.quality if ph else 100, listing.taken_down_at or now, "pantau")
                               for x in hexes)
        if entries:
            added = self.bank.add(entries)
            with self._lock:
                self._new_entries.extend(added)

    # -- for the store -------------------------------------------------------------------------

    def drain_records(self) -> list[PhotoRecord]:
        """Photo records hashed since the last call (for pantau.photos.repository.save_records)."""
        with self._lock:
            out, self._records = self._records, []
        return out

    def drain_new_entries(self) -> list[BankEntry]:
        """Bank entries added since the last call (for repository.save_entries)."""
        with self._lock:
            out, self._new_entries = self._new_entries, []
        return out

    # -- work ----------------------------------------------------------------------------------

    def _match_one(self, listing: Listing) -> PhotoOutcome:
        out = PhotoOutcome()
        images = listing.images[: self.max_photos]
        if len(listing.images) > self.max_photos:
            out.errors.append(f"only the first {self.max_photos} of {len(listing.images)} photos "
                              "were checked")
        hashes: list[tuple[int, PhotoHash]] = []
        records = []
        for i, ref in enumerate(images):
            ph, error = self._hash(listing, ref)
            usable = ph is not None and ph.quality >= self.min_quality
            if ph is not None and not usable:
                error = f"PDQ quality {ph.quality} below {self.min_quality}: too plain to match"
            if error:
                out.errors.append(f"photo {i + 1}: {error}")
            out.hashes.append(ph.hex if usable and ph is not None else None)
            records.append(PhotoRecord(listing.platform, listing.listing_id, i, str(ref)[:2000],
                                       ph.hex if ph else None, ph.quality if ph else None, error,
                                       ph.crop_hex if ph else None))
            if usable and ph is not None:
                hashes.append((i, ph))
                self._batch[(listing.platform, listing.listing_id, i)] = ph
        out.matches = self._lookup(listing, hashes)
        # Remember after looking up, so a listing never matches itself; later listings see it.
        self.seen.add([BankEntry(x, listing.platform, listing.listing_id, i, listing.is_taken_down,
                                 ph.quality) for i, ph in hashes for x in ph.banked_hexes])
        with self._lock:
            self._records.extend(records)
        return out

    def _lookup(self, listing: Listing, hashes: list[tuple[int, PhotoHash]]) -> list[ImageMatch]:
        best: dict[tuple[str, str], ImageMatch] = {}
        for i, ph in hashes:
            hits: list[BankHit] = [*self.bank.search(ph, self.threshold), *self.seen.search(ph, self.threshold)]
            for hit in hits:
                key = (hit.platform, hit.listing_id)
                if key == (listing.platform, listing.listing_id):
                    continue
                cur = best.get(key)
                if cur is None or hit.distance < cur.distance:
                    best[key] = ImageMatch(hit.platform, hit.listing_id, hit.distance, i, hit.photo,
                                           hit.taken_down or (cur.taken_down if cur else False))
                elif hit.taken_down:
                    cur.taken_down = True
        ranked = sorted(best.values(), key=lambda m: (not m.taken_down, m.distance, m.platform, m.listing_id))
        return ranked[: self.max_matches]

    def _hash(self, listing: Listing, ref: str) -> tuple[PhotoHash | None, str | None]:
        try:
            key, load = self._source(listing, ref)
        except PantauError as e:
            return None, str(e)
        cached = self._cache.get(key)
        if cached is None:
            try:
                cached = hash_array(load())
            except PantauError as e:
                cached = e
            except Exception as e:  # a photo must never crash the run
                cached = PantauError(f"unexpected error hashing photo ({e.__class__.__name__}: {e})",
                                     where=ref[:200])
            with self._lock:
                self._cache[key] = cached
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        if isinstance(cached, PantauError):
            return None, str(cached)
        return cached, None

    def _source(self, listing: Listing, ref: str):  # type: ignore[no-untyped-def]
        """A cache key and a function loading the photo as an RGB array."""
        ref = ref.strip() if isinstance(ref, str) else ""
        shown = ref[:200]
        if not ref:
            raise ImageRefused("empty photo reference", where="photo")
        if ref.lower().startswith(("http://", "https://")):
            fetcher = self.fetcher
            if fetcher is None:
                raise ImageRefused("photo URLs are not fetched (no fetcher configured)", where=shown)
            return ref, lambda: decode_rgb(fetcher.get(ref).content, self.limits, where=shown)
        if "://" in ref or ref.lower().startswith("data:"):
            raise ImageRefused("only relative paths and http(s) URLs are accepted", where=shown)
        base = Path(listing.base_dir or ".").resolve()
        rel = Path(ref)
        if rel.is_absolute():
            raise ImageRefused("absolute paths are refused; give paths relative to the listing file",
                               where=shown)
        path = (base / rel).resolve()
        if not path.is_relative_to(base):
            raise ImageRefused("path leaves the listing file's folder", where=shown)
        return str(path), lambda: load_path(path, self.limits, where=shown)
