"""Every export read by icalendar, ical, vobject and libical (with its restriction check): same events and instants."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.interop.conftest import Export, Exports
from tests.interop.parsers import Seen, require_libical, with_ical, with_icalendar, with_libical, with_vobject

PARSERS: dict[str, Callable[[bytes], dict[str, Seen]]] = {
    "icalendar": with_icalendar,
    "ical": with_ical,
    "vobject": with_vobject,
}


def _check(export: Export, seen: dict[str, Seen], parser: str) -> None:
    where = f"{export.name} read by {parser}"
    assert list(seen) == list(export.expected), where
    for uid, truth in export.expected.items():
        event = seen[uid]
        assert (event.start, event.end) == (truth.start, truth.end), f"{where}: {truth.summary}"
        assert event.sequence == truth.sequence, f"{where}: {truth.summary}"
        assert event.summary == truth.summary, where
        expected_status = "CANCELLED" if export.method == "CANCEL" else truth.status
        assert event.status.upper() == expected_status, f"{where}: {truth.summary}"


def test_the_exports_cover_every_scope_and_method(exports: Exports) -> None:
    names = {e.name for e in exports.items}
    assert {
        "demo publish",
        "demo request",
        "mayor publish",
        "mayor request",
        "venue MIF publish",
        "updated request",
        "updated cancel",
        "autumn publish",
        "autumn request",
    } <= names
    assert len(exports.named("demo publish").expected) == 20
    assert [t.summary for t in exports.named("updated cancel").expected.values()] == ["Working lunch"]


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_every_export_reads_the_same_in_every_python_parser(exports: Exports, parser: str) -> None:
    for export in exports.items:
        if parser == "vobject" and export.name.startswith("zones"):
            # vobject reads an IANA TZID with pytz, not the file's VTIMEZONE, and pytz's zone data can be
            # newer than the system's (Casablanca differs between tzdata 2025b and 2026f): the test with
            # renamed TZIDs below makes vobject read these zones from our definitions
            continue
        _check(export, PARSERS[parser](export.data), parser)


def test_every_export_passes_libical_and_its_restriction_check(exports: Exports) -> None:
    require_libical()
    reports = with_libical([e.path for e in exports.items])
    for export in exports.items:
        report = reports[export.path]
        assert report.errors == (), f"{export.name}: {report.errors}"
        assert report.method == export.method.lower(), export.name
        _check(export, report.events, "libical")
        if export.method == "PUBLISH":
            assert all(e.attendee_count == 0 for e in report.events.values()), export.name
        else:
            assert all(e.attendee_count >= 1 for e in report.events.values()), export.name


def test_text_values_read_the_same_everywhere(exports: Exports) -> None:
    for export in exports.items:
        readings = {name: read(export.data) for name, read in PARSERS.items()}
        reference = readings["icalendar"]
        for name, seen in readings.items():
            for uid, event in seen.items():
                other = reference[uid]
                assert (event.location, event.description, event.organizer) == (
                    other.location,
                    other.description,
                    other.organizer,
                ), f"{export.name}: {name} {uid}"
                assert event.attendees == other.attendees, f"{export.name}: {name} {uid}"


def test_attendees_are_named_in_both_scripts(exports: Exports) -> None:
    export = exports.named("mayor request")
    for name, read in PARSERS.items():
        names = {cn for event in read(export.data).values() for _, cn in event.attendees}
        assert "Park Heong-Joon (박형준)" in names and "Seo Ji-yeon (서지연)" in names, name
    publish = exports.named("mayor publish")
    assert all(not e.attendees for e in with_icalendar(publish.data).values())


def _own_zones_only(data: bytes) -> bytes:
    """The export with every TZID renamed, so no parser can fall back on a zone database."""
    return re.sub(rb"TZID([=:])([A-Za-z]+)/([A-Za-z_]+)", rb"TZID\1VisitPlanner \2 \3", data)


def test_every_kind_of_zone_is_defined(exports: Exports) -> None:
    from tests.interop.conftest import ZONES

    text = exports.named("zones publish").data.decode("utf-8")
    assert text.count("BEGIN:VTIMEZONE") == len(ZONES)
    assert "TZID:Africa/Casablanca" in text and "TZOFFSETTO:+1245" in text and "TZOFFSETTO:-0230" in text
    assert len(exports.named("zones publish").expected) > 150


def test_our_vtimezones_alone_give_the_same_instants_in_every_parser(exports: Exports, tmp_path: Path) -> None:
    chosen = [exports.named(name) for name in ("autumn publish", "autumn request", "demo publish", "zones publish")]
    renamed: list[tuple[Export, bytes, Path]] = []
    for export in chosen:
        data = _own_zones_only(export.data)
        assert not re.search(rb"TZID[=:][A-Za-z]+/", data) and b"TZID=VisitPlanner Europe London" in data
        path = tmp_path / export.path.name
        path.write_bytes(data)
        renamed.append((export, data, path))
    for export, data, _ in renamed:
        for name, read in PARSERS.items():
            _check(export, read(data), f"{name} (own VTIMEZONEs only)")
    require_libical()
    reports = with_libical([path for _, _, path in renamed])
    for export, _, path in renamed:
        assert reports[path].errors == (), export.name
        _check(export, reports[path].events, "libical (own VTIMEZONEs only)")


def test_the_autumn_visit_crosses_the_change_and_reaches_seoul(exports: Exports) -> None:
    export = exports.named("autumn publish")
    text = export.data.decode("utf-8")
    assert text.count("BEGIN:VTIMEZONE") == 2
    # both 01:30s (BST, then GMT) are written in UTC: libical would read a local 01:30 as the second
    assert "DTSTART:20261025T003000Z" in text and "DTSTART:20261025T013000Z" in text
    assert "DTEND;TZID=Europe/London:20261025T030000" in text  # the vigil ends after the change, in GMT
    assert "DTEND;TZID=Asia/Seoul:20261027T170000" in text  # the flight lands in Seoul's zone
    starts = sorted(t.start for t in export.expected.values())
    assert len(starts) == 7
