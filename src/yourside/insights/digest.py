"""The email digest: what needs attention today, in a few lines, for a daily cron job."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from yourside.core.wording import day, render
from yourside.errors import UserError
from yourside.insights.services import attention_feed, keep_current
from yourside.locale import current_locale

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def compose_digest(owner: User, today: date, limit: int = 10) -> tuple[str, str] | None:
    """Subject and body of the digest, or None when nothing needs attention."""
    keep_current(owner, today)
    feed = attention_feed(owner, today, limit=limit)
    if not feed:
        return None
    lines = [f"Yourside: {len(feed)} thing{'s' if len(feed) != 1 else ''} need your attention.", ""]
    for item in feed:
        due = f" (by {render(day(item.due), current_locale())})" if item.due else ""
        lines += [f"* {item.shown_title}{due}", f"  {item.shown_explanation}", ""]
    more = f" and {len(feed) - 1} more" if len(feed) > 1 else ""
    subject = f"Yourside: {feed[0].shown_title}{more}"
    return subject[:200], "\n".join(lines)


def send_digest(owner: User, today: date, to: str) -> bool:
    """Email the digest to ``to``; False when there was nothing to say."""
    if not settings.EMAIL_HOST:
        raise UserError("the digest needs an SMTP server: set YOURSIDE_SMTP_HOST")
    digest = compose_digest(owner, today)
    if digest is None:
        return False
    sender = settings.DEFAULT_FROM_EMAIL or to
    message = EmailMessage(digest[0], digest[1], sender, [to], connection=get_connection())
    try:
        message.send()
    except OSError as error:
        raise UserError(f"the SMTP server refused the digest: {error}") from None
    return True
