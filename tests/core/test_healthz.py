import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.templatetags.static import static

from marketplace.core.health import media_storage


def test_healthz_answers_without_touching_the_database(client):
    # No database fixture: a query here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_favicon_ico_leads_to_the_logo_the_pages_name(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("storefront/img/logo.svg")
    assert finders.find("storefront/img/logo.svg")
    assert client.post("/favicon.ico").status_code == 405


@pytest.mark.django_db
def test_readyz_names_every_check_when_ready(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "up", "media_storage": "up", "job_queue": "up"}}


@pytest.fixture
def database_out_of_reach(django_db_blocker):
    """The default connection pointed at a port where nothing listens, as when the database server is down."""
    with django_db_blocker.unblock():
        saved = dict(connection.settings_dict)
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1", OPTIONS={**saved["OPTIONS"], "connect_timeout": 2})
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)


def test_readyz_answers_503_when_the_database_is_out_of_reach(client, database_out_of_reach, caplog):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == "down"
    assert response.json()["checks"]["media_storage"] == "up"
    assert "Readiness check database failed" in caplog.text
    # Alive all the same: restarting the process would not bring the database back.
    assert client.get("/healthz").status_code == 200


def test_the_media_folder_check_accepts_a_folder_still_to_be_made(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-yet"
    media_storage()  # its parent is writable: the first upload will make it
    settings.MEDIA_ROOT = tmp_path / "missing-volume" / "media"  # a volume that is not mounted
    with pytest.raises(PermissionError):
        media_storage()
