"""Split run-together words by a vocabulary: "thriftimport" -> "thrift import".

A small dynamic programme (cheapest split, known words cost 1, each unknown character 1.5, a
number 1) rather than a package: the splitters on PyPI ship English frequency lists, and the words
that matter here are Indonesian trade words that come from the policy pack.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

MAX_WORD = 24
MAX_TOKEN = 64  # longer tokens are left alone: the programme is quadratic in length


class Segmenter:
    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w.isalnum() and len(w) >= 2)
        self.max_len = min(MAX_WORD, max((len(w) for w in self.words), default=1))
        self.split = lru_cache(maxsize=50_000)(self._split)

    def _split(self, token: str) -> str:
        """The token with spaces between the words found; unchanged when no split helps."""
        n = len(token)
        if n < 5 or n > MAX_TOKEN or token in self.words:
            return token
        inf = float("inf")
        best = [inf] * (n + 1)
        back: list[tuple[int, bool]] = [(0, False)] * (n + 1)
        best[0] = 0.0
        for i in range(1, n + 1):
            # a run of digits is one unit ("secondbrand123")
            if token[i - 1].isdigit():
                j = i
                while j > 0 and token[j - 1].isdigit():
                    j -= 1
                if best[j] + 1.0 < best[i]:
                    best[i], back[i] = best[j] + 1.0, (j, True)
            for j in range(max(0, i - self.max_len), i - 1):
                if best[j] + 1.0 < best[i] and token[j:i] in self.words:
                    best[i], back[i] = best[j] + 1.0, (j, True)
            if best[i - 1] + 1.5 < best[i]:
                best[i], back[i] = best[i - 1] + 1.5, (i - 1, False)
        pieces: list[tuple[str, bool]] = []
        i = n
        while i > 0:
            j, is_word = back[i]
            pieces.append((token[j:i], is_word))
            i = j
        pieces.reverse()
        # a short word beside an unknown piece is more likely part of it: "glo|bal|store" is
        # "global store", not a bale
        for k, (piece, is_word) in enumerate(pieces):
            if is_word and len(piece) <= 3 and piece.isalpha():
                left = k > 0 and not pieces[k - 1][1]
                right = k + 1 < len(pieces) and not pieces[k + 1][1]
                if left or right:
                    pieces[k] = (piece, False)
        merged: list[tuple[str, bool]] = []
        for piece, is_word in pieces:
            if merged and not is_word and not merged[-1][1]:
                merged[-1] = (merged[-1][0] + piece, False)
            else:
                merged.append((piece, is_word))
        # a short word may have become unknown after its neighbour did: merge again until stable
        changed = True
        while changed:
            changed = False
            for k, (piece, is_word) in enumerate(merged):
                if is_word and len(piece) <= 3 and piece.isalpha() and (
                        (k > 0 and not merged[k - 1][1]) or (k + 1 < len(merged) and not merged[k + 1][1])):
                    merged[k] = (piece, False)
                    changed = True
            out: list[tuple[str, bool]] = []
            for piece, is_word in merged:
                if out and not is_word and not out[-1][1]:
                    out[-1] = (out[-1][0] + piece, False)
                else:
                    out.append((piece, is_word))
            merged = out
        known = sum(len(p) for p, w in merged if w and not p.isdigit())
        if known < 3 or len(merged) < 2:
            return token
        return " ".join(p for p, _ in merged)
