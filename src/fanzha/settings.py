"""Fanzha settings, read from environment variables.

Every variable is documented in docs/configuration.md. Helpers fail loudly on a bad value so that a
typo in production is a start-up error, not a silent default.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envnetworks(name: str) -> list[str]:
    """Addresses or networks (127.0.0.1, 10.0.0.0/24, ::1), comma-separated."""
    items = envlist(name, "")
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {item!r} is not an address or a network") from None
    return items


FANZHA_ENV = envstr("FANZHA_ENV", "development")
if FANZHA_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(f"FANZHA_ENV must be development, production or test, got {FANZHA_ENV!r}")
PRODUCTION = FANZHA_ENV == "production"

DATA_DIR = Path(envstr("FANZHA_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite database and Huey's queue live here

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY is required when FANZHA_ENV=production")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"  # noqa: S105

DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "fanzha.core.adminsite.FanzhaAdminConfig",  # django.contrib.admin, entered by administrators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "fanzha.core",
    "fanzha.accounts",
    "fanzha.places",
    "fanzha.people",
    "fanzha.notify",
    "fanzha.detection",
    "fanzha.alerts",
    "fanzha.funds",
    "fanzha.cases",
    "fanzha.consults",
    "fanzha.outreach",
    "fanzha.materials",
    "fanzha.stats",
    "fanzha.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fanzha.core.middleware.RequestContextMiddleware",
    "fanzha.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "fanzha.urls"
WSGI_APPLICATION = "fanzha.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

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
                "django.template.context_processors.i18n",
                "fanzha.context_processors.navigation",
                "fanzha.notify.context_processors.unread_count",
            ],
        },
    }
]

# --- database -------------------------------------------------------------------------------------
DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{DATA_DIR / 'fanzha.sqlite3'}")
# Health checks: a connection that died with a database restart is replaced, not handed to a request.
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60), conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the Huey consumer writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if envstr("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(envstr("DATABASE_REPLICA_URL"))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache ----------------------------------------------------------------------------------------
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "fanzha_cache"}}

# --- background work (Huey) -----------------------------------------------------------------------
# flush_locks: a consumer killed while it held a periodic task's lock must not stop that task for good.
HUEY_IMMEDIATE = envbool("HUEY_IMMEDIATE", FANZHA_ENV == "test")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": "fanzha",
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": envint("HUEY_WORKERS", 4), "worker_type": "thread", "flush_locks": True},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "fanzha",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": envint("HUEY_WORKERS", 2), "worker_type": "thread", "flush_locks": True},
    }

# --- auth -----------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if FANZHA_ENV == "test":
    # Tests create many users; the real hashers are deliberately slow.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", 15)
# Operators, leaders and admins must use TOTP in production; the demo only offers it.
TWO_FACTOR_ENFORCED = envbool("TWO_FACTOR_ENFORCED", PRODUCTION)
# An API token stops working this many days after it was made (a new one is made on the security page).
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", 90)
if API_TOKEN_DAYS < 1:
    raise ImproperlyConfigured(f"API_TOKEN_DAYS must be at least 1, got {API_TOKEN_DAYS}")
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# --- i18n -----------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static & media -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("FANZHA_MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# What an import may hold once unpacked, rows, one cell, and the errors a job keeps (core.tabular):
# together they keep a worker under 500 MB whatever the file (benchmarks/bench_import_memory.py).
IMPORT_MAX_UNPACKED_BYTES = envint("IMPORT_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_CELL_CHARS = envint("IMPORT_MAX_CELL_CHARS", 5_000)
IMPORT_MAX_ERRORS = envint("IMPORT_MAX_ERRORS", 1_000)
# The most memory (data segment) `fanzha serve` lets its Huey worker take; 0 for no bound.
WORKER_MEMORY_MB = envint("FANZHA_WORKER_MEMORY_MB", 1024)

# Letters and reports as PDF beside Word: LibreOffice's soffice (empty: looked up on PATH; none found:
# the pages offer Word only and say so), and how long one conversion may take.
SOFFICE = envstr("SOFFICE")
PDF_TIMEOUT_SECONDS = envint("PDF_TIMEOUT_SECONDS", 60)

# --- mail -----------------------------------------------------------------------------------------
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "fanzha@localhost")
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.locmem.EmailBackend",
)

# --- notifications (fanzha.notify) ----------------------------------------------------------------
# Seconds to connect and, again, to read an answer from a robot, the SMS gateway or the mail server.
NOTIFY_TIMEOUT = float(envint("NOTIFY_TIMEOUT", 5))
# Attempts per delivery before it is given up; retries wait NOTIFY_RETRY_BASE_SECONDS × 1, 3, 9, 27…
NOTIFY_MAX_ATTEMPTS = envint("NOTIFY_MAX_ATTEMPTS", 6)
NOTIFY_RETRY_BASE_SECONDS = envint("NOTIFY_RETRY_BASE_SECONDS", 10)
# A delivery claimed longer ago than this belongs to a worker that died: it is taken up again.
NOTIFY_STALE_SECONDS = envint("NOTIFY_STALE_SECONDS", 300)
NOTIFY_SMS_GATEWAY_URL = envstr("NOTIFY_SMS_GATEWAY_URL")
NOTIFY_SMS_GATEWAY_TOKEN = envstr("NOTIFY_SMS_GATEWAY_TOKEN")
if NOTIFY_STALE_SECONDS <= 2 * NOTIFY_TIMEOUT:
    raise ImproperlyConfigured("NOTIFY_STALE_SECONDS must be well above twice NOTIFY_TIMEOUT")

# --- security -------------------------------------------------------------------------------------
# The reverse proxies (addresses or networks, e.g. 127.0.0.1,10.0.0.0/24) whose X-Real-IP and
# X-Forwarded-For name the client. Empty: those headers are ignored and the connection's address counts.
TRUSTED_PROXIES = envnetworks("FANZHA_TRUSTED_PROXIES")
X_FRAME_OPTIONS = "DENY"
# The API's OpenAPI schema (/api/v1/openapi.json) and docs page (/api/v1/docs) without signing in.
API_DOCS_PUBLIC = envbool("API_DOCS_PUBLIC", not PRODUCTION)
# Content-Security-Policy (django-csp): every script and style is a file under /static/ (vendored, never a
# CDN), so no inline script, inline style or event handler runs, and nothing loads from another host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: for the blank favicon and icons inside stylesheets
        "font-src": ["'self'"],
        "media-src": ["'self'"],  # the materials library plays audio and video in the page
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- logging: never personal data; see fanzha.core.logging ----------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "fanzha.core.logging.RedactPersonalData"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "huey": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # At DEBUG urllib3 logs request URLs, and a robot's URL carries its access key.
        "urllib3": {"level": "WARNING"},
    },
}

# --- public consultations (consults) -------------------------------------------------------------
# A high-risk consultation from the public page (no login) raises an alert for the village's officer.
# Beyond the per-address limit, at most this many such alerts a day per village, and in all: the rest
# are kept as consultations (high risk, in the staff list) without an alert.
CONSULT_ANONYMOUS_ALERTS_PER_VILLAGE_PER_DAY = envint("CONSULT_ANONYMOUS_ALERTS_PER_VILLAGE_PER_DAY", 5)
CONSULT_ANONYMOUS_ALERTS_PER_DAY = envint("CONSULT_ANONYMOUS_ALERTS_PER_DAY", 50)

# --- statistics -----------------------------------------------------------------------------------
# Seconds the dashboard's and the summary API's figures are kept in Django's cache (Redis or the
# database, never process memory): a leader's whole-year view is computed at most once a minute.
STATS_CACHE_SECONDS = envint("STATS_CACHE_SECONDS", 0 if FANZHA_ENV == "test" else 60)
# PostgreSQL: how many of a statistics page's queries run at once, on one snapshot (stats/parallel.py);
# about the database server's cores. 0 or 1: one after the other.
STATS_PARALLEL_QUERIES = envint("STATS_PARALLEL_QUERIES", 2)
# PostgreSQL: the alerts' counts of settled months come from their monthly roll-up (stats/rollup.py),
# kept by a trigger and a task each minute; false counts every alert on every page.
STATS_ROLLUP = envbool("STATS_ROLLUP", True)

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
