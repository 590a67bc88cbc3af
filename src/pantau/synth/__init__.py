"""Synthetic catalogues for benchmarks and tests, and the bundled demo corpus builder."""

from pantau.synth.generator import generate
from pantau.synth.writers import write_jsonl, write_parquet, write_photo_pool

__all__ = ["generate", "write_jsonl", "write_parquet", "write_photo_pool"]
