"""Django settings, read from the environment (see docs/configuration.md).

Loading this module has no side effects: it reads variables and files, creates nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url

from yourside.config import (
    data_dir,
    env_bool,
    env_int,
    env_list,
    env_str,
    read_secret_key,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

# An empty key makes Django refuse to sign anything; the CLI writes one into DATA_DIR on first use.
SECRET_KEY = read_secret_key(DATA_DIR) or ""
DEBUG = env_bool("YOURSIDE_DEBUG", False)
ALLOWED_HOSTS = env_list("YOURSIDE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("YOURSIDE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # the API docs page's Swagger UI from the package, not from a CDN
    "yourside.book",
    "yourside.cases",
    "yourside.exchange",
    "yourside.ingest",
    "yourside.insights",
    "yourside.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "yourside.api.middleware.HeadAsGet",
    "yourside.api.middleware.JsonMethodNotAllowed",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yourside.web.middleware.LoginRequiredMiddleware",
    "yourside.web.middleware.LocaleMiddleware",
]

ROOT_URLCONF = "yourside.urls"
WSGI_APPLICATION = "yourside.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["yourside.web.templatetags.yourside"],
        },
    },
]


def database_settings() -> dict[str, Any]:
    """PostgreSQL (or any dj-database-url URL) when YOURSIDE_DATABASE_URL is set, else SQLite."""
    url = env_str("YOURSIDE_DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=env_int("YOURSIDE_DB_CONN_MAX_AGE", 0)))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "yourside.sqlite3",
        "OPTIONS": {
            # WAL lets the web server read while an import writes; IMMEDIATE avoids the
            # "database is locked" upgrade race between two writers. A big sort (the insights
            # group a book by payee) may use a second core: a million lines 1.7 → 1.1 s.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA threads=2;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# The default locale for numbers, money and dates; a browser's Accept-Language refines it.
YOURSIDE_LOCALE = env_str("YOURSIDE_LOCALE", "en_US")
TIME_ZONE = env_str("YOURSIDE_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Only for a deployment that runs collectstatic; a home install serves from the package.
STATIC_ROOT = env_str("YOURSIDE_STATIC_ROOT") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve straight from the package's static folders: no collectstatic step for a home install.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("YOURSIDE_MAX_UPLOAD_MB", 50) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024


SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("YOURSIDE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# Outgoing mail (case letters, digests). Without a host, Yourside offers downloads instead.
EMAIL_HOST = env_str("YOURSIDE_SMTP_HOST")
EMAIL_PORT = env_int("YOURSIDE_SMTP_PORT", 587)
EMAIL_HOST_USER = env_str("YOURSIDE_SMTP_USER")
EMAIL_HOST_PASSWORD = env_str("YOURSIDE_SMTP_PASSWORD")
EMAIL_USE_TLS = env_bool("YOURSIDE_SMTP_STARTTLS", True)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("YOURSIDE_FROM_EMAIL")

NINJA_PAGINATION_PER_PAGE = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("YOURSIDE_LOG_LEVEL", "WARNING")},
}
