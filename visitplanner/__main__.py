"""Run the command line as `python -m visitplanner`."""

from __future__ import annotations

import sys

from visitplanner.cli import main

sys.exit(main())
