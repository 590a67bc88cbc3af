"""Every phrase the rules look for, indexed by its first word, and what each phrase means.

Listing text arrives here as normalised words ("keys"); a phrase matches a run of keys. Looking
a word up in a dict costs far less than running a regex alternation of hundreds of phrases over
the characters (Python's `re` tries each alternative at each position), and the lookups are
cached per distinct word, so a batch costs about one dict access per word.

A match carries the entries of its phrase AND of every shorter phrase inside it, so the longest
match ("baju bekas") still tells the rules about "baju" (clothing) and "bekas" (used).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from pantau.detect.policy import Context, PolicyError, PolicyPack, Term

SUFFIXES = ("nya", "an", "s", "ing", "in", "kan", "ed")
KEY = re.compile(r"[a-z0-9&]+")
_NONE: tuple = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """What a phrase means: kind is term | context | clothing | used | used_weak | new | personal |
    origin_ex | origin | foreign_brand | trade."""

    kind: str
    phrase: str
    term: Term | None = None
    context: Context | None = None
    key: str = ""  # the phrase as normalised text reads it


Candidate = tuple[tuple[str, ...], tuple[Entry, ...]]


class PhraseIndex:
    """All phrases of a pack (normalised the way listing text is), looked up by first word."""

    def __init__(self, pack: PolicyPack, normalise: Callable[[str], str]) -> None:
        self.entries: dict[tuple[str, ...], list[Entry]] = {}
        self.stems: set[str] = set()

        def keys_of(form: str) -> tuple[str, ...]:
            return tuple(KEY.findall(normalise(form)))

        def add(form: str, entry: Entry, stem: bool = False) -> None:
            key = keys_of(form)
            if not key:
                return
            self.entries.setdefault(key, []).append(replace(entry, key=" ".join(key)))
            if stem and len(key) == 1:
                self.stems.add(key[0])

        for t in pack.terms:
            for f in t.forms:
                add(f, Entry("term", f, term=t), t.stem)
        term_keys = set(self.entries)
        for c in pack.contexts:
            for f in c.forms:
                if keys_of(f) in term_keys:
                    # a context that reads exactly as a term would cancel every use of the term
                    raise PolicyError(f"context form {f!r} reads as a term form ({' '.join(keys_of(f))!r})",
                                      where=f"{pack.source or pack.name}: contexts ({c.phrase})")
                add(f, Entry("context", f, context=c))
        v = pack.vocab
        for kind in ("clothing", "used", "used_weak", "new", "personal", "foreign_brands", "trade", "bulk_hints"):
            name = {"foreign_brands": "foreign_brand", "bulk_hints": "bulk_hint"}.get(kind, kind)
            for f in v.get(kind, ()):
                add(f, Entry(name, f))
        for f in v.get("origins", ()):
            add(f, Entry("origin", f))
            for lead in ("ex", "eks", "x"):
                add(f"{lead} {f}", Entry("origin_ex", f"{lead} {f}"))
            add(f"dari {f}", Entry("origin", f"dari {f}"))
        for f in v.get("origin_codes", ()):
            for lead in ("ex", "eks"):
                add(f"{lead} {f}", Entry("origin_ex", f"{lead} {f}"))
            add(f"dari {f}", Entry("origin", f"dari {f}"))
        for f in (*v.get("import_words", ()), *v.get("routes", ())):
            add(f, Entry("origin", f))
        # a long phrase also means what the phrases inside it mean, except that a context phrase
        # ("gear second") keeps only the terms inside it (so the reason can say what it cancelled)
        # and a "new" phrase ("bukan bekas") keeps only its garment words
        self.expanded: dict[tuple[str, ...], tuple[Entry, ...]] = {}
        for key, own in self.entries.items():
            collected = list(own)
            kinds = {e.kind for e in own}
            kinds_kept = {"clothing"} if "new" in kinds else {"term", "context"} if "context" in kinds else None
            for n in range(1, len(key)):
                for i in range(len(key) - n + 1):
                    collected.extend(e for e in self.entries.get(key[i:i + n], _NONE)
                                     if kinds_kept is None or e.kind in kinds_kept)
            self.expanded[key] = tuple(collected)
        first: dict[str, list[Candidate]] = {}
        for key, found in self.expanded.items():
            first.setdefault(key[0], []).append((key, found))
        # suffixed forms are listed too, so "is this word the start of anything?" is one dict
        # membership test (and can run at C speed over a whole batch: see Detector)
        for key, meant in list(self.expanded.items()):
            if len(key) != 1:
                continue
            suffixed = meant if key[0] in self.stems else tuple(e for e in meant if e.kind != "term")
            if not suffixed:
                continue
            for suf in SUFFIXES:
                word = key[0] + suf
                if (word,) not in self.expanded and len(key[0]) >= 3:
                    first.setdefault(word, []).append(((word,), suffixed))
        self._cands: dict[str, tuple[Candidate, ...]] = {
            k: tuple(sorted(v, key=lambda c: -len(c[0]))) for k, v in first.items()}
        # words that only ever mean "a garment" (the commonest match by far): the detector notes
        # them without building evidence
        self.garment_words = frozenset(
            k for k, cands in self._cands.items()
            if len(cands) == 1 and len(cands[0][0]) == 1 and all(e.kind == "clothing" for e in cands[0][1]))

    def candidates(self, word: str) -> tuple[Candidate, ...]:
        """Phrases that can start at `word`, longest first (suffixed forms of stems included)."""
        return self._cands.get(word, _NONE)

    @property
    def starts(self) -> dict[str, tuple[Candidate, ...]]:
        """Every word a phrase can start with -> its candidates (read-only use)."""
        return self._cands

    def match(self, keys: Sequence[str]) -> list[tuple[int, int, tuple[Entry, ...]]]:
        """(start, length, entries) of the longest phrase at each position, left to right."""
        out = []
        cands = self._cands
        i, n = 0, len(keys)
        while i < n:
            c = cands.get(keys[i])
            if not c:
                i += 1
                continue
            for phrase, entries in c:
                m = len(phrase)
                if m == 1 or tuple(keys[i:i + m]) == phrase:
                    out.append((i, m, entries))
                    i += m
                    break
            else:
                i += 1
        return out
