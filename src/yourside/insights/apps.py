from __future__ import annotations

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "yourside.insights"
    label = "insights"

    def ready(self) -> None:
        from yourside.insights import receivers  # noqa: F401 - connects them
