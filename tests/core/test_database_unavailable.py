"""A statement past its time limit (here: a row lock held by another session) answers 503, not 500.

The end-to-end version — gunicorn, a stopped database, the till and GraphQL under load — is
tests/deploy/test_database_outage.py; this one runs in-process on the test database.
"""

import pytest
from django.db import connection
from psycopg import connect

# Committed rows (the other session must see the variant to lock it); serialized_rollback keeps the channels and
# locations of the data migrations for the next test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def stock_locked_elsewhere(variant):
    """Another session holds the stock table; this one gives up waiting after 200 ms."""
    settings = connection.get_connection_params()
    with connect(**settings) as other:
        other.execute("LOCK TABLE inventory_stock IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        yield
        other.rollback()
    with connection.cursor() as cursor:
        cursor.execute("RESET lock_timeout")


def test_a_page_answers_a_503_page_in_vietnamese(client, variant, stock_locked_elsewhere):
    response = client.get(f"/san-pham/{variant.product.slug}/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"].startswith("text/html")
    assert "Hệ thống đang tạm gián đoạn" in response.content.decode()


def test_a_json_client_gets_json_it_can_read(client, variant, stock_locked_elsewhere):
    client.cookies["django_language"] = "en"
    response = client.get(f"/san-pham/{variant.product.slug}/", headers={"accept": "application/json"})
    assert response.status_code == 503
    [error] = response.json()["errors"]
    assert error["code"] == "service_unavailable"
    assert error["message"].startswith("The shop has briefly lost its connection to the database.")


def test_other_errors_are_not_turned_into_503(client):
    response = client.get("/san-pham/khong-co-san-pham-nay/")
    assert response.status_code == 404
