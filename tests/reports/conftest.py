import pytest

from tests.checkout.fixtures import fill_details, standard_delivery  # noqa: F401 (fixtures)
from tests.reports.fixtures import book, manager  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
