"""What every view needs: the signed-in customer whose book it shows, and where to send them
back to."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def owner_of(request: HttpRequest) -> User:
    """The signed-in user; the sign-in middleware has turned everyone else away already."""
    assert isinstance(request.user, User)
    return request.user


def back_to(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """A redirect to the form's ``next`` page when it is on this site, else to the page named
    ``default``: a link from elsewhere must not make Yourside send its user on to another site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)
