"""Sign-in for every page, and the reader's locale for money and dates."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from yourside.locale import negotiate, set_locale

# The API answers 401 itself; the sign-in page and static files must be reachable signed out;
# the calendar feed is opened by calendar apps, with the secret in its address as the key.
OPEN_PREFIXES = ("/api/", "/login/", "/static/", "/healthz", "/calendar/")


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class LocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        set_locale(negotiate(request.headers.get("Accept-Language", "")))
        try:
            return self.get_response(request)
        finally:
            set_locale(None)
