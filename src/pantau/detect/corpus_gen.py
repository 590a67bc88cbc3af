"""Seeded generator of the training corpus (`src/pantau/data/corpus/train.jsonl`).

    python -m pantau.detect.corpus_gen --out src/pantau/data/corpus/train.jsonl --n 6000 --seed 0

Rows follow shared/spec/listing-format.md plus `label` and `tags`. Tags name the template
(`kind:...`), the code-word family (`family:...`), `obfuscated` when a cue was disguised and
`social` for caption-only posts, so tests can hold a family out. The text is written for
pantau (templates in corpus_gen_violating / corpus_gen_benign); nothing comes from shared/data.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pantau.detect import corpus_gen_benign as ben
from pantau.detect import corpus_gen_violating as vio
from pantau.detect.corpus_gen_catalogue import FILLER, catalogue_item, clothing_twin
from pantau.detect.corpus_gen_disguise import disguise
from pantau.detect.corpus_gen_twins import strip_cues, twin_label
from pantau.detect.corpus_gen_vocab import (
    CITIES,
    HASHTAGS_BENIGN,
    NAMES,
    ORIGINS,
    SHOP_NEUTRAL,
    SHOP_NEUTRAL_DESC,
    SHOP_VIOL,
    SHOP_VIOL_DESC,
)

PLATFORMS = ["shopee", "tokopedia", "lazada", "tiktokshop", "bukalapak", "blibli", "facebook", "instagram"]
SOCIAL = ["facebook", "instagram", "tiktokshop"]
Template = Callable[[random.Random], dict[str, Any]]


def _weighted(rng: random.Random, table: Sequence[tuple[Template, int]]) -> Template:
    fns, weights = zip(*table, strict=True)
    return rng.choices(fns, weights=weights)[0]


def _shop(rng: random.Random, thrift: bool) -> tuple[str, str]:
    n = rng.choice(NAMES).capitalize() + rng.choice(["", "", str(rng.randint(1, 99)), " " + rng.choice(NAMES)])
    c = rng.choice(CITIES)
    fmt = {"n": n, "c": c, "C": c.capitalize(), "o": rng.choice(ORIGINS), "y": rng.randint(2012, 2024)}
    if thrift:
        return rng.choice(SHOP_VIOL).format(**fmt), rng.choice(SHOP_VIOL_DESC).format(**fmt)
    return rng.choice(SHOP_NEUTRAL).format(**fmt), rng.choice(SHOP_NEUTRAL_DESC).format(**fmt)


def _case(rng: random.Random, text: str) -> str:
    r = rng.random()
    if r < 0.15:
        return text.upper()
    if r < 0.45:
        return text.title()
    return text


def _assemble(rng: random.Random, parts: dict[str, Any], label: str, i: int, shop_thrift: bool,
              tags: list[str]) -> dict[str, Any]:
    title, desc_parts = parts["title"], [d for d in parts["desc"] if d]
    if rng.random() < 0.4:  # the same polite filler in every class
        desc_parts.append(rng.choice(FILLER))
    cue = parts.get("cue") or ""
    # disguise the cue word (policy point 6) in a share of violating listings
    if label == "violating" and cue and rng.random() < 0.35:
        fake = disguise(cue, rng, strength=1 if rng.random() < 0.8 else 2)
        title = title.replace(cue, fake)
        desc_parts = [d.replace(cue, fake) if rng.random() < 0.7 else d for d in desc_parts]
        tags.append("obfuscated")
    elif label != "violating" and rng.random() < 0.04:
        words = title.split()
        if words:
            j = rng.randrange(len(words))
            words[j] = disguise(words[j], rng)
            title = " ".join(words)
    # keep a random subset of sentences in random order: no template sentence is a fingerprint
    keep = [d for d in desc_parts if rng.random() < 0.8] or desc_parts[:1]
    if rng.random() < 0.5:
        rng.shuffle(keep)
    description = rng.choice([" ", "\n", "\n", " | "]).join(keep)
    # many real listings are a title alone; keep the description when the cue lives only there
    cue_in_title = bool(cue) and cue.lower() in parts["title"].lower()
    drop = 0.55 if label == "benign" else 0.4
    if rng.random() < drop and title and (label != "violating" or cue_in_title or shop_thrift):
        description = ""
    social = parts.get("social") or rng.random() < 0.08
    platform = rng.choice(SOCIAL) if social else rng.choice(PLATFORMS)
    if social and platform in ("facebook", "instagram") and rng.random() < 0.7:
        description = (title + ". " + description) if title else description
        title = ""
        tags.append("social")
    shop_name, shop_desc = _shop(rng, shop_thrift)
    row: dict[str, Any] = {
        "platform": platform,
        "listing_id": f"gen{i:06d}",
        "title": _case(rng, title.strip()),
        "description": description.strip(),
        "price": parts.get("price") if rng.random() < 0.95 else None,
        "category": (parts.get("cat") or rng.choice(vio.CLOTHING_CATEGORIES)) if rng.random() < 0.7 else "",
        "seller": {"id": f"s{rng.randint(1, 10**7)}", "name": shop_name,
                   "location": parts.get("loc") or rng.choice(CITIES).capitalize(),
                   "description": shop_desc if (shop_thrift and not cue) or rng.random() < 0.5 else ""},
        "label": label,
        "tags": tags,
    }
    if row["price"] is None:
        del row["price"]
    if not row["category"]:
        del row["category"]
    return row


TWIN_SHARE = 0.6


def _twin(rng: random.Random, row: dict[str, Any]) -> dict[str, Any]:
    """The same listing with its cues removed, from a plain shop (see corpus_gen_twins)."""
    title, desc = strip_cues(row["title"]), strip_cues(row["description"])
    shop_name, shop_desc = _shop(rng, False)
    label = twin_label(title, desc)
    return dict(row, listing_id=row["listing_id"] + "t", title=title, description=desc, label=label,
                tags=["kind:twin", "hard-negative"] if label == "benign" else ["kind:twin"],
                seller=dict(row["seller"], id=f"s{rng.randint(1, 10**7)}", name=shop_name,
                            description=shop_desc if rng.random() < 0.5 else ""))


def generate(n: int = 8000, seed: int = 0) -> Iterator[dict[str, Any]]:
    """Yield `n` labelled rows: ~38% violating, ~52% benign, ~10% ambiguous."""
    rng = random.Random(seed)
    for i in range(n):
        r = rng.random()
        if r < 0.40:
            fn = _weighted(rng, vio.TEMPLATES)
            parts = fn(rng)
            thrift = bool(parts.get("thrift_shop")) or rng.random() < 0.3
            tags = [f"kind:{fn.__name__}", f"family:{parts['family']}"]
            row = _assemble(rng, parts, "violating", i, thrift, tags)
            yield row
            if "obfuscated" not in tags and rng.random() < TWIN_SHARE:
                twin = _twin(rng, row)
                if len(twin["title"] + twin["description"]) >= 12:
                    yield twin
        elif r < 0.90:
            hard = rng.random() < 0.45
            r2 = rng.random()
            fn = (_weighted(rng, ben.HARD_NEGATIVES) if hard
                  else clothing_twin if r2 < 0.35 else catalogue_item if r2 < 0.85 else ben.ordinary)
            parts = fn(rng)
            tags = [f"kind:{fn.__name__}"] + (["hard-negative"] if hard else [])
            if rng.random() < 0.2:
                parts["desc"].append(" ".join(rng.sample(HASHTAGS_BENIGN, 2)))
            yield _assemble(rng, parts, "benign", i, False, tags)
        else:
            parts = ben.ambiguous_single(rng)
            yield _assemble(rng, parts, "ambiguous", i, False, ["kind:ambiguous_single"])


def write(path: Path, n: int = 8000, seed: int = 0) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as f:
        for row in generate(n, seed):
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Write pantau's generated training corpus.")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n", type=int, default=8000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    print(f"wrote {write(args.out, args.n, args.seed)} rows to {args.out}")


if __name__ == "__main__":
    main()
