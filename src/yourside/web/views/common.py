"""What every view needs: the signed-in customer whose book it shows."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest


def owner_of(request: HttpRequest) -> User:
    """The signed-in user; the sign-in middleware has turned everyone else away already."""
    assert isinstance(request.user, User)
    return request.user
