"""tsunagu settings. Every value that differs per deployment comes from the environment."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent.parent


def envbool(name: str, default: str = "False") -> bool:
    return os.getenv(name, default).lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def envint(name: str, default: int) -> int:
    return int(os.getenv(name, str(default)))


def envheader(name: str) -> tuple[str, str] | None:
    """``HTTP_X_FORWARDED_PROTO=https`` → ``("HTTP_X_FORWARDED_PROTO", "https")``; unset → None."""
    value = os.getenv(name, "")
    if not value:
        return None
    header, sep, expected = value.partition("=")
    if not (sep and header.strip() and expected.strip()):
        raise ImproperlyConfigured(f"{name} must look like HTTP_X_FORWARDED_PROTO=https.")
    return header.strip(), expected.strip()


DEBUG = envbool("DEBUG", "False")
DEMO_MODE = envbool("TSUNAGU_DEMO", "False")
TESTING = bool(os.getenv("PYTEST_VERSION"))
# Production is everything that is neither development, the demo nor the test suite: HTTPS
# hardening below is on by default there.
PRODUCTION = not (DEBUG or DEMO_MODE or TESTING)
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or DEMO_MODE or os.getenv("PYTEST_VERSION")):
        raise ImproperlyConfigured("SECRET_KEY must be set outside demo and development mode.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "testserver"}
if DEBUG and not set(ALLOWED_HOSTS) <= LOCAL_HOSTS:
    # Django's debug pages show request data and local variables, i.e. personal data.
    raise ImproperlyConfigured("DEBUG may only be on for local hosts, never in production.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "tsunagu.core",
    "tsunagu.accounts",
    "tsunagu.privacy",
    "tsunagu.people",
    "tsunagu.consultations",
    "tsunagu.consents",
    "tsunagu.meetings",
    "tsunagu.cases",
    "tsunagu.notifications",
    "tsunagu.community",
    "tsunagu.outreach",
    "tsunagu.participation",
    "tsunagu.linkage",
    "tsunagu.reports",
    "ninja",  # its Swagger UI from our own static files, not a CDN (blocked by the CSP)
    "tsunagu.api",
    "tsunagu.imports",
    "tsunagu.jobs",
    "django_tasks_db",  # the task queue's table, read by `manage.py db_worker`
    "tsunagu.backups",
    "tsunagu.demo",
]

MIDDLEWARE = [
    "tsunagu.core.logging.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tsunagu.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tsunagu.accounts.middleware.SessionExpiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tsunagu.privacy.context.AuditOriginMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tsunagu.config.urls"
WSGI_APPLICATION = "tsunagu.config.wsgi.application"

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
                "tsunagu.core.context_processors.site",
                "tsunagu.notifications.context_processors.unread",
                "tsunagu.linkage.context_processors.reviewer",
                "tsunagu.reports.context_processors.overseer",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{PROJECT_DIR / 'var' / 'tsunagu.sqlite3'}",
        conn_max_age=int(os.getenv("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # BEGIN IMMEDIATE: a transaction that reads and then appends to the audit chain takes the
    # write lock up front and waits for it, instead of failing when two requests upgrade at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
    # Tests use a file, not memory: the browser tests' live server then gets connections of its
    # own, as a real server does, instead of sharing the test's one connection between threads.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"tsunagu-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tsunagu.accounts.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", PROJECT_DIR / "var" / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Sessions end after TSUNAGU_SESSION_IDLE_MINUTES without a request (sliding expiry: every
# request saves the session again). The cookie lives until the browser closes; the server-side
# expiry is what ends the session, so the next request can say that it expired.
SESSION_IDLE_MINUTES = envint("TSUNAGU_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", str(PRODUCTION))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Behind a proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO=https
# (only if the proxy always sets that header) or turn the redirect off with SECURE_SSL_REDIRECT.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(PRODUCTION))
SECURE_PROXY_SSL_HEADER = envheader("SECURE_PROXY_SSL_HEADER")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: htmx is a static file and configured by a meta tag; the
# TOTP QR code is inline SVG markup, which CSP does not restrict.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The area map (地域づくり): off unless a tile server is configured, e.g.
# TSUNAGU_MAP_TILES_URL=https://tile.openstreetmap.jp/{z}/{x}/{y}.png. Its origin is then
# allowed for images; the page lists the places either way.
TSUNAGU_MAP_TILES_URL = os.getenv("TSUNAGU_MAP_TILES_URL", "")
TSUNAGU_MAP_ATTRIBUTION = os.getenv("TSUNAGU_MAP_ATTRIBUTION", "© OpenStreetMap contributors")
if TSUNAGU_MAP_TILES_URL:
    _tiles = urlsplit(TSUNAGU_MAP_TILES_URL)
    SECURE_CSP["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")

# Lockout (django-axes): after TSUNAGU_LOGIN_FAILURE_LIMIT failed passwords for one username from
# one address, that pair is refused for TSUNAGU_LOGIN_COOLOFF_MINUTES (docs/decisions/0005).
AXES_FAILURE_LIMIT = envint("TSUNAGU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("TSUNAGU_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "tsunagu.accounts.views.login_locked_out"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "next"]
AXES_IPWARE_PROXY_COUNT = envint("AXES_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)

# Two-factor (django-otp, TOTP): every user confirms a code after the password.
OTP_TOTP_ISSUER = "tsunagu"
OTP_TOTP_THROTTLE_FACTOR = envint("TSUNAGU_OTP_THROTTLE_FACTOR", 1)
# Demo only: the login and verify pages show the demo users' current codes.
TSUNAGU_DEMO_SHOW_OTP = envbool("TSUNAGU_DEMO_SHOW_OTP", str(DEMO_MODE))
if TSUNAGU_DEMO_SHOW_OTP and not DEMO_MODE:
    raise ImproperlyConfigured(
        "TSUNAGU_DEMO_SHOW_OTP is allowed in demo mode (TSUNAGU_DEMO=1) only."
    )

# Query strings carry search terms such as a resident's name (?q=): they never reach the logs.
# Logs go to standard output. LOG_FORMAT=json writes one JSON object per line (the default in
# production, for a log collector); text is for a terminal. No personal data: query strings are
# redacted and the access log names routes, not paths (tsunagu.core.logging).
LOG_FORMAT = os.getenv("LOG_FORMAT", "json" if PRODUCTION else "text")
LOG_ACCESS = envbool("LOG_ACCESS", str(PRODUCTION))
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT は json か text です (LOG_FORMAT is json or text).")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_query": {"()": "tsunagu.core.logging.RedactQueryStringFilter"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "json": {"()": "tsunagu.core.logging.JsonFormatter"},
        "text": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_query"],
            "formatter": LOG_FORMAT,
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_query"],
        },
    },
    "loggers": {
        "django.request": {"filters": ["redact_query"]},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["redact_query"],
        },
        # one line per request (LOG_ACCESS; on in production)
        "tsunagu.access": {"level": "INFO" if LOG_ACCESS else "WARNING"},
    },
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}

TSUNAGU_MUNICIPALITY_NAME = os.getenv("TSUNAGU_MUNICIPALITY_NAME", "みどり市")
# The municipality's population, for new consultations per 100,000 residents (reports).
# The demo municipality みどり市 has 180,000 residents.
# The report dashboard and export keep a scope's figures this long (seconds; 0: count each time).
TSUNAGU_REPORT_CACHE_SECONDS = envint("TSUNAGU_REPORT_CACHE_SECONDS", 300 if PRODUCTION else 0)
TSUNAGU_RESIDENTS = int(os.getenv("TSUNAGU_RESIDENTS", "180000" if DEMO_MODE else "0"))

# Privacy: how long the time-limited grants last, and the consent notice staff show.
TSUNAGU_MEETING_ACCESS_DAYS = int(os.getenv("TSUNAGU_MEETING_ACCESS_DAYS", "30"))
TSUNAGU_EMERGENCY_ACCESS_HOURS = int(os.getenv("TSUNAGU_EMERGENCY_ACCESS_HOURS", "4"))
TSUNAGU_CONSENT_NOTICE_VERSION = os.getenv(
    "TSUNAGU_CONSENT_NOTICE_VERSION", "個人情報の取扱いについての説明書 第1版"
)
# 名寄せ (linkage): pairs at or above CERTAINTY are one person without a human decision; pairs
# from REVIEW up to it wait in the review queue.
TSUNAGU_LINKAGE_CERTAINTY = float(os.getenv("TSUNAGU_LINKAGE_CERTAINTY", "0.995"))
TSUNAGU_LINKAGE_REVIEW = float(os.getenv("TSUNAGU_LINKAGE_REVIEW", "0.5"))
# Scanned consent forms. Served only through the access policy, never as public media.
MEDIA_ROOT = Path(os.getenv("TSUNAGU_MEDIA_ROOT", PROJECT_DIR / "var" / "media"))
TSUNAGU_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024

# Background jobs (django.tasks, docs/decisions/0011): "database" keeps each task in the
# database until a worker (`manage.py db_worker`) runs it; "immediate" runs it at once in the
# process that enqueues it — the demo, development and the tests, where no worker runs.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TSUNAGU_TASKS_BACKEND = os.getenv(
    "TSUNAGU_TASKS_BACKEND", "database" if PRODUCTION else "immediate"
)
if TSUNAGU_TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured("TSUNAGU_TASKS_BACKEND must be database or immediate.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TSUNAGU_TASKS_BACKEND]}}

# Reminders (manage.py send_reminders): in the app always; by e-mail too when this is on and
# Django's EMAIL_* settings point at the municipality's mail server. Mails carry no names.
TSUNAGU_NOTIFY_BY_EMAIL = envbool("TSUNAGU_NOTIFY_BY_EMAIL", "False")
TSUNAGU_SITE_URL = os.getenv("TSUNAGU_SITE_URL", "").rstrip("/")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.getenv("TSUNAGU_SMTP_HOST", "localhost"),
            "port": int(os.getenv("TSUNAGU_SMTP_PORT", "25")),
            "username": os.getenv("TSUNAGU_SMTP_USER", ""),
            "password": os.getenv("TSUNAGU_SMTP_PASSWORD", ""),
            "use_tls": envbool("TSUNAGU_SMTP_TLS", "False"),
        },
    }
}
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "tsunagu@localhost")
