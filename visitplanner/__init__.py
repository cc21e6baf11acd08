"""VisitPlanner: plan official delegation visits."""

from __future__ import annotations

import zoneinfo

__version__ = "0.1.0"

# Time-zone rules come from the `tzdata` package the project pins, never from whatever copy
# the machine has: the same visit must give the same times on every officer's computer.
zoneinfo.reset_tzpath(to=[])
