"""Code word discovery: find the next "karungan" the week it appears, and turn an analyst's accept
into a new policy version with retroactive re-scoring.

Pure core: `discover` over `Doc`s (counting, scoring). Store adapter: `service.suggest`,
`service.accept_and_rescore`, `service.import_decisions`. For the detector: `active_pack(session)`.
"""

from pantau.terms.counting import Doc
from pantau.terms.discover import DiscoveryConfig, Suggestion, discover
from pantau.terms.extract import KnownTerms
from pantau.terms.known import known_terms
from pantau.terms.packs import active_pack

__all__ = ["DiscoveryConfig", "Doc", "KnownTerms", "Suggestion", "active_pack", "discover", "known_terms"]
