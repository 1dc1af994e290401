from __future__ import annotations

from django.urls import include, path

from yourside.api.root import api

urlpatterns = [
    path("api/", api.urls),
    path("", include("yourside.web.urls")),
]
