"""Build the bundled demo corpus: `src/pantau/data/demo/listings.jsonl` and `photos/`.

    python -m pantau.synth.demo_corpus            # rebuilds src/pantau/data/demo in place
    python -m pantau.synth.demo_corpus --out DIR

The corpus is the hand-written listings of `demo_operators` (operators who re-appear under new
names with the same WhatsApp number, bank account and handle, re-posting edited copies of their
photos; their first accounts were taken down) and `demo_listings` (bales, thrift retail, regional
names, disguised wording, shop cues, hard negatives, ambiguous items), mixed into a background of
ordinary catalogue listings from the seeded generator. Seeded: the same seed rebuilds the same
bytes.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pantau.synth import pictures
from pantau.synth.demo_listings import SINGLES
from pantau.synth.demo_operators import OPERATORS
from pantau.synth.generator import WIB, generate

DEMO_DIR = Path(__file__).resolve().parents[1] / "data" / "demo"
SEED = 2024
BACKGROUND = 230  # generated ordinary listings around the hand-written ones
START = datetime(2024, 1, 8, 9, 0, tzinfo=WIB)


def _listing_id(rng: random.Random, platform: str, seller_id: str, title: str) -> str:
    if platform == "shopee":
        return f"{rng.randint(10**8, 10**9)}.{rng.randint(10**9, 10**10)}"
    if platform == "tokopedia":
        slug = "".join(c if c.isalnum() else "-" for c in (title or "post").lower()).strip("-")
        return f"{seller_id}/{'-'.join(p for p in slug.split('-') if p)[:60]}"
    if platform == "lazada":
        return f"i{rng.randint(10**9, 10**10)}-s{rng.randint(10**9, 10**10)}"
    if platform == "blibli":
        return f"{seller_id.upper()[:3]}-{rng.randint(10000, 99999)}-{rng.randint(10000, 99999)}"
    if platform == "bukalapak":
        return f"{rng.randint(10**6, 10**7):x}"
    return str(rng.randint(10**15, 10**17))


def _url(platform: str, listing_id: str) -> str:
    hosts = {"shopee": "https://shopee.co.id/product/", "tokopedia": "https://www.tokopedia.com/",
             "lazada": "https://www.lazada.co.id/products/", "tiktokshop": "https://shop.tiktok.com/view/product/",
             "bukalapak": "https://www.bukalapak.com/p/", "blibli": "https://www.blibli.com/p/",
             "facebook": "https://www.facebook.com/marketplace/item/", "instagram": "https://www.instagram.com/p/"}
    return hosts[platform] + listing_id.replace(".", "/")


class _Photos:
    """Writes each picture once and names it by what it is (kind, seed, variant)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written: set[str] = set()

    def name(self, kind: str, seed: int, variant: str = "o") -> str:
        name = f"{kind}-{seed:03d}-{variant}.jpg"
        if name not in self.written:
            img = pictures.draw(kind, seed)
            if variant != "o":
                img = pictures.edit(img, seed * 10 + int(variant[1:]))
            (self.folder / name).write_bytes(pictures.jpeg_bytes(img, quality=60))
            self.written.add(name)
        return f"photos/{name}"


def _seller_slug(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())[:24] or "seller"


def build(out_dir: Path = DEMO_DIR, seed: int = SEED) -> dict[str, int]:
    rng = random.Random(seed)
    photo_dir = out_dir / "photos"
    photo_dir.mkdir(parents=True, exist_ok=True)
    for old in photo_dir.glob("*.jpg"):
        old.unlink()
    photos = _Photos(photo_dir)
    rows: list[dict[str, Any]] = []

    for op in OPERATORS:  # accounts in order: each appears after the previous one's takedown
        t = START + timedelta(days=rng.randint(0, 20))
        for acc_i, title, desc, price, category, (kind, pseed, variant), tags, taken_down in op["listings"]:
            acc = op["accounts"][acc_i]
            t += timedelta(days=rng.randint(3, 25), minutes=rng.randint(0, 600))
            lid = _listing_id(rng, acc["platform"], acc["id"], title)
            row = {"platform": acc["platform"], "listing_id": lid, "url": _url(acc["platform"], lid),
                   "title": title, "description": desc, "price": price, "category": category,
                   "seller": {"id": acc["id"], "name": acc["name"], "location": op["city"],
                              "joined": acc["joined"], "description": acc["description"]},
                   "images": [photos.name(kind, pseed, variant)], "observed_at": t.isoformat(),
                   "label": "violating", "tags": sorted(tags), "operator": op["key"]}
            if taken_down:
                row["taken_down_at"] = taken_down
            rows.append({k: v for k, v in row.items() if v is not None})

    for i, (platform, shop, city, title, desc, price, category, kind, label, tags) in enumerate(SINGLES):
        sid = _seller_slug(shop) if platform in ("tokopedia", "shopee") else str(rng.randint(10**6, 10**10))
        lid = _listing_id(rng, platform, sid, title)
        row = {"platform": platform, "listing_id": lid, "url": _url(platform, lid), "title": title,
               "description": desc, "price": price, "category": category,
               "seller": {"id": sid, "name": shop, "location": city,
                          "joined": (START - timedelta(days=rng.randint(60, 1500))).date().isoformat()},
               "observed_at": (START + timedelta(days=rng.randint(0, 300), minutes=rng.randint(0, 1440)))
               .isoformat(), "label": label, "tags": sorted(tags)}
        if kind:
            row["images"] = [photos.name(kind, 200 + i)]
        rows.append({k: v for k, v in row.items() if v is not None})

    for j, g in enumerate(generate(BACKGROUND, seed, violating_scale=0.5, photos=True,
                                   start=START + timedelta(days=30))):
        images = g.pop("images", [])
        # half the background listings show a picture of their own: a pool shared by unrelated shops
        # would make them look like one operator re-using photos, which is what the demo is about
        if images and rng.random() < 0.5:
            kind = images[0].split("/")[-1].split("-")[0]
            g["images"] = [photos.name(kind, 500 + j)]
        g.pop("operator", None)
        g["tags"] = sorted({*g["tags"], "background"})
        rows.append(g)

    rows.sort(key=lambda r: r["observed_at"])
    with open(out_dir / "listings.jsonl", "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    size = sum(p.stat().st_size for p in photo_dir.glob("*.jpg"))
    return {"listings": len(rows), "photos": len(photos.written), "photo_bytes": size}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEMO_DIR)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    print(build(args.out, args.seed))


if __name__ == "__main__":
    main()
