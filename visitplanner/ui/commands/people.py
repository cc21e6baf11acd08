"""Undo commands for the address book: people and organisations."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.values import OrganisationData, PersonData
from visitplanner.services import organisations, people
from visitplanner.services.base import get
from visitplanner.services.undo import ensure_unused
from visitplanner.store.models import Organisation, Person
from visitplanner.ui.commands.base import ServiceCommand
from visitplanner.ui.workspace import Workspace


def resolved_person(workspace: Workspace, data: PersonData) -> PersonData:
    """`data` with its organisation id mapped through the ids replaced by undo/redo."""
    if data.organisation_id is None:
        return data
    return replace(data, organisation_id=workspace.ids.resolve(Entity.ORGANISATION, data.organisation_id))


class VersionedCommand(ServiceCommand):
    """A command that checks the row version it read on its first run only: undo and redo
    change the version themselves, and a later redo must not take that for someone else's edit.

    Attributes:
        version: the version read when the command was made; None once it has run.
    """

    def __init__(self, workspace: Workspace, text: str, version: int | None, initiator: object = None) -> None:
        super().__init__(workspace, text, initiator)
        self.version = version

    def checked_version(self) -> int | None:
        return self.expected(self.version)

    def first_run(self) -> Changes:
        changes = super().first_run()
        self.version = None
        return changes


class CreatePersonCommand(ServiceCommand):
    """Add a person to the address book; undo deletes them, redo recreates them (a new id,
    aliased to the first).

    Attributes:
        data: the person's fields.
        person_id: the id the person got first (resolve it through `workspace.ids`).
    """

    def __init__(self, workspace: Workspace, data: PersonData, initiator: object = None) -> None:
        super().__init__(workspace, f"New person “{data.name.display}”", initiator)
        self.data = data
        self.person_id: int | None = None

    def do(self, session: Session) -> Changes:
        changes = people.create_person(session, resolved_person(self.workspace, self.data))
        new_id = changes.created_id(Entity.PERSON)
        if self.person_id is None:
            self.person_id = new_id
        else:
            self.workspace.ids.alias(Entity.PERSON, self.person_id, new_id)
        return changes

    def undo_(self, session: Session) -> Changes:
        assert self.person_id is not None
        person_id = self.workspace.ids.resolve(Entity.PERSON, self.person_id)
        ensure_unused(session, Entity.PERSON, person_id, f"Cannot undo “{self.text()}”: the person")
        return people.delete_person(session, person_id)


class EditPersonCommand(VersionedCommand):
    """Change a person's details (every visit they attend shows the change); undo puts the old
    ones back.

    Attributes:
        person_id: the person (resolved through `workspace.ids`).
        old: the fields before the edit.
        new: the fields after it.
    """

    def __init__(
        self,
        workspace: Workspace,
        person_id: int,
        old: PersonData,
        new: PersonData,
        version: int | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, f"Edit person “{new.name.display}”", version, initiator)
        self.person_id, self.old, self.new = person_id, old, new

    def do(self, session: Session) -> Changes:
        return people.update_person(
            session,
            self.workspace.ids.resolve(Entity.PERSON, self.person_id),
            resolved_person(self.workspace, self.new),
            expected_version=self.checked_version(),
        )

    def undo_(self, session: Session) -> Changes:
        return people.update_person(
            session,
            self.workspace.ids.resolve(Entity.PERSON, self.person_id),
            resolved_person(self.workspace, self.old),
        )


class DeletePersonCommand(ServiceCommand):
    """Delete a person from the address book (the service refuses while they attend a visit);
    undo recreates them from a snapshot and aliases the old id to the new one.

    Attributes:
        person_id: the person (resolved through `workspace.ids`).
        snapshot: their fields when deleted.
    """

    def __init__(self, workspace: Workspace, person_id: int, name: str, initiator: object = None) -> None:
        super().__init__(workspace, f"Delete person “{name}”", initiator)
        self.person_id = person_id
        self.snapshot: PersonData | None = None

    def do(self, session: Session) -> Changes:
        person_id = self.workspace.ids.resolve(Entity.PERSON, self.person_id)
        self.snapshot = people.person_data(get(session, Person, person_id, "person"))
        return people.delete_person(session, person_id)

    def undo_(self, session: Session) -> Changes:
        assert self.snapshot is not None
        changes = people.create_person(session, resolved_person(self.workspace, self.snapshot))
        self.workspace.ids.alias(Entity.PERSON, self.person_id, changes.created_id(Entity.PERSON))
        return changes


class CreateOrganisationCommand(ServiceCommand):
    """Add an organisation; undo deletes it, redo recreates it (aliasing the ids).

    Attributes:
        data: the organisation's fields.
        organisation_id: the id it got first.
    """

    def __init__(self, workspace: Workspace, data: OrganisationData, initiator: object = None) -> None:
        super().__init__(workspace, f"New organisation “{data.name.strip()}”", initiator)
        self.data = data
        self.organisation_id: int | None = None

    def do(self, session: Session) -> Changes:
        changes = organisations.create_organisation(session, self.data)
        new_id = changes.created_id(Entity.ORGANISATION)
        if self.organisation_id is None:
            self.organisation_id = new_id
        else:
            self.workspace.ids.alias(Entity.ORGANISATION, self.organisation_id, new_id)
        return changes

    def undo_(self, session: Session) -> Changes:
        assert self.organisation_id is not None
        organisation_id = self.workspace.ids.resolve(Entity.ORGANISATION, self.organisation_id)
        ensure_unused(session, Entity.ORGANISATION, organisation_id, f"Cannot undo “{self.text()}”: the organisation")
        return organisations.delete_organisation(session, organisation_id)


class EditOrganisationCommand(VersionedCommand):
    """Change an organisation's details; undo puts the old ones back.

    Attributes:
        organisation_id: the organisation (resolved through `workspace.ids`).
        old: the fields before the edit.
        new: the fields after it.
    """

    def __init__(
        self,
        workspace: Workspace,
        organisation_id: int,
        old: OrganisationData,
        new: OrganisationData,
        version: int | None = None,
        initiator: object = None,
    ) -> None:
        super().__init__(workspace, f"Edit organisation “{new.name.strip()}”", version, initiator)
        self.organisation_id, self.old, self.new = organisation_id, old, new

    def _id(self) -> int:
        return self.workspace.ids.resolve(Entity.ORGANISATION, self.organisation_id)

    def do(self, session: Session) -> Changes:
        return organisations.update_organisation(session, self._id(), self.new, expected_version=self.checked_version())

    def undo_(self, session: Session) -> Changes:
        return organisations.update_organisation(session, self._id(), self.old)


class DeleteOrganisationCommand(ServiceCommand):
    """Delete an organisation (its people lose it; visits using it refuse); undo recreates it
    and gives it back to the people who had it.

    Attributes:
        organisation_id: the organisation (resolved through `workspace.ids`).
        snapshot: its fields when deleted.
        member_ids: the people who belonged to it.
    """

    def __init__(self, workspace: Workspace, organisation_id: int, name: str, initiator: object = None) -> None:
        super().__init__(workspace, f"Delete organisation “{name}”", initiator)
        self.organisation_id = organisation_id
        self.snapshot: OrganisationData | None = None
        self.member_ids: list[int] = []

    def do(self, session: Session) -> Changes:
        organisation_id = self.workspace.ids.resolve(Entity.ORGANISATION, self.organisation_id)
        self.snapshot = organisations.organisation_data(get(session, Organisation, organisation_id, "organisation"))
        self.member_ids = list(
            session.scalars(
                select(Person.id).where(Person.organisation_id == organisation_id).order_by(Person.id)
            ).all()
        )
        return organisations.delete_organisation(session, organisation_id)

    def undo_(self, session: Session) -> Changes:
        assert self.snapshot is not None
        changes = organisations.create_organisation(session, self.snapshot)
        new_id = changes.created_id(Entity.ORGANISATION)
        self.workspace.ids.alias(Entity.ORGANISATION, self.organisation_id, new_id)
        for member_id in self.member_ids:
            person = session.get(Person, self.workspace.ids.resolve(Entity.PERSON, member_id))
            if person is not None and person.organisation_id is None:
                changes |= people.update_person(
                    session, person.id, replace(people.person_data(person), organisation_id=new_id)
                )
        return changes


class CompositeCommand(ServiceCommand):
    """Several commands run as one step in one transaction: all of them happen or none does;
    undo runs their inverses in reverse order.

    Attributes:
        children: the commands, in the order they run.
    """

    def __init__(
        self, workspace: Workspace, text: str, children: list[ServiceCommand], initiator: object = None
    ) -> None:
        super().__init__(workspace, text, initiator)
        self.children = children

    def do(self, session: Session) -> Changes:
        return Changes.merge([child.do(session) for child in self.children])

    def undo_(self, session: Session) -> Changes:
        return Changes.merge([child.undo_(session) for child in reversed(self.children)])


class DeletePeopleCommand(CompositeCommand):
    """Delete several people at once (refused as a whole if any of them attends a visit)."""

    def __init__(self, workspace: Workspace, people_ids: list[tuple[int, str]], initiator: object = None) -> None:
        super().__init__(
            workspace,
            f"Delete {len(people_ids)} people",
            [DeletePersonCommand(workspace, ident, name, initiator) for ident, name in people_ids],
            initiator,
        )
