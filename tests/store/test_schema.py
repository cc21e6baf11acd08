"""The schema: privacy classes on every column, migrations equal to the models, UTC instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from visitplanner.domain.enums import Privacy
from visitplanner.store.database import HEAD_REVISION, MIGRATIONS, Database, current_revision, open_database
from visitplanner.store.models import Base, Engagement


def test_every_column_declares_a_privacy_class() -> None:
    missing = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if not isinstance(column.info.get("privacy"), Privacy)
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("person", "dietary"),
        ("person", "access_needs"),
        ("person", "phone"),
        ("person", "notes"),
        ("engagement", "restricted_notes"),
        ("venue", "site_contact_phone"),
    ],
)
def test_sensitive_columns_are_restricted(table: str, column: str) -> None:
    assert Base.metadata.tables[table].columns[column].info["privacy"] is Privacy.RESTRICTED


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_migrations_produce_exactly_the_models_schema(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert current_revision(database.engine) == HEAD_REVISION


def test_sqlite_is_opened_with_foreign_keys_and_wal(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    db.close()


def test_upgrading_an_older_sqlite_file_copies_it_aside_first(tmp_path: Path) -> None:
    from alembic import command

    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    old = open_database(url, migrate=False)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with old.engine.begin() as connection:  # a database as the first release left it
        config.attributes["connection"] = connection
        command.upgrade(config, "0001_initial")
    with old.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO organisation (name, native_name, country, kind, version) "
                "VALUES ('Busan Metropolitan City', '부산광역시', 'KR', 'government', 1)"
            )
        )
    old.close()
    upgraded = open_database(url)
    assert current_revision(upgraded.engine) == HEAD_REVISION
    with upgraded.engine.connect() as connection:
        assert connection.execute(text("SELECT native_name FROM organisation")).scalar() == "부산광역시"
    upgraded.close()
    copies = list(tmp_path.glob("old.sqlite3.0001_initial.*.bak"))
    assert len(copies) == 1
    copy = open_database(f"sqlite:///{copies[0]}", migrate=False)
    assert current_revision(copy.engine) == "0001_initial"
    copy.close()


def test_instants_are_stored_as_utc_and_load_aware(session: Session, create_visit, create_engagement) -> None:
    visit = create_visit()
    seoul = datetime(2027, 5, 11, 18, 0, tzinfo=ZoneInfo("Asia/Seoul"))  # 09:00 UTC
    engagement_id = create_engagement(visit, start=seoul, end=seoul + timedelta(hours=1))
    session.expire_all()
    loaded = session.get(Engagement, engagement_id)
    assert loaded is not None
    assert loaded.start_at == datetime(2027, 5, 11, 9, 0, tzinfo=UTC)
    assert loaded.start_at.utcoffset() == timedelta(0)
    stored = session.execute(select(Engagement.start_at).where(Engagement.id == engagement_id)).scalar_one()
    assert stored.tzinfo is not None


def test_the_column_type_refuses_naive_datetimes(session: Session, create_visit, create_engagement) -> None:
    engagement = session.get(Engagement, create_engagement(create_visit()))
    assert engagement is not None
    engagement.start_at = datetime(2027, 5, 11, 9, 0)
    with pytest.raises(StatementError, match="naive datetime"):
        session.flush()
    session.rollback()
