"""Settings for the test suite: the real settings, a throwaway data folder and a fast hasher."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("YOURSIDE_SECRET_KEY", "test-secret-not-for-production")
os.environ.setdefault("YOURSIDE_DATA_DIR", tempfile.mkdtemp(prefix="yourside-test-"))

from yourside.settings import *  # noqa: F403

# Hashing passwords slowly is the point in production and only slows the suite down here.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
