from __future__ import annotations

from django.apps import AppConfig


class BookConfig(AppConfig):
    name = "yourside.book"
    label = "book"
    verbose_name = "Relationship book"

    def ready(self) -> None:
        from yourside.book import search  # noqa: F401 - registers the case folding on SQLite
