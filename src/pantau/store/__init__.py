"""The store: SQLAlchemy 2 tables, repositories and Alembic migrations.

SQLite by default, PostgreSQL in production (PANTAU_DATABASE_URL). Nothing here decides anything:
the core returns decisions, repositories apply them.
"""
