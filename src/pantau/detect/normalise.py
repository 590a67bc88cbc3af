"""Read disguised listing text the way a buyer reads it, before any term is matched.

    normalise("Jual B.A.L.L k@rung4n #thriftimport")  ->  "jual ball karungan thrift import"

Stages, in order. Folding is one `str.translate` over the whole text; then the text is split on
whitespace and every distinct token goes through the other stages once (a cache keeps the result:
marketplace text repeats its words endlessly, so a batch costs a dictionary look-up per word).
Whitespace is collapsed to single spaces.

1. fold       NFKC/NFKD, look-alike letters (Cyrillic, Greek, full-width, mathematical, enclosed
              and emoji letters, keycap digits, flags), invisible characters, lower case;
2. repeats    letters repeated three or more times: "thriiift" -> "thrift" (not x: "xxxl");
3. spread     letters spread out: "b a l l", "k.a.r.u.n.g", "k-a-r-u-n-g-a-n" -> one word, and
              syllables split by hyphens when together they make a known word ("ki-lo-an");
4. leet       digits and symbols used as letters, only inside words that mix both: "b4ll",
              "k@rung", "thr1ft", "ki|oan", "8al"; prices and sizes ("100kg", "xl", "rp70rb") stay;
5. hashtags   split by a vocabulary: "#thriftimport" -> "thrift import";
6. informal   common informal spellings: "yg" -> "yang", "seken" -> "second", "krg" -> "karung".

`normalise_with_map` runs the same stages keeping, for every output character, the span of the
original text it came from, so a reason can quote the disguised form beside its reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from operator import sub
from typing import TypeVar

from pantau.detect.lexicon import BASE_WORDS, INFORMAL, UNITS
from pantau.detect.segment import Segmenter
from pantau.detect.unicode_fold import fold, fold_char

LEET_DIGITS = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "6": "g", "7": "t", "8": "b", "9": "g"}
LEET_SYMBOLS = {"@": "a", "$": "s", "|": "l", "!": "i", "€": "e"}
# digits and symbols that can be read as either of two letters; the vocabulary decides
LEET_ALTERNATIVES = {"1": "l", "|": "i", "6": "b"}
LEET_CHARS = "".join(LEET_DIGITS) + "".join(LEET_SYMBOLS)
_SPREAD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$|!€")
_LEET_CLASS = "0-9@$|!€"
SUFFIXES = ("nya", "an", "s", "ing", "in", "kan")

Repl = Callable[[re.Match[str]], str]
# Shared by the detector's batch reading and the model's features (one definition, so the two
# cannot drift apart: the model recognises the detector's field boundaries by this token).
MARK = "\x01\x01"  # a field boundary in a token list; two characters so it never joins "b a l l" runs
MAX_FIELD_CHARS = 20_000  # hostile input: a 5 MB description is read as its first 20k characters

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Normalised:
    """A normalised string and, per output character, the [start, end) of the original it reads."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span behind normalised text[start:end]."""
        if end <= start:
            i = min(start, len(self.starts) - 1)
            return (self.starts[i], self.starts[i]) if self.starts else (0, 0)
        return self.starts[start], self.ends[end - 1]

    def original_of(self, start: int, end: int) -> str:
        a, b = self.original_span(start, end)
        return self.original[a:b]


class Normaliser:
    """The normalisation stages with a vocabulary (base words plus, usually, a policy pack's)."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        words = set(BASE_WORDS) | set(INFORMAL.values()) | {k for k in INFORMAL if k.isalnum()}
        for w in extra_words:
            words.update(w.split())
        self.vocabulary = frozenset(words)
        self.segmenter = Segmenter(self.vocabulary)
        self._leet_cache: dict[str, str] = Memo(self._decode_leet, 100_000)
        informal = sorted(INFORMAL, key=len, reverse=True)
        self.stages: list[tuple[re.Pattern[str], Repl]] = [
            # letters repeated three or more times ("thriiift"; not x: "xxxl"), first, so the stages
            # below see the word they would see written plainly
            (re.compile(r"([a-wyz])\1{2,}"), lambda m: m.group(1)),
            # "k.a.r.u.n.g", "B-A-L-L", "t_h_r_i_f_t": one element, the same kind of separator
            (re.compile(r"(?<![\w@$|!€])[a-z0-9@$|!€](?:([.\-_*·+~/])[a-z0-9@$|!€](?:\1[a-z0-9@$|!€])*)"
                        r"(?![\w@$|!€])"), self._join_spread),
            # syllables split by hyphens or dots, when together they make a known word: "ki-lo-an"
            (re.compile(r"(?<![\w@])[a-z]{1,4}(?:[.\-][a-z]{1,4})+(?![\w@])"), self._join_syllables),
            # a word where a letter meets a digit or symbol
            (re.compile(rf"(?<![a-z{_LEET_CLASS}])[a-z{_LEET_CLASS}]*?(?:[a-z][{_LEET_CLASS}]|[{_LEET_CLASS}][a-z])"
                        rf"[a-z{_LEET_CLASS}]*"), self._leet),
            (re.compile(r"#([a-z0-9_]{2,})"), self._hashtag),
            (re.compile(r"\b(?:" + "|".join(map(re.escape, informal)) + r")\b"),
             lambda m: INFORMAL[m.group(0)]),
        ]
        self.split_words = lru_cache(maxsize=20_000)(self._split_words)
        # token -> normalised token; a miss runs the stages (`__missing__`), so a batch's tokens are
        # looked up with one C-level `map` instead of a Python test per word
        self._token_cache: dict[str, str] = Memo(self._token, 300_000, max_key_len=64)
        # (field text, reading) -> the written form behind the reading, for reasons (quoting.py)
        self.quoted: dict[tuple[str, str], str | None] = {}

    # ---- stage actions (called only on the tokens a stage's regex found) ----
    def _join_spread(self, m: re.Match[str]) -> str:
        s = m.group(0)
        chars = [c for c in s if c.isalnum() or c in LEET_SYMBOLS]
        letters = sum(c.isalpha() for c in chars)
        if letters < 2 or (letters == len(chars) and set(chars) <= set("smlx")):
            return s  # "1.5", "0 8 1 2" (contacts are the sellers module's), sizes "s m l"
        if any(not c.isalpha() for c in chars) and letters < len(chars) / 2:
            return s
        word = "".join(chars)
        return self._leet_word(word) if not word.isalpha() else word

    def _join_syllables(self, m: re.Match[str]) -> str:
        s = m.group(0)
        word = s.replace("-", "").replace(".", "")
        if word in self.vocabulary or any(word.endswith(x) and word[: -len(x)] in self.vocabulary
                                          for x in SUFFIXES):
            return word
        return s

    def _leet(self, m: re.Match[str]) -> str:
        return self._leet_word(m.group(0))

    def _leet_word(self, tok: str) -> str:
        return self._leet_cache[tok]

    def _decode_leet(self, tok: str) -> str:
        """Read digits/symbols as letters where the word is plainly disguised; else leave it."""
        letters = sum(c.isalpha() for c in tok)
        if letters < 2:
            return tok
        head = tok.rstrip(LEET_CHARS)
        trail = tok[len(head):]
        lead_len = len(head) - len(head.lstrip(LEET_CHARS))
        lead, core = head[:lead_len], head[lead_len:]
        if not core or (lead and not core):
            return tok
        # a number followed by a unit or size is not a word: "100kg", "2xl", "rp70rb", "90an"
        if lead and (core in UNITS or (lead.isdigit() and len(lead) > 1)):
            return tok
        # positions inside the core where a single digit/symbol sits between letters
        inner = [i for i, c in enumerate(core) if c in LEET_CHARS]
        runs_ok = all(core[i - 1].isalpha() or core[i - 1] in LEET_SYMBOLS for i in inner) and all(
            core[i + 1].isalpha() or core[i + 1] in LEET_SYMBOLS for i in inner)
        if inner and not runs_ok:
            return tok  # "rtx3060ti", "s23ultra": a model number, not a word
        decode_lead = len(lead) == 1 and (lead in LEET_DIGITS or lead == "$")
        decode_trail = 0 < len(trail) <= 2
        if not inner and not decode_lead and not decode_trail:
            return tok
        candidates = self._readings(lead if decode_lead else "", core, trail if decode_trail else "")
        plain_lead = "" if decode_lead else lead
        plain_trail = "" if decode_trail else trail
        for reading in candidates:
            if self.known(reading):
                return plain_lead + reading + plain_trail
        # not a word we know, but plainly disguised: two or more swaps inside the word, or a
        # symbol no word contains ("m0nz4", "c@k@r", "ki|oan")
        positions = len(inner) + (1 if decode_trail and inner else 0)
        if not plain_lead and (positions >= 2 or any(core[i] in "|!$" for i in inner)):
            return candidates[0] + plain_trail
        return tok

    def _readings(self, lead: str, core: str, trail: str) -> list[str]:
        table = {**LEET_DIGITS, **LEET_SYMBOLS}
        s = lead + core + trail
        first = "".join(table.get(c, c) for c in s)
        out = [first]
        if any(c in LEET_ALTERNATIVES for c in s):
            out.append("".join(LEET_ALTERNATIVES.get(c, table.get(c, c)) for c in s))
        return out

    def known(self, word: str) -> bool:
        """Is `word` a vocabulary word, one with a common suffix, or a run of them?"""
        if word in self.vocabulary:
            return True
        for suf in SUFFIXES:
            if word.endswith(suf) and word[: -len(suf)] in self.vocabulary:
                return True
        parts = self.segmenter.split(word).split()
        return len(parts) > 1 and all(p in self.vocabulary for p in parts)

    def _hashtag(self, m: re.Match[str]) -> str:
        body = m.group(1).replace("_", " ")
        words = " ".join(self.split_words(w) for w in body.split())
        return " " + words if m.start() > 0 else words  # "kaos#thrift": two words, not "kaosthrift"

    def _split_words(self, token: str) -> str:
        return self.segmenter.split(token)

    # ---- spaced-out letters ("b a l l"): runs of one-character tokens ----
    def _spaced_runs(self, toks: list[str]) -> list[tuple[int, int, str]]:
        """(first, last+1, joined) for each run of 3+ one-character tokens read as one word."""
        out: list[tuple[int, int, str]] = []
        # positions of one-character tokens, and of those that start three in a row, found at C
        # speed; runs are rare, one-character words (sizes, "&", "-") are not
        one = _SPREAD_CHARS.__contains__
        ones = list(compress(count(), map(one, toks)))
        if len(ones) < 3:
            return out
        triples = compress(ones, map((2).__eq__, map(sub, ones[2:], ones)))
        end, n = -1, len(toks)
        for i0 in triples:
            if i0 < end:
                continue  # inside the run just read
            i1 = i0 + 3
            while i1 < n and one(toks[i1]):
                i1 += 1
            end = i1
            chars = "".join(toks[i0:i1])
            letters = sum(c.isalpha() for c in chars)
            sizes = letters == len(chars) and set(chars) <= set("smlx")
            if letters >= 2 and not sizes and letters >= len(chars) / 2:
                out.append((i0, i1, chars))
        return out

    def _token(self, tok: str) -> str:
        """One whitespace-free token through the token stages (cached: tokens repeat a lot)."""
        out = tok
        for pattern, repl in self.stages:
            out = pattern.sub(repl, out)
        return out

    # ---- public API ----
    def tokens(self, folded: str) -> list[str]:
        """Normalised tokens of already folded text (see `fold`)."""
        toks = folded.split()
        for a, b, word in reversed(self._spaced_runs(toks)):
            toks[a:b] = [word]
        return list(map(self._token_cache.__getitem__, toks))

    def normalise(self, text: str) -> str:
        return " ".join(self.tokens(fold(text)))

    def normalise_name(self, text: str) -> str:
        """A shop name or handle: also split run-together words ("bandungthrift")."""
        out = self.normalise(text)
        split = " ".join(self.split_words(w) for w in re.split(r"[\s._\-]+", out) if w)
        pattern, repl = self.stages[-1]  # informal spellings again, on the words just split off
        return pattern.sub(repl, split)

    def normalise_with_map(self, text: str) -> Normalised:
        """The same reading as `normalise`, keeping for each character its original span."""
        if text.isascii():  # one character in, one out: the spans are the positions themselves
            folded = fold(text)
            starts = list(range(len(text)))
            ends = list(range(1, len(text) + 1))
        else:
            chars: list[str] = []
            starts = []
            ends = []
            for i, ch in enumerate(text):
                for c in fold_char(ch):
                    chars.append(c)
                    starts.append(i)
                    ends.append(i + 1)
            folded = "".join(chars)
        spans = [m.span() for m in re.finditer(r"\S+", folded)]
        units: list[tuple[str, list[int], list[int]]] = [
            (folded[a:b], starts[a:b], ends[a:b]) for a, b in spans]
        if spans and min(b - a for a, b in spans) == 1:
            for a, b, word in reversed(self._spaced_runs([u[0] for u in units])):
                st = [s for u in units[a:b] for s in u[1]]
                en = [e for u in units[a:b] for e in u[2]]
                units[a:b] = [(word, st, en)]
        out_text: list[str] = []
        out_starts: list[int] = []
        out_ends: list[int] = []
        cache = self._token_cache
        for k, (tok, st, en) in enumerate(units):
            if cache.get(tok) != tok:  # a token the stages leave alone needs no re-mapping
                for pattern, repl in self.stages:
                    tok, st, en = _mapped_sub(pattern, repl, tok, st, en)
            if k and tok:
                out_text.append(" ")
                out_starts.append(out_ends[-1] if out_ends else 0)
                out_ends.append(st[0] if st else out_starts[-1])
            out_text.append(tok)
            out_starts.extend(st)
            out_ends.extend(en)
        return Normalised(text, "".join(out_text), tuple(out_starts), tuple(out_ends))


class Memo(dict[K, V]):
    """A cache dict whose misses call `compute` and keep its answer, so `map(memo.__getitem__,
    words)` reads a whole list at C speed and runs Python only for the words not seen before.

    Bounded, as input is hostile: at most `limit` entries (None: the owner bounds it otherwise);
    when full, it stores nothing more, or with `clear_when_full` starts over (only for memos with no
    entry put in by hand); a str key longer than `max_key_len` is answered but not kept."""

    __slots__ = ("clear_when_full", "compute", "limit", "max_key_len")

    def __init__(self, compute: Callable[[K], V], limit: int | None, *, clear_when_full: bool = False,
                 max_key_len: int | None = None) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit
        self.clear_when_full = clear_when_full
        self.max_key_len = max_key_len

    def __missing__(self, key: K) -> V:
        value = self.compute(key)
        if self.max_key_len is not None and isinstance(key, str) and len(key) > self.max_key_len:
            return value
        if self.limit is not None and len(self) >= self.limit:
            if not self.clear_when_full:
                return value
            self.clear()
        self[key] = value
        return value


def _mapped_sub(pattern: re.Pattern[str], repl: Repl, cur: str, starts: list[int],
                ends: list[int]) -> tuple[str, list[int], list[int]]:
    """`pattern.sub(repl, cur)` that also carries each character's original span along."""
    if pattern.search(cur) is None:
        return cur, starts, ends  # (most stages on most tokens: nothing to carry; never mutated)
    new_chars: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for m in pattern.finditer(cur):
        a, b = m.span()
        new_chars.append(cur[pos:a])
        new_starts.extend(starts[pos:a])
        new_ends.extend(ends[pos:a])
        rep = repl(m)
        new_chars.append(rep)
        if rep == cur[a:b]:
            new_starts.extend(starts[a:b])
            new_ends.extend(ends[a:b])
        else:
            lo, hi = (starts[a], ends[b - 1]) if b > a else (starts[a], starts[a])
            new_starts.extend([lo] * len(rep))
            new_ends.extend([hi] * len(rep))
        pos = b
    new_chars.append(cur[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(new_chars), new_starts, new_ends


@lru_cache(maxsize=1)
def default_normaliser() -> Normaliser:
    """The normaliser with the bundled policy pack's words in its vocabulary."""
    try:
        from pantau.detect.policy import PolicyPack

        words = PolicyPack.load().vocabulary()
    except Exception:  # a broken bundled pack must not make plain normalisation fail
        words = frozenset()
    return Normaliser(words)


def normalise(text: str) -> str:
    """The plain reading of listing text (see the module docstring)."""
    return default_normaliser().normalise(text)


def normalise_with_map(text: str) -> Normalised:
    """`normalise` plus, per character, the original span it was read from."""
    return default_normaliser().normalise_with_map(text)
