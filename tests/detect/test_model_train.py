"""Training the text model: reproducible bytes, calibrated scores, and code words it never saw."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from pantau.cli.main import app
from pantau.detect.corpus_gen import generate, write
from pantau.detect.features import default_normaliser, featurise
from pantau.detect.model import load_model
from pantau.detect.train import fit, train
from pantau.domain import Listing
from pantau.errors import InputError
from pantau.ingest.records import to_listing

BITS = 18


def _split(rows: list[dict]) -> tuple[list[Listing], np.ndarray]:
    return [to_listing(r) for r in rows], np.array([r["label"] for r in rows])


@cache
def _fresh_rows() -> list[dict]:
    # another seed than the bundled corpus (seed 0): same templates, unseen combinations
    return list(generate(1500, seed=7))


def test_training_twice_writes_the_same_bytes(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    write(corpus, n=600, seed=3)
    a = train(corpus, tmp_path / "a" / "m.zip", seed=0, bits=BITS)
    b = train(corpus, tmp_path / "b" / "m.zip", seed=0, bits=BITS)
    assert a.hash == b.hash
    assert (tmp_path / "a" / "m.zip").read_bytes() == (tmp_path / "b" / "m.zip").read_bytes()
    assert (tmp_path / "a" / "m.zip.sha256").read_text().split()[0] == a.hash
    meta = load_model(tmp_path / "a" / "m.zip").meta
    assert meta["corpus_sha256"] == a.corpus_hash and meta["seed"] == 0
    assert meta["corpus_rows"]["violating"] > 0 and meta["corpus_rows"]["benign"] > 0


def test_bundled_model_is_calibrated_on_fresh_generated_listings() -> None:
    model = load_model()
    listings, labels = _split(_fresh_rows())
    p = model.score(listings)
    sure = labels != "ambiguous"
    y = (labels[sure] == "violating").astype(float)
    brier = float(np.mean((p[sure] - y) ** 2))
    assert brier < 0.1
    # scores mean what they say: most listings scored >= 0.8 are violating, most <= 0.2 benign
    hi, lo = p[sure] >= 0.8, p[sure] <= 0.2
    assert hi.sum() > 50 and y[hi].mean() >= 0.9
    assert lo.sum() > 50 and y[lo].mean() <= 0.1
    # a single used garment with no cue sits between the two (the review band)
    amb = np.median(p[labels == "ambiguous"])
    assert np.median(p[labels == "benign"]) < amb < np.median(p[labels == "violating"])


@pytest.mark.slow
@pytest.mark.parametrize("family", ["coinage", "regional_east"])
def test_code_words_never_seen_in_training_still_score_high_in_context(family: str) -> None:
    """Train without any listing of a code-word family; its listings must still rank far above
    benign ones, carried by their context (bulk, weight, origin, sorting, thrift framing)."""
    norm = default_normaliser()[0]
    rows = [r for r in generate(2500, seed=5) if f"family:{family}" not in r["tags"]]
    listings, labels = _split(rows)
    model = fit(listings, labels, seed=0, bits=BITS, normalise=norm)
    a, b = model["calibration"]

    def score(xs: list[Listing]) -> np.ndarray:
        z = featurise(xs, norm, BITS).dot(model["weights"]) + model["bias"]
        return 1.0 / (1.0 + np.exp(-(a * z + b)))

    fresh = _fresh_rows()
    held = score([to_listing(r) for r in fresh if f"family:{family}" in r["tags"]])
    benign = score([to_listing(r) for r in fresh if r["label"] == "benign"])
    assert len(held) >= 20
    auc = float(np.mean(held[:, None] > benign[None, :]))
    assert auc >= 0.9
    assert np.median(held) > np.quantile(benign, 0.98)


def test_cli_train_and_show(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    write(corpus, n=400, seed=4)
    out = tmp_path / "m.zip"
    runner = CliRunner()
    res = runner.invoke(app, ["model", "train", "--corpus", str(corpus), "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    res = runner.invoke(app, ["model", "show", "--path", str(out)])
    assert res.exit_code == 0, res.output
    assert report["hash"] in res.output and report["corpus_hash"] in res.output


def test_cli_reports_a_missing_corpus_as_a_usage_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["model", "train", "--corpus", str(tmp_path / "nope.jsonl"),
                                   "--out", str(tmp_path / "m.zip")])
    assert res.exit_code == 2
    assert "nope.jsonl" in res.output


def test_a_corpus_without_generator_tags_trains_with_plain_folds(tmp_path: Path) -> None:
    rows = list(generate(500, seed=9))
    corpus = tmp_path / "plain.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for r in rows:
            r.pop("tags", None)
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    report = train(corpus, tmp_path / "m.zip", seed=1, bits=BITS)
    assert report.rows["violating"] > 0 and 0.0 < report.thresholds["review"] < report.thresholds["violating"]


def test_a_row_without_a_known_label_is_an_input_error_naming_its_line(tmp_path: Path) -> None:
    corpus = tmp_path / "bad.jsonl"
    row = next(iter(generate(1, seed=1)))
    row["label"] = "maybe"
    corpus.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:1"):
        train(corpus, tmp_path / "m.zip")


def test_top_features_name_the_words_that_pushed_a_bale_listing_up() -> None:
    model = load_model()
    listing = to_listing({"platform": "web", "listing_id": "1", "seller": {"id": "s"},
                          "title": "bal press kemeja flanel korea isi 100 pcs unsortir"})
    words = [w for w, weight in model.top_features(listing, k=3)]
    assert words and all(weight > 0 for _, weight in model.top_features(listing, k=3))
    assert set(words) & {"bal", "press", "unsortir", "korea", "pcs"}
