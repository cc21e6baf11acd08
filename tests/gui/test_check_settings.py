"""The office's limits for the checks are settings: read into the checks' options (bad values
ignored), edited in the Office limits dialog, and the window checks again with them."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from visitplanner.domain.findings import CheckOptions
from visitplanner.ui import settings as S
from visitplanner.ui.dialogs.limits import OfficeLimitsDialog
from visitplanner.ui.mainwindow import MainWindow


def test_check_options_come_from_the_settings(settings: S.Settings) -> None:
    assert S.check_options(settings) == CheckOptions()
    settings.set(S.INTERPRETING_DAILY_MINUTES, 300)
    settings.set(S.SIMULTANEOUS_SOLO_MINUTES, 30)
    settings.set(S.TRAVEL_BUFFER_MINUTES, 15)
    assert S.check_options(settings) == CheckOptions(
        travel_buffer_minutes=15, simultaneous_solo_minutes=30, interpreting_daily_minutes=300
    )
    settings.set(S.INTERPRETING_DAILY_MINUTES, -5)
    assert S.check_options(settings).interpreting_daily_minutes == 360


def test_the_limits_dialog_edits_every_limit_and_restores_the_defaults(qtbot: QtBot) -> None:
    dialog = OfficeLimitsDialog(None, CheckOptions(interpreting_daily_minutes=300, declaration_threshold=20000))
    qtbot.add_widget(dialog)
    assert dialog.spins["interpreting_daily_minutes"].value() == 300 and dialog.threshold_edit.text() == "200.00"
    dialog.spins["arrival_margin_minutes"].setValue(60)
    dialog.currency_edit.setText("krw")
    dialog.threshold_edit.setText("200,000")
    dialog.accept()
    assert dialog.result_value() == CheckOptions(
        interpreting_daily_minutes=300,
        arrival_margin_minutes=60,
        declaration_threshold=200000,
        declaration_currency="KRW",
    )
    dialog.defaults_button.click()
    assert dialog.value() == CheckOptions()  # AIIC's 40 min and 6 h, GBP 140.00


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("declaration_currency", "£", "'£' is not a three-letter currency code like GBP"),
        ("declaration_threshold", "140.005", "'140.005' is not an amount in GBP"),
        ("declaration_threshold", "", "'' is not an amount in GBP"),
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


def test_the_window_rechecks_with_the_limits_chosen_and_keeps_them(
    qtbot: QtBot, window: MainWindow, settings: S.Settings, demo_visit_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edit ▸ Office limits…: raising the interpreter's daily limit to 13 h clears the workload
    warnings on the demo; the limits are the settings the next window starts with."""
    window.show_visit(demo_visit_id)
    qtbot.wait_until(lambda: any(f.code == "interpreter-overworked" for f in window.checks.findings), timeout=5000)
    relaxed = CheckOptions(interpreting_daily_minutes=13 * 60)
    monkeypatch.setattr(OfficeLimitsDialog, "ask", classmethod(lambda cls, parent, initial: relaxed))
    with qtbot.wait_signal(window.checks.findings_changed, timeout=5000):
        window.limits_action.trigger()
    assert not any(f.code == "interpreter-overworked" for f in window.checks.findings)
    assert S.check_options(settings) == relaxed
    assert window.limits_action in window.edit_menu.actions()
