"""What the CLI, the API and the console call: suggest terms for a week, accept or reject one.

    with db.session() as s:
        report = suggest(s, week="2025-W07", top=10)
        outcome = accept_and_rescore(s, "buntelan", category="bulk", by="analyst")
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pantau.store.tables.terms import TermSuggestionRow
from pantau.terms.decisions import ImportReport, read_decisions_file, record_decisions
from pantau.terms.discover import DiscoveryConfig, Suggestion, discover
from pantau.terms.known import known_terms
from pantau.terms.packs import (
    Acceptance,
    accept_term,
    accepted_terms,
    active_pack,
    record_rescore,
    reject_term,
    rejected_terms,
)
from pantau.terms.rescore import RECENT_DAYS, RescoreReport, rescore_recent
from pantau.terms.signals import SellerSignal, chunks
from pantau.terms.source import default_week, window_docs, window_texts
from pantau.terms.weeks import parse_week, previous_weeks


@dataclass(slots=True)
class SuggestReport:
    week: str | None
    listings: int = 0
    suspect: float = 0.0
    policy_version: str = ""
    suggestions: list[Suggestion] = field(default_factory=list)


def suggest(session: Session, *, week: str | None = None, top: int = 20, config: DiscoveryConfig | None = None,
            signals: Sequence[SellerSignal] | None = None, persist: bool = True,
            pack: Any | None = None) -> SuggestReport:
    """Candidate code words for a week (default: the newest week with sightings, or the newest with
    enough listings to say something, see source.default_week), best first.

    Terms already in the active policy, accepted or rejected before are left out. With `persist`,
    the suggestions are recorded in term_suggestions (status kept across runs)."""
    cfg = config or DiscoveryConfig()
    if week is not None:
        parse_week(week)  # a bad label is an input error before any work
    week = week or default_week(session)
    if week is None:
        return SuggestReport(None)
    pack = pack if pack is not None else active_pack(session)
    known = known_terms(pack, accepted=[t["term"] for t in accepted_terms(session)],
                        rejected=rejected_terms(session))
    docs = window_docs(session, week, signals)
    history = [(w, window_texts(session, w)) for w in previous_weeks(week, cfg.history_weeks)]
    found = discover(docs, known, history=history, window=week, top=top, config=cfg)
    _earliest_first_seen(session, found)
    if persist:
        _record(session, week, found)
    return SuggestReport(week, len(docs), sum(d.weight for d in docs), str(getattr(pack, "version", "")), found)


def _earliest_first_seen(session: Session, found: list[Suggestion]) -> None:
    """A term suggested in earlier runs keeps the first week it was ever seen."""
    terms = [s.term for s in found]
    stored: dict[str, str] = {}
    for part in chunks(terms):
        for term, first in session.execute(select(TermSuggestionRow.term, TermSuggestionRow.first_seen)
                                           .where(TermSuggestionRow.term.in_(part))):
            if first and (term not in stored or first < stored[term]):
                stored[term] = first
    for s in found:
        if s.term in stored and (s.first_seen is None or stored[s.term] < s.first_seen):
            s.first_seen = stored[s.term]


def _record(session: Session, week: str, found: list[Suggestion]) -> None:
    existing = {r.term: r for r in session.scalars(
        select(TermSuggestionRow).where(TermSuggestionRow.week == week,
                                        TermSuggestionRow.term.in_([s.term for s in found])))}
    for s in found:
        details = {k: v for k, v in s.to_json().items() if k not in ("term", "score", "examples", "count",
                                                                       "first_seen", "window")}
        row = existing.get(s.term)
        if row is None:
            session.add(TermSuggestionRow(term=s.term, week=week, score=s.score, count=s.count, status="open",
                                          first_seen=s.first_seen, examples=s.examples, details=details))
        else:
            row.score, row.count, row.first_seen = s.score, s.count, s.first_seen
            row.examples, row.details = s.examples, details
    session.flush()


@dataclass(slots=True)
class AcceptOutcome:
    acceptance: Acceptance
    rescore: RescoreReport


DetectorFactory = Callable[[Any], Any]


def _default_detector(pack: Any) -> Any:
    from pantau.detect import load_detector

    return load_detector(pack=pack)


def accept_and_rescore(session: Session, term: str, *, category: str = "bulk", weight: float | None = None,
                       by: str = "", days: int = RECENT_DAYS,
                       detector_factory: DetectorFactory | None = None) -> AcceptOutcome:
    """Accept a code word as a new policy version, then re-score recent listings with it."""
    acc = accept_term(session, term, category=category, weight=weight, by=by)
    detector = (detector_factory or _default_detector)(acc.pack)
    report = rescore_recent(session, detector, days=days)
    record_rescore(session, acc.version, report.rescored, report.changed)
    _audit(session, by, "terms.accept", {"term": acc.term, "category": acc.category, "version": acc.version,
                                         "parent": acc.parent, "rescored": report.rescored,
                                         "changed": report.changed})
    return AcceptOutcome(acc, report)


def _audit(session: Session, actor: str, action: str, payload: dict[str, Any]) -> None:
    """Write to the audit log when the notices capability (which owns it) is installed."""
    try:
        from pantau.store.audit import append
    except ImportError:
        return
    append(session, actor or "cli", action, payload)


def import_decisions(session: Session, path: Any, *, analyst: str) -> ImportReport:
    """`pantau review import`: record a file's good lines, report its bad lines and unknown listings."""
    good, bad = read_decisions_file(path)
    report = record_decisions(session, good, analyst=analyst, source=str(path))
    report.errors = bad
    if good:
        _audit(session, analyst, "review.import", {"file": str(path), "imported": report.imported,
                                                   "violating": report.violating, "benign": report.benign,
                                                   "unknown": len(report.unknown), "bad_lines": len(bad)})
    return report


def reject(session: Session, term: str, *, by: str = "") -> int:
    """Reject a suggested term (not suggested again), with an audit entry."""
    n = reject_term(session, term, by=by)
    _audit(session, by, "terms.reject", {"term": term})
    return n
