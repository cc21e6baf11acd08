"""Undo commands for the address book: people and organisations."""

from __future__ import annotations

from visitplanner.domain.changes import Entity
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand
from visitplanner.ui.workspace import Workspace


class CreatePersonCommand(CreateCommand):
    """Add a person to the address book; undo deletes them, redo puts them back."""

    entity, what = Entity.PERSON, "New person"


class EditPersonCommand(EditCommand):
    """Change a person's details (every visit they attend shows the change); undo puts the old ones back."""

    entity, what = Entity.PERSON, "Edit person"


class DeletePersonCommand(DeleteCommand):
    """Delete a person from the address book (the service refuses while they attend a visit)."""

    entity, what = Entity.PERSON, "Delete person"


class CreateOrganisationCommand(CreateCommand):
    """Add an organisation; undo deletes it, redo puts it back."""

    entity, what = Entity.ORGANISATION, "New organisation"


class EditOrganisationCommand(EditCommand):
    """Change an organisation's details; undo puts the old ones back."""

    entity, what = Entity.ORGANISATION, "Edit organisation"


class DeleteOrganisationCommand(DeleteCommand):
    """Delete an organisation (its people lose it; visits using it refuse); undo gives it back to them."""

    entity, what = Entity.ORGANISATION, "Delete organisation"


class DeletePeopleCommand(DeleteCommand):
    """Delete several people at once (refused as a whole if any of them attends a visit)."""

    entity = Entity.PERSON

    def __init__(self, workspace: Workspace, people_ids: list[tuple[int, str]], initiator: object = None) -> None:
        super().__init__(workspace, [i for i, _ in people_ids], f"{len(people_ids)} people", None, "Delete", initiator)
