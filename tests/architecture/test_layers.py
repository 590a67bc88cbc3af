"""The core never imports the adapters' frameworks (FastAPI, Typer, Ray): STYLE.md point 1."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["pantau.domain", "pantau.ingest.readers", "pantau.pipeline", "pantau.local_scan", "pantau.store.listings",
        "pantau.detect", "pantau.photos", "pantau.sellers", "pantau.notices", "pantau.terms", "pantau.synth",
        "pantau.scorer_factory", "pantau.scale.arrow"]
FORBIDDEN = ("fastapi", "starlette", "typer", "ray", "uvicorn")


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_adapter_framework(module: str) -> None:
    code = (f"import importlib, sys\nimportlib.import_module({module!r})\n"
            f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "", f"{module} pulls in {res.stdout.strip()}"
