"""Plain domain objects shared by every capability. Imports nothing else of pantau."""

from pantau.domain.listing import Listing, Seller
from pantau.domain.result import Detection, ImageMatch, Reason, ScanResult, SellerLink, Verdict

__all__ = ["Detection", "ImageMatch", "Listing", "Reason", "ScanResult", "Seller", "SellerLink", "Verdict"]
