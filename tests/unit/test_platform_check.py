"""The message shown when Qt cannot open a window: missing libraries by name and package, or no display."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from visitplanner.ui.platform_check import (
    MissingLibrary,
    explain,
    explain_import_error,
    missing_libraries,
    parse_ldd,
    plugin_path,
)

LDD = """\tlinux-vdso.so.1 (0x00007ffd)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
"""
FATAL = 'Could not load the Qt platform plugin "xcb" in "" even though it was found.'


def test_ldd_output_names_each_missing_library_once() -> None:
    assert parse_ldd(LDD) == [MissingLibrary("libxcb-icccm.so.4"), MissingLibrary("libxcb-keysyms.so.1")]


def test_an_unloadable_library_is_named_with_the_loaders_reason() -> None:
    output = "libqxcb.so: error while loading shared libraries: /lib/x86_64-linux-gnu/libEGL.so.1: file too short"
    assert parse_ldd(output) == [MissingLibrary("libEGL.so.1", "file too short")]


def test_the_message_names_libraries_packages_and_one_install_line() -> None:
    text = explain(FATAL, {"DISPLAY": ":0"}, lambda plugin: parse_ldd(LDD))
    assert "libxcb-icccm.so.4: not found (Debian/Ubuntu: libxcb-icccm4; Fedora: xcb-util-wm)" in text
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in text
    assert "cursor" not in text  # Qt's own message blames xcb-cursor, which is present


def test_without_missing_libraries_and_without_display_it_says_no_display() -> None:
    text = explain(FATAL, {}, lambda plugin: [])
    assert "no display (DISPLAY is not set)" in text
    assert "visitplanner --help" in text


def test_otherwise_qts_own_words_are_passed_on() -> None:
    text = explain(f"xcb says something new\n{FATAL}", {"DISPLAY": ":0"}, lambda plugin: [])
    assert 'could not start its "xcb" platform plugin' in text and "xcb says something new" in text


def test_an_import_error_for_a_system_library_names_its_package() -> None:
    exc = ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")
    assert "On Debian or Ubuntu: sudo apt-get install libegl1" in (explain_import_error(exc) or "")
    assert explain_import_error(ImportError("No module named 'PySide6'")) is None


def _start(
    env: dict[str, str], prefix: list[str] | None = None, tmp: Path | None = None
) -> subprocess.CompletedProcess[str]:
    database = f"sqlite:///{tmp / 'x.sqlite3'}" if tmp else "sqlite:///:memory:"
    command = [sys.executable, "-m", "visitplanner", "--database", database]
    return subprocess.run(
        [*(prefix or []), *command], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb platform is Linux's")
def test_the_app_exits_with_a_message_instead_of_aborting(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    result = _start(env, tmp=tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    plugin = plugin_path("xcb")
    assert plugin is not None
    missing = missing_libraries(plugin)
    if missing:  # a machine without Qt's runtime libraries: they are named
        assert all(library.name in result.stderr for library in missing), result.stderr
    else:
        assert "no display (DISPLAY is not set)" in result.stderr, result.stderr


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("unshare") is None,
    reason="hiding a library needs root and unshare (a private mount namespace)",
)
def test_a_library_hidden_in_a_mount_namespace_is_named(tmp_path: Path) -> None:
    plugin = plugin_path("xcb")
    assert plugin is not None
    resolved = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False).stdout
    target = next(
        (
            parts[2]
            for line in resolved.splitlines()
            if len(parts := line.split()) >= 3 and parts[0] == "libxkbcommon-x11.so.0" and parts[1] == "=>"
        ),
        None,
    )
    if target is None:
        pytest.skip("libxkbcommon-x11.so.0 is not installed here, so there is nothing to hide")
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=":99")
    hide = ["unshare", "-m", "sh", "-c", f'mount --bind /dev/null "{target}" && exec "$0" "$@"']
    result = _start(env, hide, tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "libxkbcommon-x11.so.0: file too short (Debian/Ubuntu: libxkbcommon-x11-0" in result.stderr, result.stderr
