"""Settings declared once (key, type, default, label) and read through typed accessors."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from visitplanner.domain.findings import DEFAULT_OPTIONS, CheckOptions
from visitplanner.domain.office import limit_named

T = TypeVar("T", int, str, bool, bytes, list)  # type: ignore[type-arg]


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One persisted setting.

    Attributes:
        key: the QSettings key.
        kind: the Python type of its value.
        default: the value when nothing is stored.
        label: what the setting means, for people.
    """

    key: str
    kind: type[T]
    default: T
    label: str


WINDOW_GEOMETRY = Setting("window/geometry", bytes, b"", "Main window geometry")
WINDOW_STATE = Setting("window/state", bytes, b"", "Main window toolbars and docks")
MAIN_SPLITTER = Setting("window/mainSplitter", bytes, b"", "Visit list and workspace split")
LAST_VISIT_ID = Setting("session/lastVisitId", int, 0, "The visit open when the app was last closed")
LAST_TAB = Setting("session/lastTab", int, 0, "The tab open when the app was last closed")
RECENT_DATABASES = Setting(
    "session/recentDatabases", list, [], "Recently opened databases (URLs kept without passwords)"
)
EXPORT_FOLDER = Setting("exports/lastFolder", str, "", "The folder the last export was written to")
CALDAV_URL = Setting("caldav/url", str, "", "The CalDAV calendar home last published to")
CALDAV_USER = Setting("caldav/user", str, "", "The CalDAV user name last published as (its password: the keyring)")
TIMELINE_ZOOM = Setting("itinerary/zoom", int, 100, "Timeline zoom in percent")
ITINERARY_VIEW = Setting("itinerary/view", str, "day", "The itinerary's view: day, visit or table")
ALL = [
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    MAIN_SPLITTER,
    LAST_VISIT_ID,
    LAST_TAB,
    RECENT_DATABASES,
    EXPORT_FOLDER,
    TIMELINE_ZOOM,
    ITINERARY_VIEW,
]


def header_state(name: str) -> Setting[bytes]:
    """The saved column layout of the table called `name`."""
    return Setting(f"tables/{name}/header", bytes, b"", f"Column layout of the {name} table")


class Settings:
    """Typed access to the declared settings, stored with QSettings."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store or QSettings()

    def get(self, setting: Setting[T]) -> T:
        raw = self._store.value(setting.key)
        if raw is None:
            return setting.default
        try:
            if setting.kind is bytes:
                return bytes(raw.data() if isinstance(raw, QByteArray) else raw)  # type: ignore[return-value]
            if setting.kind is bool:
                return (raw in (True, "true", "1", 1)) if not isinstance(raw, bool) else raw
            if setting.kind is int:
                return int(raw)  # type: ignore[return-value]
            if setting.kind is list:
                return list(raw) if isinstance(raw, (list, tuple)) else [raw]  # type: ignore[return-value]
            return str(raw)  # type: ignore[return-value]
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        if isinstance(value, bytes):
            self._store.setValue(setting.key, QByteArray(value))
        else:
            self._store.setValue(setting.key, value)

    def has(self, setting: Setting[T]) -> bool:
        """Whether a value is stored for `setting` (not just its default)."""
        return bool(self._store.contains(setting.key))

    def remove(self, setting: Setting[T]) -> None:
        self._store.remove(setting.key)

    def sync(self) -> None:
        self._store.sync()


# -- the office's limits as this computer kept them before (now the database's) ------------------
TRAVEL_BUFFER_MINUTES = Setting(
    "checks/travelBufferMinutes", int, 10, "Minutes added to every travel time by the checks"
)
SIMULTANEOUS_SOLO_MINUTES = Setting(
    "checks/simultaneousSoloMinutes",
    int,
    40,
    "Longest simultaneous interpretation one interpreter may give alone, in minutes",
)
INTERPRETING_DAILY_MINUTES = Setting(
    "checks/interpretingDailyMinutes", int, 360, "Most minutes an interpreter may work alone in a day"
)
ARRIVAL_MARGIN_MINUTES = Setting(
    "checks/arrivalMarginMinutes", int, 45, "Minutes from landing to the first engagement (immigration, baggage)"
)
DEPARTURE_MARGIN_MINUTES = Setting(
    "checks/departureMarginMinutes", int, 90, "Minutes from the last engagement to take-off (check-in, security)"
)
PICKUP_WAIT_MINUTES = Setting(
    "checks/pickupWaitMinutes", int, 60, "Longest wait for the pick-up once through arrivals, in minutes"
)
GREETER_PRECEDENCE = Setting(
    "checks/greeterPrecedence", int, 3, "Lowest host rank suitable to meet a visiting principal"
)
DECLARATION_THRESHOLD = Setting(
    "checks/declarationThreshold",
    int,
    14000,
    "Value (minor units: pence, cents) above which a gift received must be declared",
)
DECLARATION_CURRENCY = Setting("checks/declarationCurrency", str, "GBP", "Currency of the declaration threshold")

#: Where this computer kept the office's limits before they were the database's (read once, to
#: copy them into a database that has none: see `legacy_check_options`), by option.
LEGACY_CHECK_SETTINGS: dict[str, Setting[int]] = {
    "travel_buffer_minutes": TRAVEL_BUFFER_MINUTES,
    "simultaneous_solo_minutes": SIMULTANEOUS_SOLO_MINUTES,
    "interpreting_daily_minutes": INTERPRETING_DAILY_MINUTES,
    "arrival_margin_minutes": ARRIVAL_MARGIN_MINUTES,
    "departure_margin_minutes": DEPARTURE_MARGIN_MINUTES,
    "pickup_wait_minutes": PICKUP_WAIT_MINUTES,
    "greeter_precedence": GREETER_PRECEDENCE,
    "declaration_threshold": DECLARATION_THRESHOLD,
}


def legacy_check_options(settings: Settings) -> CheckOptions | None:
    """The office's limits this computer kept (a value out of range read as its default), or None
    when it kept none. The limits are now the database's: the window copies these into a database
    that has none stored, then `forget_legacy_check_options`."""
    if not (any(settings.has(s) for s in LEGACY_CHECK_SETTINGS.values()) or settings.has(DECLARATION_CURRENCY)):
        return None
    values: dict[str, Any] = {}  # whole-number limits by option name
    for name, setting in LEGACY_CHECK_SETTINGS.items():
        value = settings.get(setting)
        limit = limit_named(name)
        values[name] = value if limit.lowest <= value <= limit.highest else setting.default
    currency = settings.get(DECLARATION_CURRENCY).strip().upper()
    if not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
        currency = DECLARATION_CURRENCY.default
    return replace(DEFAULT_OPTIONS, **values, declaration_currency=currency)


def forget_legacy_check_options(settings: Settings) -> None:
    """Remove the limits this computer kept, once they are in a database (copied only once)."""
    for setting in LEGACY_CHECK_SETTINGS.values():
        settings.remove(setting)
    settings.remove(DECLARATION_CURRENCY)
    settings.sync()
