"""The crash handler: a bug prints its traceback and shows it, and the app goes on."""

from __future__ import annotations

import io
import sys

import pytest
from PySide6.QtWidgets import QApplication

from visitplanner.ui.crash import install_crash_handler


def _raise_bug() -> None:
    raise KeyError("no such lane")


def test_a_bug_is_printed_and_shown_with_its_traceback(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[str, str]] = []
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(sys, "stderr", stderr)
    install_crash_handler(lambda details, summary: shown.append((details, summary)))
    try:
        _raise_bug()
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1
    details, summary = shown[0]
    assert summary == "KeyError: 'no such lane'"
    assert "_raise_bug" in details and "Traceback (most recent call last)" in details
    assert details in stderr.getvalue()


def test_an_interrupt_keeps_pythons_handling(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: seen.append(kind))
    install_crash_handler(lambda details, summary: pytest.fail("an interrupt is not a bug"))
    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert seen == [KeyboardInterrupt]
