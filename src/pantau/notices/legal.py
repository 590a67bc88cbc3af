"""The legal basis a notice cites: the instruments in force on the date the listing was observed.

The policy pack (`pantau.detect.policy`, owned by detect-rules) is the source of truth. Until it is
importable, a small built-in table from the policy document stands in; `legal_basis_on` switches to
the pack by itself once it lands, and `source` says which one answered.
"""

from __future__ import annotations

import importlib
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    title: str
    valid_from: date
    valid_until: date | None = None

    def in_force(self, d: date) -> bool:
        return self.valid_from <= d and (self.valid_until is None or d <= self.valid_until)


# Facts from shared/policy/pakaian-bekas-impor.md (legal basis by date), in our own words; where the
# document gives only a year, the instrument counts from 1 January of it.
FALLBACK: tuple[Instrument, ...] = (
    Instrument("uu-7-2014", "UU 7/2014 on Trade, art. 47(1) (imports must be new goods) and art. 111",
               date(2014, 1, 1)),
    Instrument("pp-80-2019", "PP 80/2019 on trading through electronic systems (PMSE), art. 35 jo. 80",
               date(2019, 1, 1)),
    Instrument("permendag-18-2021", "Permendag 18/2021 jo. Permendag 40/2022, goods prohibited from import "
               "(pakaian bekas)", date(2021, 1, 1), date(2025, 12, 31)),
    Instrument("permendag-31-2023", "Permendag 31/2023 on e-commerce: platform duties", date(2023, 9, 26)),
    Instrument("permendag-47-2025", "Permendag 47/2025, goods prohibited from import (kantong, karung, "
               "pakaian bekas)", date(2026, 1, 1)),
)


def _as_dict(item: Any) -> dict[str, Any]:
    if is_dataclass(item) and not isinstance(item, type):
        d = asdict(item)
    elif isinstance(item, dict):
        d = dict(item)
    else:
        d = {k: getattr(item, k) for k in dir(item) if not k.startswith("_") and not callable(getattr(item, k))}
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in d.items()}


class LegalBasis:
    """Answers `on(d)` from the policy pack when available, else from FALLBACK."""

    def __init__(self, pack: Any | None = None, *, use_pack: bool = True) -> None:
        self._pack = pack
        if pack is None and use_pack:
            self._pack = _load_default_pack()
        self.source = f"policy pack {getattr(self._pack, 'version', '?')}" if self._pack else "built-in table"

    def on(self, d: date) -> list[dict[str, Any]]:
        if self._pack is not None:
            return [_as_dict(i) for i in self._pack.legal_basis_on(d)]
        return [{"id": i.id, "title": i.title, "valid_from": i.valid_from.isoformat(),
                 "valid_until": i.valid_until.isoformat() if i.valid_until else None}
                for i in FALLBACK if i.in_force(d)]


def _load_default_pack() -> Any | None:
    try:
        policy = importlib.import_module("pantau.detect.policy")
        pack = policy.PolicyPack.load(None)
    except Exception:  # not landed yet, or no bundled pack: the built-in table answers
        return None
    return pack if hasattr(pack, "legal_basis_on") else None
