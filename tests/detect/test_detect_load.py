"""Which model the detector runs with: never a silent switch to rules alone."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pantau.detect import detector as detector_module
from pantau.detect import model as model_module
from pantau.errors import InputError


def test_bundled_model_is_loaded() -> None:
    assert detector_module.load_detector().model is not None


def test_missing_bundled_model_means_rules_alone_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(model_module, "bundled_path", lambda: tmp_path / "absent.zip")
    with caplog.at_level(logging.WARNING, logger="pantau.detect.detector"):
        d = detector_module.load_detector()
    assert d.model is None
    assert "rules alone" in caplog.text


def test_damaged_bundled_model_is_an_error_not_rules_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "text-model.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    monkeypatch.setattr(model_module, "bundled_path", lambda: bad)
    with pytest.raises(InputError):
        detector_module.load_detector()
