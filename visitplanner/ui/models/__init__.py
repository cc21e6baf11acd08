"""Thin Qt item models over plain row values."""
