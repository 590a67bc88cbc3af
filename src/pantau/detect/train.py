"""Train the text model on a labelled JSONL corpus, reproducibly.

    pantau model train [--corpus PATH] [--out PATH] [--seed 0]

Labels: violating = 1, benign = 0; an `ambiguous` row is entered twice, once per class at half
weight, which teaches the model to put single used garments without a cue in the middle of
the scale (the `review` band) instead of forcing them to one side.
Calibration: Platt scaling fitted on out-of-fold decision values (stratified k-fold with the
seed), the same folds giving the training metrics recorded in the artifact.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from pantau.detect.features import DEFAULT_BITS, default_normaliser, featurise
from pantau.detect.model import sha256_file, write_artifact
from pantau.domain import Listing
from pantau.errors import InputError
from pantau.ingest.records import RecordError, to_listing

LABELS = ("violating", "benign", "ambiguous")
C = 1.0
USE_IDF = True
FOLDS = 5
AMBIGUOUS_WEIGHT = 0.5
# fixed probe texts: if the normaliser reads them differently, the model was built with another one
PROBES = ["Jual B.A.L.L k@rung4n #thriftimport 100kg", "ｔｈｒｉｆｔ ímport ex Кorea", "b a l e   s e g e l",
          "kemeja flanel second uniqlo size L", "cimol pedas bandung 500 gr", "ka\u200brung\u200ban 3SECOND"]


def bundled_corpus() -> Path:
    return Path(str(resources.files("pantau") / "data" / "corpus" / "train.jsonl"))


def normaliser_fingerprint(normalise: Callable[[str], str]) -> str:
    """What the normaliser makes of the probes and of the bundled corpus's first 500 listings: if
    this changes, the features the model was trained on changed and it should be retrained."""
    texts = list(PROBES)
    corpus = bundled_corpus()
    if corpus.is_file():
        with corpus.open(encoding="utf-8") as f:
            for _, line in zip(range(500), f, strict=False):
                row = json.loads(line)
                texts.append(f"{row.get('title', '')}\n{row.get('description', '')}")
    return hashlib.sha256("\n".join(normalise(t) for t in texts).encode()).hexdigest()[:16]


@dataclass(slots=True)
class TrainReport:
    out_path: str
    hash: str
    corpus_hash: str
    seed: int
    rows: dict[str, int]
    metrics: dict[str, float]
    thresholds: dict[str, float]
    normaliser: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_corpus(path: Path) -> tuple[list[Listing], np.ndarray]:
    """Listings and their labels (as strings) from a labelled JSONL file."""
    if not path.is_file():
        raise InputError("training corpus not found", where=str(path))
    listings, labels = [], []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                listing = to_listing(raw, source=str(path), line=n)
            except (json.JSONDecodeError, RecordError) as e:
                raise InputError(str(e), where=f"{path}:{n}") from None
            if raw.get("label") not in LABELS:
                raise InputError(f"label must be one of {', '.join(LABELS)}", where=f"{path}:{n}")
            listings.append(listing)
            labels.append(raw["label"])
    return listings, np.array(labels)


def _design(x: sp.csr_matrix, labels: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Rows, targets and weights: ambiguous rows appear once per class at half weight."""
    amb = np.flatnonzero(labels == "ambiguous")
    sure = np.flatnonzero(labels != "ambiguous")
    rows = np.concatenate([sure, amb, amb])
    y = np.concatenate([(labels[sure] == "violating").astype(int), np.ones(len(amb), int), np.zeros(len(amb), int)])
    w = np.concatenate([np.ones(len(sure)), np.full(2 * len(amb), AMBIGUOUS_WEIGHT)])
    return x[rows], y, w


def idf(x: sp.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency of each hashed column (as scikit-learn's TfidfTransformer)."""
    df = np.bincount(x.indices, minlength=x.shape[1])
    return np.log((1.0 + x.shape[0]) / (1.0 + df)) + 1.0


def fit_weights(x: sp.csr_matrix, labels: np.ndarray, seed: int) -> tuple[np.ndarray, float]:
    """Weights over the raw features. IDF scaling is folded into them (w * idf), so scoring a
    listing costs the same with or without it."""
    scale = idf(x) if USE_IDF else np.ones(x.shape[1])
    xd, y, w = _design(x @ sp.diags(scale), labels)
    # the dual solver: far fewer rows than hashed columns, 20x faster than the primal here
    lr = LogisticRegression(C=C, solver="liblinear", dual=True, random_state=seed, max_iter=2000)
    lr.fit(xd, y, sample_weight=w)
    return lr.coef_[0].astype(np.float64) * scale, float(lr.intercept_[0])


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    lr = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    lr.fit(z.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def _metrics(p: np.ndarray, labels: np.ndarray, thresholds: dict[str, float]) -> dict[str, float]:
    sure = labels != "ambiguous"
    y = labels[sure] == "violating"
    flag = p[sure] >= thresholds["violating"]
    tp, fp, fn = int(np.sum(flag & y)), int(np.sum(flag & ~y)), int(np.sum(~flag & y))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    amb = p[labels == "ambiguous"]
    in_review = (amb >= thresholds["review"]) & (amb < thresholds["violating"])
    brier = float(np.mean((p[sure] - y) ** 2))
    return {"cv_precision": round(prec, 4), "cv_recall": round(rec, 4),
            "cv_f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
            "cv_brier": round(brier, 4),
            "cv_ambiguous_to_review": round(float(np.mean(in_review)), 4) if len(amb) else 0.0}


def _folds(labels: np.ndarray, groups: np.ndarray | None, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds that hold out whole kinds of listing when the corpus names them.

    Out-of-fold scores on kinds the fold never saw are what a new evasion looks like; Platt
    scaling fitted on them is tempered accordingly, where shuffled folds over a generated corpus
    would make every score 0 or 1.
    """
    strat = np.where(labels == "ambiguous", 2, (labels == "violating").astype(int))
    if groups is not None and len(set(groups.tolist())) >= FOLDS:
        splitter = StratifiedGroupKFold(FOLDS, shuffle=True, random_state=seed)
        return list(splitter.split(np.zeros(len(labels)), strat, groups))
    return list(StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(np.zeros(len(labels)), strat))


def kind_groups(listings: Sequence[Listing]) -> np.ndarray | None:
    """The generator's `kind:` tag of each row (None when the corpus has none)."""
    kinds = [next((t for t in x.tags if t.startswith("kind:")), "") for x in listings]
    return np.array(kinds) if all(kinds) else None


PRECISION_TARGET = 0.9


def choose_thresholds(p: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """Cut-offs from out-of-fold scores on kinds each fold never saw.

    `violating`: the lowest cut-off whose precision reaches PRECISION_TARGET (benign listings far
    outnumber violating ones in a real catalogue, so precision is set first, not F1 on a
    balanced corpus). `review`: low enough that most single used garments without a cue
    (ambiguous) land between the two."""
    sure = labels != "ambiguous"
    y = labels[sure] == "violating"
    t_v = 0.9
    for t in np.round(np.arange(0.3, 0.91, 0.05), 2):
        f = p[sure] >= t
        if np.sum(f) and np.sum(f & y) / np.sum(f) >= PRECISION_TARGET:
            t_v = float(t)
            break
    amb = p[labels == "ambiguous"]
    t_r = float(np.quantile(amb, 0.2)) if len(amb) else t_v / 2
    return {"violating": t_v, "review": round(max(0.1, min(t_v - 0.1, t_r)), 2)}


def fit(listings: Sequence[Listing], labels: np.ndarray, seed: int = 0, bits: int = DEFAULT_BITS,
        normalise: Callable[[str], str] | None = None) -> dict[str, Any]:
    """Fit weights, calibration and out-of-fold metrics in memory (no file written)."""
    groups = kind_groups(listings)
    norm = normalise or default_normaliser()[0]
    x = featurise(listings, norm, bits).to_csr(bits)
    oof = np.zeros(len(labels))
    for tr, te in _folds(labels, groups, seed):
        w, b = fit_weights(x[tr], labels[tr], seed)
        oof[te] = x[te] @ w + b
    sure = labels != "ambiguous"
    a, c = _platt(oof[sure], (labels[sure] == "violating").astype(int))
    p = 1.0 / (1.0 + np.exp(-(a * oof + c)))
    thresholds = choose_thresholds(p, labels)
    weights, bias = fit_weights(x, labels, seed)
    return {"weights": weights, "bias": bias, "calibration": (a, c), "bits": bits,
            "metrics": _metrics(p, labels, thresholds), "thresholds": thresholds}


def train(corpus_path: Path | None = None, out_path: Path | None = None, seed: int = 0,
          bits: int = DEFAULT_BITS) -> TrainReport:
    """Train on the corpus and write the artifact (plus `<artifact>.sha256`)."""
    from pantau.detect.model import bundled_path

    corpus = corpus_path or bundled_corpus()
    out = out_path or bundled_path()
    listings, labels = read_corpus(corpus)
    if len(set(labels) & {"violating", "benign"}) < 2:
        raise InputError("the corpus needs both violating and benign rows", where=str(corpus))
    norm, norm_name = default_normaliser()
    model = fit(listings, labels, seed, bits, norm)
    rows = {k: int(np.sum(labels == k)) for k in LABELS}
    meta = {"corpus_sha256": sha256_file(corpus), "corpus_rows": rows, "seed": seed, "C": C, "folds": FOLDS,
            "normaliser": norm_name, "normaliser_fingerprint": normaliser_fingerprint(norm),
            "learner": f"sklearn {sklearn.__version__} LogisticRegression(liblinear) + Platt",
            "metrics": model["metrics"], "thresholds": model["thresholds"]}
    digest = write_artifact(out, model["weights"], model["bias"], model["calibration"], bits, meta)
    return TrainReport(str(out), digest, meta["corpus_sha256"], seed, rows, model["metrics"],
                       model["thresholds"], norm_name)
