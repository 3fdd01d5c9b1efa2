"""Test settings: throwaway keys so the suite runs without a configured environment."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "dGVzdC1vbmx5LWZlcm5ldC1rZXktMzItYnl0ZXMhISE=")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"login": "1000/min", "certificate_verify": "1000/min"}  # noqa: F405
# The test client speaks plain http; production redirects it to https (tests/test_security.py checks that).
SECURE_SSL_REDIRECT = False
# Jobs run at once inside the request, so a test sees the same result the synchronous call gave; the job
# mechanics tests switch JOBS_TASK_BACKEND to "database" and run real workers.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
