"""Streaming readers for listing files: JSON Lines, CSV and Parquet.

Each yields, in file order, a Listing or a ReadError (with the file and line number), so a bad
line is reported and the run goes on. Memory stays bounded by one line (JSONL, CSV) or one row
group batch (Parquet), whatever the file size: a line longer than `max_line_bytes` is skipped by
reading past it in chunks, never held whole.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from pantau.domain import Listing
from pantau.errors import InputError
from pantau.ingest.records import ReadError, RecordError, to_listing

MAX_LINE_BYTES = 2 * 1024 * 1024
_CHUNK = 1 << 16

Item = Listing | ReadError

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet",
           ".pq": "parquet"}


def detect_format(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    fmt = FORMATS.get(suffixes[-1]) if suffixes else None
    if fmt is None:
        raise InputError(f"unknown file format {''.join(path.suffixes) or '(no extension)'!r}; "
                         "use .jsonl, .csv or .parquet (optionally .gz for JSONL and CSV)", where=str(path))
    return fmt


def _open_binary(path: Path) -> IO[bytes]:
    try:
        f: IO[bytes] = gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")  # type: ignore[assignment]  # noqa: SIM115 - the caller closes it
    except FileNotFoundError:
        raise InputError("no such file", where=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a listing file", where=str(path)) from None
    except OSError as e:
        raise InputError(f"cannot be read ({e.strerror})", where=str(path)) from None
    return f


def parse_jsonl_line(line: bytes, src: str, n: int, base: str) -> Item | None:
    """One JSONL line (already within the size limit): a Listing, a ReadError, or None when blank.
    Every engine reads lines through this, so a bad line gets the same message everywhere."""
    if not line.strip():
        return None
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as e:
        return ReadError(src, n, f"not UTF-8 (byte 0x{line[e.start]:02x} at column {e.start + 1})")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        return ReadError(src, n, f"not valid JSON ({e.msg} at column {e.colno})")
    except RecursionError:
        return ReadError(src, n, "not valid JSON (nested too deeply)")
    try:
        return to_listing(raw, source=src, line=n, base_dir=base)
    except RecordError as e:
        return ReadError(src, n, str(e))


def read_jsonl(path: Path, *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Item]:
    src, base = str(path), str(path.parent)
    with _open_binary(path) as f:
        n = 0
        while True:
            try:
                line = f.readline(max_line_bytes + 1)
            except (OSError, EOFError) as e:  # a corrupt or truncated .gz
                raise InputError(f"cannot read past line {n} ({e})", where=src) from None
            if not line:
                return
            n += 1
            if len(line) > max_line_bytes and not line.endswith(b"\n"):
                size = len(line)
                while True:  # skip the rest of the oversized line without holding it
                    chunk = f.readline(_CHUNK)
                    size += len(chunk)
                    if not chunk or chunk.endswith(b"\n"):
                        break
                yield ReadError(src, n, f"line is {size:,} bytes; the limit is {max_line_bytes:,} bytes")
                continue
            item = parse_jsonl_line(line, src, n, base)
            if item is not None:
                yield item


def flat_to_nested(row: dict[str, Any]) -> dict[str, Any]:
    """CSV and Parquet flatten the seller object: seller_id / seller.id -> seller{id}."""
    out: dict[str, Any] = {}
    seller: dict[str, Any] = dict(row["seller"]) if isinstance(row.get("seller"), dict) else {}
    for key, value in row.items():
        if key == "seller":
            continue
        for prefix in ("seller_", "seller."):
            if key.startswith(prefix):
                seller[key[len(prefix):]] = value
                break
        else:
            out[key] = value
    if seller:
        out["seller"] = seller
    return out


def _csv_list(value: Any) -> Any:
    """A CSV cell holding a list: a JSON array, or values separated by '|'."""
    if not isinstance(value, str):
        return value
    v = value.strip()
    if not v:
        return None
    if v.startswith("["):
        try:
            return json.loads(v)
        except json.JSONDecodeError:
            return value
    return [p.strip() for p in v.split("|") if p.strip()]


def _has_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_csv(path: Path, *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Item]:
    src, base = str(path), str(path.parent)
    csv.field_size_limit(max_line_bytes)
    with _open_binary(path) as fb:
        # surrogateescape keeps undecodable bytes as lone surrogates, so one bad row is reported
        # and skipped instead of ending the file.
        text = io.TextIOWrapper(fb, encoding="utf-8", errors="surrogateescape", newline="")
        reader = csv.DictReader(text)
        try:
            header = reader.fieldnames
        except (UnicodeDecodeError, csv.Error) as e:
            raise InputError(f"cannot read the CSV header ({e})", where=src) from None
        if not header:
            return
        start = reader.line_num
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as e:
                raise InputError(f"not UTF-8 after line {reader.line_num} ({e.reason}); "
                                 "CSV files must be UTF-8", where=src) from None
            except csv.Error as e:
                yield ReadError(src, reader.line_num, f"bad CSV row ({e})")
                continue
            line = start + 1 if start else reader.line_num
            start = reader.line_num
            if None in row:
                yield ReadError(src, line, "more cells than header columns")
                continue
            bad = next((k for k, v in row.items() if v and _has_surrogate(v)), None)
            if bad is not None:
                yield ReadError(src, line, f"not UTF-8 (in column {bad!r})")
                continue
            raw: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items()}
            for k in ("images", "tags"):
                raw[k] = _csv_list(raw.get(k))
            try:
                yield to_listing(flat_to_nested(raw), source=src, line=line, base_dir=base)
            except RecordError as e:
                yield ReadError(src, line, str(e))


def read_parquet(path: Path, *, batch_size: int = 4096) -> Iterator[Item]:
    import pyarrow.parquet as pq

    src, base = str(path), str(path.parent)
    try:
        pf = pq.ParquetFile(path)
    except FileNotFoundError:
        raise InputError("no such file", where=src) from None
    except Exception as e:  # pyarrow raises several types for a bad file
        raise InputError(f"not a readable Parquet file ({e.__class__.__name__}: {e})", where=src) from None
    n = 0
    for batch in pf.iter_batches(batch_size=batch_size):
        for row in batch.to_pylist():
            n += 1
            raw = flat_to_nested({k: v for k, v in row.items() if v is not None})
            try:
                yield to_listing(raw, source=src, line=n, base_dir=base)
            except RecordError as e:
                yield ReadError(src, n, f"row {n}: {e}")


def read_listings(path: Path | str, *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Item]:
    """Listings of one file in order; raises InputError (exit 2) for an unknown or unreadable file."""
    path = Path(path)
    fmt = detect_format(path)
    if not path.exists():
        raise InputError("no such file", where=str(path))
    if fmt == "jsonl":
        return read_jsonl(path, max_line_bytes=max_line_bytes)
    if fmt == "csv":
        return read_csv(path, max_line_bytes=max_line_bytes)
    return read_parquet(path)
