"""What a visitor sees when something goes wrong, with DEBUG off as in production (pytest-django's default)."""

import json
import logging

import pytest
from django.conf import settings
from django.test import Client
from pythonjsonlogger.json import JsonFormatter

from tests.core.test_healthz import database_out_of_reach  # noqa: F401  (a fixture)


def test_404_is_in_vietnamese_in_the_site_style(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang này" in page
    assert "storefront/css/storefront.css" in page
    assert 'lang="vi"' in page


@pytest.mark.urls("tests.core.urls_failing")
def test_500_is_a_vietnamese_page_and_the_traceback_goes_to_the_log(db, log_lines):
    client = Client(raise_request_exception=False)
    response = client.get("/hong/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Đã có lỗi xảy ra" in page
    assert "Mã lỗi" in page and "500" in page
    assert "RuntimeError" not in page and "Traceback" not in page
    logged = "\n".join(log_lines())
    assert "Internal Server Error: /hong/" in logged
    assert "Traceback" in logged and "RuntimeError: a bug in a view" in logged
    assert f"[{response['X-Request-ID']}]" in logged


@pytest.mark.urls("tests.core.urls_failing")
def test_500_answers_json_to_a_json_client(db):
    response = Client(raise_request_exception=False).get("/hong/", headers={"accept": "application/json"})
    assert response.status_code == 500
    assert response.json()["errors"][0]["code"] == "server_error"


def test_the_database_out_of_reach_gives_a_503_page_that_asks_to_come_back(database_out_of_reach):  # noqa: F811
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Tạm thời gián đoạn" in response.content.decode()


def test_a_404_answers_json_to_a_json_client(client, db):
    response = client.get("/khong-co/", headers={"accept": "application/json"})
    assert response.status_code == 404
    assert response.json() == {"errors": [{"field": None, "code": "not_found", "message": "Không tìm thấy."}]}


def test_a_stale_form_gets_a_vietnamese_403_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Biểu mẫu đã cũ" in page
    assert "Không có quyền truy cập" in page


def test_every_log_line_of_a_request_carries_its_id(client, db, log_lines):
    response = client.get("/khong-co-trang-nay/")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    lines = log_lines()
    assert any("Not Found: /khong-co-trang-nay/" in line for line in lines)
    assert all(f"[{request_id}]" in line for line in lines)


def test_a_request_id_from_the_proxy_is_kept_and_a_forged_one_replaced(client, db):
    from_nginx = "0f5e2d6c8b7a49e3a1d2c3b4a5f6e7d8"
    assert client.get("/healthz", headers={"x-request-id": from_nginx})["X-Request-ID"] == from_nginx
    forged = client.get("/healthz", headers={"x-request-id": "x\\nFAKE LOG LINE"})["X-Request-ID"]
    assert forged != "x\\nFAKE LOG LINE" and len(forged) == 32


def test_production_log_lines_are_json_with_the_request_id(client, db, log_lines):
    handler = next(handler for handler in logging.getLogger().handlers if handler.name == "console")
    config = settings.LOGGING["formatters"]["json"]
    previous = handler.formatter
    handler.setFormatter(JsonFormatter(config["format"], rename_fields=config["rename_fields"]))
    try:
        response = client.get("/khong-co-trang-nay/")
    finally:
        handler.setFormatter(previous)
    records = [json.loads(line) for line in log_lines()]
    not_found = next(record for record in records if record["message"].startswith("Not Found"))
    assert not_found["level"] == "WARNING"
    assert not_found["logger"] == "django.request"
    assert not_found["request_id"] == response["X-Request-ID"]
    assert not_found["time"]


@pytest.mark.urls("tests.core.urls_failing")
def test_error_pages_follow_the_chosen_language(db):
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/hong/").content.decode()
    assert "Something went wrong" in page
    assert 'lang="en"' in page
    assert "Error code" in page
