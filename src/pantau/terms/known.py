"""What counts as already known: the policy pack's terms (codes) and vocabulary (plain words).

Reads the pack through attributes only (terms with .term/.spellings/.stem, vocab, contexts), so a
pack-like object in a test works as well as `pantau.detect.policy.PolicyPack`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pantau.terms.extract import KnownTerms

# The suffixes a `stem = true` pack term also matches (detect's matcher accepts the same ones).
STEM_SUFFIXES = ("nya", "an", "s", "ing", "in", "kan")


def pack_codes(pack: Any) -> list[str]:
    """Every written form of every term of a pack, with stemmed variants."""
    out: list[str] = []
    for t in getattr(pack, "terms", ()):
        forms = [getattr(t, "term", t) if not isinstance(t, str) else t, *getattr(t, "spellings", ())]
        for f in forms:
            out.append(str(f))
            if getattr(t, "stem", False) and " " not in str(f):
                out.extend(f"{f}{suf}" for suf in STEM_SUFFIXES)
    return out


def pack_plain(pack: Any) -> list[str]:
    """The pack's plain vocabulary (clothing words, origins, conditions...) and cancelling contexts."""
    out: list[str] = []
    for key, words in dict(getattr(pack, "vocab", {}) or {}).items():
        if key == "origin_codes":  # two-letter country codes: too short to be suggested anyway
            continue
        out.extend(str(w) for w in words)
    for c in getattr(pack, "contexts", ()):
        out.extend(str(f) for f in getattr(c, "forms", (getattr(c, "phrase", ""),)))
    return out


def known_terms(pack: Any, *, accepted: Iterable[str] = (), rejected: Iterable[str] = (),
                normalise: Callable[[str], str] | None = None) -> KnownTerms:
    """Codes = pack terms + accepted suggestions; plain = pack vocabulary + rejected suggestions."""
    return KnownTerms.of([*pack_codes(pack), *accepted], normalise,
                         plain=[*pack_plain(pack), *rejected])
