"""Every phrase the rules look for, in ONE compiled regex, and what each phrase means.

The alternation is compiled from a trie of the phrases ("b(?:al(?: segel| press)?|ale)..."), so
the regex engine rejects a position after one or two characters instead of trying hundreds of
alternatives there; Python's `re` does not factor alternations itself, and an Aho-Corasick
package would be one more compiled dependency for the same effect.

A match carries the entries of its phrase AND of every shorter phrase inside it, so the longest
match ("baju bekas") still tells the rules about "baju" (clothing) and "bekas" (used).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from pantau.detect.policy import Context, PolicyError, PolicyPack, Term

SUFFIXES = ("nya", "an", "s", "ing", "in", "kan", "ed")
SEPARATOR = "[\\s\\-]+"


@dataclass(frozen=True, slots=True)
class Entry:
    """What a phrase means: kind is term | context | clothing | used | used_weak | new | personal |
    origin_ex | origin | foreign_brand | trade."""

    kind: str
    phrase: str
    term: Term | None = None
    context: Context | None = None
    key: str = ""  # the phrase as normalised text reads it


def trie_regex(phrases: Iterable[str]) -> str:
    """A regex alternation matching exactly the given phrases, factored as a trie."""
    trie: dict[str, dict] = {}
    for p in phrases:
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        end = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            piece = SEPARATOR if ch == " " else re.escape(ch)
            alts.append(piece + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


class PhraseIndex:
    """All phrases of a pack (normalised the way listing text is) and one regex over them."""

    def __init__(self, pack: PolicyPack, normalise: Callable[[str], str]) -> None:
        self.entries: dict[str, list[Entry]] = {}
        self.stems: set[str] = set()

        def add(form: str, entry: Entry, stem: bool = False) -> None:
            key = " ".join(normalise(form).replace("-", " ").split())
            if not key:
                return
            self.entries.setdefault(key, []).append(replace(entry, key=key))
            if stem:
                self.stems.add(key)

        for t in pack.terms:
            for f in t.forms:
                add(f, Entry("term", f, term=t), t.stem)
        term_keys = set(self.entries)
        for c in pack.contexts:
            for f in c.forms:
                key = " ".join(normalise(f).replace("-", " ").split())
                if key in term_keys:
                    # a context that reads exactly as a term would cancel every use of the term
                    raise PolicyError(f"context form {f!r} reads as {key!r}, which is a term form",
                                      where=f"{pack.source or pack.name}: contexts ({c.phrase})")
                add(f, Entry("context", f, context=c))
        v = pack.vocab
        for kind in ("clothing", "used", "used_weak", "new", "personal", "foreign_brands", "trade"):
            name = "foreign_brand" if kind == "foreign_brands" else kind
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
        # a long phrase also means what the phrases inside it mean
        self.expanded: dict[str, tuple[Entry, ...]] = {}
        for key, own in self.entries.items():
            words = key.split()
            found = list(own)
            # a context phrase ("gear second", "3 second") keeps the terms inside it, so the reason
            # can say what it cancelled, but not the markers: its "second" is not a used garment
            # and "bukan bekas" (new) is not "bekas" (used) either
            kinds = {e.kind for e in own}
            keep = ({"clothing"} if "new" in kinds else {"term", "context"} if "context" in kinds else None)
            for n in range(1, len(words)):
                for i in range(len(words) - n + 1):
                    found.extend(e for e in self.entries.get(" ".join(words[i:i + n]), ())
                                 if keep is None or e.kind in keep)
            self.expanded[key] = tuple(found)
        suffix = "(" + "|".join(SUFFIXES) + ")?"
        self.pattern = re.compile(r"(?<![\w@])(" + trie_regex(self.entries) + ")" + suffix + r"(?![\w@])")

    def lookup(self, m: re.Match[str]) -> tuple[Entry, ...]:
        """The entries of a regex match (empty when a suffix was used on a phrase without stems)."""
        key = " ".join(m.group(1).replace("-", " ").split())
        if m.group(2) and key not in self.stems:
            # a plain word that happens to end like a suffix ("bales" is in the pack as "bale"+s)
            return tuple(e for e in self.expanded.get(key, ()) if e.kind != "term")
        return self.expanded.get(key, ())
