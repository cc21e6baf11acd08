"""Why Qt could not open a window: the platform plugin's missing libraries, or no display.

Qt ends the process with `abort()` when no platform plugin can start, after a message that
often blames the wrong library. `install_fatal_handler` catches that fatal message, finds the
real cause with the plugin's own dependency check (`ldd` on the plugin) and exits with status 1
and a message naming each missing library and the package that provides it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

#: soname -> (Debian/Ubuntu package, Fedora package) for the libraries Qt's plugins load.
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
    "libwayland-egl.so.1": ("libwayland-egl1", "libwayland-egl"),
}

_FATAL_PLUGIN = re.compile(r'platform plugin "([^"]+)"')
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_UNLOADABLE = re.compile(r"error while loading shared libraries: (\S+?): (.+)$", re.MULTILINE)
_IMPORT_ERROR = re.compile(r"(\S+\.so[.\d]*): (.+)$")


@dataclass(frozen=True)
class MissingLibrary:
    """A library the plugin needs and the loader could not use.

    Attributes:
        name: the library's file name (soname), e.g. "libxcb-icccm.so.4".
        reason: "not found", or the loader's own words ("file too short").
    """

    name: str
    reason: str = "not found"

    @property
    def packages(self) -> tuple[str, str] | None:
        """(Debian/Ubuntu package, Fedora package), when known."""
        return PACKAGES.get(self.name)

    def describe(self) -> str:
        packages = self.packages
        where = f" (Debian/Ubuntu: {packages[0]}; Fedora: {packages[1]})" if packages else ""
        return f"{self.name}: {self.reason}{where}"


def plugin_path(platform: str) -> Path | None:
    """The file of Qt's platform plugin `platform` ("xcb" -> .../platforms/libqxcb.so), if installed."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms"
    for name in (f"libq{platform}.so", f"libq{platform}.dylib", f"q{platform}.dll"):
        if (folder / name).exists():
            return folder / name
    return None


def parse_ldd(output: str) -> list[MissingLibrary]:
    """The libraries `ldd` (stdout and stderr together) reports missing or unloadable, once each."""
    found: dict[str, MissingLibrary] = {}
    for name in _NOT_FOUND.findall(output):
        found.setdefault(name, MissingLibrary(name))
    for path, reason in _UNLOADABLE.findall(output):
        name = Path(path).name
        found.setdefault(name, MissingLibrary(name, reason.strip()))
    return list(found.values())


def missing_libraries(plugin: Path, run: Callable[..., Any] | None = None) -> list[MissingLibrary]:
    """What the plugin's dependency check (`ldd`) says is missing; empty where it cannot be asked."""
    import subprocess  # only on the way out of a failed start

    if not sys.platform.startswith("linux"):
        return []
    try:
        result = (run or subprocess.run)(["ldd", str(plugin)], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return parse_ldd(f"{result.stdout}\n{result.stderr}")


def has_display(platform: str, environ: Mapping[str, str]) -> bool:
    """Whether the environment names a display for `platform` (only the windowing ones need one)."""
    if platform == "xcb":
        return bool(environ.get("DISPLAY"))
    if platform.startswith("wayland"):
        return bool(environ.get("WAYLAND_DISPLAY"))
    return True


def explain(
    qt_message: str,
    environ: Mapping[str, str] = os.environ,
    find_missing: Callable[[Path], list[MissingLibrary]] = missing_libraries,
) -> str:
    """What to tell the user when Qt's fatal `qt_message` says no platform plugin could start."""
    match = _FATAL_PLUGIN.search(qt_message)
    platform = match.group(1) if match else (environ.get("QT_QPA_PLATFORM") or "xcb").split(";")[0]
    plugin = plugin_path(platform)
    missing = find_missing(plugin) if plugin is not None else []
    if missing:
        lines = [
            f'VisitPlanner cannot open its window: Qt\'s "{platform}" platform plugin needs '
            "libraries this machine lacks:",
            *(f"  {library.describe()}" for library in missing),
        ]
        debian = sorted({p[0] for lib in missing if (p := lib.packages)})
        if debian:
            lines.append(f"On Debian or Ubuntu: sudo apt-get install {' '.join(debian)}")
        lines.append("The README's 'Before you start' lists everything the window needs on each platform.")
    elif not has_display(platform, environ):
        variable = "DISPLAY" if platform == "xcb" else "WAYLAND_DISPLAY"
        lines = [
            f"VisitPlanner cannot open its window: no display ({variable} is not set).",
            "Start it from a desktop session (or over SSH with X forwarding, ssh -X).",
        ]
    else:
        lines = [f'VisitPlanner cannot open its window: Qt could not start its "{platform}" platform plugin.']
        lines += [f"  {line}" for line in qt_message.strip().splitlines() if line.strip()]
    lines.append("The command-line commands need no window: visitplanner --help lists them.")
    return "\n".join(lines)


def explain_import_error(exc: ImportError) -> str | None:
    """The message for a Qt module that could not be imported for want of a system library."""
    match = _IMPORT_ERROR.search(str(exc))
    if match is None:
        return None
    reason = match.group(2).strip()
    library = MissingLibrary(Path(match.group(1)).name, "not found" if "cannot open" in reason else reason)
    lines = ["VisitPlanner cannot open its window: Qt needs a library this machine lacks:", f"  {library.describe()}"]
    if library.packages:
        lines.append(f"On Debian or Ubuntu: sudo apt-get install {library.packages[0]}")
    lines.append("The command-line commands need no window: visitplanner --help lists them.")
    return "\n".join(lines)


def install_fatal_handler(err: TextIO | None = None) -> Callable[[], None]:
    """Until the returned function is called, a fatal Qt message (no platform plugin could
    start) prints `explain(...)` and exits with status 1 instead of aborting. Qt's other
    messages meanwhile are held back (they often blame the wrong library) and printed when the
    returned function restores the previous handler."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    stream = err if err is not None else sys.stderr
    held: list[str] = []

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        held.append(message)
        if kind == QtMsgType.QtFatalMsg:
            stream.write(explain("\n".join(held)) + "\n")
            stream.flush()
            os._exit(1)  # Qt would abort() next; nothing else can run safely

    previous = qInstallMessageHandler(handler)

    def restore() -> None:
        qInstallMessageHandler(previous)
        for message in held:
            stream.write(f"{message}\n")
        held.clear()

    return restore
