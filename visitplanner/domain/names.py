"""How people's names are written: native script, romanised, family-name-first or not."""

from __future__ import annotations

from dataclasses import dataclass

from visitplanner.domain.enums import NameOrder
from visitplanner.domain.name_parsing import is_native_script


def romanised_of(family_name: str, given_names: str, name_order: NameOrder, romanised_name: str = "") -> str:
    """`PersonName.romanised` of these parts, without making a `PersonName` (an import asks it of
    thousands of rows): the person's own romanisation, else the parts in their order."""
    own = romanised_name.strip()
    if own:
        return own
    first, second = family_name.strip(), given_names.strip()
    if name_order is NameOrder.GIVEN_FIRST:
        first, second = second, first
    return f"{first} {second}" if first and second else first or second


def display_of(native_name: str, romanised: str) -> str:
    """`PersonName.display`: the romanised name with the native script after it."""
    native = native_name.strip()
    return f"{romanised} ({native})" if native and native != romanised else romanised


@dataclass(frozen=True)
class PersonName:
    """The parts of a name an officer records.

    Attributes:
        family_name: family name in Latin script, e.g. "Park".
        given_names: given names in Latin script, e.g. "Heong-Joon".
        native_name: the name in the person's own script, e.g. "박형준" (may be empty).
        romanised_name: the romanisation the person uses themselves, overriding the
            composed form (may be empty).
        name_order: whether the family name comes first.
        honorific: e.g. "Dr", "Mr", "Professor" (may be empty).
        form_of_address: e.g. "His Excellency", "The Rt Hon" (may be empty).
    """

    family_name: str
    given_names: str = ""
    native_name: str = ""
    romanised_name: str = ""
    name_order: NameOrder = NameOrder.GIVEN_FIRST
    honorific: str = ""
    form_of_address: str = ""

    @property
    def romanised(self) -> str:
        """The Latin-script name in the person's own order ("Park Heong-Joon")."""
        return romanised_of(self.family_name, self.given_names, self.name_order, self.romanised_name)

    @property
    def latin(self) -> str:
        """`romanised` when it is in Latin script; "" for a name known only in Hangul (or another
        native script), whose parts compose no form a hotel or a security desk could read."""
        romanised = self.romanised
        return "" if is_native_script(romanised) else romanised

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.family_name.casefold(), self.given_names.casefold())

    @property
    def display(self) -> str:
        """Romanised name with the native script after it: "Park Heong-Joon (박형준)"."""
        return display_of(self.native_name, self.romanised)

    @property
    def formal(self) -> str:
        """The name with honorific, as on a place card: "Dr Jane Smith"."""
        return " ".join(p for p in (self.honorific.strip(), self.romanised) if p)

    @property
    def listed(self) -> str:
        """As an alphabetical list writes it, family name first: "Rotheram, Steve", "Park, Heong-Joon"."""
        family, given = self.family_name.strip(), self.given_names.strip()
        return f"{family}, {given}" if family and given else family or given or self.romanised

    @property
    def native_or_romanised(self) -> str:
        return self.native_name.strip() or self.romanised

    def native_first(self, honorific: str | None) -> tuple[str, str]:
        """The name for a reader of its native script: (the name first, the romanised form after).

        `honorific` is this name's honorific as the reader's language writes it after a name
        ("시장"), "" when it leaves it out, None when it has no word for it. "박형준 시장" then
        "Park Heong-Joon"; without a native name "Steve Rotheram 시장" and nothing after; an
        honorific the language cannot write is kept in English with the romanised form
        ("Sir John Smith"), never set before a name in another script.
        """
        native = self.native_name.strip()
        has_native = bool(native) and native != self.romanised
        if honorific is None:
            return (native, self.formal) if has_native else (self.formal, "")
        first = native if has_native else self.romanised
        if honorific:
            first = f"{first} {honorific}"
        return (first, self.romanised if has_native else "")


def parse_languages(text: str) -> tuple[str, ...]:
    """Language codes from "ko, en" (lower-cased, de-duplicated, order kept)."""
    seen: dict[str, None] = {}
    for part in text.replace(";", ",").split(","):
        code = part.strip().lower()
        if code:
            seen.setdefault(code, None)
    return tuple(seen)


#: Scripts whose names are written family name first: Hangul, Han ideographs, kana.
_FAMILY_FIRST_SCRIPTS = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3130, 0x318F),  # Hangul Compatibility Jamo
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # Hangul Syllables
)


def usual_name_order(native_name: str) -> NameOrder | None:
    """The order a name in this script is usually written in: family name first for Korean,
    Chinese and Japanese names; None when the script says nothing (the officer decides)."""
    for ch in native_name:
        if any(low <= ord(ch) <= high for low, high in _FAMILY_FIRST_SCRIPTS):
            return NameOrder.FAMILY_FIRST
    return None
