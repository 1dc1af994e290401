"""Readers for the files customers have: bank statements and receipts."""
