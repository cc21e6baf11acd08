"""Start-up benchmark: process start to the demo visit painted, against a bare PySide6 window
and the `import sqlalchemy.orm` every database app pays, measured in the same run.

Run: .venv/bin/python tests/benchmarks/bench_startup.py [--runs 10]
Each figure is a median over separate processes (offscreen Qt): from just before the process
is spawned to the moment its main window is first painted (the child reports the wall-clock
time of that paint, then quits), so interpreter shutdown is not counted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

QUIT_ON_FIRST_PAINT = """
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
import time, os
def report():
    os.write(1, f"PAINTED {time.time():.6f}\\n".encode())
    app.quit()
class QuitAfterFirstFrame(QObject):
    # on the window's first paint event, report once the whole frame is painted and flushed
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, report)
        return False
_filter = QuitAfterFirstFrame()
"""

BARE = (
    QUIT_ON_FIRST_PAINT
    + """
window = QMainWindow()
window.resize(1280, 800)
window.installEventFilter(_filter)
window.show()
app.exec()
"""
)

APP = """
import os, sys, time
import visitplanner.app

# the console script's path (argument parsing included), with a hook in run_gui
_run_gui = visitplanner.app.run_gui


def quit_after_first_frame(window):
    # run_gui has created the application by now; Qt is imported in the order the app uses
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    seen = {}

    def note(what):
        seen.setdefault(what, time.time())
        if len(seen) == 3:
            os.write(1, f"PAINTED {seen['frame']:.6f}\\nCHECKED {seen['checks']:.6f}\\n"
                        f"READY {seen['ready']:.6f}\\n".encode())
            app.quit()

    class AfterFirstFrame(QObject):
        # on the window's first paint event, note the time once the whole frame is painted
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                QTimer.singleShot(0, lambda: note("frame"))
            return False

    window._bench_filter = AfterFirstFrame()
    window.installEventFilter(window._bench_filter)
    def checked(findings):
        note("checks")
        QTimer.singleShot(0, lambda: note("ready"))  # queued behind the garbage collector's resumption

    window.checks.findings_changed.connect(checked)


visitplanner.app.run_gui = lambda **kw: _run_gui(on_shown=quit_after_first_frame, **kw)
from visitplanner.cli import main
sys.exit(main(["--database", sys.argv[1], "--demo"]))
"""

SQLALCHEMY = """
import os, time
import sqlalchemy.orm
os.write(1, f"PAINTED {time.time():.6f}\\n".encode())
"""


def sample(code: str, *args: str, env: dict[str, str]) -> dict[str, float]:
    """One run: seconds from spawning the process to each moment the child reports: its first
    frame painted (PAINTED), its checks shown (CHECKED), its start-up over once the garbage collector
    has run (READY), or for the import, the import done."""
    start = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    found = {
        line.split()[0]: float(line.split()[1]) - start
        for line in result.stdout.splitlines()
        if line.startswith(("PAINTED ", "CHECKED ", "READY "))
    }
    if "PAINTED" not in found:
        raise RuntimeError(f"no measurement from the child: {result.stdout[-500:]} {result.stderr[-500:]}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    samples: dict[str, list[float]] = {"bare": [], "orm": [], "app": [], "checked": [], "ready": []}
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": folder, "XDG_DATA_HOME": folder}
        # measure the app as it is launched after installation: with byte-code caches (the warm-up
        # run writes them), whatever the calling shell says
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        subprocess.run(
            [sys.executable, "-m", "visitplanner", "--database", url, "demo"],
            check=True,
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        sample(APP, url, env=env)  # warm the file cache, the byte-code caches and the settings
        for _ in range(args.runs):  # interleaved, so a busy moment of the machine hits all three alike
            samples["bare"].append(sample(BARE, env=env)["PAINTED"])
            samples["orm"].append(sample(SQLALCHEMY, env=env)["PAINTED"])
            app_run = sample(APP, url, env=env)
            samples["app"].append(app_run["PAINTED"])
            samples["checked"].append(app_run["CHECKED"])
            samples["ready"].append(app_run["READY"])
    bare, orm, app, checked, ready = (statistics.median(samples[k]) for k in ("bare", "orm", "app", "checked", "ready"))
    target = 1.3 * (bare + orm)
    print(f"median of {args.runs} interleaved runs, from process spawn, offscreen")
    print(f"  bare QMainWindow, first frame        {bare:6.3f} s")
    print(f"  python -c 'import sqlalchemy.orm'    {orm:6.3f} s")
    print(f"  VisitPlanner, demo visit first frame {app:6.3f} s")
    print(f"  ratio app / (bare window + orm)      {app / (bare + orm):6.2f}  (target ≤ 1.30, i.e. ≤ {target:.3f} s)")
    print(f"  VisitPlanner, checks shown           {checked:6.3f} s  (the Checks dock fills in after the first frame)")
    print(f"  VisitPlanner, idle                   {ready:6.3f} s  (then one garbage collection, paused until here)")


if __name__ == "__main__":
    main()
