"""Pure values and rules of visit planning: no I/O, standard library only."""
