"""Interoperability: our calendars read by independent parsers, libical and a real CalDAV server."""
