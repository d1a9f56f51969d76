"""Fixtures shared by the API's tests."""

import pytest

from tests.storefront import catalogue_data


@pytest.fixture
def media_root(settings, tmp_path):
    """Photos and thumbnails written under the test's own folder (use it with pytest.mark.usefixtures)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalogue(db):
    """The shoppers' demo catalogue of tests/storefront/catalogue_data."""
    return catalogue_data.shopper_catalogue()
