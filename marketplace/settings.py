"""Django settings for Xứ Quảng Market.

Every setting that differs between machines comes from the environment; the defaults run a developer's
machine with the embedded PostgreSQL under var/.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from marketplace.core.embedded_db import embedded_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("XQ_VAR_DIR", BASE_DIR / "var"))

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-secret-key-change-me-in-production-xu-quang")
# Rotating the key: the old one goes here (comma-separated) for as long as its sessions and signed links should
# stay valid; signing uses SECRET_KEY only (docs/operations.md, "Rotate secrets").
SECRET_KEY_FALLBACKS = [key for key in os.environ.get("DJANGO_SECRET_KEY_FALLBACKS", "").split(",") if key]
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "graphene_django",
    # Background jobs in PostgreSQL: each app's tasks.py holds its jobs; `manage.py procrastinate worker` runs them.
    "procrastinate.contrib.django",
    "marketplace.core",
    "marketplace.taxes",
    "marketplace.accounts",
    "marketplace.channels",
    "marketplace.producers",
    "marketplace.catalogue",
    "marketplace.checkout",
    "marketplace.orders",
    "marketplace.payments",
    "inventory",
    "inventory.pos.apps.PosConfig",
    "storefront_theme",
    "marketplace.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketplace.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "marketplace.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
ASGI_APPLICATION = "marketplace.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_database_url = os.environ.get("DATABASE_URL") or embedded_database_url(VAR_DIR)
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)}
# A server that stalls must not hold a request for long: libpq gives up connecting after this many seconds.
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(os.environ.get("XQ_DB_CONNECT_TIMEOUT", "5"))
# The web server (deploy/gunicorn.conf.py) sets these; commands (migrate, imports) run without them.
# A pool per server process, sized to its threads, bounds the connections whatever the load (Django's psycopg pool;
# the pool keeps its connections open, so CONN_MAX_AGE must be 0). Its timeout is how long a request waits for a
# connection, i.e. for a server that is down, before it answers 503.
_pool_max_size = int(os.environ.get("XQ_DB_POOL_MAX_SIZE", "0"))
if _pool_max_size:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": min(2, _pool_max_size),
        "max_size": _pool_max_size,
        "timeout": float(os.environ.get("XQ_DB_POOL_TIMEOUT", "5")),
    }
# Server-side limits ("5s", "10s"): a statement or a wait for a row lock past them fails with OperationalError, which
# DatabaseUnavailableMiddleware turns into a 503, long before the web server's own timeout.
_server_limits = {
    "statement_timeout": os.environ.get("XQ_DB_STATEMENT_TIMEOUT", ""),
    "lock_timeout": os.environ.get("XQ_DB_LOCK_TIMEOUT", ""),
}
if any(_server_limits.values()):
    DATABASES["default"]["OPTIONS"]["options"] = " ".join(
        f"-c {name}={value}" for name, value in _server_limits.items() if value
    )
# Several test runs (developers, helpers, CI) may share one server: a run-specific name keeps them apart.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("XQ_TEST_DB_NAME", "test_xuquang")}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Static files are served from the app folders directly when collectstatic has not run (development, tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploads: Django refuses request bodies above this; image validation has its own, smaller cap.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where django.core.mail.backends.filebased.EmailBackend writes the messages (a staging server, the tests).
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(VAR_DIR / "emails"))
DEFAULT_FROM_EMAIL = "Xứ Quảng Market <no-reply@xuquang.market>"

GRAPHENE = {"SCHEMA": "marketplace.graphql.schema.schema"}

# The public address of the shop, for absolute links in emails (sent outside any request).
XQ_SITE_URL = os.environ.get("XQ_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Card payments (Stripe) are offered only with both keys. STRIPE_API_BASE and STRIPE_JS_URL point at a local
# stand-in such as localstripe (tests); empty STRIPE_API_BASE means Stripe itself.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
STRIPE_JS_URL = os.environ.get("STRIPE_JS_URL", "https://js.stripe.com/v3/")
# HMAC-SHA256 key the bank signs its transfer notifications with.
BANK_WEBHOOK_SECRET = os.environ.get("BANK_WEBHOOK_SECRET", "")

# Periodic jobs (procrastinate cron, read in UTC: 07:00 in Viet Nam is 00:00 UTC). The defaults suit production;
# the environment may change them (the two-worker test runs them every few seconds).
XQ_SCHEDULE_EXPIRE_UNPAID_ORDERS = os.environ.get("XQ_SCHEDULE_EXPIRE_UNPAID_ORDERS", "*/5 * * * *")
XQ_SCHEDULE_CLEAR_EXPIRED_RESERVATIONS = os.environ.get("XQ_SCHEDULE_CLEAR_EXPIRED_RESERVATIONS", "*/15 * * * *")
XQ_SCHEDULE_LOW_STOCK_DIGEST = os.environ.get("XQ_SCHEDULE_LOW_STOCK_DIGEST", "0 0 * * *")

# The channel the storefront sells in (the HCMC online supermarket).
STOREFRONT_CHANNEL_SLUG = "sieu-thi-hcm"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
