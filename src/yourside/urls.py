from __future__ import annotations

from django.urls import include, path, re_path

from yourside.api.root import api, not_found

urlpatterns = [
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found),
    path("", include("yourside.web.urls")),
]
