"""Editions of the briefing pack as data: audience, marking, distribution list and the classes shown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from visitplanner.domain import limits
from visitplanner.domain.enums import Privacy, Side, Vocabulary
from visitplanner.domain.errors import UserError
from visitplanner.domain.limits import ONE_LINE, TextRule
from visitplanner.domain.values import check_texts, required


class Audience(Vocabulary):
    """Who an edition is for: it decides which sides its automatic distribution list names.

    Attributes:
        sides: the sides whose attendees receive the edition when its list is left automatic.
    """

    HOST = "host"
    DELEGATION = "delegation"
    PUBLIC = "public"

    @property
    def sides(self) -> tuple[Side, ...]:
        return _AUDIENCE_SIDES[self]


_AUDIENCE_SIDES = {
    Audience.HOST: (Side.HOST, Side.STAFF),
    Audience.DELEGATION: (Side.VISITING,),
    Audience.PUBLIC: (),
}

#: The classes each audience's default edition shows.
DEFAULT_CLASSES: Mapping[Audience, frozenset[Privacy]] = {
    Audience.HOST: frozenset(Privacy),
    Audience.DELEGATION: frozenset({Privacy.PUBLIC, Privacy.INTERNAL, Privacy.MOVEMENTS}),
    Audience.PUBLIC: frozenset({Privacy.PUBLIC}),
}

#: How many editions a visit may have, and how many people one distribution list may name.
MAX_EDITIONS = 20
MAX_DISTRIBUTION = 500


def order_classes(classes: Iterable[Privacy]) -> tuple[Privacy, ...]:
    """The classes in `Privacy`'s order (public first), each once."""
    chosen = set(classes)
    return tuple(c for c in Privacy if c in chosen)


def parse_classes(text: str, field_name: str = "classes") -> frozenset[Privacy]:
    """ "public, movements" -> the classes; an unknown name is a `UserError` naming the choices."""
    result = set()
    for name in (part.strip().lower() for part in text.replace(";", ",").split(",")):
        if not name:
            continue
        try:
            result.add(Privacy(name))
        except ValueError:
            choices = ", ".join(p.value for p in Privacy)
            raise UserError(
                f"{field_name}: {name!r} is not a class of information ({choices})", field=field_name
            ) from None
    return frozenset(result)


@dataclass(frozen=True)
class EditionData:
    """One edition of a visit's briefing pack.

    Attributes:
        name: what officers call it ("Host", "Delegation", "Public"); unique within the visit.
        audience: who it is for (decides the automatic distribution list).
        marking: the protective marking printed on every page ("" for none).
        classes: the classes of information it may show (public is always shown).
        distribution: the people who receive it, one per line, in copy order; empty means the
            attendees of the audience's sides, by side and precedence (drivers excepted).
    """

    name: str
    audience: Audience
    marking: str = ""
    classes: frozenset[Privacy] = field(default_factory=lambda: frozenset({Privacy.PUBLIC}))
    distribution: tuple[str, ...] = ()

    TEXT: ClassVar[Mapping[str, TextRule]] = {
        "name": TextRule(limits.EDITION_NAME),
        "marking": TextRule(limits.MARKING),
    }

    def validate(self) -> None:
        required(self.name, "name", limits.EDITION_NAME)
        check_texts(self, self.TEXT)
        if Privacy.PUBLIC not in self.classes:
            raise UserError("classes: every edition shows public information", field="classes")
        if self.audience is Audience.PUBLIC and self.classes != {Privacy.PUBLIC}:
            raise UserError("classes: a public edition shows public information only", field="classes")
        if self.audience is Audience.PUBLIC and self.marking.strip():
            raise UserError("marking: a public edition carries no protective marking", field="marking")
        if len(self.distribution) > MAX_DISTRIBUTION:
            raise UserError(f"distribution: at most {MAX_DISTRIBUTION} people", field="distribution")
        for n, line in enumerate(self.distribution, start=1):
            ONE_LINE.check(line, f"distribution line {n}")
            if not line.strip():
                raise UserError(f"distribution line {n}: must not be empty", field="distribution")

    @property
    def numbered(self) -> bool:
        """True when each copy carries a number (an edition showing restricted information)."""
        return Privacy.RESTRICTED in self.classes

    @property
    def label(self) -> str:
        """ "Host edition"."""
        return f"{self.name} edition"

    def allows(self, privacy: Privacy) -> bool:
        return privacy in self.classes


def default_editions(marking: str) -> tuple[EditionData, ...]:
    """The three editions every visit starts with: Host (the visit's marking), Delegation and Public."""
    return (
        EditionData("Host", Audience.HOST, marking.strip() or "OFFICIAL-SENSITIVE", DEFAULT_CLASSES[Audience.HOST]),
        EditionData("Delegation", Audience.DELEGATION, "OFFICIAL", DEFAULT_CLASSES[Audience.DELEGATION]),
        EditionData("Public", Audience.PUBLIC, "", DEFAULT_CLASSES[Audience.PUBLIC]),
    )


#: The names the command line accepted before editions were data, and the edition each means.
LEGACY_NAMES = {"restricted": "Host", "public": "Public"}


@dataclass(frozen=True)
class CopyEntry:
    """One numbered copy of an edition: "Copy 3 of 12 — name"."""

    number: int
    of: int
    name: str

    @property
    def label(self) -> str:
        return f"Copy {self.number} of {self.of} \N{EM DASH} {self.name}"


def copies(names: Iterable[str]) -> tuple[CopyEntry, ...]:
    """The numbered copies of a distribution list, in its order."""
    listed = [n for n in names if n.strip()]
    return tuple(CopyEntry(n, len(listed), name) for n, name in enumerate(listed, start=1))
