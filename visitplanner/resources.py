"""Where the application's bundled files (fonts, icons) are found."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a bundled resource, e.g. `resource_path("fonts", "NanumGothic.ttf")`."""
    return ROOT.joinpath(*parts)


HANGUL_FONT = resource_path("fonts", "NanumGothic.ttf")
HANGUL_FONT_BOLD = resource_path("fonts", "NanumGothicBold.ttf")
