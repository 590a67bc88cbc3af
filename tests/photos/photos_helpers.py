"""Tiny synthetic "product photos" for the photo tests: deterministic per seed, textured enough
for PDQ to give a high quality score, different enough between seeds never to match."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw


def drawing(rng: np.random.Generator, size: tuple[int, int] = (320, 240), shapes: tuple[int, int] = (4, 9),
            noise: float = 6.0) -> Image.Image:
    """Flat ellipses and rectangles (`shapes`: how many, low inclusive, high exclusive) on a smooth
    gradient, with Gaussian sensor noise of `noise` grey levels (0: none)."""
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w]
    angle = rng.uniform(0, np.pi)
    ramp = (np.cos(angle) * xx + np.sin(angle) * yy) / max(w, h)
    base = np.stack([(rng.uniform(40, 215) + rng.uniform(-90, 90) * ramp) for _ in range(3)], axis=-1)
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(*shapes))):
        x0, y0 = rng.uniform(-0.1, 0.9) * w, rng.uniform(-0.1, 0.9) * h
        x1, y1 = x0 + rng.uniform(0.1, 0.6) * w, y0 + rng.uniform(0.1, 0.6) * h
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x0, y0, x1, y1), fill=colour)
    if not noise:
        return img
    grain = rng.normal(0, noise, (h, w, 3))
    return Image.fromarray(np.clip(np.asarray(img, np.float64) + grain, 0, 255).astype(np.uint8), "RGB")


def product_photo(seed: int, size: tuple[int, int] = (320, 240)) -> Image.Image:
    """A busy generated product photo (4 to 8 shapes, sensor noise), the same for the same seed."""
    return drawing(np.random.default_rng(seed), size)


def save(img: Image.Image, path: Path, fmt: str = "JPEG", **kw: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, fmt, **kw)
    return path


def to_bytes(img: Image.Image, fmt: str = "PNG", **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()
