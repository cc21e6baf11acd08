"""The office's limits for the checks are the database's: edited in the Office limits dialog as
one undo step, applied by the window's checks (another officer's change too), and copied once
from this computer's settings, where they were kept before, into a database that has none."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from tests.gui.conftest import fixed_clock
from visitplanner.domain.findings import CheckOptions
from visitplanner.services.office import office_check_options, set_check_options
from visitplanner.store.database import Database, open_database
from visitplanner.ui import settings as S
from visitplanner.ui.dialogs.limits import OfficeLimitsDialog
from visitplanner.ui.mainwindow import MainWindow


def test_limits_this_computer_kept_are_read_for_copying_once(settings: S.Settings) -> None:
    assert S.legacy_check_options(settings) is None  # nothing kept: nothing to copy
    settings.set(S.INTERPRETING_DAILY_MINUTES, 300)
    settings.set(S.SIMULTANEOUS_SOLO_MINUTES, 30)
    settings.set(S.TRAVEL_BUFFER_MINUTES, 15)
    assert S.legacy_check_options(settings) == CheckOptions(
        travel_buffer_minutes=15, simultaneous_solo_minutes=30, interpreting_daily_minutes=300
    )
    settings.set(S.INTERPRETING_DAILY_MINUTES, -5)
    settings.set(S.GREETER_PRECEDENCE, 0)
    legacy = S.legacy_check_options(settings)
    assert legacy is not None and legacy.interpreting_daily_minutes == 360 and legacy.greeter_precedence == 3
    S.forget_legacy_check_options(settings)
    assert S.legacy_check_options(settings) is None


def test_the_limits_dialog_edits_every_limit_and_restores_the_defaults(qtbot: QtBot) -> None:
    dialog = OfficeLimitsDialog(None, CheckOptions(interpreting_daily_minutes=300, declaration_threshold=20000))
    qtbot.add_widget(dialog)
    assert dialog.spins["interpreting_daily_minutes"].value() == 300 and dialog.threshold_edit.text() == "200.00"
    dialog.spins["arrival_margin_minutes"].setValue(60)
    dialog.currency_edit.setText("krw")
    dialog.threshold_edit.setText("200,000")
    dialog.rates_edit.setText("gbp 1720.50; EUR=1510")
    dialog.accept()
    assert dialog.result_value() == CheckOptions(
        interpreting_daily_minutes=300,
        arrival_margin_minutes=60,
        declaration_threshold=200000,
        declaration_currency="KRW",
        declaration_rates=(("EUR", "1510"), ("GBP", "1720.5")),
    )
    dialog.show_options(dialog.result_value())
    assert dialog.rates_edit.text() == "EUR=1510, GBP=1720.5"
    dialog.defaults_button.click()
    assert dialog.value() == CheckOptions()  # AIIC's 40 min and 6 h, GBP 140.00


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("declaration_currency", "£", "'£' is not a three-letter currency code like GBP"),
        ("declaration_threshold", "140.005", "'140.005' is not an amount in GBP"),
        ("declaration_threshold", "", "'' is not an amount in GBP"),
        ("declaration_rates", "KRW=about 0.0006", "'KRW=about 0.0006' is not a rate like KRW=0.00058"),
        ("declaration_rates", "GBP=1", "GBP is the declaration currency itself"),
    ],
)
def test_bad_limits_are_refused_in_the_dialog(qtbot: QtBot, field: str, text: str, message: str) -> None:
    dialog = OfficeLimitsDialog(None, CheckOptions())
    qtbot.add_widget(dialog)
    edit = dialog.fields[field]
    assert isinstance(edit, QLineEdit)
    edit.setText(text)
    dialog.accept()
    assert dialog.result_value() is None and message in dialog.error_label.text()
    assert edit.property("invalid") is True


def test_the_window_saves_the_limits_in_the_database_as_one_undo_step(
    qtbot: QtBot, window: MainWindow, settings: S.Settings, demo_visit_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edit ▸ Office limits…: the dialog opens on the database's limits; raising the interpreter's
    daily limit to 13 h clears the workload warnings on the demo; Undo puts AIIC's 6 h back."""
    window.show_visit(demo_visit_id)
    qtbot.wait_until(lambda: any(f.code == "interpreter-overworked" for f in window.checks.findings), timeout=5000)
    seen: list[CheckOptions] = []
    relaxed = CheckOptions(interpreting_daily_minutes=13 * 60)

    def ask(cls: type, parent: object, initial: CheckOptions) -> CheckOptions:
        seen.append(initial)
        return relaxed

    monkeypatch.setattr(OfficeLimitsDialog, "ask", classmethod(ask))
    with qtbot.wait_signal(window.checks.findings_changed, timeout=5000):
        window.limits_action.trigger()
    assert seen == [CheckOptions()]
    assert not any(f.code == "interpreter-overworked" for f in window.checks.findings)
    assert window.workspace.read(office_check_options) == relaxed
    assert S.legacy_check_options(settings) is None  # nothing written to this computer's settings
    assert window.workspace.undo_stack.count() == 1
    assert window.workspace.undo_stack.text(0) == "Edit the office limits"
    with qtbot.wait_signal(window.checks.findings_changed, timeout=5000):
        window.workspace.undo_stack.undo()
    assert window.workspace.read(office_check_options) == CheckOptions()
    assert any(f.code == "interpreter-overworked" for f in window.checks.findings)
    window.workspace.undo_stack.redo()
    assert window.workspace.read(office_check_options) == relaxed
    assert window.limits_action in window.edit_menu.actions()


def test_another_officers_limits_reach_the_window_at_its_next_check(
    qtbot: QtBot, window: MainWindow, gui_db: Database, demo_visit_id: int
) -> None:
    window.show_visit(demo_visit_id)
    qtbot.wait_until(lambda: any(f.code == "interpreter-overworked" for f in window.checks.findings), timeout=5000)
    theirs = open_database(gui_db.url)
    try:
        with theirs.session() as session:
            set_check_options(session, CheckOptions(interpreting_daily_minutes=13 * 60))
    finally:
        theirs.close()
    qtbot.wait_until(lambda: not any(f.code == "interpreter-overworked" for f in window.checks.findings), timeout=10000)


def test_a_conflicting_save_is_refused_unless_overwritten(
    qtbot: QtBot, window: MainWindow, gui_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The officer saw the defaults; meanwhile another saved 13 h: reload keeps theirs, overwrite puts ours."""
    theirs_options = CheckOptions(interpreting_daily_minutes=13 * 60)
    mine = CheckOptions(pickup_wait_minutes=30)

    def ask(cls: type, parent: object, initial: CheckOptions) -> CheckOptions:
        with gui_db.session() as session:  # another officer saves while the dialog is open
            set_check_options(session, theirs_options)
        return mine

    monkeypatch.setattr(OfficeLimitsDialog, "ask", classmethod(ask))
    window.workspace.ask_conflict = lambda parent, exc: False
    window.limits_action.trigger()
    assert window.workspace.read(office_check_options) == theirs_options
    assert window.workspace.undo_stack.count() == 0
    with gui_db.session() as session:
        set_check_options(session, CheckOptions())
    window.workspace.ask_conflict = lambda parent, exc: True
    window.limits_action.trigger()
    assert window.workspace.read(office_check_options) == mine


def test_limits_kept_on_this_computer_are_copied_into_a_database_without_any(
    qtbot: QtBot, gui_db: Database, settings: S.Settings, tmp_path: Path
) -> None:
    """Once: the settings are forgotten after the copy, so a second database keeps its own (the defaults)."""
    settings.set(S.INTERPRETING_DAILY_MINUTES, 300)
    settings.set(S.DECLARATION_CURRENCY, "EUR")
    first = MainWindow(gui_db, settings, clock=fixed_clock)
    qtbot.add_widget(first)
    first.start()
    assert first.workspace.read(office_check_options) == CheckOptions(
        interpreting_daily_minutes=300, declaration_currency="EUR"
    )
    assert S.legacy_check_options(settings) is None
    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        second = MainWindow(other, settings, clock=fixed_clock)
        qtbot.add_widget(second)
        second.start()
        assert second.workspace.read(office_check_options) == CheckOptions()
        second.watcher.stop()
    finally:
        other.close()


def test_a_database_with_limits_keeps_them_over_this_computers(
    qtbot: QtBot, gui_db: Database, settings: S.Settings
) -> None:
    with gui_db.session() as session:
        set_check_options(session, CheckOptions(pickup_wait_minutes=30))
    settings.set(S.PICKUP_WAIT_MINUTES, 90)
    window = MainWindow(gui_db, settings, clock=fixed_clock)
    qtbot.add_widget(window)
    window.start()
    assert window.workspace.read(office_check_options) == CheckOptions(pickup_wait_minutes=30)
    assert window.workspace.undo_stack.count() == 0  # the copy is no step of the officer's
