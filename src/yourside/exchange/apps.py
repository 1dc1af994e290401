from __future__ import annotations

from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "yourside.exchange"
    label = "exchange"
