"""Safe decoding: every hostile or broken file is an ImageError naming the photo, never a crash."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from photos_helpers import product_photo, save, to_bytes
from PIL import Image

from pantau.errors import PantauError
from pantau.photos.load import (
    ImageError,
    ImageRefused,
    ImageUnreadable,
    LoadLimits,
    decode_rgb,
    load_path,
)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares width x height but holds almost no data: what a bomb's header is."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + chunk(b"IEND", b""))


def test_decodes_to_rgb_thumbnail() -> None:
    arr = decode_rgb(to_bytes(product_photo(1, (1200, 900)), "JPEG"))
    assert arr.dtype == np.uint8 and arr.shape[2] == 3
    assert max(arr.shape[:2]) <= 512


def test_transparent_and_greyscale_images_become_rgb() -> None:
    rgba = Image.new("RGBA", (50, 40), (0, 0, 0, 0))
    assert decode_rgb(to_bytes(rgba)).shape == (40, 50, 3)
    assert (decode_rgb(to_bytes(rgba)) == 255).all(), "transparent pixels are shown as white"
    assert decode_rgb(to_bytes(Image.new("L", (30, 20), 7))).shape == (20, 30, 3)


@pytest.mark.parametrize("w,h", [(20_000, 20_000), (100_000, 100_000)])
def test_decompression_bomb_is_refused_from_its_header(w: int, h: int) -> None:
    with pytest.raises(ImageRefused, match="decompression bomb"):
        decode_rgb(png_header_only(w, h), where="bomb.png")


def test_pixel_cap_is_configurable() -> None:
    data = to_bytes(product_photo(2, (200, 200)))
    decode_rgb(data, LoadLimits(max_pixels=40_000))
    with pytest.raises(ImageRefused, match="200x200"):
        decode_rgb(data, LoadLimits(max_pixels=39_999), where="small-cap.png")


def test_byte_cap(tmp_path: Path) -> None:
    p = save(product_photo(3), tmp_path / "big.png", "PNG")
    with pytest.raises(ImageRefused, match="larger than 1000 bytes"):
        load_path(p, LoadLimits(max_bytes=1000))


def test_truncated_jpeg_is_reported(tmp_path: Path) -> None:
    data = to_bytes(product_photo(4, (600, 400)), "JPEG", quality=90)
    with pytest.raises(ImageUnreadable) as e:
        decode_rgb(data[: len(data) // 2], where="cut.jpg")
    assert "cut.jpg" in str(e.value)


@pytest.mark.parametrize("data", [
    b"this is not an image at all",
    b"\xff\xd8\xff\xe0" + b"\x00" * 100,  # JPEG magic, garbage after
    b"\x89PNG\r\n\x1a\n" + b"\x13" * 50,  # PNG magic, garbage after
    bytes(range(256)) * 10,
])
def test_corrupt_files_are_errors_not_crashes(data: bytes) -> None:
    with pytest.raises(ImageError):
        decode_rgb(data, where="corrupt")


def test_formats_outside_the_allow_list_are_refused() -> None:
    tiff = to_bytes(product_photo(5), "TIFF")
    with pytest.raises(ImageRefused, match="allowed format"):
        decode_rgb(tiff, where="x.tiff")
    decode_rgb(tiff, LoadLimits(formats=("TIFF",)))  # the same bytes decode when allowed


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(ImageUnreadable, match="not found"):
        load_path(tmp_path / "nope.jpg")
    (tmp_path / "empty.jpg").write_bytes(b"")
    with pytest.raises(ImageUnreadable, match="empty"):
        load_path(tmp_path / "empty.jpg")


def test_image_errors_are_pantau_errors() -> None:
    assert issubclass(ImageError, PantauError)
    assert ImageError.exit_code == 2
