"""Counterfactual twins: a violating listing with every cue removed becomes a benign (or, when a
used-word remains, ambiguous) listing with otherwise the same words.

Why: in generated data, garment, brand, city and chatter words co-occur with cues far more
often than in a real catalogue, and a linear model then learns them as evidence. A twin that
differs from its original only by the cues makes those words carry no weight, so the model
leans on what the policy says decides: bulk lots, weights, import origins, thrift framing.
"""

from __future__ import annotations

import re

from pantau.detect.corpus_gen_vocab import CODE_FAMILIES, GRADES, ORIGINS, THRIFT_WORDS

_USED = re.compile(r"\b(second|seken|bekas|2nd|preloved|used|sekenan|kondisi \d+%|\d+% like new|like new|"
                   r"dicuci|laundry|mulus|no minus|minus|pemakaian|layak pakai|noda|masih bagus|kondisi oke)\b",
                   re.I)
_TERMS = sorted({t for ts in CODE_FAMILIES.values() for t in ts} | set(THRIFT_WORDS) | set(GRADES)
                | {"paket usaha", "paket reseller", "paket modal usaha", "paket jualan", "paket dropship",
                   "unsortir", "sortir", "sortiran", "segel", "campur", "random", "acak", "eceran", "grosir",
                   "gudang", "pelabuhan", "reseller", "modal usaha", "tanpa pilih", "tidak bisa pilih"},
                key=len, reverse=True)
_ORIG = "|".join(sorted(map(re.escape, ORIGINS), key=len, reverse=True))
_PATTERNS = [
    re.compile(r"#\w+"),
    re.compile(rf"\b(?:ex|eks|dari|asli|import|impor|kiriman|barang|langsung dari|ori)\s+(?:{_ORIG})\b", re.I),
    re.compile(rf"\bmade for (?:{_ORIG}) market\b", re.I),
    re.compile(r"\b(?:isi|berat|bobot|total|sekitar|estimasi|min(?:imal)?(?: order)?)?\s*[±]?\s*(?:kurang lebih\s*)?"
               r"\d+(?:-\d+)?\s*(?:an\s*)?(?:pcs|kg|kilo|potong|lembar)\b", re.I),
    re.compile(r"\b(?:per kilo|perkilo|per kg|sekilo|1 kilo|1 kg)\b", re.I),
    re.compile(r"\b(?:" + "|".join(map(re.escape, _TERMS)) + r")\b", re.I),
    re.compile(rf"\b(?:{_ORIG})\b", re.I),
]


def strip_cues(text: str) -> str:
    for p in _PATTERNS:
        text = p.sub(" ", text)
    text = re.sub(r"\s+([,.!|])", r"\1", text)
    text = re.sub(r"([,.|!])(?:\s*[,.|!])+", r"\1", text)
    return re.sub(r"[ \t]+", " ", text).strip(" ,.|-")


def twin_label(title: str, description: str) -> str:
    return "ambiguous" if _USED.search(f"{title} {description}") else "benign"
