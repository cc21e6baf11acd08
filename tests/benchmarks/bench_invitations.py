"""Times the pending invitations of a visit (300 recipients x 200 engagements, everyone at everything,
after a send and a round of changes) against the plain export of the same personal calendars
(`export_calendars` per attendee, METHOD:REQUEST) measured in the same run, and prints the ratio.

The plain export of all 300 calendars takes minutes (each lists every engagement with its 300
ATTENDEEs), so by default a sample of them is exported and the time scaled to all (said so in the
output); `--export-sample 0` exports every one.

    .venv/bin/python tests/benchmarks/bench_invitations.py [--runs N] [--recipients N] [--engagements N]
        [--export-sample N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from visitplanner.domain.changes import Entity
from visitplanner.domain.enums import EngagementKind, Role, Side
from visitplanner.domain.invitations import MessageKind, SentMethod, SentRecord
from visitplanner.domain.values import (
    AttendanceData,
    AttendeeData,
    EngagementData,
    EngagementPlan,
    PersonData,
    VisitData,
)
from visitplanner.exporters.ical import export_calendars
from visitplanner.exporters.invitations import invitation_status
from visitplanner.services import attendees, engagements, people, visits
from visitplanner.services.invitations import record_sent
from visitplanner.store.database import Database, open_database

TARGET_SECONDS = 0.5  # the bound for 300 recipients x 200 engagements
NOW = datetime(2027, 4, 20, 9, 0, tzinfo=UTC)


def build(db: Database, recipients: int, count: int) -> tuple[int, list[int]]:
    """A visit where every recipient attends every engagement, sent once, then changed."""
    with db.session() as session:
        visit_id = visits.create_visit(
            session,
            VisitData(
                "Bench visit", "bench-invitations", date(2027, 5, 10), date(2027, 5, 16), "Europe/London", "Asia/Seoul"
            ),
        ).created_id(Entity.VISIT)
        _, person_ids = people.create_people(
            session, [PersonData(f"Person{n:04d}", "Test", email=f"p{n:04d}@bench.example") for n in range(recipients)]
        )
        liaison = people.create_person(session, PersonData("Desk", email="desk@bench.example")).created_id(
            Entity.PERSON
        )
        attendees.add_attendee(session, visit_id, AttendeeData(liaison, Side.STAFF, Role.LIAISON))
        _, attendee_ids = attendees.add_attendees(
            session,
            visit_id,
            [AttendeeData(p, Side.VISITING if n % 2 else Side.HOST, Role.DELEGATE) for n, p in enumerate(person_ids)],
        )
        start = datetime(2027, 5, 10, 8, 0, tzinfo=UTC)
        items = []
        for n in range(count):
            begins = start + timedelta(days=n // 40, minutes=15 * (n % 40))
            data = EngagementData(EngagementKind.MEETING, f"Engagement {n:03d}", begins, begins + timedelta(minutes=15))
            items.append(
                engagements.NewEngagement(EngagementPlan(data, tuple(AttendanceData(a) for a in attendee_ids)))
            )
        _, engagement_ids = engagements.create_engagements(session, visit_id, items)
        # the first send, recorded as the send step records it
        status = invitation_status(session, visit_id, now=NOW, details=False)
        names = {r.address: (r.name, r.person_id) for r in status.recipients}
        sent = []
        for item in (i for r in status.recipients for i in r.pending):
            m = item.message
            assert m.kind is MessageKind.NEW
            name, person = names[m.address]
            sent.append(
                SentRecord(
                    m.address,
                    name,
                    person,
                    m.uid,
                    SentMethod.REQUEST,
                    m.sequence,
                    m.digest,
                    item.title,
                    item.start_at,
                    item.end_at,
                )
            )
        record_sent(session, visit_id, sent, now=NOW)
        # a round of changes: moves, people taken off, a deletion, a cancellation, a new engagement
        for ident in engagement_ids[:5]:
            engagements.move_engagement(session, ident, start + timedelta(days=5, hours=ident % 5))
        for attendee in attendee_ids[:20]:
            engagements.unassign_attendee(session, engagement_ids[10], attendee)
        engagements.delete_engagement(session, engagement_ids[11])
        engagements.cancel_engagement(session, engagement_ids[12])
    return visit_id, attendee_ids


def timed(runs: int, work: Callable[[], object]) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each run: on a shared machine the CPU time is what the work cost,
    the wall time also what other processes took meanwhile."""
    times = []
    for _ in range(runs):
        began, cpu = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - began, time.process_time() - cpu))
    return times


def best(runs: int, work: Callable[[], object]) -> float:
    return min(wall for wall, _ in timed(runs, work))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--recipients", type=int, default=300)
    parser.add_argument("--engagements", type=int, default=200)
    parser.add_argument("--export-sample", type=int, default=10, help="personal calendars exported (0: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        try:
            visit_id, attendee_ids = build(db, args.recipients, args.engagements)

            def pending() -> None:
                with db.reading() as session:
                    status = invitation_status(session, visit_id, now=NOW, details=False)
                    counts = status.counts
                    assert counts.update == 5 * args.recipients and counts.cancellation > 0, counts

            sample = attendee_ids[: args.export_sample] if args.export_sample > 0 else attendee_ids

            def exports() -> None:
                with db.reading() as session:
                    for attendee_id in sample:
                        export_calendars(session, visit_id, scope=attendee_id, method="request", now=NOW)

            def shown() -> None:  # what the Invitations tab reads: the messages, last sends and replies
                with db.reading() as session:
                    invitation_status(session, visit_id, now=NOW, details=True)

            runs = timed(args.runs, pending)
            took = min(wall for wall, _ in runs)
            cpu = min(used for _, used in runs)
            tab = best(args.runs, shown)
            floor = best(1, exports) * len(attendee_ids) / len(sample)
            verdict = "ok" if took < TARGET_SECONDS else f"SLOWER THAN {TARGET_SECONDS} s"
            how = "" if len(sample) == len(attendee_ids) else f" ({len(sample)} exported, scaled to all)"
            print(
                f"pending invitations, {args.recipients} recipients x {args.engagements} engagements: {took:.3f} s "
                f"best of {', '.join(f'{wall:.3f}' for wall, _ in runs)} ({verdict}; CPU {cpu:.3f} s); "
                f"plain export of the same "
                f"{len(attendee_ids)} personal calendars{how}: {floor:.1f} s; ratio {took / floor:.4f}; "
                f"with last sends and replies (the Invitations tab): {tab:.3f} s"
            )
        finally:
            db.close()


if __name__ == "__main__":
    main()
