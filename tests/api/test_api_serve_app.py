"""`pantau serve`'s app: the start-up heap is frozen out of the cyclic collector, in that process only."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

CHILD = """
import gc, warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient
from pantau.api.app import serve_app
assert gc.get_freeze_count() == 0
with TestClient(serve_app()) as client:
    assert client.get("/healthz").status_code == 200
    print(gc.get_freeze_count(), gc.get_threshold()[0])
"""


def test_serve_app_freezes_the_start_up_heap(tmp_path: Path) -> None:
    env = {"PANTAU_HOME": str(tmp_path), "PANTAU_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
           "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    frozen, threshold = map(int, run.stdout.split())
    assert frozen > 10_000  # modules, app, routes, models
    assert threshold > 700


def test_create_app_leaves_the_collector_alone(tmp_path: Path) -> None:
    import warnings

    from pantau.api.app import create_app
    from pantau.config import Settings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    before = gc.get_freeze_count(), gc.get_threshold()
    settings = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'p.db'}")
    with TestClient(create_app(settings, console=False)) as client:
        client.get("/healthz")
    assert (gc.get_freeze_count(), gc.get_threshold()) == before
