"""PDQ hashing: ThreatExchange's hex form, dihedral variants, quality."""

from __future__ import annotations

import numpy as np
import pdqhash
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from photos_helpers import drawing, product_photo
from PIL import Image, ImageOps

from pantau.photos.matcher import MATCH_THRESHOLD
from pantau.photos.pdq import (
    MIN_QUALITY,
    best_variant_distance,
    distance,
    hamming,
    hash_array,
    hex_to_bytes,
    is_pdq_hex,
    reference_hash,
    trim_border,
)

GOOD_SEEDS = [s for s in range(30) if hash_array(np.asarray(product_photo(s))).quality >= 80][:6]


def rgb(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB"))


def test_hex_is_threatexchange_bit_order() -> None:
    img = rgb(product_photo(GOOD_SEEDS[0]))
    bits, quality = pdqhash.compute(img)
    # ThreatExchange's pdq_hasher: the bit vector read as one binary number, as 64 hex digits
    expected = format(int("".join(str(int(b)) for b in bits), 2), "064x")
    assert reference_hash(img) == (expected, quality)
    h = hash_array(img)
    # pantau normalises before hashing (64x64 box filter): a few bits from reference PDQ, so a
    # bank exchanged with HMA still matches at its usual threshold
    assert distance(h.hex, expected) <= 16
    assert h.variants.shape == (16, 32)
    assert h.variants[0].tobytes().hex() == h.hex and h.variants[8].tobytes().hex() == h.crop_hex


@pytest.mark.parametrize("edit", [
    ImageOps.mirror,
    ImageOps.flip,
    lambda im: im.transpose(Image.Transpose.ROTATE_90),
    lambda im: im.transpose(Image.Transpose.ROTATE_180),
    lambda im: im.transpose(Image.Transpose.TRANSPOSE),
])
def test_mirrored_and_rotated_copies_are_found_through_the_dihedral_variants(edit) -> None:  # type: ignore[no-untyped-def]
    for seed in GOOD_SEEDS[:3]:
        original = product_photo(seed)
        banked = hash_array(rgb(original))
        copy = hash_array(rgb(edit(original)))
        upright = distance(banked.hex, copy.hex)
        assert upright > 31, "the upright hash alone must not match, or the test shows nothing"
        assert best_variant_distance(copy, hex_to_bytes(banked.hex)) <= MATCH_THRESHOLD


def test_unrelated_photos_are_far_apart() -> None:
    hashes = [hash_array(rgb(product_photo(s))) for s in GOOD_SEEDS]
    for i, a in enumerate(hashes):
        for b in hashes[i + 1:]:
            assert best_variant_distance(a, hex_to_bytes(b.hex)) > 60


def test_featureless_images_have_low_quality() -> None:
    flat = np.full((200, 200, 3), 128, np.uint8)
    assert hash_array(flat).quality < MIN_QUALITY
    assert not hash_array(flat).usable
    assert hash_array(rgb(product_photo(GOOD_SEEDS[0]))).usable


def test_tiny_images_hash_without_crashing() -> None:
    h = hash_array(np.zeros((1, 1, 3), np.uint8))
    assert is_pdq_hex(h.hex) and h.quality < MIN_QUALITY


def test_hash_array_rejects_non_rgb() -> None:
    with pytest.raises(ValueError, match="RGB uint8"):
        hash_array(np.zeros((10, 10), np.uint8))


@pytest.mark.parametrize("bad", ["", "abc", "g" * 64, "0" * 63, "0" * 65])
def test_malformed_hex_is_rejected(bad: str) -> None:
    assert not is_pdq_hex(bad)
    with pytest.raises(ValueError):
        hex_to_bytes(bad)


@settings(max_examples=50, deadline=None)
@given(st.binary(min_size=32, max_size=32), st.sets(st.integers(0, 255), max_size=40))
def test_hamming_counts_flipped_bits(code: bytes, flips: set[int]) -> None:
    a = np.frombuffer(code, np.uint8)
    bits = np.unpackbits(a)
    bits[list(flips)] ^= 1
    b = np.packbits(bits)
    assert int(hamming(a, b)) == len(flips)
    assert distance(a.tobytes().hex(), b.tobytes().hex()) == len(flips)


def test_a_uniform_frame_is_trimmed_and_a_bordered_copy_hashes_like_the_original() -> None:
    photo = product_photo(GOOD_SEEDS[1])
    framed = ImageOps.expand(photo, border=(32, 24), fill=(250, 250, 250))
    assert trim_border(rgb(framed)).shape == rgb(photo).shape
    assert distance(hash_array(rgb(framed)).hex, hash_array(rgb(photo)).hex) <= 4
    # colour touching only some edges is content, not a frame: nothing is trimmed
    half = rgb(photo).copy()
    half[:, : half.shape[1] // 2] = 250
    assert trim_border(half).shape == half.shape


def test_a_centre_cropped_copy_matches_the_crop_hash() -> None:
    photo = product_photo(GOOD_SEEDS[2], (400, 300))
    cropped = hash_array(rgb(photo.crop((20, 15, 380, 285))))
    original = hash_array(rgb(photo))
    assert distance(cropped.hex, original.hex) > 31
    assert best_variant_distance(cropped, hex_to_bytes(original.crop_hex)) <= 8


def plain_drawing(rng: np.random.Generator) -> np.ndarray:
    """One or two flat shapes on a smooth gradient: what a drawn placeholder 'photo' looks like."""
    return np.asarray(drawing(rng, shapes=(1, 3), noise=0))


def test_plain_drawings_that_hash_alike_are_below_the_quality_gate() -> None:
    # Unrelated drawings of one or two shapes can come within the match threshold of each other
    # (14 bits here); PDQ's quality score is what keeps them out of matching.
    rng = np.random.default_rng(4)
    hashes = [hash_array(plain_drawing(rng)) for _ in range(150)]
    variants = np.stack([h.variants[:8] for h in hashes])
    banked = np.stack([h.variants[[0, 8]] for h in hashes])
    dist = hamming(variants[:, None, :, None, :], banked[None, :, None, :, :]).min(axis=(2, 3))
    np.fill_diagonal(dist, 256)
    close = list(zip(*np.nonzero(dist <= MATCH_THRESHOLD), strict=True))
    assert close, "no close pair: the test would show nothing"
    assert all(min(hashes[a].quality, hashes[b].quality) < MIN_QUALITY for a, b in close)
