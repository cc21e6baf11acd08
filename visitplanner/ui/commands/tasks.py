"""Undo commands for the readiness checklist and the office's task template."""

from __future__ import annotations

from collections.abc import Sequence

from visitplanner.domain.changes import Changes, Entity
from visitplanner.domain.values import TaskData
from visitplanner.services import tasks
from visitplanner.store.database import Session
from visitplanner.ui.commands.base import CreateCommand, DeleteCommand, EditCommand, ServiceCommand
from visitplanner.ui.workspace import Workspace


class CreateTaskCommand(CreateCommand):
    entity, what = Entity.TASK, "New task"

    def __init__(self, workspace: Workspace, visit_id: int, data: TaskData, initiator: object = None) -> None:
        super().__init__(workspace, data, initiator, visit_id)


class EditTaskCommand(EditCommand):
    entity, what = Entity.TASK, "Edit task"


class DeleteTaskCommand(DeleteCommand):
    entity, what = Entity.TASK, "Delete task"


class AddTasksFromTemplateCommand(CreateCommand):
    """Add the template's tasks the visit lacks; undo deletes them, redo puts the same ones back."""

    entity, what = Entity.TASK, "Add tasks from the template"

    def __init__(self, workspace: Workspace, visit_id: int, initiator: object = None) -> None:
        super().__init__(workspace, None, initiator, visit_id, text="Add tasks from the template")

    def create(self, session: Session) -> Changes:
        return tasks.add_tasks_from_template(session, self.ids.resolve(Entity.VISIT, self.parent))


class ReplaceTemplateCommand(ServiceCommand):
    """Make `new` the office's task template; undo puts `old` back."""

    entity = Entity.TASK_TEMPLATE

    def __init__(
        self, workspace: Workspace, old: Sequence[TaskData], new: Sequence[TaskData], initiator: object = None
    ) -> None:
        super().__init__(workspace, "Edit the task template", initiator)
        self.old, self.new = list(old), list(new)

    def do(self, session: Session) -> Changes:
        return tasks.replace_template(session, self.new)

    def undo_(self, session: Session) -> Changes:
        return tasks.replace_template(session, self.old)
