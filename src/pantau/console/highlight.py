"""Cut listing text into plain and highlighted segments from a detection's term reasons.

Pure and HTML-free on purpose: the template renders each segment with autoescape, so a seller's
`<script>` can never become markup however the spans fall. A reason's `detail` (written by detect)
may give the matched span as offsets into the original field (`start`/`end`, with `field`), or only
the disguised form as written (`written`, as detect's rules give it, or `original`, `matched`...);
the reading is the policy term it normalises to (`term`, else `reading`). Unknown shapes are ignored, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

FIELDS = ("title", "description", "shop_name", "shop_description", "category")
_SURFACE_KEYS = ("written", "original", "disguised", "surface", "matched", "match", "span_text", "raw")
_READING_KEYS = ("term", "reading", "normalised", "normalized", "canonical")
MAX_MARKS = 200  # a hostile description cannot make the page quadratic


@dataclass(frozen=True, slots=True)
class Mark:
    reading: str  # the term as the policy knows it, e.g. "karungan"
    surface: str  # how the seller wrote it, e.g. "k4rung4n"
    category: str = ""

    @property
    def disguised(self) -> bool:
        return self.reading.casefold() != self.surface.casefold()


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    mark: Mark | None = None


def _first(detail: Mapping[str, Any], keys: Iterable[str]) -> str:
    for k in keys:
        v = detail.get(k)
        if isinstance(v, str) and v:
            return v
    return ""


def _span(detail: Mapping[str, Any]) -> tuple[int, int] | None:
    start, end = detail.get("start"), detail.get("end")
    if isinstance(detail.get("span"), list | tuple) and len(detail["span"]) == 2:
        start, end = detail["span"]
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        return start, end
    return None


def term_reasons(reasons: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [r for r in reasons if isinstance(r, Mapping) and r.get("kind") in ("term", "shop", "context")]


def _reason_spans(text: str, field: str, reason: Mapping[str, Any]) -> list[tuple[int, int, Mark]]:
    detail = reason.get("detail") or {}
    if not isinstance(detail, Mapping):
        return []
    # a reason may list several matches
    subs = detail.get("matches")
    if isinstance(subs, list):
        out: list[tuple[int, int, Mark]] = []
        for sub in subs[:MAX_MARKS]:
            if isinstance(sub, Mapping):
                merged = {**{k: v for k, v in detail.items() if k != "matches"}, **sub}
                out += _reason_spans(text, field, {"kind": reason.get("kind"), "detail": merged})
        return out
    where = detail.get("field")
    if isinstance(where, str) and where and where != field:
        return []
    reading = _first(detail, _READING_KEYS)
    surface = _first(detail, _SURFACE_KEYS)
    category = detail.get("category") if isinstance(detail.get("category"), str) else ""
    span = _span(detail)
    if span and span[1] <= len(text) and (not surface or text[span[0]:span[1]].casefold()
                                          == surface.casefold() or where == field):
        s, e = span
        return [(s, e, Mark(reading or text[s:e], text[s:e], category or ""))]
    # as written if given; else the normalised text that matched (detect's `reading`), else the term
    normalised = detail.get("reading") if isinstance(detail.get("reading"), str) else ""
    for candidate in dict.fromkeys(c for c in (surface, normalised, reading) if c):
        found = []
        for m in re.finditer(re.escape(candidate), text, flags=re.IGNORECASE):
            found.append((m.start(), m.end(), Mark(reading or m.group(0), m.group(0), category or "")))
            if len(found) >= MAX_MARKS:
                break
        if found:
            return found
    return []


def highlight(text: str, field: str, reasons: Iterable[Mapping[str, Any]]) -> list[Segment]:
    """Segments of `text` (one listing field) with each matched term marked; overlaps keep the first."""
    text = text or ""
    spans: list[tuple[int, int, Mark]] = []
    for r in term_reasons(reasons):
        spans += _reason_spans(text, field, r)
    spans.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out: list[Segment] = []
    pos = 0
    for s, e, mark in spans[:MAX_MARKS]:
        if s < pos:
            continue
        if s > pos:
            out.append(Segment(text[pos:s]))
        out.append(Segment(text[s:e], mark))
        pos = e
    if pos < len(text) or not out:
        out.append(Segment(text[pos:]))
    return out


def matched_terms(reasons: Iterable[Mapping[str, Any]]) -> list[str]:
    """The readings of every term reason, for filters and the code-word column."""
    seen: dict[str, None] = {}
    for r in term_reasons(reasons):
        detail = r.get("detail") or {}
        if isinstance(detail, Mapping):
            reading = _first(detail, _READING_KEYS)
            if reading:
                seen.setdefault(reading.casefold(), None)
            for sub in detail.get("matches") or []:
                if isinstance(sub, Mapping) and _first(sub, _READING_KEYS):
                    seen.setdefault(_first(sub, _READING_KEYS).casefold(), None)
        if not isinstance(detail, Mapping) or not _first(detail, _READING_KEYS):
            m = re.search(r'"([^"]{1,60})"', str(r.get("text", "")))
            if m:
                seen.setdefault(m.group(1).casefold(), None)
    return list(seen)
