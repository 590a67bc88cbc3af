"""Opening hostile image bytes safely: format allow-list, byte and pixel caps, decompression bombs.

Every photo a seller uploads is hostile input. Pillow does the decoding; this module decides what
Pillow is allowed to decode and turns every way it can fail into an `ImageError` (a PantauError)
that names the photo, so one bad file is a reported warning and never a crash of the run.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from pantau.errors import InputError

# Formats a marketplace photo can reasonably be in. Everything else (PSD, EPS, ICNS, TIFF with its
# many codecs...) is refused before a decoder runs: fewer decoders, fewer parser bugs reachable.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP")
MAX_BYTES = 20 * 1024 * 1024
# 50 megapixels is above any phone camera; a bigger header is a decompression bomb in waiting.
MAX_PIXELS = 50_000_000
# PDQ works on 64x64; a 512px box-filtered thumbnail bounds the memory and time of what follows
# (frame trimming, the 64x64 box filter) without changing the bits that matter.
HASH_SIDE = 512


class ImageError(InputError):
    """A photo could not be used: unreadable, refused format, too large, or a decompression bomb."""


class ImageUnreadable(ImageError):
    pass


class ImageRefused(ImageError):
    """Refused on purpose before (or instead of) decoding: format, byte size, pixel count."""


@dataclass(frozen=True, slots=True)
class LoadLimits:
    max_bytes: int = MAX_BYTES
    max_pixels: int = MAX_PIXELS
    formats: tuple[str, ...] = ALLOWED_FORMATS
    side: int = HASH_SIDE


DEFAULT_LIMITS = LoadLimits()


def read_file_capped(path: Path, max_bytes: int, *, where: str) -> bytes:
    """Read at most max_bytes of a file; a larger (or unreadable) file is an ImageError."""
    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise ImageUnreadable("file not found", where=where) from None
    except OSError as e:
        raise ImageUnreadable(f"cannot read file ({e.strerror or e.__class__.__name__})", where=where) from None
    if len(data) > max_bytes:
        raise ImageRefused(f"file is larger than {max_bytes} bytes", where=where)
    return data


def decode_rgb(data: bytes, limits: LoadLimits = DEFAULT_LIMITS, *, where: str = "photo") -> np.ndarray:
    """Decode image bytes to an RGB uint8 array of at most `limits.side` pixels on its long side."""
    if len(data) > limits.max_bytes:
        raise ImageRefused(f"image is larger than {limits.max_bytes} bytes", where=where)
    if not data:
        raise ImageUnreadable("empty file", where=where)
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; here any bomb is an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data), formats=list(limits.formats))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
            raise ImageRefused(f"decompression bomb refused ({e})", where=where) from None
        except Image.UnidentifiedImageError:
            raise ImageRefused("not an image in an allowed format "
                               f"({', '.join(limits.formats)})", where=where) from None
        except (OSError, ValueError, SyntaxError) as e:
            raise ImageUnreadable(f"cannot open image ({e})", where=where) from None
        with img:
            return _to_rgb_array(img, limits, where)


def _to_rgb_array(img: Image.Image, limits: LoadLimits, where: str) -> np.ndarray:
    w, h = img.size
    # The header is all that has been read so far: refuse huge canvases before decoding a pixel.
    if w <= 0 or h <= 0:
        raise ImageUnreadable(f"image has no pixels ({w}x{h})", where=where)
    if w * h > limits.max_pixels:
        raise ImageRefused(f"image is {w}x{h} pixels, more than the {limits.max_pixels} allowed "
                           "(decompression bomb guard)", where=where)
    try:
        if img.format == "JPEG":
            # Let libjpeg decode at 1/2..1/8 scale: much less work and memory for big photos.
            img.draft("RGB", (limits.side, limits.side))
        img.seek(0)  # first frame of an animated GIF/WebP
        img.load()
        img = ImageOps.exif_transpose(img)
        if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
            # Transparent areas become white, as marketplaces show them.
            rgba = img.convert("RGBA")
            canvas = Image.new("RGB", rgba.size, (255, 255, 255))
            canvas.paste(rgba, mask=rgba.getchannel("A"))
            img = canvas
        elif img.mode != "RGB":
            img = img.convert("RGB")
        if max(img.size) > limits.side:
            img.thumbnail((limits.side, limits.side), Image.Resampling.BOX)
        return np.asarray(img, dtype=np.uint8).copy()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise ImageRefused(f"decompression bomb refused ({e})", where=where) from None
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        # Truncated files surface here ("image file is truncated", "broken data stream").
        raise ImageUnreadable(f"cannot decode image ({e})", where=where) from None


def load_path(path: Path, limits: LoadLimits = DEFAULT_LIMITS, *, where: str | None = None) -> np.ndarray:
    where = where or str(path)
    return decode_rgb(read_file_capped(path, limits.max_bytes, where=where), limits, where=where)
