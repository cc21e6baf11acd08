"""A light pre-scan of iCalendar text: unfolded content lines, nesting checked, line numbers kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from visitplanner.domain.errors import UserError

_BREAK = re.compile(r"\r\n|\n|\r")
_NAME = r"[A-Za-z0-9-]+"
_PARAM_VALUE = r'(?:"[^"]*"|[^";:,]*)'
_PARAM = rf";{_NAME}={_PARAM_VALUE}(?:,{_PARAM_VALUE})*"
_CONTENT_LINE = re.compile(rf"({_NAME})((?:{_PARAM})*):(.*)", re.DOTALL)
_ONE_PARAM = re.compile(rf";({_NAME})=({_PARAM_VALUE}(?:,{_PARAM_VALUE})*)")
#: How deep components may nest. RFC 5545 needs 3 (VCALENDAR, VTIMEZONE, STANDARD; or VEVENT,
#: VALARM); deeper files are hostile or broken, and would exhaust the recursion of the parsers.
MAX_DEPTH = 12


def fail(line: int, problem: str) -> UserError:
    """A `UserError` naming the line of the file: "line 12: ..."."""
    return UserError(f"line {line}: {problem}", field="file")


@dataclass(frozen=True)
class ScannedProperty:
    """One (unfolded) content line of a component.

    Attributes:
        name: the property name, upper-case.
        line: the number (from 1) of the physical line it starts on.
        value: the raw (still escaped) value.
        raw_params: the parameters as written (";TZID=Europe/London"), for the quick reader.
    """

    name: str
    line: int
    value: str
    raw_params: str = ""

    @property
    def params(self) -> dict[str, str]:
        """Its parameters, names upper-case, quotes removed (worked out when asked: rarely)."""
        return _params(self.raw_params) if self.raw_params else {}


@dataclass
class ScannedComponent:
    """A component with the lines of its properties and children.

    Attributes:
        name: the component name, upper-case ("VEVENT").
        line: the line of its BEGIN.
        end_line: the line of its END.
        properties: its properties in file order.
        children: its sub-components in file order.
        begin: its BEGIN line after "BEGIN" as written (":VEVENT"), for the fast reader.
    """

    name: str
    line: int
    end_line: int = 0
    begin: str = ""
    properties: list[ScannedProperty] = field(default_factory=list)
    children: list[ScannedComponent] = field(default_factory=list)

    def line_of(self, name: str, value: str | None = None) -> int:
        """The line of the first property called `name` (with this raw value, when given), else BEGIN's."""
        name = name.upper()
        fallback = None
        for prop in self.properties:
            if prop.name == name:
                if value is None or prop.value == value:
                    return prop.line
                fallback = fallback or prop.line
        return fallback or self.line

    def all(self, name: str) -> list[ScannedProperty]:
        name = name.upper()
        return [p for p in self.properties if p.name == name]


def _params(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ONE_PARAM.finditer(text):
        value = match.group(2)
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        found.setdefault(match.group(1).upper(), value)
    return found


def unfold(text: str) -> list[tuple[int, str]]:
    """The logical lines of `text` with the number of the physical line each starts on.

    A line starting with a space or a tab continues the previous one (RFC 5545 3.1); blank
    lines are dropped.
    """
    logical: list[tuple[int, str]] = []
    parts: list[str] = []
    start = 0
    for number, physical in enumerate(_BREAK.split(text), start=1):
        if physical[:1] in (" ", "\t"):
            if not parts:
                raise fail(number, "the file starts with a continuation line (a line beginning with a space)")
            parts.append(physical[1:])
            continue
        if parts:
            logical.append((start, "".join(parts)))
            parts = []
        if physical.strip():
            parts, start = [physical], number
    if parts:
        logical.append((start, "".join(parts)))
    return logical


def scan(text: str) -> list[ScannedComponent]:
    """The top-level components (VCALENDARs) of `text`, with every property's line.

    Raises a `UserError` naming the line for a line that is not a content line, a property
    outside any component, an END that does not close the open component, a component
    never closed, or components nested deeper than `MAX_DEPTH`.
    """
    roots: list[ScannedComponent] = []
    stack: list[ScannedComponent] = []
    lines = unfold(text)
    if not lines:
        raise fail(1, "the file is empty")
    first_line, first = lines[0]
    if first.strip().upper() != "BEGIN:VCALENDAR":
        raise fail(first_line, "not an iCalendar file: it must begin with BEGIN:VCALENDAR")
    for number, line in lines:
        match = _CONTENT_LINE.fullmatch(line)
        if match is None:
            shown = line if len(line) <= 40 else line[:39] + "…"
            raise fail(number, f"cannot read {shown!r}: a line must look like NAME:value or NAME;PARAMETER=value:value")
        name = match.group(1).upper()
        value = match.group(3)
        if name == "BEGIN":
            component = ScannedComponent(value.strip().upper(), number, begin=f"{match.group(2)}:{value}")
            if len(stack) >= MAX_DEPTH:
                raise fail(
                    number,
                    f"BEGIN:{component.name} is nested {len(stack) + 1} components deep; a calendar nests "
                    f"at most {MAX_DEPTH} (is an END missing?)",
                )
            if stack:
                stack[-1].children.append(component)
            elif component.name != "VCALENDAR":
                raise fail(number, f"BEGIN:{component.name} outside a calendar (expected BEGIN:VCALENDAR)")
            else:
                roots.append(component)
            stack.append(component)
        elif name == "END":
            ended = value.strip().upper()
            if not stack:
                raise fail(number, f"END:{ended} without a matching BEGIN:{ended}")
            open_component = stack.pop()
            if open_component.name != ended:
                raise fail(
                    number,
                    f"END:{ended} found while the {open_component.name} begun on line "
                    f"{open_component.line} is still open (END:{open_component.name} is missing)",
                )
            open_component.end_line = number
        elif not stack:
            raise fail(number, f"{name} outside a calendar (after END:VCALENDAR)")
        else:
            stack[-1].properties.append(ScannedProperty(name, number, value, match.group(2)))
    if stack:
        unclosed = stack[-1]
        raise fail(
            unclosed.line,
            f"BEGIN:{unclosed.name} is never closed (END:{unclosed.name} is missing: is the file cut short?)",
        )
    return roots
