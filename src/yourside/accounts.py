"""Users of a store: creating one with a checked password."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from yourside.errors import UserError


@transaction.atomic
def create_user(username: str, password: str) -> User:
    """A new user who can sign in; refuses a taken name or a weak password."""
    username = username.strip()
    if not username:
        raise UserError("the username is empty")
    if User.objects.filter(username=username).exists():
        raise UserError(f"a user {username!r} already exists in this store")
    user = User(username=username)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    return user
