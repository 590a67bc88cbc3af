"""Reasons that quote what the seller wrote: 'term "karungan" (bale code) written "k@rung4n"'.

Only for listings that get reasons shown (the slow path): a term written plainly needs no quote;
a disguised one is found again in the original text through `Normaliser.normalise_with_map`.
"""

from __future__ import annotations

from pantau.detect.normalise import MAX_FIELD_CHARS, Normaliser
from pantau.domain import Detection, Listing, Reason

_UNSEEN = object()


def quote_shop_name(reasons: list[Reason], name: str) -> list[Reason]:
    """The reasons with each shop-name reason quoting the name as written (new Reason objects)."""
    out = []
    for r in reasons:
        det = r.detail
        if r.kind in ("term", "shop") and det.get("field") == "shop_name":
            text = r.text.replace(f'"{det["reading"]}"', '"' + name.replace('"', "'") + '"', 1)
            r = Reason(r.kind, text, r.weight, {**det, "written": name})
        out.append(r)
    return out


def needs_field_quotes(reasons: list[Reason]) -> bool:
    """Whether `quote_fields` may change any of these reasons."""
    return any(r.kind in ("term", "shop") and r.detail.get("field") in _QUOTED and not r.detail.get("written")
               for r in reasons)


_QUOTED = ("title", "description", "shop_description")


def quote_fields(normaliser: Normaliser, li: Listing, d: Detection) -> None:
    """Quote the disguised original behind term reasons read in the title, description or shop
    description. Copy on write: a reason that gets a quote is replaced in `d.reasons` by a new
    Reason, so reasons shared between listings (the detector reuses a decision for evidence that
    reads the same) are never changed."""
    originals = {"title": li.title, "description": li.description or "",
                 "shop_description": li.seller.description or ""}
    mapped = {}
    for idx, r in enumerate(d.reasons):
        det = r.detail
        if r.kind not in ("term", "shop") or "field" not in det:
            continue
        fld = det["field"]
        if fld not in originals or det.get("written"):
            continue
        reading = det["reading"]
        low = originals[fld].lower()
        if len(low) == len(originals[fld]) and _find_word(low, reading, whole=True) >= 0:
            continue  # written plainly: nothing to quote beside the reading
        original = originals[fld]
        key = (original, reading)
        cache = normaliser.quoted
        got = cache.get(key, _UNSEEN)
        if got is _UNSEEN:
            if fld not in mapped:
                mapped[fld] = normaliser.normalise_with_map(original[:MAX_FIELD_CHARS])
            nm = mapped[fld]
            pos = _find_word(nm.text, reading)
            got = None if pos < 0 else nm.original_of(pos, pos + len(reading)).strip()
            if len(original) <= 1000:  # bounded: the same disguised title is listed again and again
                if len(cache) >= 20_000:
                    cache.clear()
                cache[key] = got
        if not isinstance(got, str):
            continue
        written = got
        text = r.text
        if written and " ".join(written.lower().split()) != " ".join(reading.split()):
            if det.get("near"):
                text = text.replace(f'"{reading}"', '"' + written.replace('"', "'") + '"', 1)
            elif " written " not in text:
                head, sep, tail = text.partition(" in ")
                text = f'{head} written "{written.replace(chr(34), chr(39))}"' + (sep + tail if sep else "")
                if "#" in written and sep and "description" in tail:
                    text = text.replace(" in description", " in hashtag", 1)
        d.reasons[idx] = Reason(r.kind, text, r.weight, {**det, "written": written})


def _find_word(text: str, word: str, whole: bool = False) -> int:
    """Where `word` stands as a whole word in `text` (else, unless `whole`, anywhere; -1: nowhere)."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return start
        start = text.find(word, start + 1)
    return -1 if whole else text.find(word)
