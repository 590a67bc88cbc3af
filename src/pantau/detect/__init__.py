"""Text detection: normalise disguised text, match the policy pack, weigh with the learned model.

Public surface (the rest of `pantau.detect` is internals):
  load_detector(pack=None, model_path=None) -> Detector   # satisfies pipeline.TextDetector
  normalise(text) / normalise_with_map(text)               # the plain reading of listing text
  PolicyPack.load(path=None)                               # the versioned policy pack
"""

from __future__ import annotations

from pantau.detect.detector import Detector, load_detector
from pantau.detect.normalise import Normalised, normalise, normalise_with_map
from pantau.detect.policy import Context, Instrument, PolicyError, PolicyPack, Term

__all__ = [
    "Context", "Detector", "Instrument", "Normalised", "PolicyError", "PolicyPack", "Term",
    "load_detector", "normalise", "normalise_with_map",
]
