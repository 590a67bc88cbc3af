"""Exports of a batch of notices for one platform: CSV, a PDF or XLSX letter annex, and DSA-style
statement-of-reasons JSON. Each function returns bytes; `signing.write_signed` signs them.

Cell and paragraph text is seller-written and hostile: CSV/XLSX cells that start with a formula
character are prefixed with a quote (spreadsheet formula injection), and PDF text is XML-escaped
before reportlab's mini-markup sees it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

import orjson

from pantau.errors import InputError
from pantau.notices.service import notice_json
from pantau.store.tables.notices import NoticeRow

FORMATS = ("csv", "pdf", "xlsx", "sor")
COLUMNS = ("id", "platform", "listing_id", "url", "status", "urgency", "observed_at", "sent_at",
           "deadline_at", "legal_basis", "reasons", "evidence_hash")
MEDIA_TYPES = {"csv": "text/csv", "pdf": "application/pdf", "sor": "application/json",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    s = "" if value is None else str(value)
    return "'" + s if s.startswith(_FORMULA) else s


def rows_of(notices: Sequence[NoticeRow]) -> list[dict[str, str]]:
    out = []
    for n in notices:
        d = notice_json(n)
        ev = d.get("evidence") or {}
        reasons = "; ".join(str(r.get("text", r)) if isinstance(r, dict) else str(r)
                            for r in ev.get("reasons", []))
        legal = "; ".join(i.get("title", i.get("id", "")) for i in d["legal_basis"])
        out.append({k: _cell(v) for k, v in {**d, "legal_basis": legal, "reasons": reasons}.items()
                    if k in COLUMNS})
    return out


def to_csv(notices: Sequence[NoticeRow]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, extrasaction="ignore")
    w.writeheader()
    w.writerows(rows_of(notices))
    return buf.getvalue().encode("utf-8")


def to_xlsx(notices: Sequence[NoticeRow], *, platform: str, issued: datetime) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "annex"
    ws.append([f"Annex to takedown letter for {platform}, issued {issued.astimezone(UTC):%Y-%m-%d %H:%M} UTC"])
    ws.append(list(COLUMNS))
    for r in rows_of(notices):
        ws.append([r[c] for c in COLUMNS])
    # fixed document properties, so the same notices give the same bytes (and the same signature)
    wb.properties.created = wb.properties.modified = issued.astimezone(UTC).replace(tzinfo=None)
    wb.properties.creator = "pantau"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_pdf(notices: Sequence[NoticeRow], *, platform: str, issued: datetime, issuer: str = "") -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7, leading=8)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), title=f"Takedown annex {platform}",
                            author="pantau", invariant=1)
    story: list[Any] = [
        Paragraph(escape(f"Annex: listings to take down on {platform}"), styles["Title"]),
        Paragraph(escape(f"Issued {issued.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
                         + (f" by {issuer}" if issuer else "") + f"; {len(notices)} notices. "
                         "Each notice's evidence is sealed by the hash shown."), styles["BodyText"]),
        Spacer(1, 8),
    ]
    cols = ("id", "listing_id", "url", "urgency", "observed_at", "deadline_at", "legal_basis", "reasons",
            "evidence_hash")
    data = [list(cols)] + [[Paragraph(escape(r[c][:600]), small) for c in cols] for r in rows_of(notices)]
    table = Table(data, repeatRows=1, colWidths=[30, 70, 120, 40, 70, 70, 130, 160, 110])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                               ("FONTSIZE", (0, 0), (-1, 0), 7), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    doc.build(story)
    return buf.getvalue()


def to_statements_of_reasons(notices: Sequence[NoticeRow], *, issued: datetime) -> bytes:
    """One statement per notice, shaped after the DSA Transparency Database's statement of reasons."""
    out = []
    for n in notices:
        ev = n.evidence or {}
        out.append({
            "puid": f"pantau-notice-{n.id}",
            "platform": n.platform,
            "content_reference": {"listing_id": n.listing_id, "url": n.url},
            "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
            "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
            "illegal_content_legal_ground": "; ".join(i.get("title", "") for i in n.legal_basis),
            "illegal_content_explanation": "Offer of imported used clothing (pakaian bekas impor), whose "
                                           "import is prohibited. Reasons: "
                                           + "; ".join(str(r.get("text", "")) for r in ev.get("reasons", [])
                                                       if isinstance(r, dict))[:4000],
            "category": "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
            "content_type": ["CONTENT_TYPE_PRODUCT"],
            "source_type": "SOURCE_TRUSTED_FLAGGER",
            "automated_detection": ev.get("verdict") is not None,
            "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
            "content_date": (n.observed_at or n.created_at).astimezone(UTC).date().isoformat(),
            "application_date": (n.sent_at or n.created_at).astimezone(UTC).date().isoformat(),
            "evidence_hash": n.evidence_hash,
            "status": n.status,
        })
    doc = {"issued_at": issued.astimezone(UTC).isoformat(), "statements": out}
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)


def export(notices: Sequence[NoticeRow], fmt: str, *, platform: str, issued: datetime, issuer: str = "") -> bytes:
    if fmt == "csv":
        return to_csv(notices)
    if fmt == "xlsx":
        return to_xlsx(notices, platform=platform, issued=issued)
    if fmt == "pdf":
        return to_pdf(notices, platform=platform, issued=issued, issuer=issuer)
    if fmt == "sor":
        return to_statements_of_reasons(notices, issued=issued)
    raise InputError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}", where="format")
