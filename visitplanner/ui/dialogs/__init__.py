"""Editor dialogs; each exposes `ask(parent, ...) -> value | None`."""
