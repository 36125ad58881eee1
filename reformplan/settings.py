"""Settings for reformplan, configured by environment variables only.

Every value read from the environment goes through one of the helpers below, which fail loudly
on a malformed value instead of guessing. Defaults are safe for production (debug off), and the
Makefile turns debug on for local runs. See `.env.example` for the full list.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {'/'.join(choices)}, not {raw!r}")
    return value


def env_url(name: str) -> str:
    """An http(s) URL, or "" when unset."""
    raw = env_str(name).strip()
    if raw and not raw.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// URL, not {raw!r}")
    return raw


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - debug only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "simple_history",
    "reformplan.apps.AxesConfig",  # django-axes, named in Vietnamese
    # TOTP two-factor sign-in (reformplan/accounts/, docs/accounts.md).
    "django_otp",
    "reformplan.apps.TOTPConfig",  # django_otp.plugins.otp_totp, named in Vietnamese
    "plans",
    "tasks",
    "indicators",
]

MIDDLEWARE = [
    # First: a request through a proxy while DJANGO_BEHIND_TLS_PROXY is off fails (500, logged).
    "reformplan.security.ForwardedHeadersGuard",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy (django-csp), from CONTENT_SECURITY_POLICY below.
    "csp.middleware.CSPMiddleware",
    # A body over REQUEST_BODY_MAX_BYTES is refused (413) from its Content-Length, unread.
    "reformplan.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: no-store for signed-in users and downloads; Permissions-Policy.
    "reformplan.middleware.SecurityHeadersMiddleware",
    # Password reset: only when e-mail is delivered (PASSWORD_RESET_ENABLED), throttled.
    "reformplan.middleware.PasswordResetGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A temporary password set in the admin is changed before anything else (plans.first_login).
    "plans.first_login.MustChangePasswordMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the acting user on every history entry (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as its documentation asks: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reformplan.urls"

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
                "plans.context_processors.navigation",
                "tasks.progress.notices.unread_notices",
            ],
        },
    },
]

WSGI_APPLICATION = "reformplan.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite (the local default, not production): writers wait up to 20 s for each other's
    # lock instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "reformplan.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes, docs/accounts.md): after AXES_FAILURE_LIMIT wrong passwords for
# one username from one IP address, that pair is refused for AXES_COOLOFF_TIME, even with the
# right password; after LOGIN_IP_FAILURE_LIMIT wrong passwords from one address, whatever the
# usernames, the address is refused for every username (reformplan.accounts.throttling).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_IP_FAILURE_LIMIT = 30
# A browser that signed in as a user is trusted for that username: its failures are counted on
# their own, so a colleague behind the same office NAT cannot lock the user out of it.
LOGIN_DEVICE_COOKIE = "reformplan_login_device"
AXES_HANDLER = "reformplan.accounts.throttling.LoginThrottlingHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "reformplan.security.lockout_response"
# Behind nginx, REMOTE_ADDR is the proxy's: use the address nginx appended to X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "reformplan.security.client_ip"
# Two-factor sign-in (django-otp TOTP): a user with a confirmed device gives a code after the
# password; a superuser without one must enrol first, except on a local demo (DEBUG on).
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = not DEBUG
OTP_TOTP_ISSUER = "Kế hoạch CCHC"

# Audit history (django-simple-history): reasons may be longer than a short label.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# django-import-export keeps an upload between preview and confirm in the project's file
# storage under a random name the session remembers (tasks.spreadsheet.uploads), not in the
# server's temporary folder under a name the confirm form posts back.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "tasks.spreadsheet.uploads.SessionUploadStorage"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# The project's own Vietnamese catalog (locale/vi/LC_MESSAGES/django.po) wins over Django's and
# the libraries' for the strings they lack or word oddly; its .mo is compiled by `make install`
# (scripts/compile_messages.py). Dates show and are typed dd/mm/yyyy (reformplan/formats/vi/).
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["reformplan.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "reformplan" / "static"]
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))


def evidence_storage() -> dict:
    """Where evidence files are kept: MEDIA_ROOT on this host ("local"), or a private bucket
    of S3-compatible object storage ("s3", shared by every app server). Either way they are
    served only through the permission-checking download view, never by URL."""
    if env_choice("DJANGO_EVIDENCE_STORAGE", ("local", "s3"), "local") == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    bucket = env_str("DJANGO_S3_BUCKET").strip()
    if not bucket:
        raise ImproperlyConfigured(
            "DJANGO_S3_BUCKET is required when DJANGO_EVIDENCE_STORAGE is s3."
        )
    access_key = env_str("DJANGO_S3_ACCESS_KEY_ID").strip()
    secret_key = env_str("DJANGO_S3_SECRET_ACCESS_KEY").strip()
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "DJANGO_S3_ACCESS_KEY_ID and DJANGO_S3_SECRET_ACCESS_KEY must be set together "
            "(or both left unset to use the host's credentials)."
        )
    options = {
        "bucket_name": bucket,
        "default_acl": None,  # the bucket's own (private) policy; no public objects
        "querystring_auth": True,
        "file_overwrite": False,
    }
    if endpoint := env_url("DJANGO_S3_ENDPOINT_URL"):
        options["endpoint_url"] = endpoint
    if region := env_str("DJANGO_S3_REGION").strip():
        options["region_name"] = region
    if access_key:
        options["access_key"] = access_key
        options["secret_key"] = secret_key
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": evidence_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Upload limits, in one place: the forms check the files, the middleware the whole body.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024  # one evidence file of a progress report
IMPORT_MAX_BYTES = 5 * 1024 * 1024  # one task-list spreadsheet (.xlsx/.csv) to import
# Any request whose Content-Length is larger is refused with 413 before its body is read
# (reformplan.middleware.RequestSizeLimitMiddleware): the largest file plus 1 MB for the
# form's other fields and the multipart framing. nginx's client_max_body_size sits just above.
REQUEST_BODY_MAX_BYTES = EVIDENCE_MAX_BYTES + 1024 * 1024
# Form fields other than files that Django keeps in memory: up to the body limit itself, so
# that any request the size middleware lets through is parsed rather than refused with a bare
# 400 (the import's confirm step now posts only a small token; see docs/deployment.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
# Uploaded files above this size are streamed to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Security: production-safe unless debug is on; each can be overridden (tests turn off the
# HTTPS redirect because the test client speaks plain HTTP).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): everything only from this site; no inline or eval'd
# script, no plugins, no framing, forms post only here. The one inline event handler of a
# third-party template (django-import-export's export page: onchange="onSelectToggleChange
# (event)") is allowed by its hash and nothing else. Styles also allow 'unsafe-inline' for
# inline style attributes and <style> blocks (the report page's status colours, a few column
# widths, and the admin's, import-export's and simple-history's own templates): see
# docs/deployment.md for the exact list to move before this can be dropped.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "script-src-attr": [
            "'unsafe-hashes'",
            "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",
        ],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the site never uses, refused to every page (SecurityHeadersMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# E-mail (password reset, reminders). The default console backend only writes mails to the log:
# fine for development; with debug off `check --deploy` fails on it and on a sender at
# "localhost" (reformplan.checks), since reset links and reminders would never reach anyone.
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "cchc@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 20)  # seconds: a stuck server cannot hang a page
# The site's address as users reach it: the links in notice e-mails (tasks.progress.notices).
SITE_URL = env_str("DJANGO_SITE_URL", "http://localhost:8000")
# Backends that deliver nothing: they print, keep in memory, write files or drop the mail.
NON_DELIVERING_EMAIL_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
)
# "Quên mật khẩu" and the reset pages exist only when mail is really delivered
# (PasswordResetGuardMiddleware: 404 otherwise). Reset requests are throttled per client
# address and per e-mail address, in the cache (per process unless CACHES is shared).
PASSWORD_RESET_ENABLED = EMAIL_BACKEND not in NON_DELIVERING_EMAIL_BACKENDS
PASSWORD_RESET_LIMIT_PER_ADDRESS = 10
PASSWORD_RESET_LIMIT_PER_EMAIL = 3
PASSWORD_RESET_LIMIT_WINDOW = timedelta(hours=1)
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60  # a reset link works for one day ("24 giờ" in the pages)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}
