"""How sellers disguise cue words and contacts to pass marketplace filters (policy: known evasion)."""

from __future__ import annotations

import random

LEET = {"a": "4", "i": "1", "o": "0", "e": "3", "s": "5", "l": "1"}
HOMOGLYPH = {"a": "а", "o": "о", "e": "е", "c": "с", "p": "р"}  # Cyrillic look-alikes
CUE_WORDS = ("bal", "ball", "bale", "karung", "karungan", "thrift", "import", "impor", "cakar", "monza",
             "bekas", "second", "goni", "awul", "balpres", "sortir")
DIGIT_WORDS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


def _disguise_word(rng: random.Random, word: str) -> str:
    how = rng.randrange(5)
    if how == 0:
        return " ".join(word)  # b a l
    if how == 1:
        return ".".join(word)  # t.h.r.i.f.t
    if how == 2:
        return "".join(LEET.get(ch, ch) if rng.random() < 0.6 else ch for ch in word)
    if how == 3:
        return "".join(HOMOGLYPH.get(ch, ch) for ch in word)
    return word[0] + "*" + word[1:]  # k*arungan


def disguise_text(rng: random.Random, text: str) -> str:
    """Disguise the cue words of a text (one way per word, chosen at random)."""
    out = []
    for token in text.split(" "):
        low = token.lower().strip(".,!")
        if any(low.startswith(w) for w in CUE_WORDS) and rng.random() < 0.8:
            out.append(_disguise_word(rng, token))
        else:
            out.append(token)
    return " ".join(out)


def disguise_contact(rng: random.Random, phone: str, handle: str, *, bank: str | None = None) -> str:
    """A WhatsApp number and/or handle, written the many ways sellers write them."""
    how = rng.randrange(7)
    if how == 0:
        s = f"WA {phone[:4]} {phone[4:8]} {phone[8:]}"
    elif how == 1:
        s = f"wa.me/62{phone[1:]}"
    elif how == 2:
        s = "WA " + " ".join(DIGIT_WORDS[int(d)] for d in phone[:4]) + " " + phone[4:].replace("0", "O")
    elif how == 3:
        s = f"cek IG {handle}"
    elif how == 4:
        s = f"Hubungi {'-'.join(phone[i:i + 4] for i in range(0, len(phone), 4))}"
    elif how == 5:
        s = f"info lengkap DM {handle}, WA {phone}"
    else:
        s = f"W A: {' '.join(phone)}"
    if bank and rng.random() < 0.25:
        s += f" Transfer {bank}"
    return s
