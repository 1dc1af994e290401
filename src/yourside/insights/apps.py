from __future__ import annotations

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "yourside.insights"
    label = "insights"
