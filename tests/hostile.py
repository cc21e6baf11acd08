"""The hostile-text corpus: what other people's names, files and pastes may hold, for any text field."""

from __future__ import annotations

from collections.abc import Iterator

#: Text that is not about length: characters and shapes that break parsers, terminals and databases.
CHARACTERS: dict[str, str] = {
    "empty": "",
    "spaces only": "   ",
    "padded": "  padded  ",
    "ideographic spaces": "\u3000Kim\u3000",
    "NUL": "a\x00b",
    "NUL alone": "\x00",
    "bell": "ring\x07",
    "backspace": "abc\x08\x08\x08xyz",
    "escape sequence": "\x1b[2J\x1b[31mred\x1b[0m",
    "OSC title": "\x1b]0;owned\x07name",
    "DEL": "a\x7fb",
    "C1 NEL": "a\x85b",
    "C1 CSI": "\x9b31mred",
    "tab": "a\tb",
    "newline": "first\nsecond",
    "CRLF": "first\r\nsecond",
    "carriage return": "hidden\rshown",
    "line separator": "a\u2028b",
    "paragraph separator": "a\u2029b",
    "RLO override": "abc\u202edcba.exe",
    "bidi isolates": "\u2067فاطمة\u2069 and \u2066Kim\u2069",
    "PDF alone": "\u202c",
    "LRM and RLM": "\u200eשלום\u200f",
    "lone high surrogate": "a\ud800b",
    "lone low surrogate": "\udfff",
    "reversed pair": "\udc00\ud800",
    "noncharacters": "\ufffe\uffff\U0010ffff",
    "BOM": "\ufeffname",
    "zero-width joiner emoji": "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",
    "flags and skin tones": "\U0001f1f0\U0001f1f7 \U0001f44b\U0001f3fd",
    "combining marks": "Z\u0335\u0321\u0322a\u0336\u0358l\u0334g\u0337o",
    "decomposed accents": "Jose\u0301 Mun\u0303oz",
    "Hangul": "박형준",
    "Arabic": "محمد بن سلمان",
    "Hebrew": "יצחק הרצוג",
    "Devanagari": "नरेन्द्र मोदी",
    "Thai": "ประยุทธ์ จันทร์โอชา",
    "CJK extension B": "\U00020000\U0002a6d6",
    "private use": "\ue000\U000f0000",
    "SQL quote": "O'Brien'); DROP TABLE person; --",
    "SQL comment": "x' OR '1'='1' /*",
    "LIKE wildcards": "100%_done\\",
    "markup": "<b>bold</b> & <img src=x onerror=alert(1)> R&D <Ltd>",
    "reportlab markup": '<font size="72">BIG</font><br/><para>',
    "format strings": "%s %n %x {0} {name!r} ${HOME}",
    "backslashes": "C:\\temp\\new\\x00",
    "JSON-looking": '{"format": "visitplanner-visit"}',
    "CSV formula": '=HYPERLINK("http://x","y")',
    "path traversal": "../../etc/passwd",
    "e-mail-like": "mayor@busan.example",
    "e-mail with NUL": "mayor\x00@busan.example",
    "e-mail with newline": "mayor@busan.example\n",
    "phone": "+82 51 888 1234",
    "phone with escape": "+44\x1b[8m 151",
    "slug-like": "busan-liverpool-2",
    "zone-like": "Europe/London",
}


def lengths(limit: int) -> Iterator[tuple[str, str]]:
    """Values at and over `limit` characters: ASCII, astral emoji (two UTF-16 units, four UTF-8
    bytes each) and combining marks (so bytes, UTF-16 units and characters all differ)."""
    yield f"{limit} ASCII", "x" * limit
    yield f"{limit + 1} ASCII", "x" * (limit + 1)
    yield f"{limit} emoji", "\U0001f600" * limit
    yield f"{limit + 1} emoji", "\U0001f600" * (limit + 1)
    yield f"{limit} with combining marks", ("e\u0301" * limit)[:limit]
    yield f"{limit + 1} with combining marks", ("e\u0301" * (limit + 1))[: limit + 1]
    yield f"{limit} Hangul", "한" * limit
    yield f"{limit + 1} Hangul", "한" * (limit + 1)


def corpus(limit: int) -> Iterator[tuple[str, str]]:
    """Every hostile value for a field of at most `limit` characters: (label, value)."""
    yield from CHARACTERS.items()
    yield from lengths(limit)
