"""Character folding: one character of hostile text in, its plain lower-case reading out.

Sellers hide words from keyword filters with look-alike characters (Cyrillic "а" in "bаl"),
full-width and mathematical letters, enclosed and emoji letters (🅱️🅰️🅻), keycap digits, flag
letters and invisible characters. Everything here works on ONE character at a time, so it can be
applied with `str.translate` (C speed, cached per character) and, character by character, when
a map back to the original text is needed; both give the same string by construction.

Look-alikes come from Unicode's confusables list as shipped by `confusable_homoglyphs`; a few
lower-case Cyrillic and Greek letters that the list only pairs in upper case are added by hand.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs import confusables as _confusables

# Lower-case Cyrillic/Greek letters that readers take for Latin ones but that Unicode's list pairs
# only through their capitals (к/К, м/М...): without these, "кarung" would survive.
_EXTRA_LOOKALIKES = {
    "к": "k", "м": "m", "т": "t", "н": "h", "в": "b", "ь": "b", "ѕ": "s", "ј": "j", "ԛ": "q",
    "ԝ": "w", "һ": "h", "ӏ": "l", "κ": "k", "ν": "v", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "η": "n",
    "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ı": "i",
}

# Characters that render as nothing (or only change how the neighbour looks): dropped.
_INVISIBLE_RANGES = (
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x180E, 0x180E), (0x115F, 0x1160), (0x3164, 0x3164),
    (0xFFA0, 0xFFA0), (0x1D173, 0x1D17A), (0xE0000, 0xE007F), (0xE0100, 0xE01EF), (0x20E3, 0x20E3),
)

# Emoji letters that NFKC leaves alone: negative circled/squared letters and regional indicators
# (a pair of regional indicators is a flag: 🇯🇵 reads "jp", which is how sellers hint an origin).
_EMOJI_LETTER_RANGES = ((0x1F150, 0x1F169), (0x1F170, 0x1F189), (0x1F1E6, 0x1F1FF))

# Pictographs used in place of a word. ⚽ stands for "bal" in bale listings; football listings
# still say "bola", which cancels it (see the policy pack's contexts).
_PICTO_WORDS = {"⚽": " bal ", "🏀": " bal ", "⚾": " bal "}


def _build_lookalikes() -> dict[str, str]:
    table: dict[str, str] = {}
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)]
    sources = letters + [c.upper() for c in letters] + [str(d) for d in range(10)]
    for plain in sources:
        for entry in _confusables.confusables_data.get(plain, ()):
            ch = entry["c"]
            if len(ch) != 1 or ch.isascii():
                continue  # multi-character look-alikes ("rn" for m) and ASCII ones are the leet stage's job
            target = plain.lower()
            # a letter wins over a digit: Cyrillic "о" is read as "o", not "0"
            if ch in table and table[ch].isalpha() and not target.isalpha():
                continue
            table[ch] = target
    table.update(_EXTRA_LOOKALIKES)
    return table


LOOKALIKES = _build_lookalikes()


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """The plain reading of one character: lower-case ASCII where it is a disguised Latin letter
    or digit, '' for invisible characters, the character itself (lower-cased) otherwise."""
    if ch.isascii():
        return " " if ch in _CONTROLS else ch.lower()
    cp = ord(ch)
    if ch in _PICTO_WORDS:
        return _PICTO_WORDS[ch]
    if _in_ranges(cp, _INVISIBLE_RANGES):
        return ""
    for lo, hi in _EMOJI_LETTER_RANGES:
        if lo <= cp <= hi:
            return chr(ord("a") + cp - lo)
    compat = unicodedata.normalize("NFKC", ch)
    if len(compat) == 1 and compat.isascii() and compat.isalnum():
        return compat.lower()  # full-width and mathematical letters: "Ｉ" is an I, not a look-alike l
    if ch in LOOKALIKES:
        return LOOKALIKES[ch]
    out = []
    for c in unicodedata.normalize("NFKD", ch):
        cat = unicodedata.category(c)
        if cat in ("Mn", "Me", "Cf"):
            continue  # accents and enclosing marks: "é" reads "e", "1⃣" reads "1"
        if cat == "Zs":
            out.append(" ")
            continue
        c = LOOKALIKES.get(c, c)
        low = c.lower()
        out.append(LOOKALIKES.get(low, low))
    return "".join(out)


class _FoldTable(dict[int, str]):
    """A `str.translate` table that computes (and keeps) each character's folding on first use."""

    def __missing__(self, cp: int) -> str:
        value = fold_char(chr(cp))
        if len(self) < 200_000:  # hostile input could try to grow it without bound
            self[cp] = value
        return value


FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Fold a whole string (same result as joining `fold_char` over its characters)."""
    if text.isascii():
        return text.lower().translate(_ASCII_SPACES)
    return text.translate(FOLD_TABLE)


def fold_joined(parts: list[str], sep: str) -> str | None:
    """`sep.join(fold(p) for p in parts)` in a few C-level passes, or None when a part contains
    `sep` (one ASCII character that folding keeps: not a control character it replaces)."""
    joined = sep.join(parts)
    if joined.count(sep) != len(parts) - 1:
        return None
    if not joined.isascii():
        joined = sep.join([p if p.isascii() else fold(p) for p in parts])
    return _CONTROL_RE.sub(" ", joined.lower())


# control characters read as a space (newlines stay): they also cannot forge the detector's
# internal field markers
# (\x1f, the unit separator, is kept: the detector joins a batch's fields with it, after checking
# that no field contains one)
_CONTROLS = frozenset(chr(c) for c in (*range(0, 10), *range(11, 31), 127))
_ASCII_SPACES = str.maketrans(dict.fromkeys(_CONTROLS, " "))
_CONTROL_RE = re.compile("[" + re.escape("".join(sorted(_CONTROLS))) + "]")
