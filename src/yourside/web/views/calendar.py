"""The deadline calendar: its secret address, rotating it, and the feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from yourside.insights.calendar import deadlines_calendar, feed_for, rotate
from yourside.insights.models import CalendarFeed
from yourside.web.views.common import owner_of as _owner


def calendar_settings(request: HttpRequest) -> HttpResponse:
    feed = feed_for(_owner(request))
    url = request.build_absolute_uri(reverse("calendar-feed", args=[feed.token]))
    return render(request, "web/calendar.html", {"url": url})


@require_POST
def calendar_rotate(request: HttpRequest) -> HttpResponse:
    rotate(_owner(request))
    messages.success(request, "New calendar address made; the old one no longer works.")
    return redirect("calendar")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    # Calendar apps cannot sign in: the unguessable token in the address is the key.
    feed = CalendarFeed.objects.select_related("owner").filter(token=token).first()
    if feed is None or not feed.owner.is_active:
        raise Http404("No such calendar")
    body = deadlines_calendar(feed.owner, timezone.localdate())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
