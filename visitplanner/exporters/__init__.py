"""Exporters: read the store and write files (calendars, briefing packs, visit files)."""
