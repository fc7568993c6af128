"""The suite's SECRET_KEY: a real random one, as every deployment that texts needs.

One per test process (each parallel runner has its own deployment); processes a test starts
get it in their environment with the rest of the settings.
"""

from __future__ import annotations

import secrets

SECRET_KEY = secrets.token_urlsafe(32)
