"""Receiving line, photo line-up, signing order and speaking order from precedence."""

from __future__ import annotations

from visitplanner.domain.enums import AttendancePart as K
from visitplanner.domain.enums import EngagementKind, Role, Side
from visitplanner.domain.protocol_order import (
    RECEIVING_LINE,
    LinePerson,
    lines_text,
    photo_line_up,
    protocol_lines,
    receiving_line,
    signing_order,
    speaking_order,
)


def person(
    ident: int, name: str, side: Side, precedence: int | None, role: Role = Role.DELEGATE, part: K = K.PARTICIPANT
) -> LinePerson:
    return LinePerson(ident, name, side, role, precedence, part)


GUEST = person(1, "Park", Side.VISITING, 1, Role.PRINCIPAL, K.SIGNATORY)
HOST = person(2, "Rotheram", Side.HOST, 1, Role.PRINCIPAL, K.SIGNATORY)
KIM = person(3, "Kim", Side.VISITING, 2, part=K.WITNESS)
MARSH = person(4, "Marsh", Side.HOST, 2, Role.HOST, K.WITNESS)
LEE = person(5, "Lee", Side.VISITING, 3)
CHOI = person(6, "Choi", Side.VISITING, 4)
SEO = person(7, "Seo", Side.STAFF, 1, Role.INTERPRETER, K.INTERPRETER)
WHITFIELD = person(8, "Whitfield", Side.HOST, 6, Role.LIAISON)
JUNG = person(9, "Jung", Side.VISITING, 5, Role.PHOTOGRAPHER, K.SUPPORT)
SIGNING = [JUNG, SEO, CHOI, LEE, WHITFIELD, MARSH, KIM, HOST, GUEST]  # any order in


def names(people: object) -> list[str]:
    return [p.name for p in people]  # type: ignore[attr-defined]


def test_the_receiving_line_is_the_host_then_the_chief_guest_then_the_next_of_each_side() -> None:
    assert names(receiving_line(SIGNING)) == ["Rotheram", "Park", "Marsh", "Kim"]
    assert len(receiving_line(SIGNING)) == RECEIVING_LINE
    assert receiving_line([GUEST, KIM, SEO]) == ()  # no host side: nobody receives


def test_the_photo_line_up_puts_the_guest_at_the_hosts_right_and_each_side_outwards() -> None:
    line = names(photo_line_up(SIGNING))
    # as the photographer sees it: the guest on the left of the host (the host's right hand)
    assert line == ["Choi", "Lee", "Kim", "Park", "Rotheram", "Marsh"]
    assert "Seo" not in line and "Whitfield" not in line and "Jung" not in line  # those who work stand aside


def test_each_side_signs_its_own_copy_first_then_the_other() -> None:
    steps = signing_order(SIGNING)
    assert [(s.round, s.copy, names(s.signatories), names(s.witnesses)) for s in steps] == [
        (1, Side.VISITING, ["Park"], ["Kim"]),
        (1, Side.HOST, ["Rotheram"], ["Marsh"]),
        (2, Side.HOST, ["Park"], ["Kim"]),
        (2, Side.VISITING, ["Rotheram"], ["Marsh"]),
    ]
    assert signing_order([GUEST, KIM]) == ()  # one side's signatory alone signs nothing


def test_several_signatories_of_a_side_sign_in_rank_order() -> None:
    deputy = person(10, "Deputy", Side.HOST, 3, part=K.SIGNATORY)
    steps = signing_order([deputy, HOST, GUEST])
    assert names(steps[1].signatories) == ["Rotheram", "Deputy"]


def test_the_chair_opens_and_the_highest_rank_speaks_last() -> None:
    chair = person(11, "Chair", Side.HOST, 4, Role.HOST, K.CHAIR)
    speakers = [
        person(1, "Park", Side.VISITING, 1, Role.PRINCIPAL, K.SPEAKER),
        person(2, "Rotheram", Side.HOST, 1, Role.PRINCIPAL, K.SPEAKER),
        person(4, "Marsh", Side.HOST, 2, Role.HOST, K.SPEAKER),
        person(12, "Unranked", Side.VISITING, None, part=K.SPEAKER),
    ]
    assert names(speaking_order([*speakers, chair])) == ["Chair", "Unranked", "Marsh", "Rotheram", "Park"]
    assert speaking_order([chair, GUEST]) == ()  # a chair with nobody speaking: no order


def test_which_engagements_have_which_lines() -> None:
    ceremony = protocol_lines(EngagementKind.CEREMONY, SIGNING)
    assert ceremony.receiving and ceremony.photo and ceremony.signing and not ceremony.speaking
    meal = protocol_lines(EngagementKind.MEAL, SIGNING)
    assert not meal.receiving and not meal.photo and meal.signing  # signatories sign wherever they are
    press = protocol_lines(EngagementKind.PRESS, [GUEST, HOST])
    assert press.photo and not press.receiving
    assert not protocol_lines(EngagementKind.TOUR, [LEE, WHITFIELD])


def test_the_lines_as_text_name_each_sides_copy() -> None:
    rows = lines_text(protocol_lines(EngagementKind.CEREMONY, SIGNING), lambda p: p.name, {Side.VISITING: "Busan"})
    assert rows == [
        ("Receiving line", "1. Rotheram, 2. Park, 3. Marsh, 4. Kim"),
        ("Photo line-up", "left to right: Choi, Lee, Kim, Park, Rotheram, Marsh"),
        (
            "Signing order",
            "1. Park signs the Busan copy (witness: Kim); Rotheram signs the hosts' copy (witness: Marsh)",
        ),
        ("", "2. Park signs the hosts' copy (witness: Kim); Rotheram signs the Busan copy (witness: Marsh)"),
        ("", "3. The copies are handed back: each side keeps its own."),
    ]
