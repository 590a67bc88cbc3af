"""Export and import hash banks as CSV, in the ThreatExchange / HMA vocabulary.

HMA names a hash by `signal_type` (here always `pdq`) and `signal_value` (64 hex digits, most
significant bit first, the form ThreatExchange's pdq_hasher writes). pantau's export adds its
metadata as further columns; HMA and other tools ignore columns they do not know, and the import
reads what it finds:

    signal_type,signal_value,platform,listing_id,photo,taken_down,quality,added_at,source

On import, only `signal_value` is required (also accepted under `pdq`, `hash` or `signal`). Files
without a header in ThreatExchange's simple one-per-line form (`pdq <hex>` or a bare hex) are
read too. Rows of other signal types are counted and skipped; bad rows are reported with their
line number and skipped, never fatal.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from pantau.domain.listing import PLATFORMS
from pantau.photos.bank import BankEntry, BankFileError
from pantau.photos.pdq import MIN_QUALITY, is_pdq_hex

COLUMNS = ("signal_type", "signal_value", "platform", "listing_id", "photo", "taken_down", "quality",
           "added_at", "source")
_VALUE_NAMES = ("signal_value", "pdq", "hash", "signal")
MAX_FIELD = 4096  # any honest field is far shorter; bounds memory on a hostile file
MAX_ERRORS_KEPT = 100
# A cell starting with one of these is a formula to a spreadsheet (CSV injection): listing ids
# come from sellers, and regulators open exports in spreadsheets. Such cells are written with a
# leading apostrophe, which the import strips again.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _uncell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


@dataclass(slots=True)
class ImportReport:
    entries: list[BankEntry] = field(default_factory=list)
    skipped_other_types: int = 0
    skipped_low_quality: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0

    def error(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(message)


def write_csv(entries: Iterable[BankEntry], out: TextIO) -> int:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    n = 0
    for e in entries:
        w.writerow(["pdq", e.pdq, e.platform, _cell(e.listing_id), e.photo, "true" if e.taken_down else "false",
                    e.quality, e.added_at.astimezone(UTC).isoformat(timespec="seconds"), _cell(e.source)])
        n += 1
    return n


def export_csv(entries: Iterable[BankEntry], path: Path) -> int:
    with Path(path).open("w", encoding="utf-8", newline="") as f:
        return write_csv(entries, f)


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    v = value.strip().lower()
    if v in ("1", "true", "yes", "y", "t"):
        return True
    if v in ("0", "false", "no", "n", "f"):
        return False
    raise ValueError(f"taken_down must be true or false, got {value[:20]!r}")


def _time(value: str | None, default: datetime) -> datetime:
    if not value or not value.strip():
        return default
    t = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _rows(f: TextIO) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs, for files with or without a header."""
    first = f.readline()
    if not first:
        return
    head = next(csv.reader([first]), [])
    names = [h.strip().lower() for h in head]
    if any(n in _VALUE_NAMES for n in names):
        reader = csv.reader(f)
        for row in reader:
            if any(len(x) > MAX_FIELD for x in row):
                raise ValueError(f"line {reader.line_num + 1}: field longer than {MAX_FIELD} characters")
            yield reader.line_num + 1, dict(zip(names, row, strict=False))
        return
    # ThreatExchange's simple form: "pdq <hex>" or "<hex>" per line, no header
    for lineno, line in enumerate([first, *f], start=1):
        parts = line[:MAX_FIELD].split()
        if not parts:
            continue
        if len(parts) == 1:
            yield lineno, {"signal_value": parts[0]}
        else:
            yield lineno, {"signal_type": parts[0], "signal_value": parts[1]}


def read_csv(f: TextIO, *, source: str, taken_down: bool = True,
             min_quality: int = MIN_QUALITY) -> ImportReport:
    """Bank entries from an exchange file. Rows lacking listing metadata get platform `other` and
    a listing id naming the file and line, so a match still says where the hash came from."""
    report = ImportReport()
    now = datetime.now(UTC)
    try:
        for lineno, row in _rows(f):
            where = f"{source}:{lineno}"
            stype = (row.get("signal_type") or "pdq").strip().lower()
            if stype not in ("pdq", "pdq_hash", "hash_pdq"):
                report.skipped_other_types += 1
                continue
            value = next((row[n] for n in _VALUE_NAMES if row.get(n)), "").strip().lower()
            if not is_pdq_hex(value):
                report.error(f"{where}: not a PDQ hash (64 hex digits): {value[:70]!r}")
                continue
            try:
                platform = (row.get("platform") or "other").strip().lower()
                if platform not in PLATFORMS:
                    raise ValueError(f"unknown platform {platform[:40]!r}")
                listing_id = _uncell((row.get("listing_id") or row.get("content_id") or "").strip()) or where
                photo = int(row.get("photo") or 0)
                quality = int(row.get("quality") or 100)
                entry = BankEntry(
                    pdq=value, platform=platform, listing_id=listing_id, photo=max(0, min(photo, 999)),
                    taken_down=_bool(row.get("taken_down"), taken_down), quality=quality,
                    added_at=_time(row.get("added_at"), now),
                    source=_uncell((row.get("source") or "").strip()[:200]) or source)
            except ValueError as e:
                report.error(f"{where}: {e}")
                continue
            if quality < min_quality:
                report.skipped_low_quality += 1
                continue
            report.entries.append(entry)
    except (csv.Error, ValueError, UnicodeDecodeError) as e:
        raise BankFileError(f"cannot read exchange file ({e})", where=source) from None
    return report


def import_csv(path: Path, *, taken_down: bool = True, min_quality: int = MIN_QUALITY) -> ImportReport:
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return read_csv(f, source=path.name, taken_down=taken_down, min_quality=min_quality)
    except OSError as e:
        raise BankFileError(f"cannot open ({e.strerror or e.__class__.__name__})", where=str(path)) from None
