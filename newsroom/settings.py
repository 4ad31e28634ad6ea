"""Settings for the Newsroom project, read from the environment.

Every variable is documented in `.env.example`. Development (`DJANGO_DEBUG=true`) works with no
other variable set; production refuses to start without its secrets.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file is a convenience for development; real deployments set the environment.
env_file = BASE_DIR / ".env"
if env_file.is_file():
    env.read_env(env_file)


# ---------------------------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------------------------

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def _required_in_production(name):
    """Return a variable that production must set, naming it when it is missing."""
    value = env.str(name, default="")
    if not value and not DEBUG:
        raise ImproperlyConfigured(
            f"{name} must be set when DJANGO_DEBUG is off (see .env.example)."
        )
    return value


# No default secret: a development-only key is used only while debugging.
SECRET_KEY = (
    _required_in_production("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-in-production"
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off (see .env.example)."
        )
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "authors",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

# The admin lives at a path of the operator's choosing, which keeps casual scanners away.
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/").strip("/") + "/"


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------

# SQLite in the project folder is the zero-setup default; production uses PostgreSQL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Keep connections open between requests: connecting costs more than most pages.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parameters travel apart from the SQL (psycopg's server-side binding): bulk inserts no
    # longer quote every array element in Python, which was a fifth of an import's CPU (see
    # bench/REPORT-importers.md). Nothing in the project sends literal SQL through .extra().
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env.bool(
        "DJANGO_DB_SERVER_SIDE_BINDING", default=True
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default; Redis in production through CACHE_URL or REDIS_URL.
CACHES = {
    "default": env.cache_url(
        "CACHE_URL", default=env.str("REDIS_URL", default="locmemcache://newsroom")
    )
}


# ---------------------------------------------------------------------------------------------
# Language, locale and time
# ---------------------------------------------------------------------------------------------

LANGUAGE_CODE = "ar-ma"
LANGUAGES = [("ar-ma", _("Moroccan Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Moroccan month names, 24-hour time and weeks from Monday live in newsroom/formats/ar_MA.
FORMAT_MODULE_PATH = ["newsroom.formats"]
USE_I18N = True
TIME_ZONE = "Africa/Casablanca"
USE_TZ = True


# ---------------------------------------------------------------------------------------------
# Static and media files
# ---------------------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files that can be cached for a year; plain files while debugging.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}


# Uploaded images go to S3-compatible object storage when DJANGO_MEDIA_STORAGE=s3; the
# credentials are read by boto3 from the standard AWS_* variables (see README, "Photos").
if env.str("DJANGO_MEDIA_STORAGE", default="filesystem") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("DJANGO_S3_BUCKET"),
            "endpoint_url": env.str("DJANGO_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("DJANGO_S3_REGION", default=None),
            "custom_domain": env.str("DJANGO_S3_CUSTOM_DOMAIN", default=None),
            # Images are public: plain URLs that a CDN can cache, no signed query strings.
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
        },
    }

# Photos (articles/images): what an upload may weigh and measure. A 12-megapixel phone photo
# is about 5 MB; the limits leave room for professional cameras and refuse anything absurd.
IMAGE_MAX_BYTES = env.int("DJANGO_IMAGE_MAX_BYTES", default=25 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("DJANGO_IMAGE_MAX_PIXELS", default=60_000_000)


# ---------------------------------------------------------------------------------------------
# Security
# ---------------------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

if not DEBUG:
    # Production is served over HTTPS only, usually behind a proxy that terminates TLS.
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True


# ---------------------------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
