from __future__ import annotations

from django.urls import include, path, re_path

from yourside.api.root import api, index, not_found

urlpatterns = [
    path("api/", index, name="api-index"),
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found),
    path("", include("yourside.web.urls")),
]
