"""Undo commands for the address book: people and organisations."""

from __future__ import annotations

from visitplanner.domain.changes import Entity
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand
from visitplanner.ui.workspace import Workspace


class CreatePersonCommand(CreateCommand):
    entity, what = Entity.PERSON, "New person"


class EditPersonCommand(EditCommand):
    entity, what = Entity.PERSON, "Edit person"


class DeletePersonCommand(DeleteCommand):
    entity, what = Entity.PERSON, "Delete person"


class CreateOrganisationCommand(CreateCommand):
    entity, what = Entity.ORGANISATION, "New organisation"


class EditOrganisationCommand(EditCommand):
    entity, what = Entity.ORGANISATION, "Edit organisation"


class DeleteOrganisationCommand(DeleteCommand):
    entity, what = Entity.ORGANISATION, "Delete organisation"


class DeletePeopleCommand(DeleteCommand):
    """Delete several people at once (refused as a whole if any of them attends a visit)."""

    entity = Entity.PERSON

    def __init__(self, workspace: Workspace, people_ids: list[tuple[int, str]], initiator: object = None) -> None:
        super().__init__(workspace, [i for i, _ in people_ids], f"{len(people_ids)} people", None, "Delete", initiator)
