"""The checks read replies to invitations: declined principals and signatories, and who is counted."""

from __future__ import annotations

from datetime import date

from tests.unit.test_checks import MAY_VISIT, eng
from visitplanner.domain.checks import (
    DIETARY_AT_MEAL,
    KEY_PERSON_DECLINED,
    ROOM_OVER_CAPACITY,
    RULES,
    CheckAttendance,
    CheckAttendee,
    CheckInput,
    CheckRoom,
    CheckVenue,
    Severity,
    run_checks,
)
from visitplanner.domain.enums import AttendancePart, EngagementKind, EngagementStatus, Role, Side
from visitplanner.domain.invitations import PartStat

PEOPLE = (
    CheckAttendee(1, "Park", Side.VISITING, Role.PRINCIPAL, 1, ("ko",)),
    CheckAttendee(2, "Kim", Side.VISITING, Role.DELEGATE, 2, ("ko",), has_dietary_requirement=True),
    CheckAttendee(3, "Marsh", Side.HOST, Role.HOST, 1, ("ko",)),
)
VENUE = CheckVenue(1, "Town Hall")


def checked(
    answers: dict[int, PartStat],
    *,
    kind: EngagementKind = EngagementKind.CEREMONY,
    capacity: int = 3,
    status: EngagementStatus = EngagementStatus.CONFIRMED,
) -> list[tuple[str, str]]:
    engagement = eng(1, "10:00", "11:00", kind=kind, room=7, status=status)
    parts = {3: AttendancePart.SIGNATORY, 1: AttendancePart.SIGNATORY} if kind is EngagementKind.CEREMONY else {}
    data = CheckInput(
        visit=MAY_VISIT,
        engagements=(engagement,),
        attendances=tuple(
            CheckAttendance(1, a, parts.get(a, AttendancePart.PARTICIPANT), answers.get(a, PartStat.NEEDS_ACTION))
            for a in (1, 2, 3)
        ),
        attendees=PEOPLE,
        venues=(VENUE,),
        rooms=(CheckRoom(7, 1, "Chamber", capacity),),
        today=date(2026, 5, 1),
    )
    return [(f.code, f.message) for f in run_checks(data)]


def test_a_signatory_or_principal_who_declined_is_an_error() -> None:
    assert RULES[KEY_PERSON_DECLINED][0] is Severity.ERROR
    assert not [c for c, _ in checked({}) if c == KEY_PERSON_DECLINED]
    found = [m for c, m in checked({3: PartStat.DECLINED, 2: PartStat.DECLINED}) if c == KEY_PERSON_DECLINED]
    assert found == ["Marsh, a signatory, declined the invitation to 'E1' (Tue 12 May 10:00–11:00)."]
    assert [c for c, _ in checked({1: PartStat.ACCEPTED, 3: PartStat.TENTATIVE}) if c == KEY_PERSON_DECLINED] == []
    principal = [m for c, m in checked({1: PartStat.DECLINED}, kind=EngagementKind.MEETING) if c == KEY_PERSON_DECLINED]
    assert principal == ["Park, a principal, declined the invitation to 'E1' (Tue 12 May 10:00–11:00)."]
    # a cancelled engagement asks nothing of anyone
    assert not [
        c for c, _ in checked({3: PartStat.DECLINED}, status=EngagementStatus.CANCELLED) if c == KEY_PERSON_DECLINED
    ]


def test_capacity_and_catering_count_accepted_and_no_reply_only() -> None:
    assert ROOM_OVER_CAPACITY in {c for c, _ in checked({}, capacity=2)}
    assert ROOM_OVER_CAPACITY not in {c for c, _ in checked({2: PartStat.DECLINED}, capacity=2)}
    assert ROOM_OVER_CAPACITY in {c for c, _ in checked({2: PartStat.TENTATIVE, 1: PartStat.ACCEPTED}, capacity=2)}
    assert DIETARY_AT_MEAL in {c for c, _ in checked({}, kind=EngagementKind.MEAL)}
    assert DIETARY_AT_MEAL not in {c for c, _ in checked({2: PartStat.DECLINED}, kind=EngagementKind.MEAL)}
