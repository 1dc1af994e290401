"""The REST API under /api/ (django-ninja): the OpenAPI document at /api/openapi.json."""
