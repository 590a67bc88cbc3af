"""Split listing files into shards a worker can read on its own, keeping input line numbers.

A shard is a byte range of a JSON Lines file (cut at line starts) or a run of Parquet row groups.
The driver plans shards from file sizes and metadata only (one cheap pass counting newlines for
JSONL, so every shard knows the line number it starts at); workers open their shard through
`pyarrow.fs`, so local paths and object storage URLs (s3://, gs://, hdfs://) read the same way.
A worker holds one shard's rows at most, whatever the file size.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import PurePosixPath
from typing import Any

from pyarrow import fs as pafs

from pantau.domain import Listing
from pantau.errors import InputError
from pantau.ingest.readers import MAX_LINE_BYTES, detect_format, parse_jsonl_line
from pantau.ingest.records import ReadError, RecordError

SHARD_BYTES = 32 * 1024 * 1024
# A worker decodes a whole Parquet column chunk at once: refuse files whose row groups would make a
# worker hold more than this (a hostile or badly written file), rather than run out of memory.
MAX_ROW_GROUP_BYTES = 1024 * 1024 * 1024
_SCAN = 1 << 22


@dataclass(frozen=True, slots=True)
class Shard:
    index: int
    uri: str  # as given by the user: a path or an object storage URL
    fmt: str  # jsonl | parquet
    start: int  # JSONL: byte offset; Parquet: first row group
    stop: int  # JSONL: byte offset (exclusive); Parquet: row group (exclusive)
    first_line: int  # 1-based line (JSONL) or row (Parquet) number of the shard's first record

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _filesystem(uri: str) -> tuple[pafs.FileSystem, str]:
    if "://" not in uri:
        return pafs.LocalFileSystem(), os.path.abspath(uri)
    try:
        return pafs.FileSystem.from_uri(uri)
    except (ValueError, OSError) as e:  # pyarrow's ArrowInvalid is a ValueError
        raise InputError(f"cannot open ({e})", where=uri) from None


def _base_dir(uri: str) -> str:
    return str(PurePosixPath(uri).parent)


def plan_shards(uris: Sequence[str], *, shard_bytes: int = SHARD_BYTES,
                rows_per_shard: int = 100_000) -> list[Shard]:
    """Shards of every input, in input order. Raises InputError for unknown formats, gzip
    (not splittable: decompress it or use Parquet) and unreadable files."""
    shards: list[Shard] = []
    for uri in uris:
        fmt = detect_format(PurePosixPath(uri))  # type: ignore[arg-type]
        if uri.lower().endswith(".gz"):
            raise InputError("gzip files cannot be split between workers; decompress it or convert to Parquet",
                             where=uri)
        if fmt == "csv":
            raise InputError("the ray engine reads JSON Lines and Parquet; scan CSV with the local engine",
                             where=uri)
        filesystem, path = _filesystem(uri)
        info = filesystem.get_file_info(path)
        if info.type != pafs.FileType.File:
            raise InputError("no such file", where=uri)
        if fmt == "parquet":
            shards.extend(_plan_parquet(uri, filesystem, path, rows_per_shard, len(shards)))
        else:
            shards.extend(_plan_jsonl(uri, filesystem, path, info.size, shard_bytes, len(shards)))
    return shards


def _plan_parquet(uri: str, filesystem: pafs.FileSystem, path: str, rows_per_shard: int,
                  first_index: int) -> Iterator[Shard]:
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(filesystem.open_input_file(path)).metadata
    except Exception as e:  # pyarrow raises several types for a bad file
        raise InputError(f"not a readable Parquet file ({e.__class__.__name__}: {e})", where=uri) from None
    row, start, rows = 1, 0, 0
    index = first_index
    for g in range(meta.num_row_groups):
        if meta.row_group(g).total_byte_size > MAX_ROW_GROUP_BYTES:
            raise InputError(f"row group {g} holds {meta.row_group(g).total_byte_size:,} bytes uncompressed; "
                             f"the limit is {MAX_ROW_GROUP_BYTES:,} (rewrite it with smaller row groups)", where=uri)
        rows += meta.row_group(g).num_rows
        if rows >= rows_per_shard or g == meta.num_row_groups - 1:
            yield Shard(index, uri, "parquet", start, g + 1, row)
            index += 1
            row, start, rows = row + rows, g + 1, 0


def _plan_jsonl(uri: str, filesystem: pafs.FileSystem, path: str, size: int, shard_bytes: int,
                first_index: int) -> Iterator[Shard]:
    # One sequential pass: cut after the first newline past each shard_bytes boundary and count
    # the newlines before it, so every shard knows its first line number (~1 GB/s; no parsing).
    cuts: list[tuple[int, int]] = [(0, 1)]
    pos, lines, next_cut = 0, 1, shard_bytes
    with filesystem.open_input_stream(path) as f:
        while chunk := f.read(_SCAN):
            while next_cut < pos + len(chunk):
                nl = chunk.find(b"\n", max(0, next_cut - pos))
                if nl < 0:
                    break
                cut = pos + nl + 1
                cuts.append((cut, lines + chunk.count(b"\n", 0, nl + 1)))
                next_cut = cut + shard_bytes
            lines += chunk.count(b"\n")
            pos += len(chunk)
    cuts = [c for c in cuts if c[0] < size] or [(0, 1)]
    for i, (start, line) in enumerate(cuts):
        stop = cuts[i + 1][0] if i + 1 < len(cuts) else size
        yield Shard(first_index + i, uri, "jsonl", start, stop, line)


def read_shard(shard: Shard, *, max_line_bytes: int = MAX_LINE_BYTES,
               batch_rows: int = 4096) -> Iterator[Listing | ReadError]:
    """The records of one shard in order, as the local readers would yield them."""
    filesystem, path = _filesystem(shard.uri)
    base = _base_dir(shard.uri)
    if shard.fmt == "parquet":
        import pyarrow.parquet as pq

        from pantau.scale.arrow import listing_from_row

        pf = pq.ParquetFile(filesystem.open_input_file(path))
        n = shard.first_line - 1
        for batch in pf.iter_batches(batch_size=batch_rows, row_groups=range(shard.start, shard.stop)):
            for row in batch.to_pylist():
                n += 1
                try:
                    yield listing_from_row(row, source=shard.uri, line=n, base_dir=base)
                except RecordError as e:
                    yield ReadError(shard.uri, n, f"row {n}: {e}")
        return
    with filesystem.open_input_file(path) as f:
        f.seek(shard.start)
        n = shard.first_line - 1
        for line, size in _byte_range_lines(f, shard.stop - shard.start, max_line_bytes):
            n += 1
            if line is None:
                yield ReadError(shard.uri, n, f"line is {size:,} bytes; the limit is {max_line_bytes:,} bytes")
                continue
            item = parse_jsonl_line(line, shard.uri, n, base)
            if item is not None:
                yield item


def _byte_range_lines(f: Any, length: int, max_line_bytes: int) -> Iterator[tuple[bytes | None, int]]:
    """(line, size in bytes with its newline) for each line of the next `length` bytes; a line over
    max_line_bytes comes as (None, size) and is never held whole."""
    buf, over, remaining = b"", 0, length
    while remaining > 0:
        chunk = f.read(min(_SCAN, remaining))
        if not chunk:
            break
        remaining -= len(chunk)
        start = 0
        while (nl := chunk.find(b"\n", start)) >= 0:
            piece = chunk[start:nl]
            if over:
                yield None, over + len(piece) + 1
                over = 0
            elif len(buf) + len(piece) > max_line_bytes:
                yield None, len(buf) + len(piece) + 1
            else:
                yield buf + piece, len(buf) + len(piece) + 1
            buf, start = b"", nl + 1
        rest = chunk[start:]
        if over or len(buf) + len(rest) > max_line_bytes:
            over, buf = over + len(buf) + len(rest), b""
        else:
            buf += rest
    if over:
        yield None, over
    elif buf:
        yield buf, len(buf)
