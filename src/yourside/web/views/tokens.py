"""Personal API tokens: make one (shown once), list, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yourside.exchange import services
from yourside.exchange.models import ApiToken
from yourside.web.forms import TokenForm
from yourside.web.views.common import owner_of as _owner

NEW_SECRET = "new_api_token"  # noqa: S105 - the session key it is kept under, not a secret


def token_list(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _, secret = services.create_token(owner, form.cleaned_data["name"])
        # Shown once, on the page the redirect leads to: reloading that page makes no second
        # token, as re-sending the form did.
        request.session[NEW_SECRET] = secret
        return redirect("tokens")
    secret = request.session.pop(NEW_SECRET, None)
    tokens = ApiToken.objects.filter(owner=owner)
    return render(request, "web/tokens.html", {"tokens": tokens, "form": form, "secret": secret})


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = services.revoke_token(_owner(request), pk)
    except ApiToken.DoesNotExist:
        raise Http404("No such token") from None
    messages.success(request, f"Token “{token.name}” revoked; scripts using it are locked out.")
    return redirect("tokens")
