"""Django settings for Xứ Quảng Market.

Every setting that differs between machines comes from the environment; the defaults run a developer's
machine with the embedded PostgreSQL under var/.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from marketplace.core.embedded_db import embedded_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("XQ_VAR_DIR", BASE_DIR / "var"))

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-secret-key-change-me-in-production-xu-quang")
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
    "axes",
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
    # Last: it turns a refused sign-in into the lockout page (marketplace.accounts.throttling).
    "axes.middleware.AxesMiddleware",
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
# axes first: a locked-out client is refused before any password is checked (marketplace.accounts.throttling).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

# Sign-in throttling (django-axes). Failures count per username and per client address over the cool-off window;
# a username is locked after AXES_FAILURE_LIMIT of them, an address (often shared) after
# XQ_LOGIN_ADDRESS_FAILURE_LIMIT. The lock lifts by itself after the cool-off, counted from the last failure
# recorded (failures while locked are not recorded, so retrying does not prolong it); managers can lift it earlier
# in the admin (Axes › Access attempts).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("XQ_LOGIN_FAILURE_LIMIT", "5"))
XQ_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("XQ_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("XQ_LOGIN_COOLOFF_MINUTES", "15")))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "marketplace.accounts.throttling.LoginThrottleHandler"
AXES_LOCKOUT_CALLABLE = "marketplace.accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "marketplace.accounts.throttling.client_ip"
# How many reverse proxies stand in front of the app, each appending to X-Forwarded-For. 0 (the default): the
# header is ignored and the client is REMOTE_ADDR. Set it only when every request passes through those proxies,
# or a client could name any address it likes.
XQ_TRUSTED_PROXY_COUNT = int(os.environ.get("XQ_TRUSTED_PROXY_COUNT", "0"))

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
# Where `manage.py backup` writes its dated folders unless told otherwise (keep them on another disk or machine).
XQ_BACKUP_DIR = Path(os.environ.get("XQ_BACKUP_DIR", VAR_DIR / "backups"))
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

# The channel the storefront sells in (the HCMC online supermarket).
STOREFRONT_CHANNEL_SLUG = "sieu-thi-hcm"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
