"""The fixed text of printed documents, one catalogue per language.

Each language is a Python mapping module beside this one (`en.py`, `ko.py`): `TEXT` maps a key
("block.where") to the text, with `str.format` fields ("Day {number}: {date}"); `HONORIFICS` says
how the language writes an English honorific; `ZONE_NAMES` names time zones' cities. A document
asks `words(language)` for its text: `w("block.where")`, `w("day.heading", number=1, date=...)`,
and `w.kind(kind)`, `w.part(part)` and the like for closed vocabularies. A new language is a new
module with every key of `en.py` (`tests/unit/test_catalogue.py` holds them to it) and a member of
`DocumentLanguage`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType

from visitplanner.domain.catalogue import en, ko
from visitplanner.domain.enums import AttendancePart, EngagementKind, JourneyMode, LegDirection, Side
from visitplanner.domain.formatting import zone_label
from visitplanner.domain.languages import DocumentLanguage, language_of_code

#: Each language's catalogue module.
CATALOGUES: Mapping[DocumentLanguage, ModuleType] = {DocumentLanguage.EN: en, DocumentLanguage.KO: ko}

#: The language tag a PDF declares for a document in each language (readers and screen readers use it).
PDF_LANGUAGE_TAGS: Mapping[DocumentLanguage, str] = {DocumentLanguage.EN: "en-GB", DocumentLanguage.KO: "ko-KR"}

#: The keys of closed vocabularies, looked up by the member's value: key prefix -> the vocabulary.
VOCABULARIES = {
    "kind.": EngagementKind,
    "part.": AttendancePart,
    "side.": Side,
    "direction.": LegDirection,
    "mode.": JourneyMode,
}


@dataclass(frozen=True)
class Words:
    """The fixed text of documents in one language.

    Attributes:
        language: the language.
    """

    language: DocumentLanguage

    @property
    def code(self) -> str:
        """The ISO 639-1 code ("ko"), as the formatting functions take it."""
        return self.language.value

    @property
    def pdf_tag(self) -> str:
        return PDF_LANGUAGE_TAGS[self.language]

    def __call__(self, key: str, **fields: object) -> str:
        """The text of `key` with its `fields` filled in (a `KeyError` for a key no catalogue has)."""
        text: str = CATALOGUES[self.language].TEXT[key]
        return text.format(**fields) if fields else text

    def kind(self, kind: EngagementKind) -> str:
        return self(f"kind.{kind.value}")

    def part(self, part: AttendancePart) -> str:
        return self(f"part.{part.value}")

    def side(self, side: Side) -> str:
        """The side's people as a group: "Delegation"; "대표단"."""
        return self(f"side.{side.value}")

    def direction(self, direction: LegDirection) -> str:
        return self(f"direction.{direction.value}")

    def mode(self, mode: JourneyMode) -> str:
        return self(f"mode.{mode.value}")

    def zone(self, name: str) -> str:
        """The city a zone is named after, in this language ("런던")."""
        return zone_label(name, self.code)

    def honorific(self, honorific: str) -> str | None:
        """How this language writes an English honorific ("Mayor" -> "시장"; "Mr" -> ""), or None
        when it has no way (English itself: the honorific stays as given)."""
        if not honorific.strip():
            return ""
        honorifics: Mapping[str, str] = CATALOGUES[self.language].HONORIFICS
        return honorifics.get(honorific.strip().rstrip(".").casefold())


def words(language: DocumentLanguage | str = DocumentLanguage.EN) -> Words:
    """The document text in `language` (a `DocumentLanguage` or its code, "ko")."""
    return Words(language if isinstance(language, DocumentLanguage) else language_of_code(language, "lang"))


ENGLISH = words(DocumentLanguage.EN)
