"""The learned text model: hashed character/word features -> logistic regression -> Platt calibration.

    model = load_model()              # the artifact bundled in pantau/data/model/
    probs = model.score(listings)     # numpy array of calibrated P(violating), one per listing

Scoring goes through `features.TokenScorer`: the features decompose per token, so the model keeps
each distinct token's contribution and a batch costs a dict look-up per word (see features.py).
    model.hash                        # sha256 of the artifact file, recorded with each scan result

The artifact is a zip of `.npy` arrays and one `meta.json`, read with `allow_pickle=False`:
loading a model never executes code from the file. Zip entries carry a fixed date, and the
weights are quantised to int16, so training twice on the same corpus writes the same bytes.
Training lives in `pantau.detect.train` (`train(corpus_path, out_path, seed=0) -> TrainReport`).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pantau.detect.features import TokenScorer, default_normaliser, plain_fold
from pantau.domain import Listing
from pantau.errors import InputError

if TYPE_CHECKING:
    from pantau.detect.train import TrainReport

FORMAT = "pantau-text-model/2"  # /2: per-token features (features.py); /1 had n-grams across words
ARTIFACT_NAME = "text-model.zip"
MAX_ARTIFACT_BYTES = 64 * 1024 * 1024
BATCH = 2048
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def bundled_path() -> Path:
    return Path(str(resources.files("pantau") / "data" / "model" / ARTIFACT_NAME))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class TextModel:
    """Weights plus what produced them. `score` is pure and safe to call from many threads."""

    weights: np.ndarray  # float64, 2**bits
    bias: float
    calibration: tuple[float, float]  # Platt: p = sigmoid(a * z + b)
    bits: int
    meta: dict[str, Any] = field(default_factory=dict)
    hash: str = ""
    normalise: Callable[[str], str] = plain_fold
    _scorer: TokenScorer | None = field(default=None, repr=False)

    @property
    def scorer(self) -> TokenScorer:
        if self._scorer is None:
            self._scorer = TokenScorer(self.weights, self.bits, self.normalise)
        return self._scorer

    @property
    def thresholds(self) -> dict[str, float]:
        """Suggested cut-offs on the calibrated score: >= violating flags, >= review asks a person."""
        return dict(self.meta.get("thresholds") or {"violating": 0.7, "review": 0.35})

    def decision(self, listings: Sequence[Listing],
                 tokens: tuple[list[str], Sequence[int]] | None = None) -> np.ndarray:
        """Raw linear scores (log-odds before calibration); `tokens` as in `TokenScorer.decision`."""
        if tokens is not None:
            return self.scorer.decision(listings, tokens) + self.bias
        out = np.empty(len(listings), np.float64)
        for i in range(0, len(listings), BATCH):
            chunk = listings[i:i + BATCH]
            out[i:i + len(chunk)] = self.scorer.decision(chunk) + self.bias
        return out

    def score(self, listings: Sequence[Listing],
              tokens: tuple[list[str], Sequence[int]] | None = None) -> np.ndarray:
        """Calibrated probability that each listing offers imported used clothing.

        `tokens`: the normalised title and description tokens when the caller already has them (the
        detector's batch): (flat list, starts), see `TokenScorer.decision`; None: the model
        normalises them itself.
        """
        a, b = self.calibration
        return 1.0 / (1.0 + np.exp(-(a * self.decision(listings, tokens) + b)))

    def top_features(self, listing: Listing, k: int = 5) -> list[tuple[str, float]]:
        """The listing's words that pushed its score most (for reasons an analyst can check)."""
        words = sorted(set(self.normalise(f"{listing.title} {listing.description}").split()))[:200]
        if not words:
            return []
        probes = [Listing(platform="x", listing_id=str(i), title=w, seller=listing.seller.__class__(id="x"))
                  for i, w in enumerate(words)]
        z = self.decision(probes) - self.bias
        order = np.argsort(-z)[:k]
        return [(words[i], float(z[i])) for i in order if z[i] > 0]


def write_artifact(path: Path, weights: np.ndarray, bias: float, calibration: tuple[float, float],
                   bits: int, meta: dict[str, Any]) -> str:
    """Write the model deterministically; return its sha256."""
    nz = np.flatnonzero(weights).astype(np.uint32)
    vals = weights[nz]
    scale = float(np.max(np.abs(vals))) / 32767.0 if len(vals) else 1.0
    q = np.round(vals / scale).astype(np.int16)
    keep = q != 0
    arrays = {"index": nz[keep], "value": q[keep]}
    header = dict(meta, format=FORMAT, bits=bits, bias=round(float(bias), 8), scale=scale,
                  calibration=[round(float(calibration[0]), 8), round(float(calibration[1]), 8)])
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("meta.json", date_time=_ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, json.dumps(header, sort_keys=True, indent=1))
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, buf.getvalue())
    digest = sha256_file(path)
    path.with_name(path.name + ".sha256").write_text(f"{digest}  {path.name}\n", encoding="utf-8")
    return digest


def read_artifact(path: Path) -> tuple[dict[str, Any], np.ndarray, np.ndarray]:
    """meta, index, value of an artifact; never unpickles (allow_pickle=False)."""
    if not path.is_file():
        raise InputError("no model artifact here; run `pantau model train`", where=str(path))
    if path.stat().st_size > MAX_ARTIFACT_BYTES:
        raise InputError(f"model artifact is larger than {MAX_ARTIFACT_BYTES} bytes", where=str(path))
    try:
        with zipfile.ZipFile(path) as z:
            meta = json.loads(z.read("meta.json"))
            arrays = {}
            for name in ("index", "value"):
                with z.open(f"{name}.npy") as f:
                    arrays[name] = np.lib.format.read_array(io.BytesIO(f.read()), allow_pickle=False)
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise InputError(f"not a pantau model artifact ({e})", where=str(path)) from None
    if meta.get("format") != FORMAT:
        raise InputError(f"unknown model format {meta.get('format')!r}, expected {FORMAT}", where=str(path))
    return meta, arrays["index"], arrays["value"]


def load_model(path: Path | str | None = None, normalise: Callable[[str], str] | None = None) -> TextModel:
    """Load an artifact (None: the bundled one). Checks the recorded sha256 when it is beside the file."""
    p = Path(path) if path is not None else bundled_path()
    meta, index, value = read_artifact(p)
    digest = sha256_file(p)
    side = p.with_name(p.name + ".sha256")
    if side.is_file():
        recorded = side.read_text(encoding="utf-8").split()[0]
        if recorded != digest:
            raise InputError(f"artifact sha256 {digest[:12]} differs from the recorded {recorded[:12]}",
                             where=str(p))
    bits = int(meta["bits"])
    if not 10 <= bits <= 24 or (len(index) and int(index.max()) >= 1 << bits):
        raise InputError("model weights do not fit its feature space", where=str(p))
    weights = np.zeros(1 << bits, np.float64)
    weights[index.astype(np.int64)] = value.astype(np.float64) * float(meta["scale"])
    if normalise is None:
        normalise = default_normaliser()[0]
        if meta.get("normaliser") == "nfkc-lower":
            normalise = plain_fold
    a, b = meta["calibration"]
    return TextModel(weights, float(meta["bias"]), (float(a), float(b)), bits, meta, digest, normalise)


def train(corpus_path: Path | str, out_path: Path | str, seed: int = 0) -> TrainReport:
    """Train on a labelled JSONL corpus and write the artifact (see pantau.detect.train)."""
    from pantau.detect.train import train as _train

    return _train(Path(corpus_path), Path(out_path), seed=seed)
