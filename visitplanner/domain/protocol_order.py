"""Order of precedence at an engagement: receiving line, photo line-up, signing order and speaking order.

Only those who rank stand in a line: the visiting and host sides, not those who work (interpreters,
liaison, security, photographers, drivers, support). Across the two sides, rank is: principals
first, then by precedence, the visiting side before the host side at equal precedence (the guest
comes first), unranked people last (`cross_rank`).

* Receiving line (ceremonies and receptions): the host first, then the chief guest (the guest of
  honour stands at the host's left, so arriving guests meet the host first), then the next rank of
  each side, host side first: at most `RECEIVING_LINE` people.
* Photo line-up (ceremonies, receptions, press calls), as the photographer sees it, left to right:
  the two principals in the middle, the chief guest at the host's right (the camera's left); each
  side extends outwards from its own principal in descending rank.
* Signing order (any engagement with signatories on both sides): each side signs its own copy first
  (the alternat), its signatories in rank order, then its witnesses; the copies are exchanged and
  each side signs the other's; then the copies are handed back.
* Speaking order (anyone speaking): the chair opens; the speakers follow in ascending rank, so the
  highest speaks last (the chief guest after the host: the host welcomes, the guest replies).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from visitplanner.domain.enums import AttendancePart, EngagementKind, Role, Side

#: The most people in a receiving line: the host, the chief guest and the next of each side.
RECEIVING_LINE = 4
#: Roles that work at an engagement rather than rank: never in a line.
WORKING_ROLES = frozenset({Role.INTERPRETER, Role.DRIVER, Role.PHOTOGRAPHER, Role.SECURITY, Role.LIAISON})
#: Parts that work at an engagement rather than rank.
WORKING_PARTS = frozenset(
    {AttendancePart.INTERPRETER, AttendancePart.DRIVER, AttendancePart.SUPPORT, AttendancePart.GUIDE}
)
RECEIVING_KINDS = frozenset({EngagementKind.CEREMONY, EngagementKind.RECEPTION})
PHOTO_KINDS = frozenset({EngagementKind.CEREMONY, EngagementKind.RECEPTION, EngagementKind.PRESS})


@dataclass(frozen=True)
class LinePerson:
    """Someone at an engagement, as the lines need them.

    Attributes:
        attendee_id: the attendee.
        name: how a line writes them.
        side, role, precedence: their place in the visit (precedence None: unranked).
        part: what they do at this engagement.
    """

    attendee_id: int
    name: str
    side: Side
    role: Role
    precedence: int | None
    part: AttendancePart = AttendancePart.PARTICIPANT

    @property
    def ranks(self) -> bool:
        """Whether they stand in lines: of the visiting or host side, and not working here."""
        return self.side is not Side.STAFF and self.role not in WORKING_ROLES and self.part not in WORKING_PARTS


def cross_rank(p: LinePerson) -> tuple[bool, bool, int, int, str, int]:
    """Rank across both sides (smaller ranks higher)."""
    return (
        p.role is not Role.PRINCIPAL,
        p.precedence is None,
        p.precedence or 0,
        0 if p.side is Side.VISITING else 1,
        p.name.casefold(),
        p.attendee_id,
    )


def _side_order(people: Sequence[LinePerson], side: Side) -> list[LinePerson]:
    return sorted((p for p in people if p.side is side and p.ranks), key=cross_rank)


@dataclass(frozen=True)
class SigningStep:
    """One round of signing: `copy` is the side whose copy is signed, by `signatories` in rank
    order, then `witnesses`."""

    round: int
    copy: Side
    signatories: tuple[LinePerson, ...]
    witnesses: tuple[LinePerson, ...] = ()


@dataclass(frozen=True)
class ProtocolLines:
    """The lines of one engagement (each empty where it has none).

    Attributes:
        receiving: the receiving line, first (at the door) to last.
        photo: the photo line-up, left to right as the photographer sees it.
        signing: the rounds of signing; round 1 each side its own copy, round 2 the other's.
        speaking: the speakers in the order they speak.
    """

    receiving: tuple[LinePerson, ...] = ()
    photo: tuple[LinePerson, ...] = ()
    signing: tuple[SigningStep, ...] = ()
    speaking: tuple[LinePerson, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.receiving or self.photo or self.signing or self.speaking)


def receiving_line(people: Sequence[LinePerson]) -> tuple[LinePerson, ...]:
    hosts, guests = _side_order(people, Side.HOST), _side_order(people, Side.VISITING)
    if not hosts or not guests:
        return ()
    line = [hosts[0], guests[0]]
    for i in range(1, max(len(hosts), len(guests))):
        line += [side[i] for side in (hosts, guests) if i < len(side)]
    return tuple(line[:RECEIVING_LINE])


def photo_line_up(people: Sequence[LinePerson]) -> tuple[LinePerson, ...]:
    hosts, guests = _side_order(people, Side.HOST), _side_order(people, Side.VISITING)
    if not hosts or not guests:
        return ()
    return (*reversed(guests), *hosts)


def signing_order(people: Sequence[LinePerson]) -> tuple[SigningStep, ...]:
    def signers(side: Side, part: AttendancePart) -> list[LinePerson]:
        return sorted((p for p in people if p.side is side and p.part is part), key=cross_rank)

    sides = (Side.VISITING, Side.HOST)
    signatories = {side: signers(side, AttendancePart.SIGNATORY) for side in sides}
    if not all(signatories.values()):
        return ()
    witnesses = {side: signers(side, AttendancePart.WITNESS) for side in sides}
    steps = [SigningStep(1, side, tuple(signatories[side]), tuple(witnesses[side])) for side in sides]
    steps += [
        SigningStep(2, copy, tuple(signatories[side]), tuple(witnesses[side]))
        for side, copy in zip(sides, sides[::-1], strict=True)
    ]
    return tuple(steps)


def speaking_order(people: Sequence[LinePerson]) -> tuple[LinePerson, ...]:
    chairs = sorted((p for p in people if p.part is AttendancePart.CHAIR), key=cross_rank)
    speakers = sorted((p for p in people if p.part is AttendancePart.SPEAKER), key=cross_rank)
    if not speakers:
        return ()
    return (*chairs, *reversed(speakers))


def protocol_lines(kind: EngagementKind, people: Sequence[LinePerson]) -> ProtocolLines:
    """The lines an engagement of `kind` with these people has (see the module's conventions)."""
    return ProtocolLines(
        receiving_line(people) if kind in RECEIVING_KINDS else (),
        photo_line_up(people) if kind in PHOTO_KINDS else (),
        signing_order(people),
        speaking_order(people),
    )


def copy_name(side: Side, organisations: Mapping[Side, str]) -> str:
    """How a side's copy of an agreement is called: "the Busan Metropolitan City copy", or "the delegation's copy"."""
    organisation = organisations.get(side, "").strip()
    if organisation:
        return f"the {organisation} copy"
    return "the delegation's copy" if side is Side.VISITING else "the hosts' copy"


def lines_text(
    lines: ProtocolLines, name: Callable[[LinePerson], str], organisations: Mapping[Side, str]
) -> list[tuple[str, str]]:
    """The lines as (label, text) for a briefing card or a terminal: how every output writes them
    (a line's further rows have the label ""). `organisations`: each side's organisation, naming
    its copy in the signing order."""
    out: list[tuple[str, str]] = []

    def numbered(people: Sequence[LinePerson]) -> str:
        return ", ".join(f"{n}. {name(p)}" for n, p in enumerate(people, start=1))

    if lines.receiving:
        out.append(("Receiving line", numbered(lines.receiving)))
    if lines.photo:
        out.append(("Photo line-up", "left to right: " + ", ".join(name(p) for p in lines.photo)))
    if lines.signing:
        for r in (1, 2):
            parts = []
            for step in (s for s in lines.signing if s.round == r):
                who = " and ".join(name(p) for p in step.signatories)
                text = f"{who} sign{'s' if len(step.signatories) == 1 else ''} {copy_name(step.copy, organisations)}"
                if step.witnesses:
                    text += f" (witness: {', '.join(name(p) for p in step.witnesses)})"
                parts.append(text)
            out.append(("Signing order" if r == 1 else "", f"{r}. " + "; ".join(parts)))
        out.append(("", "3. The copies are handed back: each side keeps its own."))
    if lines.speaking:
        out.append(("Speaking order", numbered(lines.speaking)))
    return out
