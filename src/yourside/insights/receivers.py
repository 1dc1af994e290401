"""The insights follow the book: a correction the customer makes updates them at once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.dispatch import receiver
from django.utils import timezone

from yourside.book.signals import book_changed
from yourside.insights.services import carry_answers, refresh_insights

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@receiver(book_changed, dispatch_uid="insights-follow-the-book")
def follow_the_book(
    sender: object,
    *,
    owner: User,
    vendor_ids: frozenset[int],
    payees: frozenset[str],
    renamed: Mapping[str, str],
    **kwargs: Any,
) -> None:
    """Carry the answers of renamed payees over, then refresh the touched vendors and payees."""
    carry_answers(owner, renamed)
    refresh_insights(owner, timezone.localdate(), vendor_ids, payees)
