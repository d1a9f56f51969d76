import pytest
from django.conf import settings


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "cookie", "expected"),
    [
        ("en-US,en;q=0.9", None, "vi"),  # the browser's language alone does not switch
        ("", None, "vi"),
        ("vi-VN", "en", "en"),  # the switch does
        ("en", "fr", "vi"),  # an unsupported choice falls back to Vietnamese
    ],
)
def test_vietnamese_unless_chosen(client, accept_language, cookie, expected):
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.headers["Content-Language"] == expected


@pytest.mark.django_db
def test_responses_do_not_vary_by_browser_language(client):
    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="en")
    assert "Accept-Language" not in response.headers.get("Vary", "")
