"""The text detector: listings in, Detections out, a batch at a time.

    detector = load_detector()               # bundled policy pack + bundled model when present
    detections = detector.detect(listings)   # satisfies pantau.pipeline.TextDetector

Per batch: every field of every listing is normalised in a few C-level passes over one joined
string, and ONE regex (the pack's phrase trie) finds every term, context and vocabulary word.
Listings where nothing matched are benign without further work (the cheap pre-filter); only the
rest get near-matches (rapidfuzz), price patterns, the learned model and, when they carry term
hits, the map back to the disguised original for reasons.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pantau.detect.normalise import Normaliser
from pantau.detect.phrases import Entry, PhraseIndex
from pantau.detect.policy import PolicyPack, Term
from pantau.detect.rules import SHOP_FIELDS, Evidence, Hit, decide
from pantau.domain import Detection, Listing, Verdict

FIELDS = ("title", "description", "shop_name", "shop_description", "category")
MAX_FIELD_CHARS = 20_000  # hostile input: a 5 MB description is read as its first 20k characters
SEP = "\n\x1e\n"
_CLEAN = str.maketrans({"\x1e": " "})
_TOKEN = re.compile(r"[a-z]{6,}")
_NEGATION = re.compile(r"(?:\bbukan|\btidak|\bno|\bnon|\bbkn|\bnot)\s+$")
_SKELETON_TOKEN = re.compile(r"\b[b-df-hj-np-tv-z]{3,5}\b")
_CONDITION = re.compile(r"\bkondisi\s*:?\s*(?:\d{2}\s*(?:%|persen)|\d{1,2}\s*/\s*10|\d{2}\s*-\s*\d{2}\s*%)")
_VOWELS = str.maketrans("", "", "aeiou")
_FLAG = re.compile("[\U0001F1E6-\U0001F1FF]{2}")
_PER_KILO = re.compile(
    r"(?:rp\s*)?\d[\d.,]*\s*(?:rb|ribu|k|jt|juta)?\s*(?:/|per|se)\s*(?:kg|kilo)\b")
_QUANTITY = re.compile(
    r"\b(?:isi|kurleb|kurang lebih|total|sekitar|±)\s*±?\s*(\d{2,4})\s*(pcs|potong|lembar|pasang|helai|kg)\b"
    r"|\b(\d{2,4})\s*(pcs|kg)\b")


class Detector:
    """Policy-pack rules plus, when given, the learned text model (see rules.decide)."""

    def __init__(self, pack: PolicyPack, model: object | None = None) -> None:
        self.pack = pack
        self.model = model
        self.policy_version = pack.version
        self.model_hash = str(getattr(model, "hash", "")) if model is not None else ""
        self.normaliser = Normaliser(pack.vocabulary())
        self.index = PhraseIndex(pack, self.normaliser.normalise)
        th = pack.thresholds
        self._fuzzy_min = int(th["fuzzy_min_length"])
        self._fuzzy_max = int(th["fuzzy_max_distance"])
        self._fuzzy: dict[str, Term] = {}
        for t in pack.terms:
            if t.category == "shop_cue":
                continue
            for f in t.forms:
                key = self.normaliser.normalise(f)
                if " " not in key and len(key) >= self._fuzzy_min:
                    self._fuzzy.setdefault(key, t)
        self._fuzzy_keys = list(self._fuzzy)
        # vowel-less abbreviations of single-word terms ("ckr" for cakar, "krgn" for karungan)
        self._skeletons: dict[str, Term] = {}
        for t in pack.terms:
            if t.category == "shop_cue":
                continue
            for f in t.forms:
                key = self.normaliser.normalise(f)
                sk = _skeleton(key)
                if " " not in key and len(key) >= 4 and len(sk) >= 3 and sk != key:
                    self._skeletons.setdefault(sk, t)
        self._clothing_categories = tuple(pack.vocab.get("clothing_categories", ()))
        self._origin_codes = frozenset(pack.vocab.get("origin_codes", ()))
        self._names: dict[str, str] = {}

    # ---- normalisation of a batch ----
    def _shop_name(self, name: str) -> str:
        got = self._names.get(name)
        if got is None:
            got = self.normaliser.normalise_name(name[:500])
            if len(self._names) < 100_000:
                self._names[name] = got
        return got

    def _normalised_batch(self, listings: Sequence[Listing]) -> tuple[str, list[int]]:
        """All fields of all listings normalised and joined; returns the text and field starts."""
        parts: list[str] = []
        for li in listings:
            parts.append(li.title[:MAX_FIELD_CHARS].translate(_CLEAN))
            parts.append((li.description or "")[:MAX_FIELD_CHARS].translate(_CLEAN))
            parts.append("")  # shop name: normalised on its own below (run-together words)
            parts.append((li.seller.description or "")[:MAX_FIELD_CHARS].translate(_CLEAN))
            parts.append((li.category or "")[:500].translate(_CLEAN))
        normalised = self.normaliser.normalise(SEP.join(parts)).split("\x1e")
        out = []
        for i, text in enumerate(normalised):
            if i % 5 == 2:
                text = self._shop_name(listings[i // 5].seller.name or "")
            out.append(" " + text.strip() + " ")
        starts = []
        pos = 0
        for text in out:
            starts.append(pos)
            pos += len(text) + 1
        return "\x1e".join(out), starts

    # ---- evidence ----
    def _add(self, ev: Evidence, entries: tuple[Entry, ...], field: str, m: re.Match[str],
             negated: bool) -> None:
        whole = " ".join(m.group(1).replace("-", " ").split())
        if negated:
            # "bukan bekas" says new, "bukan barang baru" says used, "bukan bal" says nothing
            for e in entries:
                if e.kind == "used":  # "no minus" (used_weak) is a used garment in good shape
                    ev.new.append("bukan " + e.phrase)
                elif e.kind == "new":
                    ev.used.append("bukan " + e.phrase)
            return
        shop = field in SHOP_FIELDS
        shop_terms = shop and any(e.kind == "term" and e.term and e.term.category == "shop_cue"
                                  for e in entries)
        for e in entries:
            if e.kind == "term":
                t = e.term
                assert t is not None
                if (t.category == "shop_cue") != shop_terms:
                    continue
                ev.hits.append(Hit(t, field, m.group(0) if e.key == whole else e.key))
            elif shop or field == "category":
                if e.kind == "clothing" and field == "category":
                    ev.clothing.append(e.phrase)
                elif shop and e.kind == "used":
                    ev.shop_cue.append(e.phrase)
                elif shop and e.kind in ("origin", "origin_ex"):
                    ev.shop_origin.append(e.phrase)
                continue
            elif e.kind == "context":
                assert e.context is not None
                ev.contexts.append((e.context, e.key))
            elif e.kind in ("clothing", "used", "used_weak", "new", "personal", "origin_ex", "origin", "trade"):
                getattr(ev, e.kind).append(e.phrase)
            elif e.kind == "foreign_brand":
                ev.foreign_brands.append(e.phrase)

    def detect(self, listings: Sequence[Listing]) -> list[Detection]:
        if not listings:
            return []
        joined, starts = self._normalised_batch(listings)
        evidence = [Evidence() for _ in listings]
        lookup = self.index.lookup
        for m in self.index.pattern.finditer(joined):
            k = bisect.bisect_right(starts, m.start()) - 1
            entries = lookup(m)
            if entries:
                before = joined[max(0, m.start() - 7):m.start()]
                self._add(evidence[k // 5], entries, FIELDS[k % 5], m, _NEGATION.search(before) is not None)
        texts = joined.split("\x1e")
        candidates = []
        for i, (li, ev) in enumerate(zip(listings, evidence, strict=True)):
            cat = texts[i * 5 + 4]
            ev.clothing_category = any(c in cat for c in self._clothing_categories)
            if ev.any_signal:
                flag = _FLAG.search(li.title) or _FLAG.search(li.description or "")
                if flag:
                    code = "".join(chr(ord("a") + ord(c) - 0x1F1E6) for c in flag.group(0))
                    if code in self._origin_codes:
                        ev.origin.append(f"flag {code}")
                candidates.append(i)
                self._deep(li, ev, texts[i * 5:i * 5 + 5])
        if self.model is not None and candidates:
            probs = self.model.score([listings[i] for i in candidates])  # type: ignore[attr-defined]
            for i, p in zip(candidates, probs, strict=True):
                evidence[i].model = float(p)
        out = []
        quiet = Detection(Verdict.BENIGN, _sigmoid0(self.pack), [], self.policy_version, self.model_hash)
        for li, ev in zip(listings, evidence, strict=True):
            if not ev.any_signal:
                out.append(quiet)
                continue
            d = decide(ev, self.pack, self.model_hash)
            if d.verdict != Verdict.BENIGN or any(r.kind in ("term", "shop") for r in d.reasons):
                self._fill_written(li, ev, d)
            out.append(d)
        return out

    def _deep(self, li: Listing, ev: Evidence, texts: list[str]) -> None:
        """The costlier evidence, for listings that passed the pre-filter."""
        clothing = bool(ev.clothing) or ev.clothing_category
        if not clothing:
            return
        body = texts[0] + " " + texts[1]
        if not ev.used_weak:
            c = _CONDITION.search(body)
            if c:
                ev.used_weak.append(c.group(0))
        for field_i, field in ((0, "title"), (1, "description")):
            for tok in set(_SKELETON_TOKEN.findall(texts[field_i])):
                t = self._skeletons.get(tok)
                if t is not None and tok not in self.index.entries:
                    ev.hits.append(Hit(t, field, tok, near=True))
        m = _PER_KILO.search(body)
        if m:
            ev.per_kilo = m.group(0).strip()
        for q in _QUANTITY.finditer(body):
            n = int(q.group(1) or q.group(3))
            unit = q.group(2) or q.group(4)
            if (unit == "kg" and n >= 10) or (unit != "kg" and n >= 20):
                ev.bulk_quantity = q.group(0).strip()
                break
        if self._fuzzy_keys:
            exact = self.index.entries
            vocab = self.normaliser.vocabulary
            for field_i, field in ((0, "title"), (1, "description"), (2, "shop_name")):
                for tok in set(_TOKEN.findall(texts[field_i])):
                    if tok in exact or tok in vocab or self.normaliser.known(tok):
                        continue
                    best = process.extractOne(tok, self._fuzzy_keys, scorer=Levenshtein.distance,
                                              score_cutoff=self._fuzzy_max)
                    if best is not None:
                        t = self._fuzzy[best[0]]
                        if field == "shop_name":
                            continue  # shop names are read by their cue words only
                        ev.hits.append(Hit(t, field, tok, near=True))

    def _fill_written(self, li: Listing, ev: Evidence, d: Detection) -> None:
        """Quote the disguised original behind each term reason (slow path: flagged listings only)."""
        originals = {"title": li.title, "description": li.description or "",
                     "shop_description": li.seller.description or ""}
        mapped = {}
        for r in d.reasons:
            det = r.detail
            if r.kind not in ("term", "shop") or "field" not in det:
                continue
            fld = det["field"]
            if fld == "shop_name":
                det["written"] = li.seller.name
                r.text = r.text.replace(f'"{det["reading"]}"', '"' + li.seller.name.replace('"', "'") + '"', 1)
                continue
            if fld not in originals or det.get("written"):
                continue
            if fld not in mapped:
                mapped[fld] = self.normaliser.normalise_with_map(originals[fld][:MAX_FIELD_CHARS])
            nm = mapped[fld]
            reading = det["reading"]
            pos = _find_word(nm.text, reading)
            if pos < 0:
                continue
            written = nm.original_of(pos, pos + len(reading)).strip()
            det["written"] = written
            if written and " ".join(written.lower().split()) != " ".join(reading.split()):
                if det.get("near"):
                    r.text = r.text.replace(f'"{reading}"', '"' + written.replace('"', "'") + '"', 1)
                elif " written " not in r.text:
                    head, sep, tail = r.text.partition(" in ")
                    r.text = f'{head} written "{written.replace(chr(34), chr(39))}"' + (sep + tail if sep else "")
                    if "#" in written and sep and "description" in tail:
                        r.text = r.text.replace(" in description", " in hashtag", 1)


def _skeleton(word: str) -> str:
    out = []
    for c in word.translate(_VOWELS):
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _find_word(text: str, word: str) -> int:
    for m in re.finditer(re.escape(word), text):
        a, b = m.span()
        if (a == 0 or not text[a - 1].isalnum()) and (b == len(text) or not text[b].isalnum()):
            return a
    return text.find(word)


def _sigmoid0(pack: PolicyPack) -> float:
    import math

    return 1.0 / (1.0 + math.exp(-pack.thresholds["bias"]))


def load_detector(pack: PolicyPack | None = None, model_path: Path | str | None = None,
                  use_model: bool = True) -> Detector:
    """The detector for a pack (None: bundled) with the learned model when one can be loaded.

    A missing bundled model is not an error (rules alone); an explicit `model_path` that cannot be
    loaded is.
    """
    pack = pack or PolicyPack.load()
    model = None
    if use_model:
        try:
            from pantau.detect.model import load_model
        except ImportError:
            load_model = None  # type: ignore[assignment]
        if load_model is not None:
            if model_path is not None:
                model = load_model(Path(model_path))
            else:
                try:
                    model = load_model(None)
                except Exception:  # no bundled artifact yet: the rules work alone
                    model = None
    return Detector(pack, model)
