"""Column types shared by the models: aware UTC instants and privacy-classed columns."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator

from visitplanner.domain.enums import Privacy

UTC = UTC


class UTCDateTime(TypeDecorator[datetime]):
    """An instant stored as UTC and loaded aware; naive datetimes are refused.

    SQLite's DATETIME drops an offset without converting, so values are converted to UTC
    before binding and UTC is attached on load.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r} refused: instants must be timezone-aware")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


def privacy(level: Privacy) -> dict[str, Any]:
    """The column `info` that declares who may see the column's values."""
    return {"privacy": level}


PUBLIC = privacy(Privacy.PUBLIC)
INTERNAL = privacy(Privacy.INTERNAL)
MOVEMENTS = privacy(Privacy.MOVEMENTS)
RESTRICTED = privacy(Privacy.RESTRICTED)
