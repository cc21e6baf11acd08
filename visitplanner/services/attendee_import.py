"""A delegation list into a visit: each row matched to the address book (new, update, unchanged),
the accepted rows written in one transaction, and the step undone and redone as one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, ChangesBuilder, Entity, Ref
from visitplanner.domain.enums import Role, Side
from visitplanner.domain.errors import ConflictError, ItemError, UserError
from visitplanner.domain.name_parsing import is_native_script
from visitplanner.domain.names import display_of, romanised_of
from visitplanner.domain.values import AttendeeData, OrganisationData, PersonData
from visitplanner.domain.work import Cancelled, WorkCancelled, collection_paused
from visitplanner.importers.attendee_sheet import CHECK_EVERY, ImportedAttendee
from visitplanner.services import attendees, organisations, people, snapshots
from visitplanner.services.base import get, service, utcnow
from visitplanner.store.models import Attendee, Organisation, Person, SheetMapping, Visit

Resolve = Callable[[Entity, int], int]


class RowStatus(StrEnum):
    """What importing a row would do to the address book and the visit."""

    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class ImportOptions:
    """The side and role of rows whose sheet has no such column. New attendees without a
    precedence column follow the side's existing ones, in row order."""

    side: Side = Side.VISITING
    role: Role = Role.DELEGATE


# The preview's records are named tuples, not frozen dataclasses: a delegation list makes
# thousands of them, and a frozen dataclass costs a call per field to build.


class FieldDiff(NamedTuple):
    """One field a row would change: its label, the value now and the value from the sheet."""

    field: str
    label: str
    old: str
    new: str


class RowPlan(NamedTuple):
    """What importing one row would do.

    Attributes:
        row: the row's number in the file.
        status: new, update or unchanged.
        name: the person's name as it would be shown.
        person_id: the matched address-book person (None for a new one).
        attendee_id: their attendee row in the visit, if they attend already.
        matched_by: how the person was found ("e-mail", "native name and organisation", ...).
        diffs: the fields that would change (every given field, for a new person: worked out
            when first asked, see `NewPersonDiffs`).
    """

    row: int
    status: RowStatus
    name: str
    person_id: int | None = None
    attendee_id: int | None = None
    matched_by: str = ""
    diffs: Sequence[FieldDiff] = ()


class NewPersonDiffs(Sequence[FieldDiff]):
    """The diffs of a new person's row (every field the row gives, and how they attend), worked
    out the first time they are asked for: a preview of thousands of new people shows a
    screenful of them, and its status and counts do not depend on them. Equal to any sequence
    of the same diffs, so that a preview compares with the plan it was made from."""

    __slots__ = ("_attendee", "_items", "_organisation", "_person")

    def __init__(self, person: PersonData, organisation: str, attendee: AttendeeData) -> None:
        self._person, self._organisation, self._attendee = person, organisation, attendee
        self._items: tuple[FieldDiff, ...] | None = None

    def _all(self) -> tuple[FieldDiff, ...]:
        if self._items is None:
            self._items = _new_person_diffs(self._person, self._organisation) + _attendee_diffs(None, self._attendee)
        return self._items

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[FieldDiff]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, str) and self._all() == tuple(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]  # equal to tuples it does not hash like

    def __repr__(self) -> str:
        return repr(self._all())


@dataclass(frozen=True)
class ImportPlan:
    """The preview of an import: one `RowPlan` per row of the sheet."""

    rows: tuple[RowPlan, ...]

    def count(self, status: RowStatus) -> int:
        return sum(1 for r in self.rows if r.status is status)

    @property
    def summary(self) -> str:
        return ", ".join(f"{self.count(s)} {s.value}" for s in RowStatus)


@dataclass(frozen=True)
class ImportOutcome:
    """What an import wrote, so that it can be undone and redone as one step.

    Attributes:
        changes: every row created or updated.
        created: the rows it created (organisations, people, attendees), in restore order.
        updates: (entity, id, old value, new value) of the rows it changed.
        plan: the plan it carried out.
    """

    changes: Changes
    created: tuple[Ref, ...]
    updates: tuple[tuple[Entity, int, Any, Any], ...]
    plan: ImportPlan


_PERSON_LABELS = {
    "family_name": "family name",
    "given_names": "given names",
    "native_name": "native name",
    "romanised_name": "romanised name",
    "name_order": "name order",
    "form_of_address": "form of address",
    "email": "e-mail",
    "access_needs": "access needs",
}


def _label(field: str) -> str:
    return _PERSON_LABELS.get(field) or field.replace("_", " ")


def _text(value: object) -> str:
    if type(value) is str:  # most fields
        return value
    if value is None:
        return ""
    label = getattr(value, "label", None)
    return str(label) if label is not None else str(value)


def _compact(text: str) -> str:
    return "".join(text.split()).casefold()


def _romanised(person: PersonData) -> str:
    """`person.name.romanised`, without making a `PersonName` (asked of every row and person)."""
    return romanised_of(person.family_name, person.given_names, person.name_order, person.romanised_name)


def _display(person: PersonData) -> str:
    """`person.name.display`, likewise."""
    return display_of(person.native_name, _romanised(person))


@dataclass(frozen=True)
class _Known:
    """A person of the address book, as matching reads them.

    Attributes:
        id: the person's id.
        data: their fields.
        organisation: their organisation's name ("" when none).
    """

    id: int
    data: PersonData
    organisation: str

    @property
    def organisation_id(self) -> int | None:
        return self.data.organisation_id


@dataclass(frozen=True)
class _Organisation:
    id: int
    name: str


@dataclass
class _Book:
    """The address book and the visit, indexed for matching."""

    by_email: dict[str, list[_Known]]
    by_native: dict[tuple[str, int | None], list[_Known]]
    by_romanised: dict[tuple[str, int | None], list[_Known]]
    organisations: dict[str, _Organisation]
    attending: dict[int, Attendee]
    top: dict[Side, int]


#: The person columns `PersonData` holds, in its field order.
_PERSON_COLUMNS = tuple(getattr(Person, f.name) for f in fields(PersonData))


def _book(session: Session, visit_id: int) -> _Book:
    """The address book read as plain rows (one query per kind: thousands of people, no ORM objects)."""
    book = _Book({}, {}, {}, {}, {}, {})
    names: dict[int, str] = {}
    for org_id, name, native in session.execute(
        select(Organisation.id, Organisation.name, Organisation.native_name).order_by(Organisation.id)
    ):
        names[org_id] = name
        for key in (name, native):
            if key.strip():
                book.organisations.setdefault(_compact(key), _Organisation(org_id, name))
    for person_id, *values in session.execute(select(Person.id, *_PERSON_COLUMNS).order_by(Person.id)):
        data = PersonData(*values)
        person = _Known(person_id, data, names.get(data.organisation_id, "") if data.organisation_id else "")
        email = data.email.strip()
        if email:
            book.by_email.setdefault(email.casefold(), []).append(person)
        if data.native_name.strip():
            book.by_native.setdefault((_compact(data.native_name), data.organisation_id), []).append(person)
        book.by_romanised.setdefault((_compact(_romanised(data)), data.organisation_id), []).append(person)
    for attendee in session.scalars(select(Attendee).where(Attendee.visit_id == visit_id)):
        book.attending[attendee.person_id] = attendee
    for side, top in session.execute(
        select(Attendee.side, func.max(Attendee.precedence))
        .where(Attendee.visit_id == visit_id)
        .group_by(Attendee.side)
    ):
        book.top[side] = top or 0
    return book


def _match(book: _Book, row: ImportedAttendee, org_id: int | None, org_known: bool) -> tuple[_Known | None, str]:
    """The address-book person of `row`: by e-mail, else by native name and organisation, else by
    romanised name and organisation (names only when the organisation is in the book, or none given)."""
    person = row.person
    email = person.email.strip()
    if email:
        found = book.by_email.get(email.casefold())
        if found:
            return _one(row, found, "e-mail"), "e-mail"
    if org_known:  # each index looked up only when the one before found no one
        if person.native_name.strip():
            found = book.by_native.get((_compact(person.native_name), org_id))
            if found:
                how = "native name and organisation"
                return _one(row, found, how), how
        found = book.by_romanised.get((_compact(_romanised(person)), org_id))
        if found:
            how = "romanised name and organisation"
            return _one(row, found, how), how
    return None, ""


def _one(row: ImportedAttendee, found: list[_Known], how: str) -> _Known:
    """The one person `found`, or a `UserError` when the address book holds several such."""
    if len(found) > 1:
        names = "; ".join(f"{p.data.name.display} (id {p.id})" for p in found[:3])
        raise UserError(
            f"row {row.row}: matches {len(found)} people in the address book by {how} ({names}); "
            "give an e-mail address or merge them first"
        )
    return found[0]


def _merged(current: PersonData, row: ImportedAttendee, org_id: int | None) -> PersonData:
    """The person's fields with those the row gives (blank cells leave a field as it is)."""
    values = {f: getattr(row.person, f) for f in row.given}
    if (
        "romanised_name" not in row.given
        and is_native_script(row.person.family_name + row.person.given_names)
        and not is_native_script(current.family_name + current.given_names)
    ):
        # a list with the name in Hangul only: its parts are that name split, never a reason to
        # write Hangul over the Latin-script family and given names the book already has
        for name in ("family_name", "given_names", "name_order"):
            values.pop(name, None)
    if row.organisation:
        values["organisation_id"] = org_id
    merged = replace(current, **values)
    if not merged.romanised_name and current.romanised_name.strip() == _romanised(merged):
        # the book spells out what the parts compose anyway: the same name, kept as it is
        merged = replace(merged, romanised_name=current.romanised_name)
    return merged


#: The person's fields, in order, with their labels (looked up once: a delegation list has
#: thousands of rows), and all of a person's values in that order in one call.
_PERSON_FIELDS = tuple((f.name, _label(f.name)) for f in fields(PersonData))
_PERSON_VALUES = attrgetter(*(name for name, _ in _PERSON_FIELDS))
_DEFAULT_ORDER = PersonData("").name_order


def _person_diffs(old: PersonData, new: PersonData, org_old: str, org_new: str) -> tuple[FieldDiff, ...]:
    diffs = []
    for (name, label), after, before in zip(_PERSON_FIELDS, _PERSON_VALUES(new), _PERSON_VALUES(old), strict=True):
        if name == "organisation_id":
            if org_old != org_new:
                diffs.append(FieldDiff("organisation", "organisation", org_old, org_new))
        elif before != after:
            diffs.append(FieldDiff(name, label, _text(before), _text(after)))
    return tuple(diffs)


def _new_person_diffs(new: PersonData, organisation: str) -> tuple[FieldDiff, ...]:
    """Every field a new person is given, in field order (the default name order of a name
    without native script is not worth a line)."""
    diffs = []
    for (name, label), after in zip(_PERSON_FIELDS, _PERSON_VALUES(new), strict=True):
        if type(after) is str:  # the text fields, most of them
            if after:
                diffs.append(FieldDiff(name, label, "", after))
        elif name == "organisation_id":
            if organisation:
                diffs.append(FieldDiff("organisation", "organisation", "", organisation))
        elif after and not (name == "name_order" and after is _DEFAULT_ORDER and not new.native_name):
            diffs.append(FieldDiff(name, label, "", _text(after)))
    return tuple(diffs)


class _Step(NamedTuple):
    plan: RowPlan
    row: ImportedAttendee
    person: PersonData  # the person's fields after the import (organisation_id: see `organisation`)
    organisation: str  # "" none; the name of an organisation to find or create
    attendee: AttendeeData | None  # the attendee's fields after the import (person_id filled in later)
    organisation_id: int | None = None  # a new person's organisation in the book (set when written)


def _plan(
    session: Session,
    visit_id: int,
    rows: Sequence[ImportedAttendee],
    options: ImportOptions,
    cancelled: Cancelled | None = None,
) -> list[_Step]:
    with collection_paused():  # the address book's rows and a plan per row, all living to the end
        return _planned(session, visit_id, rows, options, cancelled)


def _planned(
    session: Session,
    visit_id: int,
    rows: Sequence[ImportedAttendee],
    options: ImportOptions,
    cancelled: Cancelled | None,
) -> list[_Step]:
    get(session, Visit, visit_id, "visit")
    book = _book(session, visit_id)
    steps: list[_Step] = []
    seen: dict[int, int] = {}
    next_rank = dict(book.top)
    org_of: dict[str, _Organisation | None] = {"": None}  # a list names a few organisations many times
    for count, row in enumerate(rows, start=1):
        if cancelled is not None and count % CHECK_EVERY == 0 and cancelled():
            raise WorkCancelled
        if row.organisation in org_of:
            org = org_of[row.organisation]
        else:
            org = org_of[row.organisation] = book.organisations.get(_compact(row.organisation))
        org_id = org.id if org is not None else None
        person, how = _match(book, row, org_id, org is not None or not row.organisation)
        side = row.side or options.side
        role = row.role or options.role
        if person is None:
            data = row.person  # its organisation_id is set when written: a preview needs no copy
            rank = row.precedence
            if rank is None:
                rank = next_rank.get(side, 0) + 1
                next_rank[side] = rank
            attendee = AttendeeData(0, side, role, rank, row.arrival, row.departure)
            steps.append(
                _Step(
                    RowPlan(
                        row.row, RowStatus.NEW, _display(data), diffs=NewPersonDiffs(data, row.organisation, attendee)
                    ),
                    row,
                    data,
                    row.organisation if org is None else "",
                    attendee,
                    org_id,
                )
            )
            continue
        if person.id in seen:
            raise UserError(
                f"row {row.row}: is the same person as row {seen[person.id]} ({person.data.name.display}, by {how})"
            )
        seen[person.id] = row.row
        current = person.data
        new = _merged(current, row, org_id if org is not None else person.organisation_id)
        old_org = person.organisation
        moves = bool(row.organisation) and (org is None or org.id != person.organisation_id)
        diffs = _person_diffs(current, new, old_org, row.organisation if moves else old_org)
        existing = book.attending.get(person.id)
        if existing is None:
            rank = row.precedence
            if rank is None:
                rank = next_rank.get(side, 0) + 1
                next_rank[side] = rank
            joins = AttendeeData(person.id, side, role, rank, row.arrival, row.departure)
            diffs += _attendee_diffs(None, joins)
            attendee_new: AttendeeData | None = joins
        else:
            before = attendees.attendee_data(existing)
            attendee_new = AttendeeData(
                person.id,
                row.side or before.side,
                row.role or before.role,
                row.precedence or before.precedence,
                row.arrival or before.arrival,
                row.departure or before.departure,
                before.document_language,
            )
            diffs += _attendee_diffs(before, attendee_new)
            if attendee_new == before:
                attendee_new = None
        status = RowStatus.UPDATE if diffs else RowStatus.UNCHANGED
        plan = RowPlan(
            row.row,
            status,
            _display(new),
            person.id,
            existing.id if existing is not None else None,
            how,
            diffs,
        )
        steps.append(_Step(plan, row, new, row.organisation if org is None and row.organisation else "", attendee_new))
    return steps


#: How each side and role is written (the labels are computed; a list repeats a few of them).
_SIDE_LABELS = {side: side.label for side in Side}
_ROLE_LABELS = {role: role.label for role in Role}


def _attendee_diffs(old: AttendeeData | None, new: AttendeeData) -> tuple[FieldDiff, ...]:
    if old is None:
        attends = f"{_SIDE_LABELS[new.side]}, {_ROLE_LABELS[new.role]}, #{new.precedence}"
        return (FieldDiff("attends", "attends", "", attends),)
    diffs = []
    for name in ("side", "role", "precedence", "arrival", "departure"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            diffs.append(FieldDiff(name, name, _text(before), _text(after)))
    return tuple(diffs)


def preview_import(
    session: Session,
    visit_id: int,
    rows: Sequence[ImportedAttendee],
    options: ImportOptions = ImportOptions(),
    *,
    cancelled: Cancelled | None = None,
) -> ImportPlan:
    """What importing `rows` into the visit would do (reads only; `WorkCancelled` once
    `cancelled()` says so, asked every `CHECK_EVERY` rows)."""
    return ImportPlan(tuple(step.plan for step in _plan(session, visit_id, rows, options, cancelled)))


@service
def import_attendees(
    session: Session,
    visit_id: int,
    rows: Sequence[ImportedAttendee],
    options: ImportOptions = ImportOptions(),
    *,
    accepted: Iterable[int] | None = None,
    expected: ImportPlan | None = None,
    mapping: tuple[str, Sequence[str]] | None = None,
) -> ImportOutcome:
    """Import the accepted rows (row numbers; None: all) in one transaction: all of them or nothing.

    `expected`: the preview the officer accepted; if the address book or the visit changed since
    (another officer's edit), nothing is written and a `ConflictError` asks for a new preview.
    `mapping`: (headers key, fields) of the mapping used, remembered with the import for the next
    file with the same headers.
    """
    if mapping is not None:
        remember_mapping(session, *mapping)
    steps = _plan(session, visit_id, rows, options)
    plan = ImportPlan(tuple(s.plan for s in steps))
    if expected is not None and plan != expected:
        raise ConflictError("the address book or the visit changed since the preview: read the file again and review")
    wanted = None if accepted is None else set(accepted)
    kept = [s for s in steps if s.plan.status is not RowStatus.UNCHANGED and (wanted is None or s.plan.row in wanted)]
    changes = ChangesBuilder()
    created: list[Ref] = []
    updates: list[tuple[Entity, int, Any, Any]] = []
    # organisations new to the book: one each, whatever number of rows name it (a few)
    new_orgs: dict[str, int] = {}
    for step in kept:
        key = _compact(step.organisation)
        if step.organisation and key not in new_orgs:
            native = step.organisation if is_native_script(step.organisation) else ""
            with _at_row(step):
                made = organisations.create_organisation(session, OrganisationData(step.organisation, native))
            new_orgs[key] = made.created_id(Entity.ORGANISATION)
            changes |= made
            created.append((Entity.ORGANISATION, new_orgs[key]))
    # people: the new ones in one insert, the matched ones updated together (thousands of rows)
    person_of: dict[int, int] = {}  # row number -> person id
    new_people: list[tuple[_Step, PersonData]] = []
    changed_people: list[tuple[_Step, PersonData]] = []
    for step in kept:
        person = step.person
        if step.organisation:
            person = replace(person, organisation_id=new_orgs[_compact(step.organisation)])
        elif step.organisation_id is not None:
            person = replace(person, organisation_id=step.organisation_id)
        if step.plan.person_id is None:
            new_people.append((step, person))
        else:
            person_of[step.plan.row] = step.plan.person_id
            changed_people.append((step, person))
    with _at_rows([step for step, _ in new_people]):
        made, ids = people.create_people(session, [person for _, person in new_people])
    changes |= made
    for (step, _person), person_id in zip(new_people, ids, strict=True):
        person_of[step.plan.row] = person_id
        created.append((Entity.PERSON, person_id))
    # the old values, for undo: read with one query per 500 people, as plain rows
    before = people.people_data(session, [person_of[step.plan.row] for step, _ in changed_people])
    differing = []
    for step, person in changed_people:
        person_id = person_of[step.plan.row]
        old = before.get(person_id)
        if old is None:
            get(session, Person, person_id, "person")  # gone since the plan: its error
        if old != person:
            differing.append((step, person_id, person))
            updates.append((Entity.PERSON, person_id, old, person))
    with _at_rows([step for step, _, _ in differing]):
        changes |= people.update_people(session, [(person_id, person) for _, person_id, person in differing])
    # attendances: the new ones in one insert, those already in the visit updated together
    joining = [(s, replace(s.attendee, person_id=person_of[s.plan.row])) for s in kept if s.attendee is not None]
    adding = [(step, data) for step, data in joining if step.plan.attendee_id is None]
    with _at_rows([step for step, _ in adding]):
        made, ids = attendees.add_attendees(session, visit_id, [data for _, data in adding])
    changes |= made
    created += [(Entity.ATTENDEE, attendee_id) for attendee_id in ids]
    staying = [(step, step.plan.attendee_id, data) for step, data in joining if step.plan.attendee_id is not None]
    attending = attendees.attendees_data(session, [attendee_id for _, attendee_id, _ in staying])
    for step, attendee_id, data in staying:
        if attendee_id not in attending:
            with _at_row(step):
                get(session, Attendee, attendee_id, "attendee")  # gone since the plan: its error
        updates.append((Entity.ATTENDEE, attendee_id, attending[attendee_id][1], data))
    with _at_rows([step for step, _, _ in staying]):
        changes |= attendees.update_attendees(session, [(attendee_id, data) for _, attendee_id, data in staying])
    if kept:
        changes |= Changes.of_updated(Entity.VISIT, visit_id)
    done = changes.build()
    order = snapshots.ORDER
    created.sort(key=lambda ref: (order.index(ref[0]), ref[1]))
    return ImportOutcome(done, tuple(created), tuple(updates), plan)


@contextmanager
def _at_row(step: _Step) -> Iterator[None]:
    """A `UserError` raised for one row says which row it was."""
    try:
        yield
    except UserError as exc:
        raise UserError(f"row {step.plan.row}: {exc.message}", field=exc.field) from exc


@contextmanager
def _at_rows(steps: Sequence[_Step]) -> Iterator[None]:
    """An `ItemError` of a batch of `steps` names the row of the item it was about."""
    try:
        yield
    except ItemError as exc:
        raise UserError(f"row {steps[exc.index].plan.row}: {exc.message}", field=exc.field) from exc


@service
def remember_mapping(session: Session, key: str, targets: Sequence[str]) -> Changes:
    """Remember the column mapping chosen for spreadsheets whose headers have the key `key`, for
    the import dialog and the command line alike (a preference: not part of any undo step)."""
    text = ",".join(targets)
    row = session.scalars(select(SheetMapping).where(SheetMapping.key == key)).one_or_none()
    if row is None:
        session.add(SheetMapping(key=key, targets=text, used_at=utcnow()))
    elif row.targets != text:
        row.targets, row.used_at = text, utcnow()
    return Changes()


def _same(_entity: Entity, ident: int) -> int:
    return ident


@service
def undo_import(
    session: Session, outcome: ImportOutcome, resolve: Resolve = _same, text: str = "Import attendees"
) -> tuple[Changes, tuple[snapshots.Snapshot, ...]]:
    """Put back what the import changed and delete what it created (refused, with nothing changed,
    if anything uses a created row now); returns the changes and the snapshots `redo_import`
    restores. Set-based: a query per kind of row read, a statement per table written."""
    changes = ChangesBuilder()
    changes |= snapshots.update_many(
        session,
        [
            (entity, resolve(entity, ident), snapshots.with_ids(old, resolve))
            for entity, ident, old, _new in reversed(outcome.updates)
        ],
    )
    current = [(entity, resolve(entity, ident)) for entity, ident in outcome.created]
    taken = snapshots.snapshot_many(session, current)
    changes |= snapshots.delete_many(session, current, undoing=text)
    return changes.build(), taken


@service
def redo_import(
    session: Session, outcome: ImportOutcome, taken: Sequence[snapshots.Snapshot], resolve: Resolve = _same
) -> Changes:
    """Do an undone import again: restore the rows it created (new ids, listed in `replaced`) and
    make its updates again."""
    restored = snapshots.restore_many(session, taken, resolve=resolve)
    again = {(entity, old): new for entity, old, new in restored.replaced}

    def current(entity: Entity, ident: int) -> int:
        ident = resolve(entity, ident)
        return again.get((entity, ident), ident)

    updated = snapshots.update_many(
        session,
        [
            (entity, current(entity, ident), snapshots.with_ids(new, current))
            for entity, ident, _old, new in outcome.updates
        ],
    )
    return Changes.merge((restored, updated))
