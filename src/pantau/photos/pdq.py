"""PDQ hashes of photos, with the 8 dihedral variants, in ThreatExchange's hex format.

The hex form is the one ThreatExchange and HMA exchange: 256 bits, most significant bit first,
64 lowercase hex digits; so a bank exported here loads into HMA and the other way round.
A photo's hash is its upright variant; the 8 dihedral variants (rotations by 90 degrees, each
with and without a mirror) are query-side only: a mirrored or rotated copy of a banked photo has,
among its 8 variants, one very close to the banked hash.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pdqhash

BITS = 256
BYTES = BITS // 8
HEX_LEN = BITS // 4
# PDQ's quality is 0..100; ThreatExchange's guidance is that below 50 a hash comes from a
# featureless image (flat colour, faint gradient) that matches far too much to be evidence.
MIN_QUALITY = 50
# ThreatExchange's "confident match" distance; pantau's own choice is in docs/bench/photos.md.
TE_CONFIDENT_THRESHOLD = 31


@dataclass(frozen=True, slots=True)
class PhotoHash:
    """A photo's PDQ hash (upright) with its quality and the 8 dihedral variants (packed bytes)."""

    hex: str
    quality: int
    variants: np.ndarray  # shape (8, 32) uint8; row 0 is the upright hash

    @property
    def usable(self) -> bool:
        return self.quality >= MIN_QUALITY

    def is_usable(self, min_quality: int = MIN_QUALITY) -> bool:
        return self.quality >= min_quality


def _pack(bits: np.ndarray) -> np.ndarray:
    return np.packbits(np.asarray(bits, dtype=np.uint8).reshape(-1, BITS), axis=1)


def hash_array(rgb: np.ndarray) -> PhotoHash:
    """Hash an RGB uint8 array (H, W, 3). pdqhash computes all 8 dihedral variants in one pass."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ValueError(f"expected an RGB uint8 array, got shape {rgb.shape} dtype {rgb.dtype}")
    vectors, quality = pdqhash.compute_dihedral(np.ascontiguousarray(rgb))
    packed = _pack(np.stack(vectors))
    return PhotoHash(hex=packed[0].tobytes().hex(), quality=int(quality), variants=packed)


def hex_to_bytes(pdq_hex: str) -> np.ndarray:
    """One hex hash to its 32 packed bytes; raises ValueError on anything but 64 hex digits."""
    s = pdq_hex.strip().lower()
    if len(s) != HEX_LEN:
        raise ValueError(f"a PDQ hash has {HEX_LEN} hex digits, got {len(s)}")
    return np.frombuffer(bytes.fromhex(s), dtype=np.uint8)


def hexes_to_array(hexes: list[str]) -> np.ndarray:
    if not hexes:
        return np.zeros((0, BYTES), dtype=np.uint8)
    return np.stack([hex_to_bytes(h) for h in hexes])


def is_pdq_hex(value: str) -> bool:
    try:
        hex_to_bytes(value)
    except ValueError:
        return False
    return True


# popcount of every byte value, to count differing bits without a Python loop per bit
_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Bitwise Hamming distance between packed hashes (broadcasting: (n,32) vs (m,1,32)...)."""
    return _POPCOUNT[np.bitwise_xor(a, b)].sum(axis=-1, dtype=np.int64)


def distance(hex_a: str, hex_b: str) -> int:
    return int(hamming(hex_to_bytes(hex_a), hex_to_bytes(hex_b)))


def best_variant_distance(query: PhotoHash, other: np.ndarray) -> int:
    """Smallest distance between any dihedral variant of `query` and the packed hash `other`."""
    return int(hamming(query.variants, other[None, :]).min())
