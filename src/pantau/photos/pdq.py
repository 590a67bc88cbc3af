"""PDQ hashes of photos, with the 8 dihedral variants, in ThreatExchange's hex format.

The hex form is the one ThreatExchange and HMA exchange: 256 bits, most significant bit first,
64 lowercase hex digits; so a bank exported here loads into HMA and the other way round.

Before hashing, a photo is normalised (measured in docs/bench/photos.md):
- a uniform frame (a border added around a re-used photo, or a plain studio background) is
  trimmed, so a bordered copy hashes like the original;
- it is box-filtered to 64x64, PDQ's own working size. PDQ's Jarosz filter is not symmetric, so
  on a full-size photo a mirrored copy lands ~20 bits from the mirrored variant; on a symmetric
  64x64 box average it lands within a few bits, and a half-size copy too. The price: these
  hashes sit a few bits (about 6) from reference PDQ hashes of the same file.
Each photo gets two hashes: of the whole (normalised) photo and of its centre 90% crop, because
PDQ does not survive crops: a copy cropped by 10% is ~80 bits from the original but within a
few bits of the original's centre crop. Each comes with its 8 dihedral variants (rotations by 90
degrees, with and without a mirror), used on the query side: a mirrored or rotated copy of a
banked photo has one variant very close to the banked hash.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pdqhash
from PIL import Image

BITS = 256
BYTES = BITS // 8
HEX_LEN = BITS // 4
# PDQ's quality is 0..100; ThreatExchange's guidance is that below 50 a hash comes from a
# featureless image (flat colour, faint gradient) that matches far too much to be evidence.
MIN_QUALITY = 50
# ThreatExchange's "confident match" distance; pantau's own choice is in docs/bench/photos.md.
TE_CONFIDENT_THRESHOLD = 31
SIDE = 64  # PDQ downsamples to 64x64 before its DCT
CROP = 0.9  # the centre crop hashed besides the whole photo
BORDER_TOLERANCE = 24  # per channel: JPEG noise in a flat frame stays well below this


@dataclass(frozen=True, slots=True)
class PhotoHash:
    """A photo's PDQ hash (upright) with its quality and the 8 dihedral variants (packed bytes)."""

    hex: str
    quality: int
    # shape (16, 32) uint8: rows 0-7 the dihedral variants of the photo (row 0 upright), rows
    # 8-15 those of its centre crop (row 8 upright)
    variants: np.ndarray

    @property
    def crop_hex(self) -> str:
        return self.variants[8].tobytes().hex()

    @property
    def banked_hexes(self) -> tuple[str, str]:
        """What a bank stores for this photo: the upright hashes of the photo and of its crop."""
        return self.hex, self.crop_hex

    @property
    def usable(self) -> bool:
        return self.quality >= MIN_QUALITY

    def is_usable(self, min_quality: int = MIN_QUALITY) -> bool:
        return self.quality >= min_quality


def _pack(bits: np.ndarray) -> np.ndarray:
    return np.packbits(np.asarray(bits, dtype=np.uint8).reshape(-1, BITS), axis=1)


def trim_border(rgb: np.ndarray, tolerance: int = BORDER_TOLERANCE) -> np.ndarray:
    """Cut away a uniform frame: edge rows and columns of one colour on all four sides.

    Only a frame on all four sides is trimmed (the four corners agree and each side loses at least
    1%): trimming on a colour that merely touches one edge would make the hash flip between
    near-identical copies."""
    h, w = rgb.shape[:2]
    if h < 8 or w < 8:
        return rgb
    corners = rgb[[0, 0, -1, -1], [0, -1, 0, -1]].astype(np.int16)
    ref = corners[0]
    if (np.abs(corners - ref) > tolerance // 2).any():
        return rgb
    content = (np.abs(rgb.astype(np.int16) - ref) > tolerance).any(axis=2)
    rows, cols = np.flatnonzero(content.any(axis=1)), np.flatnonzero(content.any(axis=0))
    if not len(rows):
        return rgb  # one flat colour: nothing to trim to (and PDQ quality will say so)
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    min_y, min_x = max(1, h // 100), max(1, w // 100)
    if top < min_y or h - bottom < min_y or left < min_x or w - right < min_x:
        return rgb
    if (bottom - top) < 0.2 * h or (right - left) < 0.2 * w:
        return rgb  # a speck on a plain field is not worth hashing alone
    return rgb[top:bottom, left:right]


def _pdq(img: Image.Image) -> tuple[np.ndarray, int]:
    small = np.ascontiguousarray(np.asarray(img.resize((SIDE, SIDE), Image.Resampling.BOX)))
    vectors, quality = pdqhash.compute_dihedral(small)
    return _pack(np.stack(vectors)), int(quality)


def hash_array(rgb: np.ndarray) -> PhotoHash:
    """Hash an RGB uint8 array (H, W, 3): the photo and its centre crop, 8 variants each."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ValueError(f"expected an RGB uint8 array, got shape {rgb.shape} dtype {rgb.dtype}")
    img = Image.fromarray(trim_border(rgb), "RGB")
    w, h = img.size
    dx, dy = int(w * (1 - CROP) / 2), int(h * (1 - CROP) / 2)
    full, quality = _pdq(img)
    crop, _ = _pdq(img.crop((dx, dy, w - dx, h - dy)) if dx and dy else img)
    packed = np.concatenate([full, crop])
    return PhotoHash(hex=packed[0].tobytes().hex(), quality=quality, variants=packed)


def reference_hash(rgb: np.ndarray) -> tuple[str, int]:
    """Plain PDQ of the array as given (ThreatExchange's pdq_hasher), for comparison."""
    bits, quality = pdqhash.compute(np.ascontiguousarray(rgb))
    return _pack(bits)[0].tobytes().hex(), int(quality)


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
