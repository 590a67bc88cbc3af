"""Alembic environment: runs on a connection handed in by pantau.store.db.upgrade, or on the URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

import pantau.store.tables  # noqa: F401  (registers every table on Base.metadata)
from pantau.store.base import Base

config = context.config
target_metadata = Base.metadata
# scripts/new-migration.py sets this so one capability's revision holds only its own tables.
ONLY_TABLES: set[str] | None = config.attributes.get("only_tables")


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    if ONLY_TABLES is None:
        return True
    table = obj if type_ == "table" else getattr(obj, "table", None)
    table_name = name if type_ == "table" else getattr(table, "name", None)
    return table_name in ONLY_TABLES


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                          include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(config.get_section(config.config_ini_section) or {},
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True,
                          include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
