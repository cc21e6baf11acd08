"""Every colour the GUI paints, each with a light and a dark variant chosen from the palette."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QColor, QGuiApplication, QPalette

from visitplanner.domain.enums import EngagementKind, Side
from visitplanner.domain.findings import Severity

# Printed PDFs keep their own print palette (exporters/pdf_styles.py: INK, MUTED, ACCENT, ...):
# paper is always white, so it needs no dark variant.


class Shade(NamedTuple):
    """One colour role: `light` on a light window, `dark` on a dark one (hex)."""

    light: str
    dark: str


MUTED = Shade("#757575", "#a7a7a7")
FAINT = Shade("#8a8a8a", "#9a9a9a")  # fainter than muted: cancelled, or only known the other way
OK = Shade("#2e7d32", "#81c784")
ERROR = Shade("#c62828", "#ef5350")
ALERT = Shade("#b71c1c", "#ef9a9a")
ALERT_TINT = Shade("#fdecea", "#4a2323")
PANEL = Shade("#f3f6f9", "#2b3137")
PANEL_LINE = Shade("#d5dde5", "#4f5963")
DIAGONAL = Shade("#eceff1", "#30363b")
MARKING = Shade("#263238", "#263238")  # the protective-marking bar: white on slate in both palettes
ON_DARK = Shade("#ffffff", "#ffffff")  # text on a dark fill in both palettes: the marking bar, a chosen segment
ON_ERROR = Shade("#ffffff", "#1f1f1f")  # text on an ERROR fill (the RESTRICTED badge)
WARNING = Shade("#e65100", "#ffb74d")
DIETARY = WARNING
ACCESS = Shade("#1e88e5", "#64b5f6")
SIDES = {Side.VISITING: Shade("#00897b", "#4db6ac"), Side.HOST: Shade("#3949ab", "#8c9eff"), Side.STAFF: MUTED}
SEVERITIES = {Severity.ERROR: ERROR, Severity.WARNING: WARNING, Severity.INFO: ACCESS}
CANCELLED = (Shade("#f2f2f2", "#3a3a3a"), FAINT)

# the timeline: its paper is the palette's Base colour (see `paper`); these draw on it
TEXT = Shade("#1f2933", "#e3e7eb")
GRID = Shade("#dde1e6", "#3b424a")
HALF_GRID = Shade("#eef0f3", "#2d3339")
NIGHT = Shade("#f1f3f6", "#24292e")
STRIPE = Shade("#f9f9fa", "#262b30")  # every other lane
FOCUS = Shade("#1e6fc2", "#64b5f6")
CHROME = Shade("#f4f5f7", "#2a2f35")  # the lane header and the time axes
CHROME_LINE = Shade("#d5d9de", "#454c54")
SEGMENT_ON = Shade("#2f5f8a", "#4f83b3")  # the chosen view of the Day / Whole visit / Table switch
MOVEMENT = Shade("#0b6e99", "#5cc8f0")  # arrivals and departures on the timeline
# the seating canvas: a seat's fill by side (white labels on it), an empty seat, the table top
SEAT_SIDES = {
    Side.HOST: Shade("#1f3a5f", "#3d6a9e"),
    Side.VISITING: Shade("#9c4221", "#c0612f"),
    Side.STAFF: Shade("#5b6573", "#7b8593"),
}
SEAT_EMPTY = Shade("#ffffff", "#2b3137")
SEAT_EMPTY_LINE = Shade("#9aa3ad", "#6b7580")
SEAT_LINE = Shade("#1b1f24", "#e3e7eb")
TABLE_TOP = Shade("#f3efe6", "#3a362e")
TABLE_LABEL = Shade("#1f3a5f", "#9ec1e8")

#: Engagement kinds on a light palette: (fill, outline). On a dark one the outline is lightened
#: and the fill is the outline darkened, so blocks keep their hue (see `kind_colours`).
KIND_COLOURS: dict[EngagementKind, tuple[str, str]] = {
    EngagementKind.MEETING: ("#DCE9F7", "#3F72AF"),
    EngagementKind.TOUR: ("#DCEFE0", "#3E8E52"),
    EngagementKind.CEREMONY: ("#E9E0F4", "#7452A3"),
    EngagementKind.MEAL: ("#FBE7D3", "#C0782A"),
    EngagementKind.TRANSFER: ("#E4E9EE", "#5E7080"),
    EngagementKind.BRIEFING: ("#D7EFEC", "#2F877F"),
    EngagementKind.PRESS: ("#F7DEE7", "#AD4F74"),
    EngagementKind.RECEPTION: ("#F6EDCB", "#9C7F1E"),
    EngagementKind.FREE_TIME: ("#EDF1E1", "#7A8A4A"),
    EngagementKind.OTHER: ("#ECEDEF", "#7D838A"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether `palette` (the application's when None) has a dark window."""
    palette = palette if palette is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colour(shade: Shade, palette: QPalette | None = None) -> QColor:
    return QColor(shade.dark if is_dark(palette) else shade.light)


def css(shade: Shade, palette: QPalette | None = None) -> str:
    """The shade as "#rrggbb", for style sheets and rich text."""
    return colour(shade, palette).name()


def paper(palette: QPalette | None = None) -> QColor:
    """What the timeline and other drawn surfaces paint on: the palette's own Base colour."""
    palette = palette if palette is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base)


def segment_style(palette: QPalette | None = None) -> str:
    """The style sheet of a row of segmented tool buttons (one chosen), in the palette's colours."""
    line, on, base = css(PANEL_LINE, palette), css(SEGMENT_ON, palette), paper(palette).name()
    text = css(ON_DARK, palette)
    return f"""
QToolButton {{ border: 1px solid {line}; padding: 3px 10px; background: {base}; }}
QToolButton:checked {{ background: {on}; color: {text}; border-color: {on}; }}
QToolButton#segmentLeft {{ border-top-left-radius: 4px; border-bottom-left-radius: 4px; }}
QToolButton#segmentMiddle {{ border-left: none; }}
QToolButton#segmentRight {{ border-top-right-radius: 4px; border-bottom-right-radius: 4px; border-left: none; }}
"""


def kind_colours(kind: EngagementKind, palette: QPalette | None = None) -> tuple[QColor, QColor]:
    """(fill, outline) of an engagement of `kind`."""
    fill, outline = KIND_COLOURS[kind]
    if is_dark(palette):
        return QColor(outline).darker(260), QColor(outline).lighter(150)
    return QColor(fill), QColor(outline)


def cancelled_colours(palette: QPalette | None = None) -> tuple[QColor, QColor]:
    """(fill, outline) of a cancelled engagement; the outline also greys its text."""
    return colour(CANCELLED[0], palette), colour(CANCELLED[1], palette)
