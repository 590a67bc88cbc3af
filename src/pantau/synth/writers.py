"""Write a stream of listing dicts to JSONL or Parquet without holding it in memory."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq

from pantau.scale.arrow import listing_dicts_to_batch, listing_schema
from pantau.synth import pictures
from pantau.synth.generator import PHOTO_POOL

ROW_GROUP = 50_000


def write_jsonl(rows: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with open(path, "wb") as f:
        for row in rows:
            f.write(orjson.dumps(row) + b"\n")
            n += 1
    return n


# Fields the generator writes beyond the listing format (the ground-truth operator of a listing).
EXTRA_COLUMNS = ("operator",)


def write_parquet(rows: Iterable[dict[str, Any]], path: Path, *, row_group: int = ROW_GROUP,
                  extra_columns: tuple[str, ...] = EXTRA_COLUMNS) -> int:
    """Parquet with the seller flattened (`seller_id`...), one row group per `row_group` rows, so
    readers (and Ray) can split the file and stream it."""
    n = 0
    it = iter(rows)
    with pq.ParquetWriter(path, listing_schema(extra_columns), compression="zstd") as w:
        while chunk := list(itertools.islice(it, row_group)):
            w.write_batch(listing_dicts_to_batch(chunk, extra_columns), row_group_size=row_group)
            n += len(chunk)
    return n


def write(rows: Iterable[dict[str, Any]], path: Path) -> int:
    if path.suffix == ".parquet":
        return write_parquet(rows, path)
    if path.suffix in (".jsonl", ".ndjson"):
        return write_jsonl(rows, path)
    raise ValueError(f"{path}: write .jsonl or .parquet")


def write_photo_pool(folder: Path, *, pool: int = PHOTO_POOL, variants: int = 4,
                     kinds: tuple[str, ...] = pictures.KINDS) -> int:
    """The pictures `generate(..., photos=True)` names: `<kind>-<i>-o.jpg` originals and, for the
    kinds operators post, `<kind>-<i>-e<k>.jpg` edited copies. Returns the number written."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for kind in kinds:
        for i in range(pool):
            img = pictures.draw(kind, i)
            (folder / f"{kind}-{i:03d}-o.jpg").write_bytes(pictures.jpeg_bytes(img))
            n += 1
            if kind in ("garment", "bale"):
                for k in range(variants):
                    edited = pictures.edit(img, i * 31 + k)
                    (folder / f"{kind}-{i:03d}-e{k}.jpg").write_bytes(pictures.jpeg_bytes(edited))
                    n += 1
    return n
