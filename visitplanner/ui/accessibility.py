"""Accessible names: what a screen reader announces for each input, and the widgets that have none."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAccessible, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextEdit,
    QWidget,
)

MARKUP = re.compile(r"<[a-zA-Z/][^>]*>|&#?\w+;")
MNEMONIC = re.compile(r"&(&)|&(?!#?\w+;)")
#: the kinds of widget an officer operates, whether or not they take the keyboard focus
INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QAbstractSpinBox,
    QComboBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QAbstractSlider,
    QGraphicsView,
)
#: widgets that hold others as their parts: a spin box's line edit, a combo box's list, a line
#: edit's clear button are announced as part of their owner
OWNERS = (QAbstractSpinBox, QComboBox, QLineEdit)


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader announces for `widget`: its accessible name, else what Qt
    derives (a buddy label, a button's text, an action's text). A combo box has only its
    accessible name or a label: on Linux, Qt reports its current item as its name."""
    if widget.accessibleName().strip():
        return widget.accessibleName().strip()
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return ""
    if isinstance(widget, QComboBox):
        labels = interface.relations(QAccessible.RelationFlag.Label)
        return next((text for other, _ in labels if (text := other.text(QAccessible.Text.Name).strip())), "")
    return interface.text(QAccessible.Text.Name).strip()


def is_spoken_name(name: str) -> bool:
    """Whether `name` is something to read aloud: a word (not "+" or "−" alone), not markup."""
    return any(char.isalnum() for char in name) and not MARKUP.search(name)


def interactive_widgets(root: QWidget) -> list[QWidget]:
    """The widgets under `root` (and `root` itself) that an officer can operate and that are
    shown: inputs, buttons, item views, sliders, graphics views, and anything taking Tab focus.
    Scroll bars, headers and the parts of another widget (see `OWNERS`) are left out."""
    found: list[QWidget] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not (widget.isVisibleTo(root) or widget is root) or (widget.isWindow() and widget is not root):
            continue
        if isinstance(widget, QScrollBar | QHeaderView):
            continue
        focusable = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None
        if not (isinstance(widget, INTERACTIVE) or focusable):
            continue
        if _part_of_another(widget, root):
            continue
        found.append(widget)
    return found


def _part_of_another(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractItemView):  # a table's corner button (a cell's widget sits in the viewport)
        return True
    while parent is not None:
        if isinstance(parent, OWNERS):
            return True
        if parent is root:
            return False
        parent = parent.parentWidget()
    return False


def unnamed_widgets(root: QWidget) -> list[QWidget]:
    """The interactive widgets under `root` that a screen reader could not name."""
    return [widget for widget in interactive_widgets(root) if not is_spoken_name(accessible_name(widget))]


def describe(widget: QWidget) -> str:
    """`widget` as a test failure names it: its class and object name."""
    return f"{type(widget).__name__}({widget.objectName()!r})"


def label_words(text: str) -> str:
    """A label's text as words to read aloud: no mnemonic "&", no markup, no trailing colon."""
    text = MNEMONIC.sub(r"\1", text)  # "&&" is a literal "&"; "&amp;" is markup, left to the parser
    if MARKUP.search(text):
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return " ".join(text.split()).rstrip(":").strip()


def name_from_labels(root: QWidget) -> None:
    """Name, from its label, each input under `root` whose label Qt cannot use: a label that is
    not the input's sibling (a label beside a "restricted" tag), a rich-text label (Qt would read
    out its markup), or a label whose buddy is a composite field (a file name with Browse…).
    A rich label's first words are the name, all of it the description."""
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        text = label.text()
        if buddy is None or not label_words(text):
            continue
        unnamed = [w for w in interactive_widgets(buddy) if not is_spoken_name(accessible_name(w))]
        if len(unnamed) != 1:  # named already, or several parts the label cannot tell apart
            continue
        head = text.split("<", 1)[0] if MARKUP.search(text) else text
        name = label_words(head) or label_words(text)
        unnamed[0].setAccessibleName(name)
        if label_words(text) != name and not unnamed[0].accessibleDescription():
            unnamed[0].setAccessibleDescription(label_words(text))


def name_search_field(edit: QLineEdit, name: str = "") -> None:
    """Name a search or filter field that has no label: `name`, else its placeholder up to a
    colon ("Search people" for "Search people: name, email"); the whole placeholder describes it."""
    placeholder = edit.placeholderText()
    edit.setAccessibleName(name or placeholder.split(":", 1)[0].strip())
    if placeholder and placeholder != edit.accessibleName():
        edit.setAccessibleDescription(placeholder)


def name_cell_editor(editor: QWidget, index: QModelIndex | QPersistentModelIndex, name: str = "") -> QWidget:
    """Name a table cell's editor: `name`, else the heading of its column ("Start", "Venue")."""
    heading = index.model().headerData(index.column(), Qt.Orientation.Horizontal) if index.isValid() else None
    editor.setAccessibleName(name or str(heading or "Value"))
    return editor


class NamingDelegate(QStyledItemDelegate):
    """A table's default delegate, whose editors are named after their column (`name_cell_editor`)."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        return name_cell_editor(super().createEditor(parent, option, index), index)
