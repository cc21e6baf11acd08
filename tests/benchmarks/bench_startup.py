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
class QuitOnPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(getattr(obj, "window", lambda: None)(), QMainWindow):
            os.write(1, f"PAINTED {time.time():.6f}\\n".encode())
            QTimer.singleShot(0, app.quit)
            app.removeEventFilter(self)
        return False
_filter = QuitOnPaint()
app.installEventFilter(_filter)
"""

BARE = QUIT_ON_FIRST_PAINT + """
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.exec()
"""

APP = """
import os, sys, time
from visitplanner.app import run_gui


def quit_on_first_paint(window):
    # run_gui has created the application by now; Qt is imported in the order the app uses
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()

    class QuitOnPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and getattr(obj, "window", lambda: None)() is window:
                os.write(1, f"PAINTED {time.time():.6f}\\n".encode())
                QTimer.singleShot(0, app.quit)
                app.removeEventFilter(self)
            return False

    window._bench_filter = QuitOnPaint()
    app.installEventFilter(window._bench_filter)


sys.exit(run_gui(database_url=sys.argv[1], demo=True, on_shown=quit_on_first_paint))
"""

SQLALCHEMY = """
import os, time
import sqlalchemy.orm
os.write(1, f"PAINTED {time.time():.6f}\\n".encode())
"""


def timed(code: str, *args: str, runs: int, env: dict[str, str]) -> float:
    """Median seconds from spawning the process to its first paint (or, for the import, to the
    moment the import is done)."""
    samples = []
    for _ in range(runs):
        start = time.time()
        result = subprocess.run([sys.executable, "-c", code, *args], check=True, env=env, cwd=ROOT,
                                capture_output=True, text=True)
        for line in result.stdout.splitlines():
            if line.startswith("PAINTED "):
                samples.append(float(line.split()[1]) - start)
        if not samples:
            raise RuntimeError(f"no measurement from the child: {result.stdout[-500:]} {result.stderr[-500:]}")
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": folder,
               "XDG_DATA_HOME": folder}
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        subprocess.run([sys.executable, "-m", "visitplanner", "--database", url, "demo"], check=True, env=env,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
        timed(APP, url, runs=1, env=env)  # warm the file cache and the settings
        bare = timed(BARE, runs=args.runs, env=env)
        orm = timed(SQLALCHEMY, runs=args.runs, env=env)
        app = timed(APP, url, runs=args.runs, env=env)
    target = 1.3 * (bare + orm)
    print(f"median of {args.runs} runs, process spawn to first paint, offscreen")
    print(f"  bare QMainWindow painted             {bare:6.3f} s")
    print(f"  python -c 'import sqlalchemy.orm'    {orm:6.3f} s")
    print(f"  VisitPlanner, demo visit painted     {app:6.3f} s")
    print(f"  ratio app / (bare window + orm)      {app / (bare + orm):6.2f}  (target ≤ 1.30, i.e. ≤ {target:.3f} s)")


if __name__ == "__main__":
    main()
