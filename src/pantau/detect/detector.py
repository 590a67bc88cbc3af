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

import gc
import logging
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import fields
from itertools import chain, compress, count
from operator import attrgetter
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pantau.detect import normalise as normalise_module
from pantau.detect.normalise import MARK, MAX_FIELD_CHARS, Memo, Normaliser
from pantau.detect.phrases import KEY, Entry, PhraseIndex
from pantau.detect.policy import PolicyPack, Term
from pantau.detect.quoting import needs_field_quotes, quote_fields, quote_shop_name
from pantau.detect.rules import SHOP_FIELDS, Evidence, Hit, Partial, decide_rules, finish
from pantau.detect.unicode_fold import fold, fold_joined
from pantau.domain import Detection, Listing, Verdict

FIELDS = ("title", "description", "shop_name", "shop_description", "category")
_MARK_SEP = f" {MARK} "
_UNIT = "\x1f"
_BATCH_FIELDS = ("title", "description", "shop_description", "category")
_BATCH_GETTER = attrgetter("title", "description")
_SHOP_DESC = attrgetter("seller.description")
_SHOP_NAME = attrgetter("seller.name")
_CATEGORY = attrgetter("category")
Event = tuple[str, int, bool, bool]  # (reading, field 0-3, negated, styled): one phrase read in a listing
_CATEGORY_CHARS = 500
_NEGATORS = frozenset(("bukan", "tidak", "no", "non", "bkn", "not", "tanpa", "belum", "blm"))
_STYLE_BEFORE = frozenset(("desain", "design", "model", "gaya", "ala", "style", "motif", "nuansa", "tema"))
_STYLE_AFTER = frozenset(("style", "look", "looks", "vibes", "inspired"))
_DIGIT = re.compile(r"\d")
_DEEP_WORDS = re.compile("kondisi|kg|kilo|pcs|potong|lembar|pasang|helai")  # what `_deep`'s patterns need
_EVIDENCE_FIELDS = tuple(f.name for f in fields(Evidence))
_CONDITION = re.compile(r"\bkondisi\s*:?\s*(?:\d{2}\s*(?:%|persen)|\d{1,2}\s*/\s*10|\d{2}\s*-\s*\d{2}\s*%)")
_VOWELS = str.maketrans("", "", "aeiou")
_VOWEL_SET = frozenset("aeiou")
_FLAG = re.compile("[\U0001F1E6-\U0001F1FF]{2}")
_PER_KILO = re.compile(
    r"(?:rp\s*)?\d[\d.,]*\s*(?:rb|ribu|k|jt|juta)?\s*(?:/|per|se)\s*(?:kg|kilo)\b"
    r"|(?<![\w/])/\s*(?:kg|kilo)\b"                           # "jaket /kg"
    r"|\b1\s*(?:kg|kilo)\s*(?:isi|=|dapat|dpt)\s*±?\s*\d")  # "1 kg isi 8-12 pcs"
_QUANTITY_UNIT = re.compile("pcs|potong|lembar|pasang|helai|kg")  # a _QUANTITY match holds one
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
        # category -> whether it names a garment category
        self._categories: dict[str, bool] = Memo(self._clothing_category, 50_000)
        self._short_codes = frozenset(k for k in self.index.starts if len(k) <= 2)
        # words that only start phrases of two or more words -> the second words those phrases have
        self._multi_only = {k: frozenset(p[1] for p, _ in cands) for k, cands in self.index.starts.items()
                            if all(len(p) > 1 for p, _ in cands)}
        self._names: dict[str, list[str]] = Memo(self._shop_tokens, 100_000)
        # token -> its phrase keys; a miss computes them (`__missing__`), see `_batch`
        self._keys: dict[str, tuple[str, ...]] = Memo(self._keys_of, 300_000, max_key_len=64)
        # word -> the term it nearly spells, or None; a miss computes it (`__missing__`), so
        # `_deep` reads a listing's words with one C-level `map`
        self._near_cache: dict[str, Term | None] = Memo(self._near, 200_000)
        # shop name -> (reading, entries, negated) found in it; a miss computes it (`_shop_matches`)
        self._shop_cache: dict[str | None, list[tuple[str, tuple[Entry, ...], bool]]] = Memo(
            self._shop_matches, 100_000)
        # what each phrase reading means (a reading names one phrase: keys hold no spaces)
        self._entries = {" ".join(phrase): entries for cands in self.index.starts.values()
                         for phrase, entries in cands}
        # evidence templates and the rules' decisions, by what a listing's evidence reads (see detect)
        self._templates: dict[tuple, tuple[int, Evidence]] = {}
        self._partials: dict[tuple, tuple[Partial, bool, bool]] = {}
        self._ids = count()
        # shop description -> its events; category -> its events and garment word (_field_events)
        self._desc_events: dict[str | None, tuple[Event, ...]] = Memo(
            self._desc_read, 100_000, clear_when_full=True, max_key_len=2000)
        self._cat_events: dict[str | None, tuple] = Memo(
            self._cat_read, 100_000, clear_when_full=True, max_key_len=2000)
        self._score0 = _sigmoid0(pack)
        # the bundled model reads text with the module normaliser; when that has this detector's
        # vocabulary, both read every word alike and the model can take the batch's words
        self._model_reads_like_us = (
            model is not None and getattr(model, "normalise", None) is normalise_module.normalise
            and normalise_module.default_normaliser().vocabulary == self.normaliser.vocabulary)
        # the field mark is its own token and its own key, the same object every time
        self.normaliser._token_cache[MARK] = MARK
        self._keys[MARK] = (MARK,)


    # ---- words of a batch ----
    def _shop_tokens(self, name: str) -> list[str]:
        return self.normaliser.normalise_name(name[:500]).split()

    def _keys_of(self, tok: str) -> tuple[str, ...]:
        return tuple(KEY.findall(tok))

    def _clothing_category(self, category: str) -> bool:
        cat = category.lower()
        return any(c in cat for c in self._clothing_categories)

    def _batch(self, listings: Sequence[Listing]) -> tuple[list[str], list[str]]:
        """Normalised tokens and keys of a whole batch: per listing its title and description, each
        followed by the MARK token.
        (Shop descriptions and categories repeat per seller: `_field_events` reads each once.)"""
        # title and description of every listing, read at C speed
        parts = list(chain.from_iterable(map(_BATCH_GETTER, listings)))
        if None in parts:
            parts = [p or "" for p in parts]
        if parts and max(map(len, parts)) > MAX_FIELD_CHARS:  # (rare) a long field: cap each one
            parts = [p[:MAX_FIELD_CHARS] for p in parts]
        parts.append("")
        return self._tokens_keys(parts)

    def _tokens_keys(self, parts: list[str]) -> tuple[list[str], list[str]]:
        folded = fold_joined(parts, _UNIT)
        if folded is not None:  # the unit separator survives folding and becomes the field MARK
            text = folded.replace(_UNIT, _MARK_SEP)
        else:  # a field holds the separator itself (hostile input): fold field by field
            text = _MARK_SEP.join(fold(p).replace(_UNIT, " ") for p in parts)
        toks = self.normaliser.tokens(text)
        keys = list(chain.from_iterable(map(self._keys.__getitem__, toks)))
        return toks, keys

    def _scan(self, keys: list[str], key_bounds: list[int], fields: int, first_field: int,
              owners: int) -> tuple[list[list[Event] | None], list[str | None]]:
        """The phrase loop over `keys`: per owner (listing), its (reading, field, negated, styled)
        events in text order and its last garment word. `fields` consecutive fields per owner, the
        first of them numbered `first_field` (0 title, 1 description, 2 shop description, 3 category)."""
        starts = self.index.starts
        # positions of words that start a phrase, found at C speed
        interesting = compress(count(), map(starts.__contains__, keys))
        events: list[list[Event] | None] = [None] * owners
        garment_words = self.index.garment_words
        short_codes = self._short_codes
        multi = self._multi_only
        nkeys = len(keys)
        dressed: list[str | None] = [None] * owners  # a garment word seen in the listing
        nxt = 0
        for i in interesting:
            if i < nxt:
                continue  # inside the phrase matched just before
            k = keys[i]
            second = multi.get(k)
            if second is not None and (i + 1 >= nkeys or keys[i + 1] not in second):
                continue  # a word that only starts longer phrases, and the next word fits none
            if k in garment_words:
                o, f = divmod(bisect_right(key_bounds, i) - 1, fields)
                if f + first_field != 2:  # garment words in a shop description say nothing about this listing
                    dressed[o] = k
                continue
            if k in short_codes and i + 1 < nkeys and keys[i + 1][:1].isdigit():
                continue  # "pj 70", "bi 2": a measurement or a count, not a two-letter code
            nk = keys[i + 1] if i + 1 < nkeys else ""
            for phrase, _entries in starts[k]:
                m = len(phrase)
                # the second word first: most multi-word candidates fail there, without a slice
                if m == 1 or (phrase[1] == nk and (m == 2 or tuple(keys[i:i + m]) == phrase)):
                    nxt = i + m
                    o, f = divmod(bisect_right(key_bounds, i) - 1, fields)
                    evs = events[o]
                    if evs is None:
                        evs = events[o] = []
                    evs.append((
                        k if m == 1 else " ".join(keys[i:i + m]), f + first_field,
                        # "bukan bekas", "bukan barang impor bekas": a negation up to two words before
                        (i > 0 and keys[i - 1] in _NEGATORS) or (i > 1 and keys[i - 2] in _NEGATORS),
                        # "desain Jepang", "korean style": a look, not where the garment came from
                        (i > 0 and keys[i - 1] in _STYLE_BEFORE) or (i + m < nkeys and keys[i + m] in _STYLE_AFTER),
                    ))
                    break
        return events, dressed

    def _field_events(self, fld: int, text: str | None) -> tuple[tuple[Event, ...], str | None]:
        """Events and garment word of one shop description (field 2) or category (field 3): they
        repeat on every listing of a seller, so each distinct text is read once (bounded memos)."""
        if not text:
            return (), None
        _, keys = self._tokens_keys([text[:_CATEGORY_CHARS if fld == 3 else MAX_FIELD_CHARS], ""])
        events, dressed = self._scan(keys, [0, len(keys)], 1, fld, 1)
        return tuple(events[0] or ()), dressed[0]

    def _desc_read(self, text: str | None) -> tuple[Event, ...]:
        return self._field_events(2, text)[0]

    def _cat_read(self, text: str | None) -> tuple[tuple[Event, ...], str | None] | tuple[()]:
        got = self._field_events(3, text)
        return got if got[0] or got[1] is not None else ()  # () when nothing was read: falsy

    # ---- evidence ----
    def _add(self, ev: Evidence, entries: tuple[Entry, ...], field: str, reading: str,
             negated: bool) -> None:
        if negated:
            # "bukan kondisi baru" says used; "tidak ada noda", "no minus" and "bukan bal" say
            # nothing ("bukan bekas" is a phrase of its own in the pack's list of new goods)
            for e in entries:
                if e.kind == "new":
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
                ev.hits.append(Hit(t, field, reading if e.key == reading else e.key))
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
            elif e.kind == "bulk_hint":
                ev.bulk_hints.append(e.phrase)

    def _shop_matches(self, name: str | None) -> list[tuple[str, tuple[Entry, ...], bool]]:
        """(reading, entries, negated) found in a shop name ([] without a name); `_shop_cache`
        keeps them per name (names repeat)."""
        if not name:
            return []
        keys = [k for t in self._names[name] for k in KEY.findall(t)]
        return [(" ".join(keys[i:i + m]), entries, i > 0 and keys[i - 1] in _NEGATORS)
                for i, m, entries in self.index.match(keys)]

    def detect(self, listings: Sequence[Listing]) -> list[Detection]:
        """Detections for a batch, in order.

        Three passes: the batch's words (C-level maps over cached readings); the phrase loop, which
        notes per listing what it read as (reading, field, negated, styled) events; and per listing
        with any event, a decision looked up by what its evidence reads. Evidence that reads alike
        decides alike, and marketplace text repeats itself, so `decide_rules` runs once per distinct
        reading (two bounded caches); only the learned model's score and the quotes of disguised
        forms are per listing.
        """
        if not listings:
            return []
        enabled = gc.isenabled()
        if enabled:
            # A batch makes no reference cycles, only many short-lived containers: the cyclic
            # collector, run on every few hundred of them, would traverse the batch's big token
            # lists again and again (about a tenth of the time). Paused for the batch; counts go
            # on, so it runs right after, on whatever the caller left.
            gc.disable()
        try:
            return self._detect(listings)
        finally:
            if enabled:
                gc.enable()

    def _detect(self, listings: Sequence[Listing]) -> list[Detection]:
        toks, keys = self._batch(listings)
        key_bounds = _bounds(keys)
        events, dressed = self._scan(keys, key_bounds, 2, 0, len(listings))
        tok_bounds = _bounds(toks)
        quiet = Detection(Verdict.BENIGN, self._score0, [], self.policy_version, self.model_hash,
                          clothing=False)
        plain_garment = Detection(Verdict.BENIGN, self._score0, [], self.policy_version, self.model_hash,
                                  clothing=True)
        out: list[Detection] = [quiet] * len(listings)
        pending: list[tuple[int, Partial, bool]] = []  # listings the model and the quotes finish
        templates, partials, categories = self._templates, self._partials, self._categories
        # what each listing's shop description, category and shop name read as: one C-level
        # look-up each in memos keyed by the text (a seller repeats them on every listing)
        descs = list(map(self._desc_events.__getitem__, map(_SHOP_DESC, listings)))
        cats = list(map(self._cat_events.__getitem__, map(_CATEGORY, listings)))
        founds = list(map(self._shop_cache.__getitem__, map(_SHOP_NAME, listings)))
        # Python only for listings where something was read
        for n in compress(count(), map(any, zip(events, dressed, descs, cats, founds, strict=True))):
            li = listings[n]
            evs = events[n]
            garment = dressed[n]
            found = founds[n]
            more = descs[n]
            cat_read = cats[n]
            if cat_read:
                more += cat_read[0]
                if cat_read[1] is not None:
                    garment = cat_read[1]  # the last garment word read wins (the category comes last)
            if more:
                evs = [*evs, *more] if evs else list(more)
            name = li.seller.name
            if not evs and not found:
                if garment is None:
                    continue  # nothing the rules or the model would weigh
                if li.title.isascii() and (not li.description or li.description.isascii()):
                    words = " ".join(keys[key_bounds[2 * n]:key_bounds[2 * n + 2]])
                    if not _DIGIT.search(words) or not _DEEP_WORDS.search(words):
                        # garment words and nothing else: no number, or none with a unit or a
                        # condition to read (what `_deep` would find), no flag in ASCII text
                        out[n] = plain_garment
                        continue
            sig = (tuple(evs) if evs else (), name if found else None, garment)
            got = templates.get(sig)
            if got is None:
                got = self._template(sig, evs or (), found or ())
            tid, tmpl = got
            dressy = False
            if not tmpl.clothing and li.category:
                dressy = categories[li.category]
            if not (tmpl.hits or tmpl.clothing or dressy or tmpl.used):  # no signal at all
                out[n] = plain_garment if garment is not None else quiet
                continue
            code = None
            flag = (None if li.title.isascii() else _FLAG.search(li.title)) or (
                _FLAG.search(li.description) if li.description and not li.description.isascii() else None)
            if flag:
                code = "".join(chr(ord("a") + ord(c) - 0x1F1E6) for c in flag.group(0))
                if code not in self._origin_codes:
                    code = None
            deep = None
            if tmpl.clothing or dressy:
                a, b, c = tok_bounds[2 * n], tok_bounds[2 * n + 1], tok_bounds[2 * n + 2]
                body = " ".join(toks[a:b - 1]) + " " + " ".join(toks[b:c - 1])
                ka, kb, kc_ = key_bounds[2 * n], key_bounds[2 * n + 1], key_bounds[2 * n + 2]
                deep = self._deep(tmpl, code is not None, body, ((0, keys[ka:kb - 1]), (1, keys[kb:kc_ - 1])))
            key = (tid, dressy, code, deep)
            decided = partials.get(key)
            if decided is None:
                decided = self._decide(key, tmpl, sig[1])
            part, only_clothing, quotes = decided
            if only_clothing:
                # a plain clothing listing: the model could at most ask for a review (see
                # rules.decide), which is not worth it for every clothing listing of a feed
                out[n] = plain_garment
                continue
            pending.append((n, part, quotes))
        if not pending:
            return out
        probs: Sequence[float] | None = None
        if self.model is not None:
            if self._model_reads_like_us:
                # every listing's title and description tokens, straight from this batch's pass
                span = (toks, tok_bounds[0:2 * len(listings):2])
                probs = self.model.score(listings, span).tolist()  # type: ignore[attr-defined]
            else:
                scored = self.model.score([listings[n] for n, _, _ in pending])  # type: ignore[attr-defined]
                probs = [0.0] * len(listings)
                for (n, _, _), p in zip(pending, scored, strict=True):
                    probs[n] = float(p)
        pack, model_hash = self.pack, self.model_hash
        for n, part, quotes in pending:
            d = finish(part, None if probs is None else probs[n], pack, model_hash)
            if quotes:
                quote_fields(self.normaliser, listings[n], d)
            out[n] = d
        return out

    def _template(self, sig: tuple, evs: Sequence[Event],
                  found: Sequence[tuple[str, tuple[Entry, ...], bool]]) -> tuple[int, Evidence]:
        """The evidence of a listing's phrase events, shop name and garment word (cached by `sig`)."""
        ev = Evidence()
        for reading, fld, negated, styled in evs:
            entries = self._entries[reading]
            if styled:
                entries = tuple(e for e in entries if e.kind not in ("origin", "origin_ex"))
            self._add(ev, entries, _BATCH_FIELDS[fld], reading, negated)
        for reading, entries, negated in found:
            self._add(ev, entries, "shop_name", reading, negated)
        if sig[2] is not None:
            ev.clothing.append(sig[2])
        if len(self._templates) >= 100_000 or len(self._partials) >= 200_000:
            self._templates.clear()  # bounded: input is hostile (ids are never reused)
            self._partials.clear()
        got = (next(self._ids), ev)
        self._templates[sig] = got
        return got

    def _decide(self, key: tuple, tmpl: Evidence, name: str | None) -> tuple[Partial, bool, bool]:
        """The rules' decision for a template plus what the listing added (cached by `key`)."""
        _, dressy, code, deep = key
        ev = Evidence(**{f: list(v) if isinstance(v, list) else v  # type: ignore[arg-type]
                         for f, v in ((f, getattr(tmpl, f)) for f in _EVIDENCE_FIELDS)})
        ev.clothing_category = dressy
        if code is not None:
            ev.origin.append(f"flag {code}")
        if deep is not None:
            cond, per_kilo, bulk, near = deep
            if cond:
                ev.used_weak.append(cond)
            ev.per_kilo = per_kilo
            ev.bulk_quantity = bulk
            for f, w in near:
                t = self._near_cache[w]
                assert t is not None
                ev.hits.append(Hit(t, FIELDS[f], w, near=True))
        part = decide_rules(ev, self.pack)
        if name is not None:  # the shop name is part of the key: quote it once, here
            part.reasons = quote_shop_name(part.reasons, name)
        got = (part, ev.only_clothing, needs_field_quotes(part.reasons))
        self._partials[key] = got
        return got

    def _near(self, word: str) -> Term | None:
        """A term this unknown word (3+ characters) is a near-spelling or a vowel-less abbreviation
        of; `_near_cache` keeps the answers."""
        term = None
        if (len(word) >= 3 and word.isalpha() and word not in self.normaliser.vocabulary
                and (word,) not in self.index.entries):
            if 3 <= len(word) <= 5 and not set(word) & _VOWEL_SET:
                term = self._skeletons.get(word)
            elif len(word) >= self._fuzzy_min and not self.normaliser.known(word):
                best = process.extractOne(word, self._fuzzy_keys, scorer=Levenshtein.distance,
                                          score_cutoff=self._fuzzy_max)
                if best is not None:
                    term = self._fuzzy[best[0]]
        return term

    def _deep(self, tmpl: Evidence, flagged: bool, body: str,
              keys: Sequence[tuple[int, list[str]]]) -> tuple[str, str, str, tuple[tuple[int, str], ...]]:
        """The costlier evidence of a clothing listing: (condition, per kilo, bulk quantity, near-matched
        words), read from its title + description."""
        cond = per_kilo = bulk = ""
        if _DIGIT.search(body):
            # each pattern needs a literal word ("kondisi", a unit): a substring test at C speed
            # skips the regex (which has no literal prefix to skip ahead with) on most bodies
            if not tmpl.used_weak and "kondisi" in body:
                c = _CONDITION.search(body)
                if c:
                    cond = c.group(0)
            m = _PER_KILO.search(body) if ("kg" in body or "kilo" in body) else None
            if m:
                per_kilo = m.group(0).strip()
            for q in (_QUANTITY.finditer(body) if _QUANTITY_UNIT.search(body) else ()):
                n = int(q.group(1) or q.group(3))
                unit = q.group(2) or q.group(4)
                if (unit == "kg" and n >= 10) or (unit != "kg" and n >= 20):
                    bulk = q.group(0).strip()
                    break
        if tmpl.only_clothing and not (flagged or cond or per_kilo or bulk):
            return cond, per_kilo, bulk, ()  # a near-match needs a second signal, and this has none
        near = self._near_cache
        # one C-level pass over the cached answers; Python only for the (rare) near-matches
        get = near.__getitem__
        if not any(map(get, chain.from_iterable(words for _, words in keys))):
            return cond, per_kilo, bulk, ()
        return cond, per_kilo, bulk, tuple((f, w) for f, words in keys for w in compress(words, map(get, words)))

def _bounds(items: list[str]) -> list[int]:
    """0 and the position after each field MARK (the same object in every batch list: `list.index`
    finds it by identity at C speed, faster than a membership test per item)."""
    out = [0]
    find = items.index
    i = -1
    try:
        while True:
            i = find(MARK, i + 1)
            out.append(i + 1)
    except ValueError:
        return out


def _skeleton(word: str) -> str:
    out: list[str] = []
    for c in word.translate(_VOWELS):
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _sigmoid0(pack: PolicyPack) -> float:
    import math

    return 1.0 / (1.0 + math.exp(-pack.thresholds["bias"]))


def load_detector(pack: PolicyPack | None = None, model_path: Path | str | None = None,
                  use_model: bool = True) -> Detector:
    """The detector for a pack (None: bundled) with the learned model when one can be loaded.

    A missing bundled model is not an error (rules alone, with a warning); a bundled model that is
    present but cannot be loaded, and an explicit `model_path` that cannot be loaded, are.
    """
    pack = pack or PolicyPack.load()
    model = None
    if use_model:
        from pantau.detect.model import bundled_path, load_model

        if model_path is not None:
            model = load_model(Path(model_path))
        elif bundled_path().is_file():
            model = load_model(None)  # present but unreadable or mismatched: an error
        else:
            # A checkout before `pantau model train` has no artifact: the rules work alone,
            # said aloud, never a silent switch.
            logging.getLogger(__name__).warning(
                "no bundled text model at %s: rules alone (run `pantau model train`)", bundled_path())
    return Detector(pack, model)
