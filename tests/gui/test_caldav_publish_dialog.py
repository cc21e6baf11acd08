"""Export → Publish to CalDAV…: the dialog publishes the demo visit to a real Radicale in the background,
keeps a password the server took in the (in-memory) keyring, and says what happened."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.fixtures_radicale import Radicale
from tests.gui.conftest import ErrorLog
from visitplanner.domain.caldav import PublishAction
from visitplanner.ui import settings as S
from visitplanner.ui.caldav import CalDavPublishDialog
from visitplanner.ui.mainwindow import MainWindow


@pytest.fixture
def account(radicale: Radicale) -> tuple[str, str, str]:
    """(calendar home, user, password) of a user of this test alone."""
    user, password = radicale.new_user()
    return radicale.home(user), user, password


def publish_with(
    qtbot: QtBot, dialog: CalDavPublishDialog, *, url: str | None, user: str | None, password: str, people: bool
) -> None:
    dialog.show()
    qtbot.wait_exposed(dialog)
    if url is not None:
        dialog.url.setText(url)
    if user is not None:
        dialog.user.setText(user)
    dialog.password.setText(password)
    dialog.people.setChecked(people)
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: dialog.task is None, timeout=60_000)


def test_publish_from_the_menu_then_again_with_the_kept_password(
    window: MainWindow,
    qtbot: QtBot,
    radicale: Radicale,
    account: tuple[str, str, str],
    memory_keyring: dict[tuple[str, str], str],
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
    tmp_path: Path,
) -> None:
    home, user, password = account
    seen: list[dict[str, object]] = []

    def first(dialog: CalDavPublishDialog) -> int:
        publish_with(qtbot, dialog, url=home, user=user, password=password, people=False)
        dialog.grab().save(str(tmp_path / "published.png"))
        seen.append({"summary": dialog.summary.text(), "rows": dialog.table.rowCount(), "report": dialog.report})
        return 0

    monkeypatch.setattr(CalDavPublishDialog, "exec", first)
    window.export_actions["caldav"].trigger()
    assert errors == []
    (done,) = seen
    report = done["report"]
    assert report is not None
    assert done["summary"] == "1 calendar: 20 created, 0 updated, 0 removed, 0 unchanged, 0 conflicts."
    assert done["rows"] == 20
    assert list(memory_keyring.values()) == [password]  # kept, as the server took it
    assert window.settings.get(S.CALDAV_URL) == home and window.settings.get(S.CALDAV_USER) == user

    def second(dialog: CalDavPublishDialog) -> int:
        seen.append({"placeholder": dialog.password.placeholderText(), "url": dialog.url.text()})
        publish_with(qtbot, dialog, url=None, user=None, password="", people=False)  # the keyring's password
        seen.append({"summary": dialog.summary.text(), "rows": dialog.table.rowCount()})
        return 0

    monkeypatch.setattr(CalDavPublishDialog, "exec", second)
    window.export_actions["caldav"].trigger()
    assert seen[1] == {"placeholder": "kept in the system keyring", "url": home}
    assert seen[2] == {
        "summary": "1 calendar: 0 created, 0 updated, 0 removed, 20 unchanged, 0 conflicts.",
        "rows": 0,
    }
    assert errors == []


def test_a_wrong_password_says_so_and_is_not_kept(
    window: MainWindow,
    qtbot: QtBot,
    account: tuple[str, str, str],
    memory_keyring: dict[tuple[str, str], str],
    monkeypatch: pytest.MonkeyPatch,
    errors: ErrorLog,
) -> None:
    home, user, _ = account
    seen: list[str] = []

    def run(dialog: CalDavPublishDialog) -> int:
        publish_with(qtbot, dialog, url=home, user=user, password="not it", people=True)
        seen.append(dialog.summary.text())
        seen.append(str(dialog.publish_button.isEnabled()))
        return 0

    monkeypatch.setattr(CalDavPublishDialog, "exec", run)
    window.export_actions["caldav"].trigger()
    assert seen[0].startswith("Publishing stopped: password: the CalDAV server at http://127.0.0.1:")
    assert f"refused the user {user!r} with this password (HTTP 401)" in seen[0]
    assert seen[1] == "True" and memory_keyring == {} and errors == []


def test_personal_calendars_and_a_conflict_show_in_the_table(
    window: MainWindow,
    qtbot: QtBot,
    radicale: Radicale,
    account: tuple[str, str, str],
    memory_keyring: dict[tuple[str, str], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home, user, password = account
    reports = []

    def run(dialog: CalDavPublishDialog) -> int:
        publish_with(qtbot, dialog, url=home, user=user, password=password, people=True)
        reports.append(dialog.report)
        return 0

    monkeypatch.setattr(CalDavPublishDialog, "exec", run)
    window.export_actions["caldav"].trigger()
    (report,) = reports
    assert report is not None and len(report.calendars) > 1 and not report.conflicts
    # someone deletes an event of the visit's calendar on the server
    victim = next(r for r in report.rows if r.calendar == report.rows[0].calendar)
    path = f"{report.calendars[0][len(radicale.url) - 1 :]}{victim.uid.split('@')[0]}.ics"
    assert radicale.request("DELETE", path, user=user)[0] in (200, 204)
    window.export_actions["caldav"].trigger()
    again = reports[-1]
    assert again is not None
    assert [(c.title, c.action) for c in again.conflicts] == [(victim.title, PublishAction.CONFLICT)]
