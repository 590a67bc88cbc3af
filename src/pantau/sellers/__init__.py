"""Seller linkage: re-identify re-created accounts of taken-down operators.

Public surface: `extract_identifiers(listing)`, `Identifier`, `Linker` (the pipeline's SellerLinker),
`load_linker` / `save_linker` (persist.py) for the store.
"""

from pantau.sellers.identifiers import Identifier, extract_from_text, extract_identifiers
from pantau.sellers.linker import Linker
from pantau.sellers.persist import StoredLinker, linker_for, load_linker, save_linker

__all__ = ["Identifier", "Linker", "StoredLinker", "extract_from_text", "extract_identifiers", "linker_for",
           "load_linker", "save_linker"]
