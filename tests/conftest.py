"""Shared fixtures. The locations and channels come from data migrations, so every test database has them.

The online-shopping fixtures (a producer's stocked variant, a filled checkout, a placed order) serve the
accounts, checkout, orders and payments tests alike; a folder's own conftest may still override a name.
"""

import io
import logging

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import translation

pytest_plugins = ["tests.checkout.fixtures", "tests.payments.stripe_stand_in"]

# procrastinate's tables belong to unmanaged models, which Django's flush after a committing test leaves alone.
JOB_TABLES = "procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs, procrastinate_workers"


def _commits(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    return bool(transactional) or bool({"transactional_db", "live_server"} & set(request.fixturenames))


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


@pytest.fixture(autouse=True)
def vietnamese_first():
    """Every test starts in Vietnamese: the language middleware activates a request's language in the thread and
    leaves it there (harmless where each request activates its own), so a test whose last request was in English
    would leave the next test's messages in English."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_storefront_cache():
    """Every test starts with no page part kept: the catalogue version goes back when a test's transaction rolls
    back, so a part kept by one test could otherwise match another test's different data."""
    caches["storefront"].clear()
    caches["storefront-cards"].clear()


@pytest.fixture(autouse=True)
def empty_dashboard_cache():
    """Every test starts with the dashboard's stock and work-waiting cards unread: what one test's data gave must
    not be shown with another's."""
    caches["dashboard"].clear()
    caches["dashboard-sales"].clear()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo as `make run` loads it, once for the module that asks (it is the slowest thing the suite does),
    inside a transaction rolled back at the end so the other test modules never see it. Returns what it printed."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")),
        transaction.atomic(),
    ):
        output = io.StringIO()
        call_command("load_demo_data", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def log_lines():
    """log_lines() lists the lines the project's console log handler has written since the test began."""
    handler = next(handler for handler in logging.getLogger().handlers if handler.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: stream.getvalue().splitlines()
    handler.setStream(previous)
