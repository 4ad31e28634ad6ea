"""Settings for the Newsroom project, read from the environment.

Every variable is documented in `.env.example`. Development (`DJANGO_DEBUG=true`) works with no
other variable set; production refuses to start without its secrets.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from newsroom.proxies import axes_ipware_settings

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
    # django.contrib.admin, whose site asks for the second factor (authors/staff/admin_site.py).
    "authors.staff.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # The body's rich-text editor: only its static files (articles/admin/editor.py).
    "django_prose_editor",
    "django_otp",
    # The second-factor and lockout packages, under Arabic names (authors/staff/package_apps.py).
    "authors.staff.package_apps.AuthenticatorAppsConfig",
    "authors.staff.package_apps.BackupCodesConfig",
    "authors.staff.package_apps.PasskeysConfig",
    "authors.staff.package_apps.SignInProtectionConfig",
    "authors",
    "articles",
    "authors.staff",
    # The page cache and HTTP caching of public pages (newsroom/http/apps.py connects the purge).
    "newsroom.http",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached anonymous pages are answered here, before sessions and the view
    # (docs/operations.md, "Page cache and HTTP headers").
    "newsroom.http.middleware.PageCacheMiddleware",
    # A NUL byte in the address answers 400 before any view queries the database with it.
    "newsroom.request_guard.NulByteGuardMiddleware",
    # Django's, except that a page's own heartbeat does not renew the idle timeout.
    "newsroom.sessions.IdleTimeoutSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "authors.staff.middleware.SessionGenerationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.PermissionsPolicyMiddleware",
    "newsroom.middleware.AdminNeverCachedMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.csp",
                "articles.public.context_processors.site",
            ],
        },
    },
]

# The public address, e.g. https://www.example.ma, used for absolute URLs in feeds, sitemaps
# and metadata. Empty: taken from each request.
SITE_URL = env.str("DJANGO_SITE_URL", default="").rstrip("/")

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
    # longer quote every array element in Python, a large share of an import's CPU
    # (docs/performance.md, "Measurements behind the code"). Nothing in the project sends
    # literal SQL through .extra().
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = env.bool(
        "DJANGO_DB_SERVER_SIDE_BINDING", default=True
    )
    # A statement run this many times on one connection is prepared on the server: PostgreSQL
    # then skips parsing and planning it, much of its CPU per page (docs/performance.md,
    # "Measurements behind the code").
    # Django turns preparing off for transaction-mode poolers (pgbouncer < 1.21): set the
    # variable to 0 behind one.
    _prepare_threshold = env.int("DJANGO_DB_PREPARE_THRESHOLD", default=5)
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = _prepare_threshold or None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default; Redis in production through CACHE_URL or REDIS_URL.
CACHES = {
    "default": env.cache_url(
        "CACHE_URL", default=env.str("REDIS_URL", default="locmemcache://newsroom")
    )
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same backend, without a new client object per operation, that treats a Redis outage
    # as cache misses (newsroom/http/redis_cache.py; docs/operations.md, "Caching and Redis outages").
    CACHES["default"]["BACKEND"] = "newsroom.http.redis_cache.ReusingRedisCache"
    # Short socket timeouts: a Redis that does not answer must not hold a request for redis-py's
    # 5 seconds. After a failure, Redis is left alone this many seconds, then tried again.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=env.float("DJANGO_REDIS_CONNECT_TIMEOUT", default=0.25),
        socket_timeout=env.float("DJANGO_REDIS_TIMEOUT", default=1.0),
        retry_after=env.float("DJANGO_REDIS_RETRY_SECONDS", default=2.0),
    )


# Page cache and HTTP caching of anonymous public pages (newsroom/http/page_cache.py;
# docs/operations.md, "Page cache and HTTP headers"). Fresh for at most 60 seconds by default,
# so that a scheduled article appears within a minute even when no process publishes it.
NEWSROOM_PAGE_CACHE = env.bool("NEWSROOM_PAGE_CACHE", default=True)
NEWSROOM_PAGE_CACHE_SECONDS = env.int("NEWSROOM_PAGE_CACHE_SECONDS", default=60)
NEWSROOM_PAGE_STALE_SECONDS = env.int("NEWSROOM_PAGE_STALE_SECONDS", default=600)
NEWSROOM_CACHE_MAX_AGE = env.int("NEWSROOM_CACHE_MAX_AGE", default=30)
NEWSROOM_CACHE_S_MAXAGE = env.int("NEWSROOM_CACHE_S_MAXAGE", default=60)
NEWSROOM_CACHE_STALE_WHILE_REVALIDATE = env.int("NEWSROOM_CACHE_STALE_WHILE_REVALIDATE", default=30)
NEWSROOM_CACHE_STALE_IF_ERROR = env.int("NEWSROOM_CACHE_STALE_IF_ERROR", default=86400)
NEWSROOM_MICROCACHE_SECONDS = env.int("NEWSROOM_MICROCACHE_SECONDS", default=1)
# How long nginx keeps a 301/404/410 (a taken-down article's 410 replaces its old page there).
NEWSROOM_MICROCACHE_GONE_SECONDS = env.int("NEWSROOM_MICROCACHE_GONE_SECONDS", default=5)
# A dotted path to `hook(keys)`, called after commit with the surrogate keys to purge at a CDN.
NEWSROOM_PURGE_HOOK = env.str("NEWSROOM_PURGE_HOOK", default="")


# ---------------------------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------------------------

# The staff's workflow notifications (articles/services/notifications.py), sent by the
# scheduler. Default: printed to the console while debugging (make run), the machine's own mail
# server (smtp://localhost:25, as Django's default) otherwise; production sets its server, e.g.
# smtp+tls://user:password@smtp.example.ma:587 (docs/operations.md, "E-mail"). django-environ
# reads the URL; Django 6.1 takes it as the default mailer (MAILERS, which replaces EMAIL_*).
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
_mailer_options = {}
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    _mailer_options = {
        "host": _email["EMAIL_HOST"] or "localhost",
        # None: the backend's own default for the scheme (465 with SSL, 587 with TLS, else 25).
        "port": _email["EMAIL_PORT"] or None,
        "username": _email["EMAIL_HOST_USER"] or "",
        "password": _email["EMAIL_HOST_PASSWORD"] or "",
        "use_tls": bool(_email.get("EMAIL_USE_TLS")),
        "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
        # Seconds to wait for the server before a send counts as failed (and is retried).
        "timeout": env.int("DJANGO_EMAIL_TIMEOUT", default=20),
    }
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _mailer_options}}
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="newsroom@localhost")
# The sender of the mails Django writes about the server itself (error reports to ADMINS).
SERVER_EMAIL = env.str("DJANGO_SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)


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
# Files browsers and feed readers ask for at the site's root (/favicon.ico), served by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
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
# credentials are read by boto3 from the standard AWS_* variables (see docs/operations.md,
# "Media on S3").
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

# Argon2 first: new and changed passwords are stored with it; older hashes still verify and are
# upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# django-axes must see every authentication attempt, so its backend comes first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sessions end after this many seconds without a request (each request renews the cookie), and
# when the browser closes. Requests a page's script sends by itself (the editing-presence
# heartbeat) do not count: newsroom/sessions.py.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_SECONDS", default=60 * 60 * 2)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# Content-Security-Policy with a fresh nonce per response: no inline script runs unless the
# template gave it the nonce, so an injected <script> or event handler does nothing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "https:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    # No page frames anything; an article with embedded posts allows exactly its providers'
    # iframe origins (articles/public/embeds.py).
    "frame-src": [CSP.NONE],
}
# Browser features no page of the site needs are switched off (newsroom/middleware.py);
# passkeys (WebAuthn) are allowed for this origin only.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
}

# Failed sign-ins (django-axes): after DJANGO_AXES_FAILURE_LIMIT failures for one account from
# one address, that pair is refused for DJANGO_AXES_COOLOFF_MINUTES. Keyed on the pair, so an
# attacker locks out only themselves: the account's owner still signs in from elsewhere.
AXES_FAILURE_LIMIT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "authors.staff.views.lockout_response"
AXES_VERBOSE = False

# The client's address, for django-axes and the security log alike (django-ipware through
# django-axes; newsroom/proxies.py). NEWSROOM_TRUSTED_PROXY_COUNT: how many proxies stand in
# front of gunicorn. 0 (default) reads the socket's address; 1 is the shipped nginx.
NEWSROOM_TRUSTED_PROXY_COUNT = env.int("NEWSROOM_TRUSTED_PROXY_COUNT", default=0)
try:
    _ipware = axes_ipware_settings(NEWSROOM_TRUSTED_PROXY_COUNT)
except ValueError as error:
    raise ImproperlyConfigured(f"NEWSROOM_TRUSTED_PROXY_COUNT: {error}") from None
AXES_IPWARE_META_PRECEDENCE_ORDER = _ipware["AXES_IPWARE_META_PRECEDENCE_ORDER"]
AXES_IPWARE_PROXY_COUNT = _ipware["AXES_IPWARE_PROXY_COUNT"]
IPWARE_STRICT = _ipware["IPWARE_STRICT"]

# Two-factor sign-in (django-otp): the issuer shown in authenticator apps, and passkeys as a
# second factor only (never instead of the password).
OTP_TOTP_ISSUER = env.str("DJANGO_OTP_ISSUER", default="Newsroom")
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# A passkey is bound to a domain (the "relying party") and accepted only from listed origins.
OTP_WEBAUTHN_RP_ID = env.str("DJANGO_WEBAUTHN_RP_ID", default=ALLOWED_HOSTS[0].lstrip("."))
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "DJANGO_WEBAUTHN_ALLOWED_ORIGINS",
    default=[f"https://{OTP_WEBAUTHN_RP_ID}"] + (["http://localhost:8000"] if DEBUG else []),
)

if not DEBUG:
    # Production is served over HTTPS only, usually behind a proxy that terminates TLS.
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # A load balancer checks each app server over plain HTTP (newsroom/health.py): a redirect
    # to HTTPS would read as a failure. The answer holds no personal data.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True


# ---------------------------------------------------------------------------------------------
# Editorial workflow
# ---------------------------------------------------------------------------------------------

# How long a signed preview link works, in seconds (articles/services/preview_links.py). 48 hours by default.
NEWSROOM_PREVIEW_MAX_AGE = env.int("NEWSROOM_PREVIEW_MAX_AGE", default=48 * 60 * 60)
# The article form's autosaved copies (articles/services/autosave.py): the largest accepted, in
# bytes, and how many days an untouched copy is kept before publish_scheduled_articles deletes it.
NEWSROOM_AUTOSAVE_MAX_BYTES = env.int("NEWSROOM_AUTOSAVE_MAX_BYTES", default=512 * 1024)
NEWSROOM_AUTOSAVE_MAX_AGE_DAYS = env.int("NEWSROOM_AUTOSAVE_MAX_AGE_DAYS", default=7)
# A running live coverage with no entry for this many minutes: publish_scheduled_articles queues
# an e-mail to its reporters and the editors (once per silence). 0 turns the reminder off.
NEWSROOM_LIVE_QUIET_MINUTES = env.int("NEWSROOM_LIVE_QUIET_MINUTES", default=30)
# How many hours an article's breaking-news label shows when the editor raises the flag without
# giving an end (articles/services/content.py); the editor may give another end in the form.
NEWSROOM_BREAKING_HOURS = env.int("NEWSROOM_BREAKING_HOURS", default=3)


# ---------------------------------------------------------------------------------------------
# Readers' comments (articles/services/comment_spam.py, articles/public/comments.py)
# ---------------------------------------------------------------------------------------------

# How long the form's signed token works, in seconds (fetched when the reader starts typing).
NEWSROOM_COMMENT_TOKEN_MAX_AGE = env.int("NEWSROOM_COMMENT_TOKEN_MAX_AGE", default=3600)
# A comment sent sooner than this after the page loaded is a program's, not a reader's.
NEWSROOM_COMMENT_MIN_SECONDS = env.int("NEWSROOM_COMMENT_MIN_SECONDS", default=5)
# Comments sent per client address (keyed hash; an IPv6 address counts as its /64 network) and
# per article, in a window of seconds, counted before storing. The per-article limit is shared by
# all readers: under a flood it closes the article to everyone until its window ends.
NEWSROOM_COMMENT_RATE_PER_ADDRESS = env.int("NEWSROOM_COMMENT_RATE_PER_ADDRESS", default=5)
NEWSROOM_COMMENT_RATE_ADDRESS_WINDOW = env.int("NEWSROOM_COMMENT_RATE_ADDRESS_WINDOW", default=600)
NEWSROOM_COMMENT_RATE_PER_ARTICLE = env.int("NEWSROOM_COMMENT_RATE_PER_ARTICLE", default=60)
NEWSROOM_COMMENT_RATE_ARTICLE_WINDOW = env.int("NEWSROOM_COMMENT_RATE_ARTICLE_WINDOW", default=300)
# Links allowed in one comment (each http(s):// or www. address counts).
NEWSROOM_COMMENT_MAX_LINKS = env.int("NEWSROOM_COMMENT_MAX_LINKS", default=2)
# Days a client address's keyed hash is kept with a comment (purge_comment_addresses).
NEWSROOM_COMMENT_ADDRESS_DAYS = env.int("NEWSROOM_COMMENT_ADDRESS_DAYS", default=30)
# Backups
# ---------------------------------------------------------------------------------------------

# `make backup` writes each backup into a timestamped folder here.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")


# ---------------------------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------------------------

# One line per request from newsroom/request_log.py (method, path, status, duration, request
# id); every line carries the request id. DJANGO_LOG_FORMAT=json writes one JSON object per line
# for a log collector (newsroom/log_format.py); "text" (the default) is for people.
LOG_FORMAT = env.str("DJANGO_LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.request_log.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "newsroom.log_format.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # Django's own loggers print through the root's console only: its default console handler
    # (active while debugging) printed every line a second time.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}


# ---------------------------------------------------------------------------------------------
# Error reporting
# ---------------------------------------------------------------------------------------------

# Unhandled errors go to Sentry (or a compatible service) when a DSN is set, without personal
# data (newsroom/error_reporting.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from newsroom.error_reporting import error_reporting_init

    error_reporting_init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=""),
        release=env.str("SENTRY_RELEASE", default=""),
    )
