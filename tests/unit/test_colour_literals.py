"""Every screen colour comes from ui/style.py (light and dark) or the palette: no literal elsewhere in ui/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "visitplanner" / "ui"
STYLE = UI / "style.py"

#: A colour written out: "#abc" / "#a1b2c3", rgb()/rgba()/hsl(), QColor("…") or QColor(r, g, b),
#: a Qt.GlobalColor other than transparent, or a CSS colour name after "color:" or "background:".
NAMES = (
    "white|black|red|green|blue|gray|grey|silver|yellow|orange|purple|navy|maroon|teal|pink|brown|darkgray|lightgray"
)
LITERAL = re.compile(
    r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?\b"
    r"|\b(?:rgba?|hsla?)\("
    r"|QColor\(\s*(?:['\"]|\d)"
    r"|GlobalColor\.(?!transparent\b)\w+"
    rf"|(?:color|background(?:-color)?)\s*:\s*(?:{NAMES})\b",
    re.IGNORECASE,
)

#: Allowed, each with its reason: (file relative to ui/, the line's text). Keep it short.
ALLOWED: set[tuple[str, str]] = set()


def literals(path: Path) -> list[str]:
    relative = path.relative_to(UI).as_posix()
    return [
        f"{relative}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if LITERAL.search(line) and (relative, line.strip()) not in ALLOWED
    ]


def test_no_colour_literal_outside_the_style_module() -> None:
    found = [hit for path in sorted(UI.rglob("*.py")) if path != STYLE for hit in literals(path)]
    assert found == []


@pytest.mark.parametrize(
    "line",
    [
        'label.setStyleSheet("color: #555;")',
        "f\"<span style='color:#777'>{hint}</span>\"",
        "f\"<div style='background:{css(MARKING)};color:white;padding:4px'>\"",
        'painter.setPen(QColor("#1f2933"))',
        "brush = QColor(200, 30, 30)",
        "painter.fillRect(rect, Qt.GlobalColor.red)",
        "style = 'background-color: rgba(0, 0, 0, 40)'",
    ],
)
def test_the_search_sees_each_kind_of_literal(line: str) -> None:
    assert LITERAL.search(line)


@pytest.mark.parametrize(
    "line",
    [
        "pixmap.fill(Qt.GlobalColor.transparent)",
        'label.setStyleSheet(f"color: {css(MUTED)};")',
        "# 12 attendees, see issue #11",
        '"""After an import in the background: refresh the views."""',
    ],
)
def test_the_search_passes_what_is_not_a_colour(line: str) -> None:
    assert not LITERAL.search(line)
