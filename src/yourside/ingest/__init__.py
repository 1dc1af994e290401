"""Ingest: statements and receipts into the book, as batches that can be seen and undone."""
