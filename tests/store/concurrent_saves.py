"""Officers saving at once: threads (and, run as a script, a process) updating people.

`python -m tests.store.concurrent_saves URL ROUNDS ID...` saves each person ROUNDS times, one
thread per person, and prints one JSON line of outcomes.
"""

from __future__ import annotations

import json
import sys
import threading
from collections import Counter
from dataclasses import replace

from visitplanner.domain.errors import ConflictError, VisitPlannerError
from visitplanner.services.people import person_data, update_person
from visitplanner.store.database import Database, open_database
from visitplanner.store.models import Person


def version_of(db: Database, person_id: int) -> tuple[int, str]:
    """What a dialog reads before the officer edits: the row's version and title."""
    with db.reading() as session:
        person = session.get(Person, person_id)
        assert person is not None
        return person.version, person.title


def save(db: Database, person_id: int, title: str, expected_version: int) -> str:
    """One save as the GUI makes it: a unit of work running the service with the version read."""
    try:
        with db.session() as session:
            person = session.get(Person, person_id)
            assert person is not None
            update_person(session, person_id, replace(person_data(person), title=title), expected_version)
    except ConflictError:
        return "conflict"
    except VisitPlannerError as exc:
        return f"refused: {exc}"
    return "saved"


def save_rows(db: Database, person_ids: list[int], rounds: int, tag: str) -> Counter[str]:
    """One thread per person, each saving its person `rounds` times; the outcomes counted."""
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(len(person_ids))

    def officer(person_id: int) -> None:
        start.wait()
        for n in range(rounds):
            version, _ = version_of(db, person_id)
            outcome = save(db, person_id, f"{tag} {n}", version)
            with lock:
                outcomes[outcome] += 1

    threads = [threading.Thread(target=officer, args=(person_id,)) for person_id in person_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def race_one_row(db: Database, person_id: int, officers: int, tag: str) -> Counter[str]:
    """`officers` threads read the same version of one person, then all save it at once
    (each a different title: a save that changes nothing is no conflict)."""
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    version, _ = version_of(db, person_id)
    start = threading.Barrier(officers)

    def officer(n: int) -> None:
        start.wait()
        outcome = save(db, person_id, f"{tag} officer {n}", version)
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=officer, args=(n,)) for n in range(officers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def main(argv: list[str]) -> int:
    url, rounds, *ids = argv
    db = open_database(url, create=False)
    try:
        outcomes = save_rows(db, [int(i) for i in ids], int(rounds), f"process {ids[0]}")
    finally:
        db.close()
    print(json.dumps(dict(outcomes)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
