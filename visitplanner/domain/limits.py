"""How long stored text may be and which characters it may hold: one source for checks, columns and dialogs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from visitplanner.domain.errors import UserError

# Lengths in characters (code points, as Python's len() and PostgreSQL's varchar count them).
# store/models.py declares its String columns with these, so a column can never be shorter
# than what the checks below accept; longer text lives in unbounded Text columns.
#: One line: names, titles, e-mail addresses, phone numbers, labels.
LINE: Final = 200
#: A country name or code.
COUNTRY: Final = 80
#: A visit's security marking ("OFFICIAL-SENSITIVE").
MARKING: Final = 80
#: The name of a briefing-pack edition ("Host", "Delegation").
EDITION_NAME: Final = 60
#: A visit's slug ("busan-liverpool").
SLUG: Final = 64
#: An IANA time-zone name ("America/Argentina/ComodRivadavia").
ZONE: Final = 64
#: A venue's short code ("DIF").
VENUE_CODE: Final = 32
#: A vehicle's registration plate.
REGISTRATION: Final = 40
#: A flight or train number ("KE 9021", "1S42").
LEG_NUMBER: Final = 40
#: An airport terminal or station platform ("T2", "Platform 5").
TERMINAL: Final = 40
#: An ISO 4217 currency code ("GBP").
CURRENCY: Final = 3
#: A file's path (a gift's photo).
PATH: Final = 1000
#: What a done task saw of the plan (a SHA-256 in hex).
FINGERPRINT: Final = 64
#: An engagement's calendar UID (a canonical UUID string).
UUID: Final = 36
#: A stored enum value.
ENUM: Final = 24
#: A language code ("ko"; "" for the reader's usual language).
LANGUAGE_CODE: Final = 16
#: A postal address (several lines).
ADDRESS: Final = 1000
#: Short notes: arrival and departure details, room and vehicle notes.
NOTE: Final = 2000
#: Long text: biographies, notes, purposes, descriptions.
LONG: Final = 20000
#: The most unnamed guests one engagement may carry ("+3 guests").
GUESTS: Final = 10_000
#: The largest whole number stored (capacities, precedences): the databases' 32-bit integers.
MAX_INT: Final = 2**31 - 1


@dataclass(frozen=True)
class TextRule:
    """What one text field may hold.

    Attributes:
        limit: the most characters (code points) it may hold.
        multiline: whether line breaks and tabs are allowed (notes, addresses); a one-line
            field refuses every control character.
    """

    limit: int
    multiline: bool = False

    def check(self, value: str, field_name: str) -> str:
        """`value` unchanged, or a `UserError` naming `field_name`."""
        # the usual case (empty, or short and clean) in one length test and one search, without
        # the calls `check_text` makes to say what is wrong: an import checks thousands of rows
        if value and (
            len(value) > self.limit
            or (_REFUSED_IN_LINES if self.multiline else _REFUSED_IN_A_LINE).search(value) is not None
        ):
            check_text(value, field_name, self.limit, multiline=self.multiline)
        return value


#: Rules shared by many fields.
ONE_LINE: Final = TextRule(LINE)
SHORT_TEXT: Final = TextRule(NOTE, multiline=True)
LONG_TEXT: Final = TextRule(LONG, multiline=True)

# Control characters (category Cc: C0, DEL, C1), line and paragraph separators (Zl, Zp) and
# surrogates (Cs), as character classes: one search in C per value, not a loop per character.
_REFUSED_IN_A_LINE: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_REFUSED_IN_LINES: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def refused_character(value: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """The first character (index, why) no stored text may hold: control characters (NUL, ESC,
    DEL, C1), line breaks and tabs outside multi-line fields, and unpaired surrogates (which are
    not text and neither database can store)."""
    found = (_REFUSED_IN_LINES if multiline else _REFUSED_IN_A_LINE).search(value)
    if found is None:
        return None
    ch = found.group()
    if ch in "\n\r\u2028\u2029":
        what = "a line break"
    elif ch == "\t":
        what = "a tab"
    elif "\ud800" <= ch <= "\udfff":
        what = "an unpaired surrogate"
    else:
        what = "a control character"
    return found.start(), what


def check_text(value: str, field_name: str, limit: int, *, multiline: bool = False) -> str:
    """`value` unchanged when it fits `limit` characters and holds only storable characters;
    otherwise a `UserError` naming `field_name`."""
    if not value:  # most optional fields are empty: nothing to search
        return value
    if len(value) > limit:
        raise UserError(f"{field_name}: is {len(value)} characters long, at most {limit} are allowed", field=field_name)
    refused = refused_character(value, multiline=multiline)
    if refused is not None:
        index, what = refused
        code = f"U+{ord(value[index]):04X}"
        where = " (it must be one line)" if what in ("a line break", "a tab") else ""
        raise UserError(f"{field_name}: contains {what} ({code}) at character {index + 1}{where}", field=field_name)
    return value
