"""The content page at /trang/<slug>/: the manager's text as safe HTML, in the shopper's language."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.content import services
from tests.content.conftest import make_demo_page

pytestmark = pytest.mark.django_db


def test_a_policy_page_renders_its_text_as_html(client, returns_page, django_assert_num_queries):
    url = reverse("storefront:page", args=["doi-tra"])
    assert url == "/trang/doi-tra/"
    with django_assert_num_queries(2):  # the page, its translations
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Chính sách đổi trả | Xứ Quảng Market</title>" in body
    assert '<meta name="description" content="Đổi trả trong 7 ngày' in body
    assert "<h1>Chính sách đổi trả</h1>" in body
    assert "<h2>Được đổi hoặc trả khi</h2>" in body
    assert "<li>sản phẩm bị <strong>lỗi, hư hỏng, bể vỡ</strong> khi vận chuyển;</li>" in body
    assert 'href="/static/storefront/css/content.css"' in body or "content.css" in body


def test_markup_a_manager_types_cannot_run_scripts(client, policy_type):
    services.create_page(
        page_type=policy_type,
        title="Trang <b>thử</b>",
        slug="thu",
        content=(
            '<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\n'
            "[bấm](javascript:alert(1)) [trang](/trang/doi-tra/) [ngoài](https://bocongthuong.gov.vn)"
        ),
        is_published=True,
    )
    body = client.get("/trang/thu/").content.decode()
    article = body[body.index('<article class="content-page">') : body.index("</article>")]
    assert "<script>alert" not in article
    assert "&lt;script&gt;" in article
    assert "<img" not in article
    assert "javascript:" not in article.replace("[bấm](javascript:alert(1))", "")
    assert 'href="javascript' not in article
    assert '<a href="/trang/doi-tra/">trang</a>' in article
    assert '<a href="https://bocongthuong.gov.vn">ngoài</a>' in article
    assert "<h1>Trang &lt;b&gt;thử&lt;/b&gt;</h1>" in article


def test_english_readers_get_the_translation(client, returns_page):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/trang/doi-tra/").content.decode()
    assert "<h1>Returns policy</h1>" in body
    assert "within <strong>7 days</strong>" in body


def test_a_translation_with_no_content_falls_back_to_vietnamese(client, policy_type):
    page = make_demo_page("thanh-toan", policy_type)
    services.set_page_translation(page=page, language_code="en", title="Payment", content="")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/trang/thanh-toan/").content.decode()
    assert "<h1>Payment</h1>" in body
    assert "VietQR" in body and "đã gồm thuế GTGT" in body


def test_drafts_and_future_pages_are_not_found(client, policy_type):
    make_demo_page("bao-mat", policy_type, published_at=timezone.now() + datetime.timedelta(days=1))
    services.create_page(page_type=policy_type, title="Nháp", slug="nhap")
    for slug in ("bao-mat", "nhap", "khong-co"):
        response = client.get(f"/trang/{slug}/")
        assert response.status_code == 404
        assert "Không tìm thấy" in response.content.decode() or response.templates


@pytest.mark.parametrize(
    "path",
    [
        "/trang/../admin/",
        "/trang/%2e%2e%2fadmin/",
        "/trang/%00/",
        "/trang/doi-tra%00/",
        "/trang/<script>alert(1)</script>/",
        "/trang/đổi-trả/",
        "/trang/" + "a" * 5000 + "/",
        "/trang/doi-tra'%20OR%20'1'='1/",
        "/trang/%F0%9F%92%A9/",
        "/trang/%ff%fe/",
        "/trang/doi-tra/../../etc/passwd",
        "/trang/",
    ],
)
def test_hostile_slugs_get_a_not_found_page_never_an_error(client, returns_page, path):
    response = client.get(path)
    assert response.status_code in (301, 404), (path, response.status_code)
    if response.status_code == 404:
        assert b"<script>alert(1)</script>" not in response.content
