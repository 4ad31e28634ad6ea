"""Loaded by pytest as a plugin (`-p tests.environment`), before Django reads its settings.

Tests run with the development defaults (no HTTPS redirect, no required secrets); the
production refusals have tests of their own that start a separate process.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
