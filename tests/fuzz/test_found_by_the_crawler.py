"""What the crawler (test_every_face) found, each kept as a quick test of its own."""

import pytest
from django.contrib.admin import site as admin_site
from django.urls import reverse

from marketplace.catalogue.models import Category
from marketplace.core.admin_mixins import SafeAutocompleteMixin
from marketplace.producers.models import Producer


@pytest.mark.django_db
def test_an_autocomplete_box_given_no_key_shows_the_forms_error(admin_client):
    response = admin_client.post(reverse("admin:catalogue_category_add"), {"name": "Trà", "parent": "²"})
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.text or "Select a valid choice" in response.text
    assert not Category.objects.filter(name="Trà").exists()


@pytest.mark.django_db
def test_a_commission_out_of_range_is_told_not_crashed(admin_client):
    response = admin_client.post(
        reverse("admin:producers_producer_add"),
        {"name": "HTX Thử", "legal_form": "cooperative", "commission_rate": "-1", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Tỉ lệ hoa hồng phải từ 0 đến 100 %." in response.text
    assert not Producer.objects.filter(name="HTX Thử").exists()


def test_every_admin_with_autocomplete_boxes_survives_hostile_keys():
    """Django's autocomplete box crashes on a submitted value that is no key; SafeAutocompleteMixin mends it."""
    admins = list(admin_site._registry.values())
    admins += [inline for model_admin in admins for inline in model_admin.inlines]
    unsafe = [
        getattr(entry, "__name__", type(entry).__name__)
        for entry in admins
        if getattr(entry, "autocomplete_fields", ())
        and not issubclass(entry if isinstance(entry, type) else type(entry), SafeAutocompleteMixin)
    ]
    assert unsafe == []
