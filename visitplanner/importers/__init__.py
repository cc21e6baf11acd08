"""Importers: parse and validate files into domain values, never touching the database."""
