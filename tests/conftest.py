"""Shared fixtures. The locations and channels come from data migrations, so every test database has them.

The online-shopping fixtures (a producer's stocked variant, a filled checkout, a placed order) serve the
accounts, checkout, orders and payments tests alike; a folder's own conftest may still override a name.
"""

import io
import logging

import pytest
from django.db import connection

pytest_plugins = ["tests.checkout.fixtures", "tests.payments.stripe_stand_in"]

# procrastinate's tables belong to unmanaged models, which Django's flush after a committing test leaves alone.
JOB_TABLES = "procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs, procrastinate_workers"


def _commits(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    return bool(transactional) or bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def empty_storefront_cache():
    """Each test starts with no cached storefront part: its database is not the one the last test cached."""
    from django.core.cache import caches

    caches["storefront"].clear()


@pytest.fixture(autouse=True)
def empty_job_queue_after_committing_tests(request):
    """A test that commits leaves no job behind for the next test to find."""
    if not _commits(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {JOB_TABLES} CASCADE")


@pytest.fixture
def log_lines():
    """log_lines() lists the lines the project's console log handler has written since the test began."""
    handler = next(handler for handler in logging.getLogger().handlers if handler.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: stream.getvalue().splitlines()
    handler.setStream(previous)
