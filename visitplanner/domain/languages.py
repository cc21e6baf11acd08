"""The languages documents are written in, and which one a reader gets (their choice, else their languages)."""

from __future__ import annotations

from enum import StrEnum

from visitplanner.domain.errors import UserError
from visitplanner.domain.names import parse_languages


class DocumentLanguage(StrEnum):
    """A language the fixed text of the documents is translated into (a catalogue in
    `visitplanner/domain/catalogue/`). The value is the language's ISO 639-1 code."""

    EN = "en"
    KO = "ko"

    @property
    def label(self) -> str:
        """How the language is named in choices: in English, then in itself ("Korean (한국어)")."""
        return _LABELS[self]


_LABELS = {DocumentLanguage.EN: "English", DocumentLanguage.KO: "Korean (한국어)"}

#: The language of a reader whose languages name none of ours.
DEFAULT_LANGUAGE = DocumentLanguage.EN


def language_of_code(code: str, field_name: str = "document_language") -> DocumentLanguage:
    """The language with ISO 639-1 `code` ("ko", " KO "), or a `UserError` naming the field and the
    languages there are."""
    try:
        return DocumentLanguage(code.strip().lower())
    except ValueError:
        known = ", ".join(f"{lang.value} ({lang.label})" for lang in DocumentLanguage)
        raise UserError(
            f"{field_name}: documents cannot be written in {code!r} (choose {known})", field=field_name
        ) from None


def usual_language(languages: str) -> DocumentLanguage:
    """The language a reader gets by default: the first of their `languages` ("ko, en") that
    documents are written in, else English."""
    for code in parse_languages(languages):
        # "ko-KR", "ko_kr": the language part decides
        base = code.replace("_", "-").split("-", 1)[0]
        if base in _CODES:
            return DocumentLanguage(base)
    return DEFAULT_LANGUAGE


_CODES = frozenset(lang.value for lang in DocumentLanguage)


def document_language(chosen: str, languages: str) -> DocumentLanguage:
    """The language of an attendee's documents: the one chosen for them ("ko"), or, when none is
    chosen (""), the usual one for their `languages`."""
    return language_of_code(chosen) if chosen.strip() else usual_language(languages)
