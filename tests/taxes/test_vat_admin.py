"""Managers enter the next VAT rate ahead of its first day; a rate in force is history, read-only everywhere."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.services import create_user
from marketplace.core.errors import DomainError
from marketplace.taxes import services
from marketplace.taxes.models import VatRate

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    client.force_login(create_user(email="quanly@xuquang.vn", password="Mat-khau-dai-2026", role="manager"))
    return client


def test_a_manager_enters_the_next_rate_ahead_and_cannot_rewrite_one_in_force(manager_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    added = manager_client.post(
        reverse("admin:taxes_vatrate_add"),
        {"rate_percent": "10", "valid_from": tomorrow.isoformat(), "legal_basis": "Luật Thuế GTGT 2024"},
    )
    assert added.status_code == 302
    assert VatRate.objects.filter(valid_from=tomorrow, rate_percent=10).exists()

    today = manager_client.post(
        reverse("admin:taxes_vatrate_add"), {"rate_percent": "5", "valid_from": timezone.localdate().isoformat()}
    )
    assert not VatRate.objects.filter(valid_from=timezone.localdate(), rate_percent=5).exists()
    assert "trước ngày bắt đầu áp dụng" in manager_client.get(today.url).text

    in_force = VatRate.objects.filter(valid_from__lte=timezone.localdate()).first()
    page = manager_client.get(reverse("admin:taxes_vatrate_change", args=[in_force.pk])).text
    assert 'name="_save"' not in page  # read-only
    refused = manager_client.post(
        reverse("admin:taxes_vatrate_change", args=[in_force.pk]), {"rate_percent": "1", "valid_from": "2020-01-01"}
    )
    assert refused.status_code == 403
    assert (
        manager_client.post(reverse("admin:taxes_vatrate_delete", args=[in_force.pk]), {"post": "yes"}).status_code
        == 403
    )
    in_force.refresh_from_db()
    assert in_force.rate_percent != 1


def test_the_services_refuse_what_is_in_force():
    in_force = VatRate.objects.filter(valid_from__lte=timezone.localdate()).first()
    for action in (
        lambda: services.update_vat_rate(rate=in_force, rate_percent=1),
        lambda: services.delete_vat_rate(rate=in_force),
        lambda: services.add_vat_rate(rate_percent=1, valid_from=in_force.valid_from),
    ):
        with pytest.raises(DomainError):
            action()
    ahead = services.add_vat_rate(rate_percent=9, valid_from=timezone.localdate() + datetime.timedelta(days=400))
    assert services.update_vat_rate(rate=ahead, rate_percent=8).rate_percent == 8
    services.delete_vat_rate(rate=ahead)
    assert not VatRate.objects.filter(pk=ahead.pk).exists()
