"""Root test configuration: offscreen Qt, the gui marker for tests that use Qt, and what happens
when Qt's own libraries cannot be loaded (the GUI tests skip with the reason, or fail in CI)."""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import settings

# HYPOTHESIS_PROFILE=ci (set by .ci/run): the same examples on every run
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# no test reaches the user's own keyring: a test that needs one sets an in-memory backend
# (tests/fixtures_radicale.py, `memory_keyring`); anything else finds none
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

pytest_plugins = ["tests.fixtures_db", "tests.fixtures_radicale"]


def _qt_problem() -> str | None:
    """Why Qt's GUI modules cannot be imported here (a missing system library), or None."""
    try:
        import PySide6.QtGui
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as exc:
        from visitplanner.ui.platform_check import explain_import_error

        return (explain_import_error(exc) or f"Qt cannot be imported: {exc}").splitlines()[0:2][-1].strip()
    return None


QT_PROBLEM = _qt_problem()
# Without Qt the GUI tests cannot even be imported: leave them out of collection (so pytest-qt
# never starts, which would end the whole run in an INTERNALERROR) and say so in one item below.
collect_ignore = ["gui"] if QT_PROBLEM else []


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    """Runs as this file is loaded, before any plugin is configured: without Qt, pytest-qt is taken
    out (its set-up imports QtGui and would end the run in an INTERNALERROR)."""
    if QT_PROBLEM:
        pluginmanager.set_blocked("pytest-qt")


class QtUnavailable(pytest.Item):
    """Stands for the GUI tests when Qt cannot load: skipped with the reason, failed in CI."""

    def runtest(self) -> None:
        message = f"the GUI tests cannot run: {QT_PROBLEM}"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)

    def reportinfo(self) -> tuple[str, int, str]:
        return ("tests/gui", 0, "GUI tests (Qt unavailable)")


def pytest_collection_modifyitems(session: pytest.Session, items: list[pytest.Item]) -> None:
    for item in items:
        if {"qapp", "qtbot"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
    if QT_PROBLEM:
        items.append(QtUnavailable.from_parent(session, name="tests/gui"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Empty the clipboard while the application still exists: Qt's offscreen (and minimal)
    platform keeps its clipboard in the process, and one still holding data when the process
    ends crashes it (a segmentation fault after the last test). A real desktop's clipboard
    (xcb) is not affected."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    application = widgets.QApplication.instance() if widgets is not None else None
    if application is not None:
        application.clipboard().clear()
