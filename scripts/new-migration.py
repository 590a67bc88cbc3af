"""Autogenerate an Alembic revision holding only the tables of one table module.

    .venv/bin/python scripts/new-migration.py AREA "message"

AREA names src/pantau/store/tables/AREA.py. The first revision of an area starts its own branch off
0001 (branch label AREA); later ones continue that branch. Review the file it writes.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

import pantau.store.tables  # noqa: F401
from pantau.store.db import alembic_config


def main() -> None:
    area, message = sys.argv[1], sys.argv[2]
    module = importlib.import_module(f"pantau.store.tables.{area}")
    tables = {
        obj.__table__.name for obj in vars(module).values()
        if isinstance(obj, type) and hasattr(obj, "__table__") and obj.__module__ == module.__name__
    }
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'mig.db'}"
        cfg = alembic_config(url)
        engine = create_engine(url)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
            script = ScriptDirectory.from_config(cfg)
            has_branch = any(area in (rev.branch_labels or ()) for rev in script.walk_revisions())
            cfg.attributes["only_tables"] = tables
            n = sum(1 for _ in script.walk_revisions())
            rev_id = f"{n + 1:04d}_{area}"
            if has_branch:
                command.revision(cfg, message, autogenerate=True, rev_id=rev_id, head=f"{area}@head")
            else:
                command.revision(cfg, message, autogenerate=True, rev_id=rev_id, head="0001",
                                 branch_label=area, splice=True)
    print(f"tables: {sorted(tables)}")


if __name__ == "__main__":
    main()
