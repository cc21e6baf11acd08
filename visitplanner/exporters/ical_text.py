"""iCalendar content lines at the byte level: TEXT escaping, parameter quoting and folding at 75 octets."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Final

#: RFC 5545 3.1: a content line is folded so that no physical line is longer than 75 octets.
LINE_OCTETS: Final = 75
CRLF: Final = "\r\n"

# CONTROL characters that TEXT may not carry (HTAB is allowed), after newlines became "\n".
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEWLINES = re.compile("\r\n|\r|\n")
_TEXT_SPECIALS = re.compile(r"[\\;,]")
_PARAM_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
#: What a backslash in a parameter value (a CN) is written as.
BACKSLASH_STAND_IN: Final = "\uff3c"


def escape_text(value: str) -> str:
    r"""A TEXT value (SUMMARY, DESCRIPTION, LOCATION, ...) escaped per RFC 5545 3.3.11.

    Backslash, semicolon and comma get a backslash; every line break (CRLF, CR or LF) becomes
    the two characters "\n"; other control characters, which TEXT cannot carry, are dropped.
    """
    if value.isprintable() and not _TEXT_SPECIALS.search(value):
        return value
    value = _CONTROLS.sub("", value)
    value = _TEXT_SPECIALS.sub(lambda m: "\\" + m.group(0), value)
    return _NEWLINES.sub(r"\\n", value)


def param_value(value: str, *, always_quote: bool = False) -> str:
    """A parameter value (e.g. a CN), quoted when it holds ':', ';' or ',' (or when told to).

    A caret, a line break and a double quote, which a parameter value cannot hold as they are,
    are written as RFC 6868 says ("^^", "^n", "^'"): icalendar, ical and libical read them back;
    vobject shows them as written. A backslash, which parsers read three ways (icalendar takes
    it as an escape, libical fails on one before the closing quote), becomes the full-width
    "＼" (U+FF3C). Other control characters are dropped.
    """
    value = _PARAM_CONTROLS.sub(
        "",
        value.replace("\\", BACKSLASH_STAND_IN)
        .replace("^", "^^")
        .replace('"', "^'")
        .replace("\r\n", "^n")
        .replace("\n", "^n")
        .replace("\r", "^n"),
    )
    if always_quote or any(ch in value for ch in ":;,"):
        return f'"{value}"'
    return value


def utc_stamp(value: datetime) -> str:
    """An aware instant as a UTC DATE-TIME: "20270511T081500Z"."""
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """`line` (without its line end) folded into physical lines of at most 75 octets, joined
    by CRLF + space, never splitting a UTF-8 character (Hangul takes 3 octets)."""
    if len(line) <= LINE_OCTETS // 4 or len(line.encode("utf-8")) <= LINE_OCTETS:
        return line
    data = line.encode("utf-8")
    pieces: list[bytes] = []
    start, limit = 0, LINE_OCTETS
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back off to the character start
            cut -= 1
        pieces.append(data[start:cut])
        start, limit = cut, LINE_OCTETS - 1  # continuation lines start with a space
    pieces.append(data[start:])
    return "\r\n ".join(piece.decode("utf-8") for piece in pieces)


class ContentLines:
    """The content lines of one iCalendar object being written, in order.

    Attributes:
        lines: the folded lines written so far (without line ends).
    """

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, name: str, value: str, params: Iterable[tuple[str, str]] = ()) -> None:
        """Append `name;params:value`; `value` and the parameter values must already be escaped."""
        head = name + "".join(f";{key}={val}" for key, val in params)
        self.lines.append(fold(f"{head}:{value}"))

    def text(self, name: str, value: str, params: Iterable[tuple[str, str]] = ()) -> None:
        """Append a TEXT property, escaping `value`."""
        self.add(name, escape_text(value), params)

    def extend(self, lines: Iterable[str]) -> None:
        """Append lines that are already folded (e.g. a VTIMEZONE built once per zone)."""
        self.lines.extend(lines)

    def to_bytes(self) -> bytes:
        """The object as UTF-8 with CRLF after every line (the last one included)."""
        return (CRLF.join(self.lines) + CRLF).encode("utf-8")
