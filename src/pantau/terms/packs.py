"""Policy versions made from analysts' accepted code words.

The bundled pack (detect's `PolicyPack.load()`) is the base; every accepted term adds a row to
policy_versions holding the whole resulting pack, so the verdicts of that version can be reproduced.
`active_pack(session)` is what the detector should load: the latest version, or, when a newer base
pack has shipped since, the new base with every accepted term re-applied.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pantau.errors import Conflict, InputError, NotFound
from pantau.store.base import utcnow
from pantau.store.tables.terms import PolicyVersionRow, TermSuggestionRow

MAX_TERM_CHARS = 64
CATEGORIES = ("bulk", "retail_cue", "regional", "hashtag", "shop_cue")


def base_pack() -> Any:
    from pantau.detect.policy import PolicyPack

    return PolicyPack.load()


def _versions(session: Session) -> list[PolicyVersionRow]:
    return list(session.scalars(select(PolicyVersionRow).order_by(PolicyVersionRow.id)))


def accepted_terms(session: Session) -> list[dict[str, Any]]:
    """Every term analysts accepted and did not withdraw, oldest first (pack term dicts)."""
    terms: dict[str, dict[str, Any]] = {}
    for row in _versions(session):
        for t in row.terms_added or ():
            terms[str(t["term"])] = dict(t)
        for name in row.terms_removed or ():
            terms.pop(str(name), None)
    return list(terms.values())


def rejected_terms(session: Session) -> list[str]:
    return list(session.scalars(select(TermSuggestionRow.term)
                                .where(TermSuggestionRow.status == "rejected").distinct()))


def active_pack(session: Session, base: Any | None = None) -> Any:
    """The policy pack the detector should use now: base pack + accepted terms."""
    base = base if base is not None else base_pack()
    rows = _versions(session)
    if not rows:
        return base
    latest = rows[-1]
    if latest.base_version == base.version and latest.pack:
        return type(base).from_dict(latest.pack, source=f"policy_versions:{latest.version}")
    # a newer bundled pack shipped since: carry the accepted terms over to it
    return base.with_terms(accepted_terms(session), version=f"{base.version}+terms.{len(rows)}")


def normalise_term(term: str) -> str:
    t = " ".join(term.strip().lower().lstrip("#").split())
    if not t:
        raise InputError("the term is empty", where="TERM")
    if len(t) > MAX_TERM_CHARS:
        raise InputError(f"the term is longer than {MAX_TERM_CHARS} characters", where="TERM")
    return t


def default_weight(pack: Any, category: str) -> float:
    """A new code word weighs like the median term of its category (a bale code like a bale code)."""
    weights = [t.weight for t in getattr(pack, "terms", ()) if getattr(t, "category", None) == category]
    return float(statistics.median(weights)) if weights else 5.0


@dataclass(slots=True)
class Acceptance:
    term: str
    category: str
    version: str
    parent: str
    pack: Any = field(repr=False)
    row_id: int = 0


def accept_term(session: Session, term: str, *, category: str = "bulk", weight: float | None = None,
                by: str = "", base: Any | None = None) -> Acceptance:
    """Add an accepted code word as a new policy version (not yet re-scoring anything)."""
    name = normalise_term(term)
    if category not in CATEGORIES:
        raise InputError(f"{category!r} is not one of {', '.join(CATEGORIES)}", where="--category")
    base = base if base is not None else base_pack()
    current = active_pack(session, base)
    if any(t.term == name or name in getattr(t, "spellings", ()) for t in current.terms):
        raise Conflict(f"{name!r} is already a term of policy version {current.version}", where="terms accept")
    rows = _versions(session)
    version = f"{base.version}+terms.{len(rows) + 1}"
    added = {"term": name, "category": category,
             "weight": float(weight) if weight is not None else default_weight(base, category),
             "gloss": "code word accepted from term discovery",
             # a coinage only means used clothing in a listing about clothing (like most pack terms)
             "needs_clothing": True}
    pack = current.with_terms([added], version=version)
    row = PolicyVersionRow(version=version, parent=current.version, base_version=base.version,
                           terms_added=[added], terms_removed=[], pack=pack.to_dict(),
                           content_hash=pack.content_hash, created_by=by)
    session.add(row)
    _set_status(session, name, "accepted", by, category)
    session.flush()
    return Acceptance(name, category, version, current.version, pack, row.id)


def reject_term(session: Session, term: str, *, by: str = "") -> int:
    """Mark a term rejected so it is not suggested again; returns how many suggestions it closed.

    A term that is already policy is not rejected here (that is a change to the pack)."""
    name = normalise_term(term)
    if name in {str(t["term"]) for t in accepted_terms(session)}:
        raise Conflict(f"{name!r} was accepted into the policy; withdrawing it is a pack change",
                       where="terms reject")
    return _set_status(session, name, "rejected", by, None)


def _set_status(session: Session, term: str, status: str, by: str, category: str | None) -> int:
    rows = list(session.scalars(select(TermSuggestionRow).where(TermSuggestionRow.term == term)))
    now = utcnow()
    if not rows:
        rows = [TermSuggestionRow(term=term, week="-", score=0.0, count=0, examples=[], details={})]
        session.add(rows[0])
    for r in rows:
        r.status, r.decided_by, r.decided_at = status, by, now
        if category:
            r.category = category
    return len(rows)


def record_rescore(session: Session, version: str, rescored: int, changed: int) -> None:
    row = session.scalar(select(PolicyVersionRow).where(PolicyVersionRow.version == version))
    if row is None:
        raise NotFound(f"no policy version {version!r}", where="policy_versions")
    row.rescored, row.changed = rescored, changed


def versions(session: Session) -> list[PolicyVersionRow]:
    return _versions(session)
