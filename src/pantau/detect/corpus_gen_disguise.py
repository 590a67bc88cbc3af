"""Disguise transforms sellers use to slip a word past keyword filters (policy: known evasion).

Each transform takes a word and a `random.Random` and returns the disguised form. The corpus
generator applies them to cue words (and, rarely, to ordinary words of benign listings, so a
disguise alone never decides the label).
"""

from __future__ import annotations

import random
from collections.abc import Callable

LEET = {"a": "4@", "i": "1!", "o": "0", "e": "3", "s": "5$", "l": "1", "g": "9", "b": "8", "t": "7"}
# Cyrillic and Greek look-alikes of Latin letters
HOMOGLYPH = {"a": "аα", "e": "е", "o": "оο", "p": "р", "c": "с", "x": "х", "y": "у", "i": "іι", "k": "κк",
             "b": "Ь", "n": "η", "u": "υ", "r": "г"}
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


def leet(word: str, rng: random.Random) -> str:
    out = []
    for ch in word:
        subs = LEET.get(ch.lower())
        out.append(rng.choice(subs) if subs and rng.random() < 0.6 else ch)
    return "".join(out)


def spaced(word: str, rng: random.Random) -> str:
    sep = rng.choice([" ", ".", "-", "_", "*", " . ", "'"])
    return sep.join(ch for ch in word if ch != " ")


def repeated(word: str, rng: random.Random) -> str:
    out = []
    for ch in word:
        out.append(ch * rng.randint(2, 4) if ch.isalpha() and rng.random() < 0.3 else ch)
    return "".join(out)


def homoglyph(word: str, rng: random.Random) -> str:
    out = []
    for ch in word:
        subs = HOMOGLYPH.get(ch.lower())
        out.append(rng.choice(subs) if subs and rng.random() < 0.5 else ch)
    return "".join(out)


def fullwidth(word: str, rng: random.Random) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in word)


def mathbold(word: str, rng: random.Random) -> str:
    base = rng.choice([0x1D400, 0x1D5D4, 0x1D670])  # bold, sans bold, monospace capitals
    out = []
    for ch in word:
        if "a" <= ch <= "z":
            out.append(chr(base + 26 + ord(ch) - 97))
        elif "A" <= ch <= "Z":
            out.append(chr(base + ord(ch) - 65))
        else:
            out.append(ch)
    return "".join(out)


def enclosed(word: str, rng: random.Random) -> str:
    # circled letters and negative squared capitals (the emoji-like letters)
    base = rng.choice([0x24D0, 0x1F170])
    out = []
    for ch in word:
        if "a" <= ch.lower() <= "z":
            out.append(chr(base + ord(ch.lower()) - 97))
        else:
            out.append(ch)
    return "".join(out)


def zero_width(word: str, rng: random.Random) -> str:
    out = []
    for ch in word:
        out.append(ch)
        if rng.random() < 0.5:
            out.append(rng.choice(ZERO_WIDTH))
    return "".join(out)


def vowel_drop(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    return word[0] + "".join(ch for ch in word[1:] if ch not in "aeiou")


def mixed_case(word: str, rng: random.Random) -> str:
    return "".join(ch.upper() if rng.random() < 0.5 else ch.lower() for ch in word)


def symbol_mask(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + rng.choice("*#?+~") + word[i + 1:]


TRANSFORMS: list[Callable[[str, random.Random], str]] = [
    leet, spaced, repeated, homoglyph, fullwidth, mathbold, enclosed, zero_width, vowel_drop,
    mixed_case, symbol_mask,
]


def disguise(word: str, rng: random.Random, strength: int = 1) -> str:
    """Apply one (sometimes two) transforms."""
    for _ in range(strength):
        word = rng.choice(TRANSFORMS)(word, rng)
    return word
