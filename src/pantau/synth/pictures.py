"""Small product-like pictures drawn with Pillow, and the edits re-created accounts make to them.

Photo matching needs photos that look like what sellers post (a garment on a plain background,
tied sacks of clothes, a phone, a ball...) and copies of one photo that were cropped, mirrored,
recoloured or stamped with a new shop watermark. Everything is drawn from a seeded random
generator, so a corpus rebuilt with the same seed has byte-identical JPEGs.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageEnhance, ImageOps

SIZE = 256
KINDS = ("garment", "bale", "phone", "ball", "sack", "box", "shoe")

Color = tuple[int, int, int]


def _colour(rng: random.Random, lo: int = 30, hi: int = 230) -> Color:
    return (rng.randint(lo, hi), rng.randint(lo, hi), rng.randint(lo, hi))


def _background(rng: random.Random) -> Image.Image:
    base = _colour(rng, 190, 250)
    img = Image.new("RGB", (SIZE, SIZE), base)
    d = ImageDraw.Draw(img)
    # a floor or wall line and a little texture, so two pictures of one kind still differ
    y = rng.randint(150, 220)
    d.rectangle([0, y, SIZE, SIZE], fill=tuple(max(0, c - rng.randint(15, 45)) for c in base))
    for _ in range(rng.randint(10, 30)):
        x0, y0 = rng.randint(0, SIZE), rng.randint(0, SIZE)
        d.point((x0, y0), fill=_colour(rng, 120, 200))
    return img


def _garment(d: ImageDraw.ImageDraw, rng: random.Random) -> None:
    c = _colour(rng)
    cx, top = SIZE // 2 + rng.randint(-15, 15), rng.randint(40, 60)
    w, h, sleeve = rng.randint(70, 95), rng.randint(110, 140), rng.randint(30, 50)
    body = [(cx - w // 2, top), (cx + w // 2, top), (cx + w // 2 + sleeve, top + 35),
            (cx + w // 2 + sleeve - 15, top + 55), (cx + w // 2, top + 40), (cx + w // 2, top + h),
            (cx - w // 2, top + h), (cx - w // 2, top + 40), (cx - w // 2 - sleeve + 15, top + 55),
            (cx - w // 2 - sleeve, top + 35)]
    d.polygon(body, fill=c, outline=(20, 20, 20))
    d.arc([cx - 18, top - 12, cx + 18, top + 14], 0, 180, fill=(20, 20, 20), width=3)
    if rng.random() < 0.5:  # a print on the chest
        d.rectangle([cx - 20, top + 45, cx + 20, top + 70], fill=_colour(rng))


def _bale(d: ImageDraw.ImageDraw, rng: random.Random) -> None:
    for i in range(rng.randint(1, 3)):
        x0 = 20 + i * 75 + rng.randint(-8, 8)
        y0 = rng.randint(60, 100)
        d.rounded_rectangle([x0, y0, x0 + 95, y0 + 120], radius=12, fill=_colour(rng, 150, 210),
                            outline=(90, 80, 60), width=2)
        for k in range(3):  # straps
            yy = y0 + 25 + k * 35
            d.line([x0, yy, x0 + 95, yy], fill=(40, 40, 40), width=3)
        for _ in range(6):  # clothes showing through the wrap
            px, py = x0 + rng.randint(8, 80), y0 + rng.randint(8, 105)
            d.ellipse([px, py, px + 12, py + 8], fill=_colour(rng))


def _sack(d: ImageDraw.ImageDraw, rng: random.Random) -> None:
    x0 = rng.randint(50, 80)
    d.polygon([(x0, 70), (x0 + 130, 70), (x0 + 145, 220), (x0 - 15, 220)], fill=(222, 214, 190),
              outline=(120, 110, 90))
    d.line([x0 + 10, 85, x0 + 120, 85], fill=(120, 110, 90), width=4)
    d.text((x0 + 30, 140), rng.choice(("25 KG", "50 KG", "BERAS", "GULA")), fill=(30, 60, 140))


def _phone(d: ImageDraw.ImageDraw, rng: random.Random) -> None:
    x0 = rng.randint(80, 100)
    d.rounded_rectangle([x0, 40, x0 + 80, 210], radius=14, fill=(25, 25, 30))
    d.rectangle([x0 + 6, 55, x0 + 74, 190], fill=_colour(rng, 60, 200))
    d.ellipse([x0 + 35, 195, x0 + 45, 205], fill=(80, 80, 80))


def _ball(d: ImageDraw.ImageDraw, rng: random.Random) -> None:
    r = rng.randint(55, 80)
    cx, cy = SIZE // 2, SIZE // 2 + rng.randint(-10, 20)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(245, 245, 245), outline=(20, 20, 20), width=2)
    d.regular_polygon((cx, cy, r // 3), 5, fill=(20, 20, 20))


def _box(d: ImageDraw.ImageDraw, rng: random.Random) -> None:
    x0, y0 = rng.randint(40, 70), rng.randint(70, 100)
    d.rectangle([x0, y0, x0 + 150, y0 + 100], fill=_colour(rng, 140, 220), outline=(60, 60, 60), width=2)
    d.polygon([(x0, y0), (x0 + 30, y0 - 30), (x0 + 180, y0 - 30), (x0 + 150, y0)], fill=_colour(rng))


def _shoe(d: ImageDraw.ImageDraw, rng: random.Random) -> None:
    c = _colour(rng)
    y = rng.randint(130, 160)
    d.polygon([(40, y), (110, y - 50), (150, y - 45), (215, y), (215, y + 30), (40, y + 30)], fill=c,
              outline=(20, 20, 20))
    d.rectangle([40, y + 30, 215, y + 40], fill=(240, 240, 240))


DRAW: dict[str, Callable[[ImageDraw.ImageDraw, random.Random], None]] = {
    "garment": _garment, "bale": _bale, "phone": _phone, "ball": _ball, "sack": _sack, "box": _box,
    "shoe": _shoe,
}


def draw(kind: str, seed: int) -> Image.Image:
    """A new product picture of `kind`, the same for the same seed."""
    rng = random.Random(f"{kind}:{seed}")
    img = _background(rng)
    DRAW[kind](ImageDraw.Draw(img), rng)
    return img


def edit(img: Image.Image, seed: int) -> Image.Image:
    """A re-used photo as a new account posts it: cropped, mirrored, recoloured and/or watermarked."""
    rng = random.Random(f"edit:{seed}")
    out = img.copy()
    if rng.random() < 0.5:
        m = rng.randint(8, 24)
        out = out.crop((m, m, SIZE - m, SIZE - m)).resize((SIZE, SIZE))
    if rng.random() < 0.4:
        out = ImageOps.mirror(out)
    out = ImageEnhance.Brightness(out).enhance(rng.uniform(0.85, 1.15))
    if rng.random() < 0.6:
        d = ImageDraw.Draw(out)
        d.text((rng.randint(5, 120), rng.randint(5, 230)), rng.choice(("@ready_stok", "ORI", "PROMO", "COD")),
               fill=(255, 255, 255))
    return out


def jpeg_bytes(img: Image.Image, quality: int = 70) -> bytes:
    buf = io.BytesIO()
    # optimize + no EXIF keeps the files small and byte-stable across runs
    img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()
