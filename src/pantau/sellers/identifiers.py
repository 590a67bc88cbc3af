"""Contact identifiers a seller leaves in its text: phones, bank accounts, handles, e-mails, links.

`extract_identifiers(listing)` reads the title, description, shop name and shop description and
returns each identifier with its kind, a normalised value (what two accounts are compared on) and
the text as the seller wrote it (what an analyst is shown). Phones are in `phones.py`.

Kinds: phone, bank, email, handle, link (strong: an operator's own), and holder (the name on a bank
account; weak, names repeat).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pantau.domain import Listing
from pantau.sellers.phones import find_phones
from pantau.sellers.text import COMMON_WORDS, MAX_FIELD

STRONG_KINDS = frozenset({"phone", "bank", "email", "handle", "link"})
FIELDS = ("title", "description", "shop_name", "shop_description")


@dataclass(frozen=True, slots=True)
class Identifier:
    kind: str
    value: str  # normalised: E.164, BANK:digits, lower-case handle, host/path...
    source: str  # as written
    field: str = ""  # where: title | description | shop_name | shop_description | seller_url
    via: str = ""  # whatsapp, instagram, tiktok, facebook... when the text says so

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.value}"

    def describe(self) -> str:
        """'WhatsApp +62812...', 'Instagram handle @x', 'bank account BCA 765...'"""
        if self.kind == "phone":
            return f"{'WhatsApp' if self.via == 'whatsapp' else 'phone'} {self.value}"
        if self.kind == "bank":
            bank, _, number = self.value.partition(":")
            return f"bank account {bank} {number}"
        if self.kind == "handle":
            label = {"instagram": "Instagram", "tiktok": "TikTok", "facebook": "Facebook"}.get(self.via, "social")
            return f"{label} handle @{self.value}"
        if self.kind == "holder":
            return f"account holder name {self.value!r}"
        return f"{self.kind} {self.value}"


BANKS = {
    "bca": "BCA", "bri": "BRI", "bni": "BNI", "mandiri": "MANDIRI", "bsi": "BSI", "btn": "BTN",
    "cimb": "CIMB", "cimb niaga": "CIMB", "permata": "PERMATA", "danamon": "DANAMON", "jago": "JAGO",
    "bank jago": "JAGO", "seabank": "SEABANK", "sea bank": "SEABANK", "btpn": "BTPN", "jenius": "BTPN",
    "maybank": "MAYBANK", "ocbc": "OCBC", "panin": "PANIN", "muamalat": "MUAMALAT", "mega": "MEGA",
    "bank mega": "MEGA", "bpd": "BPD", "bjb": "BJB", "bank jatim": "JATIM", "bank dki": "DKI",
    "bank sumut": "SUMUT", "bank nagari": "NAGARI", "bank kalbar": "KALBAR", "bank sulselbar": "SULSELBAR",
    "blu": "BLU", "allo": "ALLO", "neo": "NEO", "krom": "KROM",
}
_BANK_NAMES = "|".join(sorted((re.escape(b) for b in BANKS), key=len, reverse=True))
_ACCT = r"([0-9Oo](?:[\s.\-]?[0-9OolI]){5,19})(?![0-9])"
_FILLER = r"[\s:.\-=/]*(?:(?:no|nomor|nmr|norek|rek|rekening|acc|a/c|account|an|#)[\s:.\-=/]*){0,3}"
_BANK_FIRST = re.compile(rf"\b({_BANK_NAMES})\b{_FILLER}{_ACCT}", re.IGNORECASE)
_BANK_AFTER = re.compile(
    rf"(?:(?:rek(?:ening)?|norek|transfer)[\s:.\-]*{_ACCT}[\s(]*(?:bank\s*)?|{_ACCT}\s*\(\s*(?:bank\s*)?)"
    rf"({_BANK_NAMES})\b", re.IGNORECASE)
_HOLDER = re.compile(r"(?:\ba\s?[./]\s?n\b\.?|\ban\.|\batas\s+nama)\s*[:.]?\s*([a-z][a-z'.]*(?:\s+[a-z][a-z'.]*){0,2})",
                     re.IGNORECASE)

_DOT = re.compile(r"\s*[\(\[\{]\s*(?:dot|titik)\s*[\)\]\}]\s*", re.IGNORECASE)
_AT = re.compile(r"\s*[\(\[\{]\s*(?:at|et)\s*[\)\]\}]\s*", re.IGNORECASE)
_EMAIL = re.compile(r"[a-z0-9][a-z0-9._%+\-]{0,63}@[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){1,4}", re.IGNORECASE)
_HANDLE_CHARS = r"[a-z0-9_](?:[a-z0-9_.]{1,29})"
_SOCIAL_URL = re.compile(
    r"(?:https?://)?(?:www\.|m\.|web\.)?(instagram\.com/|instagr\.am/|tiktok\.com/@|facebook\.com/|fb\.com/)"
    rf"({_HANDLE_CHARS})", re.IGNORECASE)
_LABELLED = re.compile(
    r"\b(ig|insta|instagram|tiktok|tik\s?tok|fb|facebook|fanpage)\b\s*(?:kami|kita|aku|saya|toko|shop)?"
    rf"\s*[:=\-]?\s*@?\s*({_HANDLE_CHARS})", re.IGNORECASE)
_AT_HANDLE = re.compile(rf"(?<![\w.@])@\s?({_HANDLE_CHARS})", re.IGNORECASE)
_VIA = {"ig": "instagram", "insta": "instagram", "instagram": "instagram", "instagram.com": "instagram",
        "instagr.am": "instagram", "tiktok": "tiktok", "tik tok": "tiktok", "tiktok.com": "tiktok",
        "fb": "facebook", "facebook": "facebook", "fanpage": "facebook", "facebook.com": "facebook",
        "fb.com": "facebook"}
_NOT_PROFILES = frozenset({"profile.php", "groups", "marketplace", "share", "people", "watch", "reel", "p",
                           "story", "stories", "explore", "tags", "pages", "events", "login", "video"})
_LINK = re.compile(
    r"\b(?:https?://)?(?:www\.)?((?:[a-z0-9-]{1,63}\.){1,4}(?:com|id|co\.id|net|org|shop|store|me|ly|ee|link|page|"
    r"site|online|xyz|io|my))\b(/[^\s\"'<>()\[\]]{1,200})?", re.IGNORECASE)
_SKIP_HOSTS = ("wa.me", "whatsapp.com", "instagram.com", "instagr.am", "tiktok.com", "facebook.com", "fb.com",
               "gmail.com", "yahoo.com", "yahoo.co.id", "hotmail.com", "outlook.com", "ymail.com")
_MARKETPLACES = ("shopee.co.id", "tokopedia.com", "lazada.co.id", "bukalapak.com", "blibli.com", "tiktok.com",
                 "shope.ee", "tokopedia.link", "s.lazada.co.id")


def _clean_handle(raw: str) -> str:
    return raw.strip().lstrip("@").rstrip("._").lower()


def _plausible_handle(h: str) -> bool:
    if len(h) < 3 or h[0].isdigit() or h.replace(".", "").replace("_", "").isdigit():
        return False
    # an ordinary word after "ig" ("cek ig ya", "follow ig kami") is not a handle
    return not (h in COMMON_WORDS or h in {"kami", "kita", "aku", "saya", "juga", "dong", "aja"})


def _fold_keep_length(text: str) -> str:
    """Full-width letters/digits to ASCII, one character for one, so positions still match the original."""
    out = []
    for c in text:
        if ord(c) > 127:
            n = unicodedata.normalize("NFKC", c)
            out.append(n if len(n) == 1 else c)
        else:
            out.append(c)
    return "".join(out)


def extract_from_text(text: str, field: str = "", platform: str = "") -> list[Identifier]:
    """Identifiers in one piece of seller text. `platform` names the network a bare @handle is on."""
    text = _fold_keep_length(text[:MAX_FIELD])
    found: list[Identifier] = []
    masked: list[tuple[int, int]] = []

    for m in list(_BANK_FIRST.finditer(text)) + list(_BANK_AFTER.finditer(text)):
        bank_first = m.re is _BANK_FIRST
        if bank_first:
            bank_group, acct_group = 1, 2
        else:  # "rek 123... BCA" or "123... (BCA)"
            acct_group, bank_group = (1, 3) if m.group(1) else (2, 3)
        bank = BANKS[re.sub(r"\s+", " ", m.group(bank_group).lower())]
        raw = m.group(acct_group)
        digits = re.sub(r"[\s.\-]", "", raw).translate(str.maketrans("OolI", "0011"))
        if 6 <= len(digits) <= 20 and digits.isdigit():
            found.append(Identifier("bank", f"{bank}:{digits}", m.group().strip(), field))
            span = m.span(acct_group)
            masked.append(span)
    for m in _HOLDER.finditer(text):
        name = " ".join(w.strip(".'") for w in m.group(1).lower().split())
        if len(name) >= 3 and name not in COMMON_WORDS:
            found.append(Identifier("holder", name, m.group().strip(), field))

    # de-obfuscate "(dot)" and "(at)" for e-mails and handles; quote what was matched
    plain = _AT.sub("@", _DOT.sub(".", text))
    email_spans = []
    for m in _EMAIL.finditer(plain):
        found.append(Identifier("email", m.group().lower().rstrip("."), m.group(), field))
        email_spans.append(m.span())
    handles: dict[str, Identifier] = {}
    for m in _SOCIAL_URL.finditer(plain):
        h = _clean_handle(m.group(2))
        if h not in _NOT_PROFILES and _plausible_handle(h):
            handles.setdefault(h, Identifier("handle", h, m.group(), field, _VIA[m.group(1).lower().rstrip("/@")]))
    for m in _LABELLED.finditer(plain):
        h = _clean_handle(m.group(2))
        if _plausible_handle(h):
            via = _VIA.get(re.sub(r"\s+", " ", m.group(1).lower()), "")
            handles.setdefault(h, Identifier("handle", h, m.group().strip(), field, via))
    for m in _AT_HANDLE.finditer(plain):
        if any(a <= m.start() < b for a, b in email_spans):
            continue
        h = _clean_handle(m.group(1))
        if _plausible_handle(h) and not re.fullmatch(r"\d+(?:rb|k|ribu|jt|an|pcs)?", h):
            handles.setdefault(h, Identifier("handle", h, m.group(), field, _network(platform)))
    found.extend(handles.values())

    for m in _LINK.finditer(plain):
        host = m.group(1).lower()
        if any(host == s or host.endswith("." + s) for s in _SKIP_HOSTS):
            continue
        if any(a <= m.start() < b for a, b in email_spans):
            continue
        path = (m.group(2) or "").split("?")[0].split("#")[0].rstrip("/").lower()
        if not path and (host in _MARKETPLACES or "." not in host.rstrip(".")):
            continue
        if not path and len(host.split(".")[0]) < 4:  # "b.i", "ex.id": dotted words, not sites
            continue
        found.append(Identifier("link", host + path, m.group(), field))

    for hit in find_phones(text, masked):
        found.append(Identifier("phone", hit.e164, hit.source, field, "whatsapp" if hit.whatsapp else ""))
    return found


def _network(platform: str) -> str:
    return {"instagram": "instagram", "tiktokshop": "tiktok", "facebook": "facebook"}.get(platform, "")


_OWN_HANDLE = re.compile(r"@?[a-z0-9_][a-z0-9_.]{2,29}")


def extract_identifiers(listing: Listing) -> list[Identifier]:
    """Every identifier of a listing and its seller, de-duplicated on (kind, value), first source kept."""
    fields = listing.text_fields()
    out: dict[str, Identifier] = {}
    for name in FIELDS:
        for ident in extract_from_text(fields.get(name, ""), name, listing.platform):
            out.setdefault(ident.key, ident)
    net = _network(listing.platform)
    shop = (listing.seller.name or "").strip()
    # on social networks the shop name is usually the handle itself
    if net and _OWN_HANDLE.fullmatch(shop) and ("." in shop or "_" in shop or shop.islower()):
        h = _clean_handle(shop)
        if _plausible_handle(h):
            out.setdefault(f"handle:{h}", Identifier("handle", h, shop, "shop_name", net))
    if net and listing.seller.url:
        for m in _SOCIAL_URL.finditer(listing.seller.url[:2000]):
            h = _clean_handle(m.group(2))
            if h not in _NOT_PROFILES and _plausible_handle(h):
                out.setdefault(f"handle:{h}", Identifier("handle", h, listing.seller.url, "seller_url", net))
    return list(out.values())
