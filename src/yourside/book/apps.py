from __future__ import annotations

from django.apps import AppConfig


class BookConfig(AppConfig):
    name = "yourside.book"
    label = "book"
    verbose_name = "Relationship book"
