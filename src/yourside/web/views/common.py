"""What every view needs: the signed-in customer whose book it shows, and where to send them
back to."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BaseForm
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


def show_errors(
    form: BaseForm, error: ValidationError, fields: Mapping[str, str] | None = None
) -> None:
    """Put a service's ``ValidationError`` on ``form``: each message on the field it names (a
    model field called otherwise in the form is renamed by ``fields``), or above the form when
    the form has no such field. ``form.add_error`` refuses a name the form does not have."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        field = (fields or {}).get(name, name)
        if field in form.fields:
            form.add_error(field, errors)
        else:
            said = [e if name == NON_FIELD_ERRORS else f"{name}: {e}" for e in errors]
            form.add_error(None, said)
