"""HTTP manners the API's routing lacks: every answer under ``/api/`` is JSON, also the 405 that the
routing gives, before any endpoint runs, to a method the address does not take; and ``HEAD`` is
answered wherever ``GET`` is, as HTTP asks, with the headers of the ``GET`` and no body."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

ORDER = {m: n for n, m in enumerate(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])}

GetResponse = Callable[[HttpRequest], HttpResponse]


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class HeadAsGet:
    """``HEAD /api/…`` is the ``GET`` of the same address, its body left out.

    The API's router knows only the methods its endpoints declare, so it refused ``HEAD`` with a
    405 where a ``GET`` answers.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD" or not _api(request):
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response


class JsonMethodNotAllowed:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and _api(request)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            # In one order every time (the routing gives them in any); HEAD wherever GET is
            # (HeadAsGet).
            given = {m.strip().upper() for m in response.get("Allow", "").split(",") if m.strip()}
            if "GET" in given:
                given.add("HEAD")
            allowed = ", ".join(sorted(given, key=lambda m: (ORDER.get(m, len(ORDER)), m)))
            answer = JsonResponse(
                {"detail": f"{request.method} is not allowed at {request.path}: use {allowed}"},
                status=405,
            )
            answer["Allow"] = allowed
            return answer
        return response
