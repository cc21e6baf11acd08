"""`report_written`: what a calendar export tells the officer, stale files included."""

from __future__ import annotations

from pathlib import Path

from visitplanner.exporters.ical import WrittenCalendar, cancel_path, report_written


def test_a_request_export_with_cancellations_says_to_send_both(tmp_path: Path) -> None:
    path = tmp_path / "visit.ics"
    written = (WrittenCalendar(path, "REQUEST", 12), WrittenCalendar(cancel_path(path), "CANCEL", 1))
    assert report_written(path, written) == [
        f"Wrote 12 invitations (METHOD:REQUEST) to {path}",
        f"Wrote 1 cancellation (METHOD:CANCEL) to {tmp_path / 'visit-cancel.ics'}",
        "Send or open both files: the first invites, the second removes the cancelled engagements.",
    ]


def test_a_file_of_the_pair_left_from_an_earlier_export_is_called_out_of_date(tmp_path: Path) -> None:
    path = tmp_path / "dif.ics"
    path.write_text("an earlier invitation")  # every engagement in scope has since been cancelled
    written = (WrittenCalendar(cancel_path(path), "CANCEL", 2),)
    lines = report_written(path, written)
    assert lines[0] == f"Wrote 2 cancellations (METHOD:CANCEL) to {cancel_path(path)}"
    assert lines[1] == (
        f"{path} is left from an earlier export and was not rewritten: it is out of date, so do not send it."
    )
    # and the other way round: a restored engagement leaves an old cancellation file behind
    cancel_path(path).write_text("an earlier cancellation")
    lines = report_written(path, (WrittenCalendar(path, "REQUEST", 3),))
    assert lines[-1].startswith(f"{cancel_path(path)} is left from an earlier export")


def test_a_publish_export_mentions_only_its_file(tmp_path: Path) -> None:
    path = tmp_path / "visit.ics"
    cancel_path(path).write_text("not ours to judge: PUBLISH exports never write it")
    assert report_written(path, (WrittenCalendar(path, "PUBLISH", 1),)) == [f"Wrote 1 event (METHOD:PUBLISH) to {path}"]
    assert report_written(path, ()) == [
        "Nothing was written: no engagement is in the calendar's scope",
        f"{cancel_path(path)} is left from an earlier export and was not "
        "rewritten: it is out of date, so do not send it.",
    ]
