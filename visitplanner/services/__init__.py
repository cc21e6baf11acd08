"""Use cases: every mutation, each one transaction returning `Changes`."""
