from __future__ import annotations

from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "yourside.ingest"
    label = "ingest"

    def ready(self) -> None:
        from yourside.ingest import receivers  # noqa: F401 - connects them
