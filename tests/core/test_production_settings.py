"""Production settings, started as a deployment starts them: in a fresh process with only the environment it is given.

Settings are read once per process, so each case runs `manage.py` or a short script in a subprocess.
"""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "XQ_ENV": "production",
    "DJANGO_SECRET_KEY": "a-long-random-production-key-4f9c2b7e1d8a6053c4e2f1b9a7d6c5e3f2a1b0c9d8e7",
    "XQ_JWT_SIGNING_KEY": "another-long-random-key-for-api-tokens-7c1e9b3a5d2f8e4c6a0b9d7e5f3a1c8b",
    "DATABASE_URL": "postgresql://xq@127.0.0.1:5432/xq_production",
    "DJANGO_ALLOWED_HOSTS": "xuquang.market",
    "XQ_SITE_URL": "https://xuquang.market",
}


def run(args, env_overrides, **kwargs):
    # The parent's environment minus every setting the project reads, so that nothing leaks into the case.
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XQ_", "DJANGO_", "SENTRY_", "STRIPE_")) and key != "DATABASE_URL"
    }
    env = {**base, **{key: value for key, value in env_overrides.items() if value is not None}}
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120, **kwargs
    )


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "XQ_JWT_SIGNING_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS", "XQ_SITE_URL"]
)
def test_production_refuses_to_start_without_each_required_value(missing):
    result = run(["manage.py", "check"], {**PRODUCTION_ENV, missing: None})
    assert result.returncode != 0
    assert f"need {missing} in the environment" in result.stderr
    assert "see deploy/README.md" in result.stderr


def test_an_unset_xq_env_means_production():
    result = run(["manage.py", "check"], {"XQ_ENV": None})
    assert result.returncode != 0
    assert (
        "need DJANGO_SECRET_KEY, XQ_JWT_SIGNING_KEY, DATABASE_URL, DJANGO_ALLOWED_HOSTS, XQ_SITE_URL" in result.stderr
    )


def test_debug_and_unknown_modes_are_refused():
    debug = run(["manage.py", "check"], {**PRODUCTION_ENV, "DJANGO_DEBUG": "1"})
    assert debug.returncode != 0
    assert "DJANGO_DEBUG=1 is refused in production" in debug.stderr
    typo = run(["manage.py", "check"], {"XQ_ENV": "prod"})
    assert typo.returncode != 0
    assert "XQ_ENV must be 'development' or 'production', not 'prod'" in typo.stderr


def test_deploy_checks_pass_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_checks_fail_in_development_mode():
    """The deploy check is not a formality: development settings do not pass it."""
    development = {"XQ_ENV": "development", "DATABASE_URL": PRODUCTION_ENV["DATABASE_URL"]}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], development)
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
health_http = client.get("/healthz")
health_https = client.get("/healthz", secure=True, headers={"host": "xuquang.market"})
page_http = client.get("/gio-hang/", headers={"host": "xuquang.market"})
print(json.dumps({
    "health_http": health_http.status_code,
    "page_http": [page_http.status_code, page_http.get("Location")],
    "headers": dict(health_https.headers),
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SECURE],
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
    "trusted": settings.CSRF_TRUSTED_ORIGINS,
    "email": [settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS],
}))
"""


def test_production_sends_the_security_headers_and_secure_cookies():
    env = {
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        "DJANGO_ALLOWED_HOSTS": "xuquang.market,testserver",
        "DJANGO_EMAIL_HOST": "smtp.example.vn",
        "DJANGO_EMAIL_HOST_USER": "shop",
    }
    result = run(["-c", PROBE], env)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    headers = probe["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    # django-csp writes the directives in no fixed order: compare them as a mapping.
    csp = dict(directive.strip().split(" ", 1) for directive in headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"  # no inline code, nothing from elsewhere (Stripe only on the card page)
    assert csp["frame-ancestors"] == "'none'"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert len(headers["X-Request-ID"]) == 32
    assert probe["cookies"] == [True, True, True]
    assert probe["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert probe["trusted"] == ["https://xuquang.market"]
    # Plain HTTP goes to HTTPS, except the probes from the private side.
    assert probe["page_http"] == [301, "https://xuquang.market/gio-hang/"]
    assert probe["health_http"] == 200
    assert probe["email"] == ["django.core.mail.backends.smtp.EmailBackend", "smtp.example.vn", 587, True]


@pytest.fixture
def sentry_receiver():
    """A stand-in for Sentry on 127.0.0.1 that keeps the envelopes it is sent."""
    received = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received.append(body.decode())
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://public@127.0.0.1:{server.server_port}/1", received
    server.shutdown()


SENTRY_PROBE = """
import django
django.setup()
import sentry_sdk
from django_guid import set_guid
print(sentry_sdk.get_client().is_active())
if sentry_sdk.get_client().is_active():
    set_guid("0f5e2d6c8b7a49e3a1d2c3b4a5f6e7d8")
    try:
        raise RuntimeError("a fault to report")
    except RuntimeError:
        sentry_sdk.capture_exception()
    sentry_sdk.flush(timeout=10)
"""


def test_errors_go_to_sentry_only_with_a_dsn_and_carry_the_request_id(sentry_receiver):
    dsn, received = sentry_receiver
    env = {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "marketplace.settings"}
    without = run(["-c", SENTRY_PROBE], env)
    assert without.stdout.strip() == "False", without.stderr
    with_dsn = run(["-c", SENTRY_PROBE], {**env, "SENTRY_DSN": dsn})
    assert with_dsn.stdout.strip() == "True", with_dsn.stderr
    [envelope] = received
    event = json.loads(next(line for line in envelope.splitlines() if '"exception"' in line))
    assert event["exception"]["values"][0]["value"] == "a fault to report"
    assert event["tags"]["request_id"] == "0f5e2d6c8b7a49e3a1d2c3b4a5f6e7d8"
    assert event["environment"] == "production"


def test_development_generates_its_secret_key_once_under_var(tmp_path):
    probe = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    env = {
        "XQ_ENV": "development",
        "XQ_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        "DATABASE_URL": "postgresql://xq@127.0.0.1:5432/unused",
    }
    first = run(["-c", probe], env)
    second = run(["-c", probe], env)
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "development-secret-key").read_text()
    assert first.stdout.strip() == second.stdout.strip() == key
    assert len(key) == 50
    assert (tmp_path / "development-secret-key").stat().st_mode & 0o777 == 0o600
