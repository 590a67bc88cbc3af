"""Photo matching: PDQ hashes of listing photos, a bank of taken-down photos, exchange with HMA.

    from pantau.photos import BankPhotoMatcher, PhotoBank
    scorer = BatchScorer(detector, photos=BankPhotoMatcher(PhotoBank()))

Modules: `load` (safe decoding), `pdq` (hashing), `index` (FAISS), `bank` (the bank),
`matcher` (the pipeline's PhotoMatcher), `exchange` (CSV), `repository` (the store).
"""

from pantau.photos.bank import BankEntry, BankHit, PhotoBank
from pantau.photos.load import ImageError, ImageRefused, ImageUnreadable, LoadLimits
from pantau.photos.matcher import MATCH_THRESHOLD, BankPhotoMatcher, PhotoRecord
from pantau.photos.pdq import MIN_QUALITY, PhotoHash, hash_array
from pantau.photos.stored import StoredPhotoMatcher, matcher_for

__all__ = [
    "MATCH_THRESHOLD",
    "MIN_QUALITY",
    "BankEntry",
    "BankHit",
    "BankPhotoMatcher",
    "ImageError",
    "ImageRefused",
    "ImageUnreadable",
    "LoadLimits",
    "PhotoBank",
    "PhotoHash",
    "PhotoRecord",
    "StoredPhotoMatcher",
    "hash_array",
    "matcher_for",
]
