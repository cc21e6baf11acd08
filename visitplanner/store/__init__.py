"""Persistence: SQLAlchemy models, database opening, migrations and read queries."""
