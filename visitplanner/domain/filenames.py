"""File names that say what a file is and are safe on Windows, macOS and Linux."""

from __future__ import annotations

import re
import unicodedata

#: Names Windows refuses for a file, whatever the extension.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}
)
_NOT_ALLOWED = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def slugify(text: str, limit: int = 64) -> str:
    """ "Visit of the Mayor of Busan" -> "visit-of-the-mayor-of-busan": ASCII letters and digits
    joined by hyphens (accents dropped, other scripts left out)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


def name_part(text: str, limit: int = 48) -> str:
    """One part of a file name: the slug of `text`, or, for a name with no Latin letters
    (박형준), the name itself with spaces as hyphens and anything a file system refuses removed."""
    slug = slugify(text, limit)
    if slug:
        return slug
    cleaned = _NOT_ALLOWED.sub("", unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", "-", cleaned.strip()).strip(".-")[:limit]


def export_file_name(*parts: str, extension: str) -> str:
    """ "busan-liverpool", "briefing", "public", "issue2" with "pdf" ->
    "busan-liverpool-briefing-public-issue2.pdf". Empty parts are left out; the name never holds
    a path separator, a character Windows refuses, or a name Windows reserves (CON, LPT1...)."""
    stem = "-".join(part for part in (name_part(p) for p in parts) if part) or "export"
    if stem.lower() in WINDOWS_RESERVED:
        stem = f"{stem}-file"
    return f"{stem}.{extension.lstrip('.')}"
