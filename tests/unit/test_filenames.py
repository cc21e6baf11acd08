"""Default export file names: they say what the file is, and every file system accepts them."""

from __future__ import annotations

import pytest

from visitplanner.domain.filenames import export_file_name, name_part, slugify


def test_a_name_says_what_the_file_is() -> None:
    assert (
        export_file_name("busan-liverpool", "briefing", "public", "issue2", extension="pdf")
        == "busan-liverpool-briefing-public-issue2.pdf"
    )
    assert (
        export_file_name("busan-liverpool", "itinerary", "Park Heong-Joon", extension=".pdf")
        == "busan-liverpool-itinerary-park-heong-joon.pdf"
    )


def test_accents_are_dropped_and_other_scripts_kept_when_nothing_else_is_left() -> None:
    assert slugify("Zoë Ångström") == "zoe-angstrom"
    assert name_part("박형준") == "박형준"
    assert export_file_name("visit", "itinerary", "박형준", extension="pdf") == "visit-itinerary-박형준.pdf"


@pytest.mark.parametrize(
    "hostile", ["../../etc/passwd", "a/b\\c", 'x:y*z?"<>|', "..", "\x00\x1f", "CON", "lpt1", "   ", "서울/부산"]
)
def test_user_text_never_makes_a_path_or_a_reserved_name(hostile: str) -> None:
    name = export_file_name(hostile, extension="pdf")
    stem = name.removesuffix(".pdf")
    assert "/" not in name and "\\" not in name and ":" not in name and "\x00" not in name
    assert stem and stem not in (".", "..") and not stem.startswith(".")
    assert stem.lower() not in {"con", "prn", "aux", "nul", "lpt1", "com1"}


def test_a_long_name_is_shortened() -> None:
    assert len(export_file_name("x" * 500, "briefing", extension="pdf")) < 80
