import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


@pytest.mark.django_db
def test_readyz_answers_200_when_every_migration_of_this_code_is_applied(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # Django's migration records: does the table exist, what is in it
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "pending": 0}


@pytest.mark.django_db
def test_readyz_answers_503_while_a_migration_of_this_code_is_not_applied(client):
    """A new release's processes started before `migrate`: not ready, the load balancer keeps the old ones."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'orders' AND name = '0001_initial'")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "migrations pending"
    assert response.json()["pending"] >= 1
    # Alive all the same: /healthz is about the database, not the schema.
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_ignores_migrations_applied_by_a_newer_release(client):
    """During a rolling upgrade the old processes see the new release's (additive) migrations: still ready."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES ('orders', '9999_from_the_next_release', now())"
        )
    assert client.get("/readyz").status_code == 200
