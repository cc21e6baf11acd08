"""How printed documents name people and organisations for a reader of each language."""

from __future__ import annotations

from visitplanner.domain.catalogue import Words
from visitplanner.domain.languages import DocumentLanguage
from visitplanner.exporters.pdf_blocks import position
from visitplanner.exporters.pdf_plan import OrganisationView, PersonView


def cover_names(person: PersonView, words: Words) -> tuple[str, str]:
    """The name as a document's cover or card sets it: (the large line, the line under it, or "").

    English: the native script large and the formal romanised name under it ("박형준" / "Mayor
    Park Heong-Joon"), or the formal name alone. Another language: the name as that language writes
    it ("박형준 시장", see `PersonName.native_first`), with the formal romanised form under it when
    the name has a native script.
    """
    name = person.name
    native = name.native_name.strip()
    has_native = bool(native) and native != name.romanised
    if words.language is DocumentLanguage.EN:
        return (native, name.formal) if has_native else (name.formal, "")
    first, _after = name.native_first(words.honorific(name.honorific))
    return (first, name.formal if has_native else "")


def organisation_name(organisation: OrganisationView | None, words: Words) -> str:
    """The organisation for the reader: "Busan Metropolitan City (부산광역시)" in English; in
    another language its name in that script where given ("부산광역시")."""
    if organisation is None:
        return ""
    if words.language is DocumentLanguage.EN:
        return organisation.display
    return organisation.native_name.strip() or organisation.name


def position_for(person: PersonView, words: Words) -> str:
    """ "Title, Organisation" in English; in another language the organisation first, as it
    writes it, then the title ("부산광역시 · Mayor of Busan Metropolitan City")."""
    if words.language is DocumentLanguage.EN:
        return position(person)
    return " · ".join(p for p in (organisation_name(person.organisation, words), person.title) if p)
