"""A tiny stand-in text detector for the scale tests (the real one is pantau.detect's).

It only has to be deterministic, cheap and produce all three verdicts with reasons, so the tests
can compare engines; it is not a detector anyone should use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pantau.domain import Detection, Listing, Reason, Verdict
from pantau.pipeline import BatchScorer

CUES = {"bal": 0.5, "karung": 0.45, "karungan": 0.6, "thrift": 0.35, "impor": 0.3, "cakar": 0.3,
        "monza": 0.4, "second": 0.15, "bekas": 0.15, "sortir": 0.3}
WORD = re.compile(r"[a-z]+")
PHONE = re.compile(r"(?:\+?62|0)8\d[\d .-]{6,14}\d")


class StandInDetector:
    policy_version = "standin-1"
    model_hash = "0" * 64

    def detect(self, listings: Sequence[Listing]) -> list[Detection]:
        out = []
        for li in listings:
            text = " ".join(li.text_fields().values()).lower()
            words = set(WORD.findall(text))
            hits = sorted(w for w in CUES if w in words)
            score = min(1.0, sum(CUES[w] for w in hits) + (0.07 if "kemeja" in words else 0.0))
            verdict = Verdict.VIOLATING if score >= 0.6 else Verdict.REVIEW if score >= 0.3 else Verdict.BENIGN
            out.append(Detection(verdict, score, [Reason("term", f'term "{w}"', CUES[w], {"term": w})
                                                  for w in hits], self.policy_version, self.model_hash))
        return out


def standin_scorer() -> BatchScorer:
    return BatchScorer(StandInDetector())


def phone_identifiers(listing: Listing) -> list[str]:
    text = " ".join((listing.description, listing.seller.description))
    return sorted({"phone:" + re.sub(r"\D", "", m)[-10:] for m in PHONE.findall(text)})
