"""The policy pack: the versioned data file of terms, cancelling contexts, vocabularies, thresholds
and legal basis that the rules read (`src/pantau/data/policy/*.toml`).

    pack = PolicyPack.load()                        # the bundled pack
    pack = PolicyPack.load(Path("my-pack.toml"))    # or JSON with the same shape
    pack.legal_basis_on(date(2024, 5, 1))           # instruments in force that day
    pack2 = pack.with_terms([Term("k0d3", "bulk", 5.0)], version="2026.11.0+1")

Loading validates everything and raises `PolicyError` naming the file and the key (for example
`pakaian-bekas-impor.toml: terms[3].weight: must be a number`).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from pantau.errors import InputError

CATEGORIES = ("bulk", "retail_cue", "regional", "hashtag", "shop_cue")
MAX_PACK_BYTES = 2 * 1024 * 1024
BUNDLED = "pakaian-bekas-impor.toml"

THRESHOLD_KEYS = {
    "bias": -3.0, "violating": 0.8, "review": 0.35, "used_garment": 3.0, "origin_ex": 5.5,
    "origin_used": 5.0, "origin_weak": 2.5, "trade_used": 2.5, "foreign_brand_used": 4.5,
    "personal": -4.0, "new_goods": -3.5,
    "no_clothing": -2.5, "per_kilo": 4.0, "bulk_quantity": 2.0, "foreign_lot": 4.5, "model_weight": 0.6,
    "fuzzy_min_length": 6, "fuzzy_max_distance": 1,
}
VOCABULARY_KEYS = ("clothing", "clothing_categories", "used", "used_weak", "new", "personal", "origins",
                   "origin_codes", "import_words", "routes", "trade", "foreign_brands", "bulk_hints")


class PolicyError(InputError):
    """A policy pack that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    category: str
    weight: float
    gloss: str = ""
    spellings: tuple[str, ...] = ()
    needs_clothing: bool = False
    stem: bool = False
    needs_support: bool = False

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.spellings)


@dataclass(frozen=True, slots=True)
class Context:
    phrase: str
    cancels: tuple[str, ...]
    gloss: str = ""
    spellings: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # with cancels = ("*",): the categories it cancels

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.phrase, *self.spellings)

    def cancels_term(self, term: Term) -> bool:
        if "*" in self.cancels:
            return not self.categories or term.category in self.categories
        return term.term in self.cancels


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    title: str
    valid_from: date
    valid_until: date | None = None

    def in_force(self, d: date) -> bool:
        return self.valid_from <= d and (self.valid_until is None or d <= self.valid_until)


@dataclass(frozen=True)
class PolicyPack:
    name: str
    version: str
    description: str
    terms: tuple[Term, ...]
    contexts: tuple[Context, ...]
    thresholds: Mapping[str, float]
    vocab: Mapping[str, tuple[str, ...]]
    legal_basis: tuple[Instrument, ...]
    source: str = field(default="", compare=False)

    # ---- loading ----
    @classmethod
    def load(cls, path: Path | None = None) -> PolicyPack:
        """Read and validate a pack (TOML, or JSON by extension); None reads the bundled pack."""
        if path is None:
            res = resources.files("pantau") / "data" / "policy" / BUNDLED
            raw, where = res.read_bytes(), BUNDLED
        else:
            where = str(path)
            try:
                if path.stat().st_size > MAX_PACK_BYTES:
                    raise PolicyError(f"larger than {MAX_PACK_BYTES} bytes", where=where)
                raw = path.read_bytes()
            except OSError as e:
                raise PolicyError(f"cannot read ({e.strerror or e})", where=where) from None
        try:
            text = raw.decode("utf-8")
            data = json.loads(text) if where.endswith(".json") else tomllib.loads(text)
        except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as e:
            raise PolicyError(f"not valid {'JSON' if where.endswith('.json') else 'TOML'}: {e}",
                              where=where) from None
        return cls.from_dict(data, source=where)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "<dict>") -> PolicyPack:
        v = _Validator(source)
        meta = v.table(data, "pack")
        name = v.string(meta, "pack", "name")
        version = v.string(meta, "pack", "version")
        description = v.string(meta, "pack", "description", required=False)
        terms = tuple(v.term(t, f"terms[{i}]") for i, t in enumerate(v.array(data, "terms")))
        seen: dict[tuple[str, str], int] = {}
        for i, t in enumerate(terms):
            if (t.term, t.category) in seen:
                raise PolicyError(f"duplicate term {t.term!r} (also terms[{seen[(t.term, t.category)]}])",
                                  where=f"{source}: terms[{i}].term")
            seen[(t.term, t.category)] = i
        names = {t.term for t in terms}
        contexts = tuple(v.context(c, f"contexts[{i}]", names)
                         for i, c in enumerate(v.array(data, "contexts", required=False)))
        th = v.table(data, "thresholds")
        thresholds = {}
        for key, default in THRESHOLD_KEYS.items():
            val = th.get(key, default)
            if not isinstance(val, int | float) or isinstance(val, bool):
                raise PolicyError("must be a number", where=f"{source}: thresholds.{key}")
            thresholds[key] = float(val)
        for key in th:
            if key not in THRESHOLD_KEYS:
                raise PolicyError(f"unknown threshold (known: {', '.join(THRESHOLD_KEYS)})",
                                  where=f"{source}: thresholds.{key}")
        if not 0.0 < thresholds["review"] <= thresholds["violating"] < 1.0:
            raise PolicyError("need 0 < review <= violating < 1", where=f"{source}: thresholds")
        vt = v.table(data, "vocabulary")
        vocab = {k: v.strings(vt, f"vocabulary.{k}", k, required=k in ("clothing", "used"))
                 for k in VOCABULARY_KEYS}
        legal = tuple(v.instrument(x, f"legal_basis[{i}]")
                      for i, x in enumerate(v.array(data, "legal_basis")))
        return cls(name, version, description, terms, contexts, thresholds, vocab, legal, source)

    # ---- serialising ----
    def to_dict(self) -> dict[str, Any]:
        """A plain dict (JSON-safe) that `from_dict` reads back to an equal pack."""
        def term(t: Term) -> dict[str, Any]:
            d: dict[str, Any] = {"term": t.term, "category": t.category, "weight": t.weight}
            if t.gloss:
                d["gloss"] = t.gloss
            if t.spellings:
                d["spellings"] = list(t.spellings)
            for k in ("needs_clothing", "stem", "needs_support"):
                if getattr(t, k):
                    d[k] = True
            return d

        def context(c: Context) -> dict[str, Any]:
            d: dict[str, Any] = {"phrase": c.phrase, "cancels": list(c.cancels)}
            if c.gloss:
                d["gloss"] = c.gloss
            if c.spellings:
                d["spellings"] = list(c.spellings)
            if c.categories:
                d["categories"] = list(c.categories)
            return d

        def instrument(x: Instrument) -> dict[str, Any]:
            d: dict[str, Any] = {"id": x.id, "title": x.title, "from": x.valid_from.isoformat()}
            if x.valid_until:
                d["until"] = x.valid_until.isoformat()
            return d

        return {
            "pack": {"name": self.name, "version": self.version, "description": self.description},
            "thresholds": dict(self.thresholds),
            "terms": [term(t) for t in self.terms],
            "contexts": [context(c) for c in self.contexts],
            "vocabulary": {k: list(v) for k, v in self.vocab.items()},
            "legal_basis": [instrument(x) for x in self.legal_basis],
        }

    @property
    def content_hash(self) -> str:
        """sha256 of the pack's canonical JSON: equal packs hash equal whatever file they came from."""
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    # ---- queries ----
    def legal_basis_on(self, d: date) -> list[Instrument]:
        return [x for x in self.legal_basis if x.in_force(d)]

    def with_terms(self, new_terms: Iterable[Term], version: str) -> PolicyPack:
        """A new pack version with terms added (or replaced, by term and category)."""
        if not version or version == self.version:
            raise PolicyError(f"a changed pack needs a new version (this one is {self.version!r})",
                              where=self.source or self.name)
        by_key = {(t.term, t.category): t for t in self.terms}
        v = _Validator(f"{self.name} {version}")
        for i, t in enumerate(new_terms):
            checked = v.term(term_dict(t) if isinstance(t, Term) else t, f"new_terms[{i}]")
            by_key[(checked.term, checked.category)] = checked
        return replace(self, version=version, terms=tuple(by_key.values()))

    def vocabulary(self) -> frozenset[str]:
        """Every word the pack mentions, for splitting run-together words and reading disguises."""
        words: set[str] = set()
        for t in self.terms:
            for f in t.forms:
                words.update(f.split())
        for c in self.contexts:
            for f in c.forms:
                words.update(f.split())
        for k, vals in self.vocab.items():
            if k != "origin_codes":
                for f in vals:
                    words.update(f.split())
        return frozenset(w for w in words if len(w) >= 2)


def term_dict(t: Term) -> dict[str, Any]:
    return {"term": t.term, "category": t.category, "weight": t.weight, "gloss": t.gloss,
            "spellings": list(t.spellings), "needs_clothing": t.needs_clothing, "stem": t.stem,
            "needs_support": t.needs_support}


class _Validator:
    """Reads one pack's raw data, raising PolicyError with the file and key on the first problem."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, message: str) -> PolicyError:
        return PolicyError(message, where=f"{self.source}: {key}")

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            raise self.fail(key, "the pack must be a table/object")
        val = data.get(key)
        if not isinstance(val, Mapping):
            raise self.fail(key, "missing table" if val is None else "must be a table")
        return val

    def array(self, data: Mapping[str, Any], key: str, required: bool = True) -> list[Any]:
        val = data.get(key)
        if val is None and not required:
            return []
        if not isinstance(val, list):
            raise self.fail(key, "missing list" if val is None else "must be a list")
        return val

    def string(self, d: Mapping[str, Any], where: str, key: str, required: bool = True) -> str:
        val = d.get(key)
        if val is None and not required:
            return ""
        if not isinstance(val, str) or (required and not val.strip()):
            raise self.fail(f"{where}.{key}", "missing" if val is None else "must be a non-empty string")
        return val

    def strings(self, d: Mapping[str, Any], where: str, key: str, required: bool = False) -> tuple[str, ...]:
        val = d.get(key)
        if val is None:
            if required:
                raise self.fail(where, "missing list of strings")
            return ()
        if not isinstance(val, list) or not all(isinstance(x, str) and x.strip() for x in val):
            raise self.fail(where, "must be a list of non-empty strings")
        return tuple(x.strip().lower() for x in val)

    def flag(self, d: Mapping[str, Any], where: str, key: str) -> bool:
        val = d.get(key, False)
        if not isinstance(val, bool):
            raise self.fail(f"{where}.{key}", "must be true or false")
        return val

    def term(self, d: Any, where: str) -> Term:
        if not isinstance(d, Mapping):
            raise self.fail(where, "must be a table")
        known = {"term", "category", "weight", "gloss", "spellings", "needs_clothing", "stem",
                 "needs_support"}
        for k in d:
            if k not in known:
                raise self.fail(f"{where}.{k}", f"unknown key (known: {', '.join(sorted(known))})")
        name = self.string(d, where, "term").strip().lower()
        category = self.string(d, where, "category")
        if category not in CATEGORIES:
            raise self.fail(f"{where}.category", f"{category!r} is not one of {', '.join(CATEGORIES)}")
        weight = d.get("weight")
        if not isinstance(weight, int | float) or isinstance(weight, bool):
            raise self.fail(f"{where}.weight", "must be a number")
        if not -20 <= weight <= 20:
            raise self.fail(f"{where}.weight", "must be between -20 and 20 (log-odds)")
        return Term(name, category, float(weight), self.string(d, where, "gloss", required=False),
                    self.strings(d, f"{where}.spellings", "spellings"),
                    self.flag(d, where, "needs_clothing"), self.flag(d, where, "stem"),
                    self.flag(d, where, "needs_support"))

    def context(self, d: Any, where: str, names: set[str]) -> Context:
        if not isinstance(d, Mapping):
            raise self.fail(where, "must be a table")
        phrase = self.string(d, where, "phrase").strip().lower()
        cancels = d.get("cancels")
        if not isinstance(cancels, list) or not all(isinstance(x, str) for x in cancels):
            raise self.fail(f"{where}.cancels", "must be a list of term names (or \"*\")")
        for x in cancels:
            if x != "*" and x not in names:
                raise self.fail(f"{where}.cancels", f"{x!r} is not a term of this pack")
        cats = self.strings(d, f"{where}.categories", "categories")
        for c in cats:
            if c not in CATEGORIES:
                raise self.fail(f"{where}.categories", f"{c!r} is not one of {', '.join(CATEGORIES)}")
        return Context(phrase, tuple(cancels), self.string(d, where, "gloss", required=False),
                       self.strings(d, f"{where}.spellings", "spellings"), cats)

    def instrument(self, d: Any, where: str) -> Instrument:
        if not isinstance(d, Mapping):
            raise self.fail(where, "must be a table")
        start = self._date(d.get("from"), f"{where}.from", required=True)
        until = self._date(d.get("until"), f"{where}.until", required=False)
        if start is None:  # pragma: no cover - _date raised
            raise self.fail(f"{where}.from", "missing")
        if until is not None and until < start:
            raise self.fail(f"{where}.until", "is before 'from'")
        return Instrument(self.string(d, where, "id"), self.string(d, where, "title"), start, until)

    def _date(self, val: Any, where: str, required: bool) -> date | None:
        if val is None:
            if required:
                raise self.fail(where, "missing date")
            return None
        if isinstance(val, date):
            return val
        if isinstance(val, str):
            try:
                return date.fromisoformat(val)
            except ValueError:
                pass
        raise self.fail(where, "must be a date (YYYY-MM-DD)")
