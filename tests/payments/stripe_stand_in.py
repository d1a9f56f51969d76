"""localstripe, a Stripe stand-in, started on 127.0.0.1 once per test session by the first test that asks for it."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import stripe


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url():
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("localstripe_server.py")), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("localstripe did not start") from None
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def stripe_settings(settings, localstripe_url):
    """Card payments switched on against localstripe; returns a Stripe client for acting as the shopper's browser."""
    settings.STRIPE_SECRET_KEY = "sk_test_xu_quang"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_xu_quang"
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_xu_quang"
    settings.STRIPE_JS_URL = f"{localstripe_url}/js.stripe.com/v3/"
    return stripe.StripeClient("sk_test_xu_quang", base_addresses={"api": localstripe_url})
