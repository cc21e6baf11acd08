"""The base of the workspace tabs: each shows one aspect of the selected visit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from visitplanner.domain.changes import Changes
from visitplanner.ui.models.base import RowTableModel
from visitplanner.ui.settings import Settings, header_state
from visitplanner.ui.workspace import Workspace


class VisitTab(QWidget):
    """A tab of the visit workspace.

    Subclasses show the visit set with `set_visit` and refresh in `on_changed` only when the
    changes touch what they show. Edit-menu actions reach the current tab through the
    `edit_*` methods; `can_edit` says which of them the tab supports.

    Attributes:
        workspace: where reads and commands run.
        visit_id: the visit shown, or None.
        title: the tab's label.
    """

    title = ""
    #: False for tabs that work without a visit (the People address book).
    needs_visit = True
    can_edit: frozenset[str] = frozenset()  # of "new", "cut", "copy", "paste", "delete", "find"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.visit_id: int | None = None
        workspace.changed.connect(self.on_changed)
        workspace.reloaded.connect(self.reload)

    #: The name the tab's table layout is saved under (empty: nothing to save); the main window
    #: restores it when it builds the tab and saves it on close.
    header_name = ""

    def header_view(self) -> QHeaderView | None:
        """The header whose column layout `save_layout` keeps."""
        return None

    def save_layout(self, settings: Settings) -> None:
        header = self.header_view()
        if self.header_name and header is not None:
            settings.set(header_state(self.header_name), bytes(header.saveState().data()))

    def restore_layout(self, settings: Settings) -> None:
        header = self.header_view()
        state = settings.get(header_state(self.header_name)) if self.header_name else b""
        if header is not None and state:
            header.restoreState(state)

    def set_visit(self, visit_id: int | None) -> None:
        self.visit_id = visit_id
        self.reload()

    def reload(self) -> None:
        """Read everything the tab shows again."""

    def on_changed(self, changes: Changes, initiator: object) -> None:
        """Refresh what `changes` touched (the default reloads on any change)."""
        self.reload()

    def edit_new(self) -> None: ...
    def edit_cut(self) -> None: ...
    def edit_copy(self) -> None: ...
    def edit_paste(self) -> None: ...
    def edit_delete(self) -> None: ...
    def edit_find(self) -> None: ...


def select_ids(
    view: QAbstractItemView,
    proxy: QSortFilterProxyModel,
    model: RowTableModel[Any],
    ids: list[int],
    current: int | None = None,
) -> None:
    """Select the whole rows of `ids` in `view`, which shows `model` through `proxy` (rows the
    filter hides are skipped). The row of `current`, else the last one selected, becomes the
    current row and is scrolled into view."""
    selection = view.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for ident in ids:
        index = proxy.mapFromSource(model.index_of(ident))
        if index.isValid():
            selection.select(index, flags)
            if current in (None, ident):
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                view.scrollTo(index)
