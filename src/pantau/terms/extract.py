"""Candidate terms of one listing: words, word pairs and hashtags of its normalised text.

Text is normalised first so a disguised form counts as the word it disguises ("k@rungan" and
"karungan" are one candidate). The normaliser is detect's (`pantau.detect.normalise.normalise`)
when it is installed; until then a small fallback folds Unicode (NFKC), case, digits and symbols
used for letters inside a word, and letters spaced or dotted apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from pantau.terms.vocabulary import STOPWORDS

# Listing text is hostile: cap what one listing can make us tokenise.
MAX_TEXT_CHARS = 20_000
MIN_WORD_LEN = 3

_LEET = str.maketrans({"4": "a", "@": "a", "3": "e", "1": "i", "!": "i", "0": "o", "5": "s", "$": "s", "7": "t"})
_IN_WORD_SUBST = re.compile(r"(?<=[a-z])[4@31!05$7]+(?=[a-z])")
# "t.h.r.i.f.t", "b a l l", "k-a-r-u-n-g": three or more single letters joined by one separator
_SPACED = re.compile(r"(?<![\w#])(?:[a-z][.\-_* ]){2,}[a-z](?!\w)")
_SPACED_SEP = re.compile(r"[.\-_* ]")
_TOKEN = re.compile(r"#?[a-z0-9]+")
_BREAK = re.compile(r"[\n\r|/,;:!?()\[\]{}<>\"]+|(?<!\d)\.(?!\d)")


def fallback_normalise(text: str) -> str:
    """NFKC + lower case + letters hidden by digits/symbols or spacing; used until detect's lands."""
    t = unicodedata.normalize("NFKC", text).casefold()
    t = _IN_WORD_SUBST.sub(lambda m: m.group(0).translate(_LEET), t)
    return _SPACED.sub(lambda m: _SPACED_SEP.sub("", m.group(0)), t)


@lru_cache(maxsize=1)
def default_normaliser() -> Callable[[str], str]:
    try:
        from pantau.detect.normalise import normalise
    except ImportError:
        return fallback_normalise

    def both(text: str) -> str:
        # detect's normaliser folds look-alikes and disguises; ours still lower-cases and splits
        return fallback_normalise(normalise(text))

    return both


def tokens(text: str, normalise: Callable[[str], str] | None = None) -> list[list[str]]:
    """Normalised tokens, in runs that a word pair may not cross (lines, punctuation)."""
    norm = (normalise or default_normaliser())(text[:MAX_TEXT_CHARS])
    return [run for part in _BREAK.split(norm) if (run := _TOKEN.findall(part))]


# Model numbers, sizes and quantities ("s27", "a15", "256gb", "100kg", "30s"): product codes, not words.
_MODEL_CODE = re.compile(r"^[a-z]{0,4}\d+[a-z]{0,4}$")


def _word_ok(w: str) -> bool:
    return len(w) >= MIN_WORD_LEN and w not in STOPWORDS and not _MODEL_CODE.match(w)


def candidates_of(runs: Iterable[list[str]]) -> set[str]:
    """Words, word pairs ("bal segel") and hashtags ("#bukabal") a listing offers as candidates.

    A pair needs both words to be real words (no function words, no pure numbers on both sides) so
    pairs say something a single word does not, e.g. a new phone model "iphone 17"."""
    out: set[str] = set()
    for run in runs:
        prev: str | None = None
        for tok in run:
            if tok.startswith("#"):
                body = tok.lstrip("#")
                if len(body) >= MIN_WORD_LEN and not body.isdigit():
                    out.add("#" + body)
                prev = None
                continue
            if _word_ok(tok):
                out.add(tok)
            if prev is not None and tok not in STOPWORDS and prev not in STOPWORDS \
                    and len(tok) >= 2 and len(prev) >= 2 and not (tok.isdigit() and prev.isdigit()) \
                    and (_word_ok(tok) or _word_ok(prev)):
                out.add(f"{prev} {tok}")
            prev = tok
    return out


def listing_text(title: str, description: str = "", shop_name: str = "") -> str:
    """The text a listing is judged by here: shop name on its own line so pairs do not cross it."""
    return "\n".join(t for t in (title, description, shop_name) if t)


@dataclass(frozen=True, slots=True)
class KnownTerms:
    """Terms that are already policy (or were decided by an analyst) and their telltale parts.

    A candidate is *known* when it is such a term, a hashtag or run-together spelling of one
    ("#bukabal"), a pair containing a known word, a word inside a known phrase ("segel" of
    "bal segel"), or a longer word built on a known code ("karunganmurah"). `plain` words (the
    pack's vocabulary of clothing, origins, conditions; rejected suggestions) are never suggested
    either, but they are not codes: a listing using them does not "co-occur with a known code"."""

    terms: frozenset[str]
    words: frozenset[str]
    compact: frozenset[str]
    parts: frozenset[str]
    long_codes: tuple[str, ...]
    plain: frozenset[str] = frozenset()

    @classmethod
    def of(cls, raw_terms: Iterable[str], normalise: Callable[[str], str] | None = None,
           plain: Iterable[str] = ()) -> KnownTerms:
        terms: set[str] = set()
        parts: set[str] = set()
        for raw in raw_terms:
            toks = _plain_tokens(raw, normalise)
            if not toks:
                continue
            terms.add(" ".join(toks))
            if len(toks) > 1:
                parts.update(t for t in toks if len(t) >= MIN_WORD_LEN)
        words = {t for t in terms if " " not in t}
        compact = {t.replace(" ", "") for t in terms}
        long_codes = tuple(sorted(c for c in compact if len(c) >= 5))
        plain_set: set[str] = set()
        for raw in plain:
            toks = _plain_tokens(raw, normalise)
            if toks:
                plain_set.add(" ".join(toks))
                plain_set.add("".join(toks))
        return cls(frozenset(terms), frozenset(words), frozenset(compact), frozenset(parts), long_codes,
                   frozenset(plain_set))

    def present(self, cands: Iterable[str]) -> bool:
        """Does a listing with these candidates use a known code?"""
        for c in cands:
            body = c.lstrip("#")
            if body in self.terms or body in self.compact:
                return True
        return False

    def is_known(self, cand: str) -> bool:
        body = cand.lstrip("#")
        if body in self.terms or body in self.compact or body in self.parts or body in self.plain:
            return True
        if " " in body:
            return any(w in self.words or w in self.parts for w in body.split(" "))
        return any(code in body for code in self.long_codes)


def _plain_tokens(raw: str, normalise: Callable[[str], str] | None) -> list[str]:
    return [t for run in tokens(raw, normalise) for tok in run if (t := tok.lstrip("#"))]
