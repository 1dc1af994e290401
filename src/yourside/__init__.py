"""Yourside: vendor relationship management from the customer's side of the table."""

__version__ = "0.1.0"
