"""Undo commands: each wraps a service call and its inverse."""
