"""Vietnamese first; the header's switch moves the shopper to English through Django's set_language."""

from django.conf import settings
from django.urls import reverse


def test_pages_are_vietnamese_by_default(client, catalogue):
    body = client.get(reverse("storefront:home")).content.decode()
    assert '<html lang="vi">' in body
    assert 'action="/i18n/setlang/"' in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert 'name="language" value="en"' in body


def test_switching_to_english_sets_the_cookie_and_the_page_language(client, catalogue):
    product_url = reverse("storefront:product", args=[catalogue["cua_khe"].slug])
    response = client.post("/i18n/setlang/", {"language": "en", "next": product_url})
    assert response.status_code == 302
    assert response["Location"] == product_url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get(product_url).content.decode()
    assert '<html lang="en">' in body
    # Prices follow the language: "₫95,000" in English.
    assert "₫95,000" in body


def test_switching_back_to_vietnamese(client, catalogue):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get("/").content.decode()


def test_switch_refuses_to_redirect_off_site(client, catalogue):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
