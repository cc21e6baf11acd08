"""Guards against a Qt-binding release that miscounts references to None/True/False.

PySide6 6.12.0 under Python 3.11 dropped one reference to None on every call of a method
returning nothing (and to True on every signal emit); after enough calls the interpreter
aborted. pyproject.toml excludes that release; this test fails if such a release comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    fired = Signal(int)


def test_calls_keep_the_reference_counts_of_singletons(qapp: QApplication, qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.add_widget(label)
    emitter = _Emitter()
    received: list[int] = []
    emitter.fired.connect(received.append)

    def counts() -> tuple[int, int, int]:
        return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)

    before = counts()
    for _ in range(500):
        label.setText("x")
        emitter.fired.emit(1)
        qapp.processEvents()
    after = counts()
    assert len(received) == 500
    # immortal on Python 3.12+; on 3.11 a steady drop of hundreds means the binding is broken
    assert all(b - a > -50 for a, b in zip(before, after, strict=True)), (before, after)
