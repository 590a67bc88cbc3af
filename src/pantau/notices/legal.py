"""The legal basis a notice cites: the instruments in force on the date the listing was observed.

The policy pack (`pantau.detect.policy`) is the one source: its legal basis by date is data,
versioned with the pack, so a notice cites what the pack in force says.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from pantau.detect.policy import PolicyPack


class LegalBasis:
    """Answers `on(d)` from a policy pack (default: the bundled one)."""

    def __init__(self, pack: PolicyPack | None = None) -> None:
        self._pack = pack or PolicyPack.load(None)
        self.source = f"policy pack {self._pack.version}"

    def on(self, d: date) -> list[dict[str, Any]]:
        return [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(i).items()}
                for i in self._pack.legal_basis_on(d)]
