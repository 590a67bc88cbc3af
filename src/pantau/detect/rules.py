"""The verdict: evidence found in one listing -> Detection, as a pure function.

Every piece of evidence adds log-odds (weights and thresholds come from the policy pack); the
score is the logistic of the sum, and each piece that moved it becomes a Reason. Nothing here
reads text: `pantau.detect.detector` finds the evidence, this decides, so the decision can be
tested, replayed and explained on its own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from pantau.detect.policy import Context, PolicyPack, Term
from pantau.domain import Detection, Reason, Verdict

_STRONG_LOT_HINTS = frozenset(("sortir", "sortiran", "obralan", "unboxing", "belum dibuka", "kelas a", "kelas b",
                               "grade s"))
FIELD_NAMES = {
    "title": "title", "description": "description", "shop_name": "shop name",
    "shop_description": "shop description", "category": "category", "hashtag": "hashtag",
}
SHOP_FIELDS = ("shop_name", "shop_description")


@dataclass(slots=True)
class Hit:
    term: Term
    field: str
    reading: str           # the normalised form that matched
    written: str = ""      # the original text behind it (filled for listings that need reasons)
    near: bool = False     # an edit-distance near-match, not the term itself


@dataclass(slots=True)
class Evidence:
    hits: list[Hit] = field(default_factory=list)
    contexts: list[tuple[Context, str]] = field(default_factory=list)  # (context, matched form)
    clothing: list[str] = field(default_factory=list)
    clothing_category: bool = False
    used: list[str] = field(default_factory=list)
    used_weak: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    personal: list[str] = field(default_factory=list)
    origin_ex: list[str] = field(default_factory=list)
    origin: list[str] = field(default_factory=list)
    foreign_brands: list[str] = field(default_factory=list)
    trade: list[str] = field(default_factory=list)
    bulk_hints: list[str] = field(default_factory=list)
    per_kilo: str = ""
    bulk_quantity: str = ""
    model: float | None = None
    shop_cue: list[str] = field(default_factory=list)  # used words in the shop's name or description
    shop_origin: list[str] = field(default_factory=list)  # origins in the shop's name or description

    @property
    def only_clothing(self) -> bool:
        """Nothing but garment words: a plain clothing listing, benign unless the model says more."""
        return not (self.hits or self.used or self.used_weak or self.origin or self.origin_ex
                    or self.personal or self.new or self.contexts or self.foreign_brands or self.trade
                    or self.per_kilo or self.bulk_quantity or self.shop_cue or self.shop_origin
                    or self.bulk_hints)


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -50 else 0.0


def _q(s: str) -> str:
    return '"' + s.replace('"', "'") + '"'


def _hit_text(h: Hit) -> str:
    t = h.term
    gloss = f" ({t.gloss})" if t.gloss else ""
    where = FIELD_NAMES.get(h.field, h.field)
    if t.category == "shop_cue" and h.field in SHOP_FIELDS:
        return f"{where} {_q(h.written or h.reading)} ({t.gloss or t.term})"
    if h.near:
        return f"near-match {_q(h.written or h.reading)} reads as term {_q(t.term)}{gloss} in {where}"
    written = ""
    if h.written and " ".join(h.written.lower().split()) != h.reading:
        written = f" written {_q(h.written)}"
    shown = h.reading if h.reading != t.term and not h.near else t.term
    in_field = "" if h.field == "title" else f" in {where}"
    return f"term {_q(shown)}{gloss}{written}{in_field}"


_CANCEL_WORDS: dict[int, tuple[PolicyPack, dict[str, frozenset[str]]]] = {}


def cancel_words(pack: PolicyPack) -> dict[str, frozenset[str]]:
    """Per context phrase, the single words of the terms it cancels: "pakan" cancels "bal", so it
    also cancels "dari bal" (a phrase of another term that contains the word)."""
    got = _CANCEL_WORDS.get(id(pack))
    if got is None or got[0] is not pack:
        out = {}
        for c in pack.contexts:
            words = {w for t in pack.terms if c.cancels_term(t) for f in t.forms if " " not in f for w in [f]}
            out[c.phrase] = frozenset(words)
        if len(_CANCEL_WORDS) > 16:
            _CANCEL_WORDS.clear()
        _CANCEL_WORDS[id(pack)] = got = (pack, out)
    return got[1]


def _cancelling(ev: Evidence, h: Hit, words: dict[str, frozenset[str]]) -> tuple[Context, str] | None:
    if not ev.contexts:
        return None  # (most listings: no context words at all)
    parts = h.reading.split()
    for c, form in ev.contexts:
        if c.cancels_term(h.term) or any(p in words[c.phrase] for p in parts):
            return c, form
    return None


@dataclass(slots=True)
class Partial:
    """What the rules decided before the learned model: the log-odds, the reasons (sorted, never
    mutated: the detector shares a Partial between listings whose evidence reads alike), and
    what the model may do with it."""

    z: float
    reasons: list[Reason]
    clothing: bool
    model_counts: bool  # the model may lift the score (clothing or an active term)
    cue: bool  # a cue of the rules beside the model: it may convict, not only ask for a review
    score: float | None = None  # the score and verdict without the model (filled on first use)
    verdict: Verdict | None = None


def decide(ev: Evidence, pack: PolicyPack, model_hash: str = "") -> Detection:
    """The verdict for one listing's evidence (with `ev.model`, the learned model's score)."""
    return finish(decide_rules(ev, pack), ev.model, pack, model_hash)


def decide_rules(ev: Evidence, pack: PolicyPack) -> Partial:
    """Everything `decide` weighs except the learned model's score."""
    th = pack.thresholds
    z = th["bias"]
    reasons: list[Reason] = []
    clothing = bool(ev.clothing) or ev.clothing_category
    words = cancel_words(pack)
    if not clothing and (ev.origin or ev.origin_ex) and any(
            h.term.category == "bulk" and not h.near and _cancelling(ev, h, words) is None for h in ev.hits):
        # bales and sacks "from Korea" are clothing even when no garment is named
        clothing = True
        reasons.append(Reason("context", "bulk term with a foreign origin (clothing implied)", 0.0))
    used = bool(ev.used)
    new = bool(ev.new)

    # terms, after cancelling contexts and the clothing requirement
    active: dict[str, tuple[float, Hit]] = {}
    cancelled_shown: set[tuple[str, str]] = set()
    # a second signal, for terms that are ambiguous on their own ("bal", "bj") and for near-matches
    exact_terms = {h.term.term for h in ev.hits if not h.near}
    support = bool(used or ev.used_weak or ev.origin or ev.origin_ex or ev.per_kilo or ev.bulk_quantity
                   or ev.trade or ev.shop_cue or ev.bulk_hints)
    for h in ev.hits:
        t = h.term
        ctx = _cancelling(ev, h, words)
        if ctx is not None:
            key = (ctx[1], t.term)
            if key not in cancelled_shown:
                cancelled_shown.add(key)
                reasons.append(Reason("context", f"context {_q(ctx[1])} ({ctx[0].gloss}) cancels "
                                                 f"{_q(h.reading)}", 0.0,
                                      {"context": ctx[1], "term": t.term}))
            continue
        if t.needs_clothing and not clothing:
            continue
        others = any(x != t.term for x in exact_terms)
        if (t.needs_support or h.near) and not (support or others):
            continue
        w = t.weight * (0.8 if h.near else 1.0)
        if t.term not in active or w > active[t.term][0]:
            active[t.term] = (w, h)
    ranked = sorted(active.values(), key=lambda x: -x[0])
    if ranked:
        # the strongest cue counts in full, the next ones less: three weak hints are not three bales
        z += sum(w * (1.0 if i == 0 else 0.4 / i) for i, (w, _) in enumerate(ranked))
        for w, h in ranked[:4]:
            kind = "shop" if h.term.category == "shop_cue" else "term"
            reasons.append(Reason(kind, _hit_text(h), w, {
                "term": h.term.term, "category": h.term.category, "field": h.field,
                "reading": h.reading, "written": h.written, "near": h.near}))
    elif ev.hits and not clothing and any(h.term.needs_clothing for h in ev.hits):
        h = next(h for h in ev.hits if h.term.needs_clothing)
        reasons.append(Reason("context", f"{_q(h.reading)} without any clothing in the listing", 0.0))

    # origin cues (not for the owner's own clothes: "bought in Paris" is not an import business)
    personal = bool(ev.personal)
    if personal:
        pass
    elif clothing and not new and ev.origin_ex:
        z += th["origin_ex"]
        reasons.append(Reason("term", f"origin {_q(ev.origin_ex[0])} (imported, implied used)", th["origin_ex"]))
    elif clothing and not new and used and ev.origin:
        z += th["origin_used"]
        reasons.append(Reason("term", f"origin {_q(ev.origin[0])} with used marker {_q(ev.used[0])}",
                              th["origin_used"]))
    elif clothing and not new and ev.used_weak and ev.origin:
        z += th["origin_weak"]
        reasons.append(Reason("term", f"origin {_q(ev.origin[0])} with {_q(ev.used_weak[0])}", th["origin_weak"]))
    if clothing and ev.shop_cue and ev.shop_origin and not new:
        z += th["origin_used"]
        reasons.append(Reason("shop", f"shop presents used imported stock ({_q(ev.shop_cue[0])}, "
                                      f"{_q(ev.shop_origin[0])})", th["origin_used"]))
    if clothing and used and ev.trade and not new:
        z += th["trade_used"]
        reasons.append(Reason("shop", f"used garments sold as stock ({_q(ev.trade[0])})", th["trade_used"]))
    # "preloved" alone is how people sell their own clothes: it does not make a brand an import
    trade_used = [u for u in ev.used if u not in ("preloved", "pre loved", "prelove")]
    if clothing and trade_used and ev.foreign_brands and not ev.origin_ex:
        z += th["foreign_brand_used"]
        reasons.append(Reason("term", f"used garment of a brand sold only abroad ({_q(ev.foreign_brands[0])})",
                              th["foreign_brand_used"]))
    # a used garment
    if clothing and (used or ev.used_weak) and not new:
        marker = (ev.used or ev.used_weak)[0]
        w = th["used_garment"] * (1.0 if used else 0.8)
        z += w
        if not ranked and not ev.origin_ex and not (used and ev.origin):
            reasons.append(Reason("policy", f"used garment ({_q(marker)}) with no import, bulk or thrift cue",
                                  w))
    # prices and quantities
    if clothing and ev.per_kilo:
        z += th["per_kilo"]
        reasons.append(Reason("price", f"priced per kilo ({_q(ev.per_kilo)})", th["per_kilo"]))
    if clothing and ev.bulk_quantity and (used or ev.used_weak or ranked):
        z += th["bulk_quantity"]
        reasons.append(Reason("price", f"bulk quantity ({_q(ev.bulk_quantity)})", th["bulk_quantity"]))
    # a lot from abroad: a named origin, or just "import" with wording that says sorted bale stock
    # ("import, isi 200 pcs, grade A" alone is also how new wholesale stock is sold)
    if clothing and not new and ev.bulk_quantity and ev.bulk_hints:  # (the rest only when it can count)
        import_words = set(pack.vocab.get("import_words", ()))
        named = [o for o in (*ev.origin_ex, *ev.origin) if o not in import_words]
        strong_hint = any(h in _STRONG_LOT_HINTS for h in ev.bulk_hints)
        if named or (strong_hint and ev.origin):
            z += th["foreign_lot"]
            origin = (named or ev.origin)[0]
            reasons.append(Reason("term", f"a lot from abroad: {_q(origin)}, {_q(ev.bulk_quantity)}, "
                                          f"{_q(ev.bulk_hints[0])}", th["foreign_lot"]))
    # what speaks against
    if ev.personal and not any(h.term.category == "bulk" for _, h in ranked):
        z += th["personal"]
        reasons.append(Reason("context", f"owner's own clothes ({_q(ev.personal[0])})", th["personal"]))
    if new and not any(h.term.category == "bulk" for _, h in ranked):
        z += th["new_goods"]
        reasons.append(Reason("context", f"stated new ({_q(ev.new[0])})", th["new_goods"]))
    cue = bool(ranked or ev.origin or ev.origin_ex or ev.bulk_quantity or ev.per_kilo or ev.trade or ev.shop_cue)
    # strongest evidence first, so the first reason is the one an analyst checks first
    reasons.sort(key=lambda r: -abs(r.weight))
    return Partial(z, reasons, clothing, clothing or bool(ranked), cue)


def finish(part: Partial, model: float | None, pack: PolicyPack, model_hash: str = "") -> Detection:
    """The rules' decision plus the learned model's score: the Detection (reasons in a new list)."""
    th = pack.thresholds
    mw = th["model_weight"]
    # the lift below is mw * logit(model): positive only when the model leans the way mw does
    if model is not None and part.model_counts and (model > 0.5 if mw > 0 else mw < 0 and model < 0.5):
        # The learned model can only add evidence, and alone it can only ask for a review: its job
        # is the code word the pack has not learned yet, not overruling a context or the policy's
        # "a single used garment is ambiguous". With a cue of the rules beside it, it can convict.
        z = part.z
        lift = mw * _logit(model)
        if lift > 0:
            ceiling = math.inf if part.cue else _logit(th["violating"]) - 1e-6
            new_z = max(z, min(z + lift, ceiling))
            if new_z > z:
                reasons = [*part.reasons, Reason("model", f"text model score {model:.2f}", new_z - z,
                                                 {"model_score": model})]
                reasons.sort(key=lambda r: -abs(r.weight))  # stable: as if sorted once with it
                score, verdict = _verdict(new_z, th)
                return Detection(verdict, score, reasons, pack.version, model_hash, clothing=part.clothing)
    if part.score is None:
        part.score, part.verdict = _verdict(part.z, th)
    return Detection(part.verdict, part.score, list(part.reasons), pack.version,  # type: ignore[arg-type]
                     model_hash, clothing=part.clothing)


def _verdict(z: float, th: Mapping[str, float]) -> tuple[float, Verdict]:
    score = _sigmoid(z)
    if score >= th["violating"]:
        return score, Verdict.VIOLATING
    if score >= th["review"]:
        return score, Verdict.REVIEW
    return score, Verdict.BENIGN
