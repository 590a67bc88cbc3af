"""Phone and WhatsApp numbers in every notation Indonesian sellers use, normalised to E.164.

Sellers write the same number as `0812-2045-7731`, `+62 812 2045 7731`, `62812...`, digits spelled
in words (`nol delapan satu dua ...`), a letter O or l inside the digits (`0896-5O12-3347`), keycap
emoji, full-width digits, or a `wa.me/62...` link. The text is rewritten into a digit stream that
remembers, for every character, where it came from, so the evidence can quote the number exactly as
the seller wrote it. `phonenumbers` (region ID) decides what is a number and gives the E.164 form;
the rewriting in front of it is hand-written because no library reads spelled-out Indonesian digits
or digit look-alike letters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

from pantau.sellers.text import MAX_FIELD

DIGIT_WORDS = {
    "nol": "0", "kosong": "0", "satu": "1", "dua": "2", "tiga": "3", "empat": "4", "lima": "5",
    "enam": "6", "tujuh": "7", "delapan": "8", "sembilan": "9",
}
_WORD_RUN = re.compile(
    r"\b(?:(?:" + "|".join(DIGIT_WORDS) + r")\b[\s,.\-]*)+", re.IGNORECASE)
_DIGIT_WORD = re.compile(r"\b(?:" + "|".join(DIGIT_WORDS) + r")\b", re.IGNORECASE)
_NEXT_TO_DIGIT = re.compile(r"\d[\s.\-]{0,2}$")
# letters that stand for digits when they touch a digit: O/o for 0, l/I/| for 1
_LOOKALIKE = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"}
# rarer stand-ins, taken only between two digits ("08S6" but not "size S 28")
_SANDWICHED = {"S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "g": "9", "q": "9"}
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\ufe0f\ufe0e\u20e3\u00ad")
# a run of 8-15 digits with at most two separator characters between digits
_RUN = re.compile(r"(?<!\d)(\+\s?)?(\d(?:[ .\-–—()]{0,2}\d){7,14})(?!\d)")
_LINK_BEFORE = re.compile(r"(?:https?://)?(?:wa\.me/|(?:api|web)\.whatsapp\.com/send/?\?phone=)\+?$", re.IGNORECASE)
_WHATSAPP = re.compile(r"(?:\bw\.?a\b|whats?app|wa\.me|\bwa\s*[:.]|\bwa\d|\bwhatsap)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PhoneHit:
    e164: str
    source: str  # as written, sliced from the original text
    start: int
    end: int
    whatsapp: bool


class _Stream:
    """Characters of the rewritten text, each with the span of original text it stands for."""

    def __init__(self, text: str) -> None:
        self.chars: list[str] = []
        self.start: list[int] = []
        self.end: list[int] = []
        for i, c in enumerate(text):
            if c in _INVISIBLE:
                continue
            n = unicodedata.normalize("NFKC", c) if ord(c) > 127 else c
            if ord(c) > 127 and unicodedata.category(c) == "So":
                # an emoji between digit groups separates them like a space ("0812🔥2045🔥7731")
                if self.chars and self.chars[-1] == " ":
                    continue
                n = " "
            for ch in n:
                if ch in _INVISIBLE:
                    continue
                self.chars.append(ch)
                self.start.append(i)
                self.end.append(i + 1)

    def text(self) -> str:
        return "".join(self.chars)

    def replace(self, spans: list[tuple[int, int, str]]) -> None:
        """Replace [a, b) of the stream by `new` (one span each), keeping the original extent."""
        chars, start, end = [], [], []
        pos = 0
        for a, b, new in sorted(spans):
            chars += self.chars[pos:a]
            start += self.start[pos:a]
            end += self.end[pos:a]
            for ch in new:
                chars.append(ch)
                start.append(self.start[a])
                end.append(self.end[b - 1])
            pos = b
        chars += self.chars[pos:]
        start += self.start[pos:]
        end += self.end[pos:]
        self.chars, self.start, self.end = chars, start, end


def _spell_out(stream: _Stream) -> None:
    """Runs of spelled digits become one digit string standing for the whole run: three words or more,
    or fewer where they go on from written digits ("0857 7100 23 enam delapan")."""
    text = stream.text()
    spans = []
    for m in _WORD_RUN.finditer(text):
        ws = list(_DIGIT_WORD.finditer(text, m.start(), m.end()))
        if len(ws) < 3 and not _NEXT_TO_DIGIT.search(text[max(0, m.start() - 3):m.start()]):
            continue
        spans.append((ws[0].start(), ws[-1].end(), "".join(DIGIT_WORDS[w.group().lower()] for w in ws)))
    if spans:
        stream.replace(spans)


def _is_digit(chars: list[str], i: int) -> bool:
    return 0 <= i < len(chars) and chars[i].isdigit() and chars[i].isascii()


def _lookalikes(stream: _Stream) -> None:
    chars = stream.chars
    for _ in range(2):  # twice, for two look-alikes side by side ("0812OO45")
        for i, c in enumerate(chars):
            if c in _LOOKALIKE and (_is_digit(chars, i - 1) or _is_digit(chars, i + 1)):
                chars[i] = _LOOKALIKE[c]
            elif c in _SANDWICHED and _is_digit(chars, i - 1) and _is_digit(chars, i + 1):
                chars[i] = _SANDWICHED[c]


def to_e164(digits: str, plus: bool = False) -> str | None:
    """E.164 for a digit string as written (with or without +, 62 or 0 prefix), or None."""
    candidates = []
    if plus or (digits.startswith("62") and len(digits) >= 10):
        candidates.append("+" + digits)
    if digits.startswith("0"):
        candidates.append(digits)
    elif digits.startswith("8") and 9 <= len(digits) <= 12:
        candidates.append("0" + digits)
    for c in candidates:
        try:
            num = phonenumbers.parse(c, "ID")
        except phonenumbers.NumberParseException:
            continue
        national = str(num.national_number)
        ok = phonenumbers.is_valid_number(num) or (
            # invented or newly issued mobile ranges: accept a possible 08xx number of mobile length
            num.country_code == 62 and national.startswith("8") and 9 <= len(national) <= 12
            and phonenumbers.is_possible_number(num))
        if ok:
            return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
    return None


def find_phones(text: str, masked: list[tuple[int, int]] = ()) -> list[PhoneHit]:  # type: ignore[assignment]
    """Every phone number in `text`. `masked` spans (e.g. bank account numbers) are skipped."""
    text = text[:MAX_FIELD]
    stream = _Stream(text)
    _spell_out(stream)
    _lookalikes(stream)
    s = stream.text()
    if masked:
        chars = list(s)
        for i in range(len(chars)):
            if any(a <= stream.start[i] < b for a, b in masked):
                chars[i] = "X"
        s = "".join(chars)
    hits: list[PhoneHit] = []
    for m in _RUN.finditer(s):
        e164, end = None, m.end()
        groups = list(re.finditer(r"\d+", m.group(2)))
        # the whole run, else its longest valid head (a number followed by unrelated digits)
        for k in range(len(groups), max(len(groups) - 3, 0), -1):  # a few tries: hostile text can be all digits
            digits = "".join(g.group() for g in groups[:k])
            if len(digits) < 8:
                break
            e164 = to_e164(digits, plus=bool(m.group(1)))
            if e164:
                end = m.start(2) + groups[k - 1].end()
                break
        if e164 is None:
            continue
        a, b = stream.start[m.start()], stream.end[end - 1]
        while b < len(text) and text[b] in _INVISIBLE:  # the keycap marks after the last digit
            b += 1
        link = _LINK_BEFORE.search(text[max(0, a - 40):a])
        if link:  # quote a wa.me / api.whatsapp.com link whole
            a -= len(link.group())
        before = text[max(0, a - 24):a]
        hits.append(PhoneHit(e164, text[a:b], a, b, bool(_WHATSAPP.search(before + text[a:b]))))
    return hits
