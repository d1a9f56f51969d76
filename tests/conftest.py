"""Shared fixtures. The locations and channels come from data migrations, so every test database has them.

The online-shopping fixtures (a producer's stocked variant, a filled checkout, a placed order) serve the
accounts, checkout, orders and payments tests alike; a folder's own conftest may still override a name.
"""

import io
import logging

import pytest

pytest_plugins = ["tests.checkout.fixtures"]


@pytest.fixture
def log_lines():
    """log_lines() lists the lines the project's console log handler has written since the test began."""
    handler = next(handler for handler in logging.getLogger().handlers if handler.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: stream.getvalue().splitlines()
    handler.setStream(previous)
