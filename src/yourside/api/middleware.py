"""Every answer under ``/api/`` is JSON: also the 405 that the routing gives, before any endpoint
runs, to a method the address does not take."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

ORDER = {m: n for n, m in enumerate(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])}


class JsonMethodNotAllowed:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            # In one order every time (the routing gives them in any).
            given = {m.strip().upper() for m in response.get("Allow", "").split(",") if m.strip()}
            allowed = ", ".join(sorted(given, key=lambda m: (ORDER.get(m, len(ORDER)), m)))
            answer = JsonResponse(
                {"detail": f"{request.method} is not allowed at {request.path}: use {allowed}"},
                status=405,
            )
            answer["Allow"] = allowed
            return answer
        return response
