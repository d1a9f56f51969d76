"""Django settings for Xứ Quảng Market.

Every setting that differs between machines comes from the environment; the defaults run a developer's
machine with the embedded PostgreSQL under var/.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from marketplace.core.embedded_db import embedded_database_url
from marketplace.core.environment import (
    DEVELOPMENT_JWT_SIGNING_KEY_FILE,
    development_secret_key,
    env_flag,
    env_list,
    origin_of,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("XQ_VAR_DIR", BASE_DIR / "var"))

# --- Environment: production unless told otherwise -------------------------------------------------------------
# XQ_ENV=development (set by the Makefile and by pytest) gives a developer's machine working defaults: a secret key
# generated into var/, the embedded PostgreSQL, local hosts. Anything else is production, where a missing value
# stops the start with a message naming it rather than running with a guessed one.
XQ_ENV = os.environ.get("XQ_ENV", "production")
if XQ_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"XQ_ENV must be 'development' or 'production', not {XQ_ENV!r}.")
PRODUCTION = XQ_ENV == "production"
REQUIRED_IN_PRODUCTION = (
    "DJANGO_SECRET_KEY",
    "XQ_JWT_SIGNING_KEY",
    "DATABASE_URL",
    "DJANGO_ALLOWED_HOSTS",
    "XQ_SITE_URL",
)
if PRODUCTION:
    _missing = [name for name in REQUIRED_IN_PRODUCTION if not os.environ.get(name, "").strip()]
    if _missing:
        raise ImproperlyConfigured(
            f"Production settings (XQ_ENV=production, the default) need {', '.join(_missing)} in the environment; "
            "see deploy/README.md. On a developer's machine, set XQ_ENV=development (make run and make test do)."
        )
    if os.environ.get("DJANGO_DEBUG") == "1":
        raise ImproperlyConfigured("DJANGO_DEBUG=1 is refused in production: it shows tracebacks and settings.")

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or development_secret_key(VAR_DIR)
# Rotating the key: the old one goes here (comma-separated) for as long as its sessions and signed links should
# stay valid; signing uses SECRET_KEY only (docs/operations.md, "Rotate secrets").
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# The API's access and refresh tokens (JWT, HS256) are signed with this key, a secret of its own so that rotating
# it signs out API clients only. Tokens signed with a key in the fallbacks are still accepted (rotation:
# docs/operations.md, "Rotate secrets").
XQ_JWT_SIGNING_KEY = os.environ.get("XQ_JWT_SIGNING_KEY") or development_secret_key(
    VAR_DIR, DEVELOPMENT_JWT_SIGNING_KEY_FILE
)
XQ_JWT_SIGNING_KEY_FALLBACKS = env_list("XQ_JWT_SIGNING_KEY_FALLBACKS", "")
# --- End of environment ----------------------------------------------------------------------------------------

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
    "marketplace.core.apps.BackgroundJobsConfig",
    "csp",
    "django_guid",
    "marketplace.core.apps.SignInThrottlingConfig",
    "marketplace.core",
    "marketplace.taxes",
    "marketplace.accounts",
    "marketplace.channels",
    "marketplace.producers",
    "marketplace.catalogue",
    "marketplace.content",
    "marketplace.checkout",
    "marketplace.orders",
    "marketplace.payments",
    "marketplace.reports",
    # The API's own templates and static files (GraphiQL, served only with DEBUG)
    "marketplace.graphql",
    "inventory",
    "inventory.pos.apps.PosConfig",
    "storefront_theme",
    "marketplace.demo",
]

MIDDLEWARE = [
    # First, so that every log line of the request carries its id (X-Request-ID, from the proxy or made here).
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketplace.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, taking the user read in the session's own statement (marketplace/accounts/sessions.py).
    "marketplace.accounts.sessions.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "marketplace.core.middleware.DatabaseUnavailableMiddleware",
    # Last: it turns a refused sign-in into the lockout page (marketplace.accounts.throttling).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
ASGI_APPLICATION = "marketplace.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Django's own templates changed for the whole project (an app's templates cannot override the admin's:
        # django.contrib.admin comes first in INSTALLED_APPS).
        "DIRS": [BASE_DIR / "marketplace" / "core" / "django_templates"],
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

# Production has checked above that DATABASE_URL is set: the embedded server is for developers' machines only.
_database_url = os.environ.get("DATABASE_URL") or embedded_database_url(VAR_DIR)
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)}
# A server that stalls must not hold a request for long: libpq gives up connecting after this many seconds.
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(os.environ.get("XQ_DB_CONNECT_TIMEOUT", "5"))
# The statements run through inventory.ledger.prepared_cursor (a sale's two, a stock document's batch) are prepared
# on a connection once run this many times there; every other statement binds client-side and is never prepared.
# Prepared statements live in the server session: safe with Django's pool and persistent connections (one thread
# at a time); behind a PgBouncer in transaction mode (the deployment has none) XQ_DB_PREPARE_THRESHOLD=off.
_prepare_threshold = os.environ.get("XQ_DB_PREPARE_THRESHOLD", "5")
DATABASES["default"]["OPTIONS"]["prepare_threshold"] = None if _prepare_threshold == "off" else int(_prepare_threshold)
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
# JIT compilation is off: the shop's statements are short, and PostgreSQL compiling one whose estimated cost passes
# jit_above_cost took 1.3 s of the home page's 1.4 s first view (docs/performance.md, "Storefront pages");
# XQ_DB_JIT=on gives it back.
_server_settings = {
    "statement_timeout": os.environ.get("XQ_DB_STATEMENT_TIMEOUT", ""),
    "lock_timeout": os.environ.get("XQ_DB_LOCK_TIMEOUT", ""),
    "jit": os.environ.get("XQ_DB_JIT", "off"),
}
# libpq reads PGOPTIONS only when no `options` parameter is given, and jit gives one on every connection: PGOPTIONS
# goes first inside it, so a run's own settings (the benches' max_parallel_workers_per_gather=0) still reach the
# server, and the XQ_DB_* ones above, named after it, win over it.
DATABASES["default"]["OPTIONS"]["options"] = " ".join(
    [
        *filter(None, [os.environ.get("PGOPTIONS", "").strip()]),
        *(f"-c {name}={value}" for name, value in _server_settings.items() if value),
    ]
)
# Several test runs (developers, helpers, CI) may share one server: a run-specific name keeps them apart.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("XQ_TEST_DB_NAME", "test_xuquang")}

# Caches live in each server process's memory: the deployment has no cache server (deploy/README.md), and what is
# kept is checked against the database on every read (a version number), so processes never need to agree.
# "default" holds the API's answers and counts (marketplace/graphql/catalogue/); "storefront" the catalogue parts of
# the shoppers' pages (storefront_theme/caching.py), at most XQ_STOREFRONT_CACHE_SECONDS each (what they may lag by
# on stock they do not show per card and on best-sellers) and at most MAX_ENTRIES parts (≈ 20–60 KB each).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "storefront": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "storefront",
        "TIMEOUT": int(os.environ.get("XQ_STOREFRONT_CACHE_SECONDS", "60")),
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    # The storefront's product cards without their stock marks (storefront_theme/caching.card), keyed by every fact a
    # card shows: never stale, so they outlive catalogue versions; the limits only bound the memory (a card is
    # about 1 KB: at most ≈ 10 MB per process).
    "storefront-cards": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "storefront-cards",
        "TIMEOUT": int(os.environ.get("XQ_STOREFRONT_CARD_SECONDS", "3600")),
        "OPTIONS": {"MAX_ENTRIES": 10000},
    },
    # The managers' dashboard's stock and work-waiting cards (reports.selectors.stock_and_work), the same for every
    # filter: at most XQ_DASHBOARD_CACHE_SECONDS old. One entry per process.
    "dashboard": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "dashboard",
        "TIMEOUT": int(os.environ.get("XQ_DASHBOARD_CACHE_SECONDS", "60")),
    },
    # The dashboard's sales rows read from the daily summary (reports.selectors._cached_summary_rows), keyed by the
    # statement and the summary's refresh stamp: never stale, so they may outlive the minute; the limits only bound
    # the memory (an entry is at most a few hundred KB, pickled: the products of two years).
    "dashboard-sales": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "dashboard-sales",
        "TIMEOUT": int(os.environ.get("XQ_DASHBOARD_SALES_CACHE_SECONDS", "3600")),
        "OPTIONS": {"MAX_ENTRIES": 100},
    },
}

AUTH_USER_MODEL = "accounts.User"
# Django's database sessions, each read with its signed-in user in one statement (marketplace/accounts/sessions.py).
SESSION_ENGINE = "marketplace.accounts.sessions"
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
FORMAT_MODULE_PATH = ["marketplace.core.formats"]  # "26/11/2026" in Vietnamese, the admin included
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"

# --- Media storage: local disk, or S3-compatible object storage when XQ_S3_BUCKET is set -------------------------
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
_media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Where browsers fetch media from when it is not this site (the content security policy allows it for images).
MEDIA_ORIGIN = ""
if os.environ.get("XQ_S3_BUCKET"):
    # django-storages; credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the machine's role),
    # as boto3 reads them. Photos are private objects: pages show them through /thumbnail/ or signed URLs.
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["XQ_S3_BUCKET"],
            "endpoint_url": os.environ.get("XQ_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("XQ_S3_REGION") or None,
            "custom_domain": os.environ.get("XQ_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("XQ_S3_PREFIX", "media"),
            "default_acl": None,
            "querystring_auth": not os.environ.get("XQ_S3_CUSTOM_DOMAIN"),
            "file_overwrite": False,
            "addressing_style": os.environ.get("XQ_S3_ADDRESSING_STYLE") or None,
        },
    }
    if os.environ.get("XQ_S3_CUSTOM_DOMAIN"):
        MEDIA_ORIGIN = f"https://{os.environ['XQ_S3_CUSTOM_DOMAIN']}"
    else:
        MEDIA_ORIGIN = origin_of(os.environ.get("XQ_S3_ENDPOINT_URL", "")) or "https://*.amazonaws.com"
# Where `manage.py backup` writes its dated folders unless told otherwise (keep them on another disk or machine).
XQ_BACKUP_DIR = Path(os.environ.get("XQ_BACKUP_DIR", VAR_DIR / "backups"))
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# --- End of media storage --------------------------------------------------------------------------------------
# Static files are served from the app folders directly when collectstatic has not run (development, tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploads: Django refuses request bodies above this; image validation has its own, smaller cap.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Email: printed on the console unless an SMTP server is named -------------------------------------------------
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_flag("DJANGO_EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Xứ Quảng Market <no-reply@xuquang.market>")
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Where django.core.mail.backends.filebased.EmailBackend writes the messages (a staging server, the tests).
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(VAR_DIR / "emails"))
# --- End of email ----------------------------------------------------------------------------------------------

GRAPHENE = {"SCHEMA": "marketplace.graphql.schema.schema"}
# Origins (shell-style patterns, comma-separated) whose browser pages may call /graphql/: a storefront served from
# another domain. Answers never allow credentials, so a page elsewhere never acts with a shopper's cookies.
XQ_API_ALLOWED_ORIGINS = env_list("XQ_API_ALLOWED_ORIGINS", "*")
# Lifetimes of the API's tokens: an access token is short-lived, the refresh token gets new ones (tokenRefresh).
XQ_JWT_ACCESS_TTL = timedelta(minutes=int(os.environ.get("XQ_JWT_ACCESS_TTL_MINUTES", "5")))
XQ_JWT_REFRESH_TTL = timedelta(days=int(os.environ.get("XQ_JWT_REFRESH_TTL_DAYS", "30")))
# Hosts a storefront may name in the redirectUrl of requestPasswordReset and accountRequestDeletion: the emailed
# links lead there. The shop's own host is always allowed.
XQ_STOREFRONT_HOSTS = env_list("XQ_STOREFRONT_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1")

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

# Who runs the shop, as Vietnamese e-commerce rules ask every page's footer to say (Nghị định 52/2013, 85/2021):
# the operator's name, address and tax code, a hotline, and the link of the notification to the Ministry of Industry
# and Trade (online.gov.vn). The defaults are demo values; a real deployment sets its own in the environment.
XQ_OPERATOR = {
    "name": os.environ.get("XQ_OPERATOR_NAME", "Công ty TNHH Xứ Quảng Market (dữ liệu mẫu)"),
    "address": os.environ.get("XQ_OPERATOR_ADDRESS", "02 Trần Hưng Đạo, Phường Hội An, TP. Đà Nẵng (dữ liệu mẫu)"),
    "tax_code": os.environ.get("XQ_OPERATOR_TAX_CODE", "0401234567"),
    "hotline": os.environ.get("XQ_HOTLINE", "1900 6868"),
    "email": os.environ.get("XQ_OPERATOR_EMAIL", "hotro@xuquang.example"),
    "moit_notification_url": os.environ.get("XQ_MOIT_NOTIFICATION_URL", "http://online.gov.vn/Home/WebDetails/000000"),
}

# --- Security headers and cookies ------------------------------------------------------------------------------
# Behind the TLS-terminating proxy, which must set X-Forwarded-Proto (and overwrite one sent by the client).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_SSL_REDIRECT = env_flag("XQ_SSL_REDIRECT", PRODUCTION)
# Probes from the proxy or the orchestrator speak plain HTTP on the private side.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SECURE = PRODUCTION
SECURE_HSTS_SECONDS = int(os.environ.get("XQ_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("XQ_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("XQ_HSTS_PRELOAD", False)
# Same-origin requests carry the page's address and, which CSRF needs, a real Origin (under no-referrer Chromium
# sends "Origin: null", which Django refuses); other sites learn nothing, so private order links stay private.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The site's own address is trusted for CSRF even when the proxy rewrites Host; more from the environment.
CSRF_TRUSTED_ORIGINS = [*env_list("DJANGO_CSRF_TRUSTED_ORIGINS"), *([XQ_SITE_URL] if PRODUCTION else [])]
CSRF_FAILURE_VIEW = "marketplace.core.error_views.csrf_failure"
# Preloading is a commitment made by submitting the domain to the browsers' list: XQ_HSTS_PRELOAD=1 once done.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content security policy (django-csp): everything from this site only, no inline code; the card page adds Stripe
# (marketplace.payments.stripe_payments.card_form_content_security_policy).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# --- End of security -------------------------------------------------------------------------------------------

# --- Logs: one line per record, JSON in production, each with the request id ------------------------------------
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    # An id from the proxy is kept when it is one (a UUID, or nginx's $request_id: 32 hex digits); else a new one.
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": True,
}
XQ_LOG_FORMAT = os.environ.get("XQ_LOG_FORMAT", "json" if PRODUCTION else "text")
_log_level = os.environ.get("DJANGO_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"},
        "client_errors_without_traceback": {"()": "marketplace.core.logs.ClientErrorsWithoutTraceback"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "client_errors_without_traceback"],
            "formatter": XQ_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": _log_level},
    # Without Django's default handlers (a console without request ids under DEBUG, mail to ADMINS): its records
    # go up to the root's handler like everyone's.
    "loggers": {"django": {"handlers": [], "level": _log_level, "propagate": True}},
}

# Errors also go to Sentry (or a compatible service such as GlitchTip) when a DSN is given.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    from marketplace.core.logs import tag_with_request_id

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", XQ_ENV),
        release=os.environ.get("SENTRY_RELEASE") or None,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        # Shoppers' names, phones and addresses stay out of the error reports.
        send_default_pii=False,
        before_send=tag_with_request_id,
    )
# --- End of logs -----------------------------------------------------------------------------------------------

# Readiness (/readyz): each check is a function returning None when fine, raising when not. Extend the list.
XQ_READINESS_CHECKS = [
    "marketplace.core.health.database",
    "marketplace.core.health.media_storage",
    "marketplace.core.health.job_queue",
]
