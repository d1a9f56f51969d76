"""The admin's app list in our Vietnamese: Django's Vietnamese catalogue titles each app's link "Các mô models trong
…" ("Models in the … application"). Our copy of Django's admin/app_list.html words it itself, so no run of
makemessages (--no-obsolete drops a catalogue entry for a msgid not in our sources) brings Django's wording back."""

from pathlib import Path

import django
import pytest
from django.conf import settings
from django.urls import reverse

DJANGOS = Path(django.__file__).parent / "contrib" / "admin" / "templates" / "admin" / "app_list.html"
OURS = Path(settings.BASE_DIR) / "marketplace" / "core" / "django_templates" / "admin" / "app_list.html"


@pytest.mark.django_db
def test_an_app_index_page_titles_its_app_in_vietnamese_and_english(manager_client):
    page = manager_client.get(reverse("admin:app_list", kwargs={"app_label": "orders"})).content.decode()
    assert 'title="Các bảng dữ liệu của mục Đơn hàng trực tuyến"' in page
    assert "mô models" not in page and "Models in the" not in page

    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = manager_client.get(reverse("admin:app_list", kwargs={"app_label": "orders"})).content.decode()
    assert 'title="Tables of the Online orders section"' in page


def test_the_copy_differs_from_djangos_template_only_by_the_title():
    """When Django changes its app list, this fails: take Django's new template and change the title again."""
    ours = OURS.read_text().split("{% endcomment %}", 1)[1]
    djangos = DJANGOS.read_text()
    theirs_title = "Models in the {{ name }} application"
    assert djangos.count(theirs_title) == 1
    assert ours == djangos.replace(theirs_title, "Các bảng dữ liệu của mục {{ name }}")
