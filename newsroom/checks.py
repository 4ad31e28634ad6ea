"""System checks for production settings that Django's own do not cover.

`manage.py check --deploy`, `migrate` and the WSGI application (newsroom/wsgi.py) run them;
with an error, production refuses to start rather than serve inconsistent pages.
"""

import runpy
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

GUNICORN_CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"
# Caches whose entries live in one process's memory: a purge reaches that process only.
PER_PROCESS_CACHES = {"django.core.cache.backends.locmem.LocMemCache"}


def configured_workers():
    """gunicorn's worker count, as deploy/gunicorn.conf.py computes it from the environment
    (GUNICORN_WORKERS, else two per core)."""
    return int(runpy.run_path(str(GUNICORN_CONFIG))["workers"])


@checks.register(checks.Tags.caches)
def check_page_cache_is_shared(app_configs=None, **kwargs):
    """With several workers, a per-process cache keeps a taken-down article in the workers
    that did not purge it (docs/operations.md, "Scaling to several app servers")."""
    if settings.DEBUG or not getattr(settings, "NEWSROOM_PAGE_CACHE", True):
        return []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in PER_PROCESS_CACHES:
        return []
    workers = configured_workers()
    if workers <= 1:
        return []
    return [
        checks.Error(
            f"CACHE_URL gives a per-process cache ({backend}) while the page cache is on and "
            f"gunicorn runs {workers} workers: a purge would reach one worker only.",
            hint="Set CACHE_URL to a shared cache (redis://host:6379/1), or GUNICORN_WORKERS=1, "
            "or NEWSROOM_PAGE_CACHE=false.",
            id="newsroom.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_mail_addresses(app_configs=None, **kwargs):
    """The staff's e-mails (articles/services/notifications.py) link to the admin through
    DJANGO_SITE_URL (a mail has no request to take a host from) and come from
    DJANGO_DEFAULT_FROM_EMAIL: left unset, the links are bare paths and the sender an address
    no mail server accepts."""
    warnings = []
    if not settings.SITE_URL:
        warnings.append(
            checks.Warning(
                "DJANGO_SITE_URL is not set: the staff's e-mails link to /admin/… with no host.",
                hint="Set DJANGO_SITE_URL=https://www.example.ma (see .env.example).",
                id="newsroom.W002",
            )
        )
    if settings.DEFAULT_FROM_EMAIL.rstrip(">").endswith("@localhost"):
        warnings.append(
            checks.Warning(
                f"DJANGO_DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL}: mail servers "
                "refuse or drop mail from it.",
                hint="Set DJANGO_DEFAULT_FROM_EMAIL to an address of the newspaper's domain.",
                id="newsroom.W003",
            )
        )
    return warnings


def refuse_to_start_on_errors():
    """Raise ImproperlyConfigured when a check of this module fails (the application's start)."""
    errors = [message for message in check_page_cache_is_shared() if message.level >= checks.ERROR]
    if errors:
        raise ImproperlyConfigured(
            "\n".join(f"{error.id}: {error.msg} {error.hint}" for error in errors)
        )
