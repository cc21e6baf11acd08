"""The GUI's composition root: opens the database and shows the main window."""

from __future__ import annotations

import sys


def run_gui(database_url: str | None = None, demo: bool = False) -> int:
    """Start the desktop application; returns the process exit status."""
    print("visitplanner: the desktop window is not available in this version yet; "
          "use the commands listed by 'visitplanner --help'.", file=sys.stderr)
    return 1
