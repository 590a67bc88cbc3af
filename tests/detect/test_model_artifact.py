"""The bundled text-model artifact: it loads without unpickling, its hash is the file's, and it
is exactly what `pantau model train` rebuilds from the bundled corpus."""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest

from pantau.detect.corpus_gen import write
from pantau.detect.features import default_normaliser
from pantau.detect.model import bundled_path, load_model, read_artifact
from pantau.detect.train import bundled_corpus, normaliser_fingerprint, train
from pantau.domain import Listing, Seller
from pantau.errors import InputError


def _listing(title: str, description: str = "", shop: str = "", price: float | None = None) -> Listing:
    return Listing(platform="shopee", listing_id=title[:20], title=title, description=description,
                   seller=Seller(id="s1", name=shop), price=price)


def test_bundled_model_hash_is_the_files_sha256_and_recorded_beside_it() -> None:
    model = load_model()
    path = bundled_path()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert model.hash == digest
    assert path.with_name(path.name + ".sha256").read_text().split()[0] == digest
    assert model.meta["corpus_sha256"] == hashlib.sha256(bundled_corpus().read_bytes()).hexdigest()
    assert model.meta["seed"] == 0 and "cv_f1" in model.meta["metrics"]


def test_bundled_artifact_and_corpus_are_small() -> None:
    assert bundled_path().stat().st_size < 5_000_000
    assert bundled_corpus().stat().st_size < 5_000_000


def test_scores_are_probabilities_one_per_listing_and_batch_independent() -> None:
    model = load_model()
    listings = [_listing("bal press jaket korea isi 100 pcs grade A", price=4_500_000),
                _listing("bola futsal molten original size 4", price=250_000),
                _listing(""), _listing("kemeja flanel second uniqlo size L", price=85_000)]
    together = model.score(listings)
    alone = np.array([model.score([x])[0] for x in listings])
    assert together.shape == (4,) and np.all((together >= 0) & (together <= 1))
    np.testing.assert_allclose(together, alone, rtol=1e-9)
    assert together[0] > together[1]


def test_loading_never_unpickles(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("pickle used while loading a model")

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    assert load_model().score([_listing("karungan kaos")]).shape == (1,)


def _zip_with(path: Path, meta: dict, arrays: dict[str, np.ndarray], allow_pickle: bool = False) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("meta.json", json.dumps(meta))
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, allow_pickle=allow_pickle)
            z.writestr(f"{name}.npy", buf.getvalue())


def test_an_artifact_holding_a_pickled_object_is_refused(tmp_path: Path) -> None:
    meta, _, _ = read_artifact(bundled_path())
    evil = np.array([{"x": 1}], dtype=object)  # would need unpickling to read
    path = tmp_path / "evil.zip"
    _zip_with(path, meta, {"index": evil, "value": np.zeros(1, np.int16)}, allow_pickle=True)
    with pytest.raises(InputError, match="not a pantau model artifact"):
        load_model(path)


def test_a_tampered_artifact_fails_its_recorded_hash(tmp_path: Path) -> None:
    path = tmp_path / "m.zip"
    path.write_bytes(bundled_path().read_bytes())
    (tmp_path / "m.zip.sha256").write_text("0" * 64 + "  m.zip\n")
    with pytest.raises(InputError, match="differs from the recorded"):
        load_model(path)


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_garbage_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "m.zip"
    path.write_bytes(content)
    with pytest.raises(InputError):
        load_model(path)


def test_weights_outside_the_feature_space_are_refused(tmp_path: Path) -> None:
    meta, _, _ = read_artifact(bundled_path())
    path = tmp_path / "m.zip"
    _zip_with(path, meta, {"index": np.array([2**30], np.uint32), "value": np.ones(1, np.int16)})
    with pytest.raises(InputError, match="feature space"):
        load_model(path)


def test_the_bundled_corpus_is_what_its_seeded_generator_writes(tmp_path: Path) -> None:
    out = tmp_path / "train.jsonl"
    write(out, n=8000, seed=0)
    assert out.read_bytes() == bundled_corpus().read_bytes()


@pytest.mark.slow
def test_rebuilding_from_the_bundled_corpus_reproduces_the_bundled_hash(tmp_path: Path) -> None:
    bundled = load_model()
    if bundled.meta["normaliser_fingerprint"] != normaliser_fingerprint(default_normaliser()[0]):
        pytest.skip("the normaliser changed since the artifact was built: run `pantau model train`")
    report = train(None, tmp_path / "text-model.zip", seed=0)
    assert report.hash == bundled.hash
