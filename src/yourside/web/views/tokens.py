"""Personal API tokens: make one (shown once), list, revoke."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yourside.exchange import services
from yourside.exchange.models import ApiToken
from yourside.web.forms import TokenForm
from yourside.web.views.common import owner_of as _owner

MADE = "api_tokens_made"  # the forms that made a token, by their "once"
REMEMBERED = 20


def token_list(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        once, made = form.cleaned_data["once"], request.session.get(MADE, [])
        if once in made:
            # Sent again, by a reload of the page that showed the secret: the secret is never
            # stored (only its hash), so it cannot be shown again; say so, and make no other.
            messages.info(
                request,
                "That token was made already, and its secret shown once. If you did not copy it,"
                " revoke it and make a new one.",
            )
            return redirect("tokens")
        _, secret = services.create_token(owner, form.cleaned_data["name"])
        request.session[MADE] = [*made, once][-REMEMBERED:]
        form = TokenForm()
    if not form.is_bound:
        form = TokenForm(initial={"once": secrets.token_urlsafe(16)})
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
