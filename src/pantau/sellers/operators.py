"""Operators: clusters of seller accounts with ids that never change under analysts' feet.

An operator id is handed out once ("OP-000042") and kept for good. When a new link joins two
operators, the older id survives and the younger one is recorded as merged into it, so a
bookmark or a notice that cites the younger id still resolves (`resolve`). A scan never renumbers.

Every change is returned as an event (created / joined / merged) so the caller can write it to
the store; the book itself does no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# An operator bigger than this only grows on deterministic evidence: chains of weak links are how
# a giant cluster forms.
MAX_WEAK_GROWTH = 12


@dataclass(slots=True)
class Event:
    kind: str  # created | joined | merged
    operator_id: str
    seller: str = ""  # "platform/seller_id" for created/joined
    other: str = ""  # the absorbed operator id for merged
    evidence: list[str] = field(default_factory=list)
    score: float = 0.0


def format_id(seq: int) -> str:
    return f"OP-{seq:06d}"


def seq_of(op_id: str) -> int:
    return int(op_id.rsplit("-", 1)[-1])


class OperatorBook:
    def __init__(self) -> None:
        self.op_of: dict[str, str] = {}  # seller key -> operator id
        self.members: dict[str, list[str]] = {}  # operator id -> seller keys, in joining order
        self.merged_into: dict[str, str] = {}  # absorbed id -> surviving id
        self.score_of: dict[str, float] = {}  # seller key -> score of the link that brought it in
        self.next_seq = 1
        self.events: list[Event] = []  # not yet persisted

    def resolve(self, op_id: str) -> str:
        seen = set()
        while op_id in self.merged_into and op_id not in seen:
            seen.add(op_id)
            op_id = self.merged_into[op_id]
        return op_id

    def operator_of(self, seller: str) -> str | None:
        op = self.op_of.get(seller)
        return self.resolve(op) if op else None

    def _new(self) -> str:
        op = format_id(self.next_seq)
        self.next_seq += 1
        self.members[op] = []
        return op

    def _join(self, op: str, seller: str, evidence: list[str], score: float) -> None:
        self.op_of[seller] = op
        self.score_of[seller] = score
        self.members[op].append(seller)
        self.events.append(Event("joined", op, seller, evidence=evidence, score=score))

    def link(self, a: str, b: str, evidence: list[str], score: float, deterministic: bool) -> str | None:
        """Put sellers a and b in one operator; returns its id (None when the growth guard refused)."""
        oa, ob = self.operator_of(a), self.operator_of(b)
        if oa and oa == ob:
            return oa
        if oa is None and ob is None:
            op = self._new()
            self.events.append(Event("created", op, b))
            self._join(op, b, [], score)
            self._join(op, a, evidence, score)
            return op
        if oa is None or ob is None:
            op = oa or ob
            assert op is not None
            if not deterministic and len(self.members[op]) >= MAX_WEAK_GROWTH:
                return None
            self._join(op, b if oa else a, evidence, score)
            return op
        assert oa is not None and ob is not None
        if not deterministic and len(self.members[oa]) + len(self.members[ob]) > MAX_WEAK_GROWTH:
            return None
        keep, gone = sorted((oa, ob), key=seq_of)  # the older id survives
        for s in self.members[gone]:
            self.op_of[s] = keep
        self.members[keep].extend(self.members.pop(gone))
        self.merged_into[gone] = keep
        self.events.append(Event("merged", keep, a, gone, evidence, score))
        return keep

    def drain(self) -> list[Event]:
        out, self.events = self.events, []
        return out
