"""Errors that carry a message meant for the customer, and a one-line rendering of Django's."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class UserError(Exception):
    """Something the customer asked for cannot be done; the message says what and why."""


def one_line(error: ValidationError) -> str:
    """``field: message; other: message`` for a ValidationError, as one line."""
    if hasattr(error, "error_dict"):
        parts = []
        for field, errors in error.message_dict.items():
            text = " ".join(errors)
            parts.append(text if field == NON_FIELD_ERRORS else f"{field}: {text}")
        return "; ".join(parts)
    return " ".join(error.messages)
