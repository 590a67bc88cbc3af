"""Analyst decisions in bulk: `pantau review import FILE.jsonl` (shared/spec/contract.md).

One `{"platform", "listing_id", "decision": "violating"|"benign", "note"?}` a line. `parse_decisions`
is pure: it returns the good decisions and, for every bad line, its number and what is wrong.
`record_decisions` stores them; a decision about a listing not in the store is kept (it applies
once the listing is scanned) and reported as unknown.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from pantau.errors import InputError
from pantau.store.tables.listings import ListingRow
from pantau.store.tables.terms import DecisionRow
from pantau.terms.signals import chunks

DECISIONS = ("violating", "benign")
MAX_LINE_BYTES = 64 * 1024
MAX_NOTE_CHARS = 4000
MAX_ID_CHARS = 512
MAX_PLATFORM_CHARS = 32


@dataclass(frozen=True, slots=True)
class Decision:
    platform: str
    listing_id: str
    decision: str
    note: str = ""
    line: int = 0

    @property
    def key(self) -> str:
        return f"{self.platform}/{self.listing_id}"


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def _check(raw: Any, line: int) -> Decision:
    if not isinstance(raw, dict):
        raise ValueError("not a JSON object")
    platform, listing_id, decision = raw.get("platform"), raw.get("listing_id"), raw.get("decision")
    if not isinstance(platform, str) or not platform.strip():
        raise ValueError('"platform" is missing or not a string')
    if len(platform) > MAX_PLATFORM_CHARS:
        raise ValueError(f'"platform" is longer than {MAX_PLATFORM_CHARS} characters')
    if isinstance(listing_id, int) and not isinstance(listing_id, bool):
        listing_id = str(listing_id)  # ids exported by spreadsheets lose their quotes
    if not isinstance(listing_id, str) or not listing_id.strip():
        raise ValueError('"listing_id" is missing or not a string')
    if len(listing_id) > MAX_ID_CHARS:
        raise ValueError(f'"listing_id" is longer than {MAX_ID_CHARS} characters')
    if not isinstance(decision, str) or decision.strip().lower() not in DECISIONS:
        raise ValueError(f'"decision" must be "violating" or "benign", not {json.dumps(decision)[:40]}')
    note = raw.get("note", "")
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise ValueError('"note" must be a string')
    if len(note) > MAX_NOTE_CHARS:
        raise ValueError(f'"note" is longer than {MAX_NOTE_CHARS} characters')
    return Decision(platform.strip(), listing_id.strip(), decision.strip().lower(), note, line)


def parse_decisions(lines: Iterable[bytes]) -> tuple[list[Decision], list[LineError]]:
    """Good decisions and bad lines (1-based numbers) of a JSON Lines stream; blank lines are skipped."""
    good: list[Decision] = []
    bad: list[LineError] = []
    for n, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_BYTES:
            bad.append(LineError(n, f"line is {len(line):,} bytes; the limit is {MAX_LINE_BYTES:,}"))
            continue
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as e:
            bad.append(LineError(n, f"not UTF-8 (byte 0x{line[e.start]:02x} at column {e.start + 1})"))
            continue
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as e:
            bad.append(LineError(n, f"not valid JSON ({e.msg} at column {e.colno})"))
            continue
        except RecursionError:
            bad.append(LineError(n, "not valid JSON (nested too deeply)"))
            continue
        try:
            good.append(_check(raw, n))
        except ValueError as e:
            bad.append(LineError(n, str(e)))
    return good, bad


def _bounded_lines(f: IO[bytes]) -> Iterable[bytes]:
    """Lines of a binary file, an oversized one cut to MAX_LINE_BYTES + 1 (never held whole)."""
    while True:
        line = f.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := f.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
        yield line


def read_decisions_file(path: Path) -> tuple[list[Decision], list[LineError]]:
    if not path.exists():
        raise InputError("no such file", where=str(path))
    if path.is_dir():
        raise InputError("is a folder, not a decisions file", where=str(path))
    try:
        with path.open("rb") as f:
            return parse_decisions(_bounded_lines(f))
    except OSError as e:
        raise InputError(f"cannot be read ({e.strerror})", where=str(path)) from None


@dataclass(slots=True)
class ImportReport:
    imported: int = 0
    violating: int = 0
    benign: int = 0
    unknown: list[Decision] = field(default_factory=list)  # recorded, but the listing is not in the store
    errors: list[LineError] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"imported": self.imported, "violating": self.violating, "benign": self.benign,
                "unknown": [{"line": d.line, "listing": d.key} for d in self.unknown],
                "errors": [{"line": e.line, "error": e.message} for e in self.errors]}


def record_decisions(session: Session, decisions: Sequence[Decision], *, analyst: str,
                     source: str = "") -> ImportReport:
    """Store decisions (appended; the latest per listing wins) and report unknown listings."""
    report = ImportReport()
    pks: dict[tuple[str, str], int] = {}
    keys = sorted({(d.platform, d.listing_id) for d in decisions})
    for part in chunks(keys):
        rows = session.execute(select(ListingRow.id, ListingRow.platform, ListingRow.listing_id)
                               .where(tuple_(ListingRow.platform, ListingRow.listing_id).in_(part)))
        pks.update(((p, i), pk) for pk, p, i in rows)
    for d in decisions:
        pk = pks.get((d.platform, d.listing_id))
        if pk is None:
            report.unknown.append(d)
        session.add(DecisionRow(analyst=analyst, platform=d.platform, listing_id=d.listing_id, listing_pk=pk,
                                decision=d.decision, note=d.note,
                                source=f"{source}:{d.line}" if source else ""))
        report.imported += 1
        if d.decision == "violating":
            report.violating += 1
        else:
            report.benign += 1
    session.flush()
    return report
