"""The Alembic migrations build exactly the schema the table modules declare, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

import pantau.store.tables  # noqa: F401
from pantau.store.base import Base
from pantau.store.db import Database, alembic_config


def test_migrations_match_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], f"tables and migrations disagree; run scripts/new-migration.py: {diff}"


def test_upgrade_is_idempotent_and_reaches_every_head(db: Database) -> None:
    Database(db.url).dispose()  # a second start applies nothing and does not fail
    script = ScriptDirectory.from_config(alembic_config(db.url))
    with db.engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    assert current == set(script.get_heads())
