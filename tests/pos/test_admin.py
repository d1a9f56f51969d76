"""Managers set discount caps and close variance alerts; till records are read-only in the admin."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from inventory.pos.models import DiscountLimit, StockVarianceAlert
from inventory.pos.selectors import max_discount_percent
from inventory.pos.services import record_sale, resolve_variance_alerts, set_discount_limit
from marketplace.accounts.models import User
from marketplace.core.errors import DomainError
from tests.pos.builders import cash, line


@pytest.fixture
def admin_manager(db):
    return User.objects.create_superuser(username="admin", email="admin@xuquang.test", password="x")


def test_a_manager_sets_a_kiosk_cap_and_changes_the_global_one(hoi_an, tam_ky, manager):
    set_discount_limit(kiosk=hoi_an, max_percent="15", user=manager)
    set_discount_limit(kiosk=None, max_percent=5, user=manager)
    set_discount_limit(kiosk=hoi_an, max_percent="12.5", user=manager)
    assert max_discount_percent(hoi_an.pk) == Decimal("12.5")
    assert max_discount_percent(tam_ky.pk) == Decimal(5)
    assert DiscountLimit.objects.count() == 2


def test_staff_cannot_set_a_cap_and_nonsense_is_refused(hoi_an, staff_hoi_an, manager):
    with pytest.raises(DomainError) as forbidden:
        set_discount_limit(kiosk=hoi_an, max_percent=50, user=staff_hoi_an)
    assert forbidden.value.code == "forbidden"
    with pytest.raises(DomainError):
        set_discount_limit(kiosk=hoi_an, max_percent=101, user=manager)


def test_resolving_alerts_lets_a_new_one_open(hoi_an, staff_hoi_an, manager, fish_sauce):
    def oversell():
        record_sale(
            kiosk=hoi_an,
            staff=staff_hoi_an,
            client_uuid=uuid.uuid4(),
            lines=[line(fish_sauce)],
            payments=[cash(85_000)],
        )

    oversell()
    with pytest.raises(DomainError):
        resolve_variance_alerts(alerts=StockVarianceAlert.objects.all(), user=staff_hoi_an)
    assert resolve_variance_alerts(alerts=StockVarianceAlert.objects.all(), user=manager) == 1
    oversell()
    assert StockVarianceAlert.objects.filter(resolved_at__isnull=True).get().balance == -2


def test_admin_pages_load_and_till_records_are_read_only(
    client, admin_manager, hoi_an, staff_hoi_an, fish_sauce, stocked
):
    sale = record_sale(
        kiosk=hoi_an, staff=staff_hoi_an, client_uuid=uuid.uuid4(), lines=[line(fish_sauce)], payments=[cash(85_000)]
    )
    client.force_login(admin_manager)
    for name in ("sale", "salereturn", "cashsession", "stockvariancealert", "kioskprofile", "discountlimit"):
        assert client.get(reverse(f"admin:pos_{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:pos_sale_add")).status_code == 403
    # Money reads as money, in the list and on the receipt's page.
    listing = client.get(reverse("admin:pos_sale_changelist")).content.decode()
    assert "85.000 ₫" in listing and ">85000<" not in listing
    page = client.get(reverse("admin:pos_sale_change", args=[sale.pk]))
    assert page.status_code == 200
    assert "85.000 ₫" in page.content.decode()


def test_the_admin_form_sets_a_cap_through_the_service(client, admin_manager, hoi_an):
    client.force_login(admin_manager)
    response = client.post(reverse("admin:pos_discountlimit_add"), {"kiosk": hoi_an.pk, "max_percent": "20"})
    assert response.status_code == 302
    limit = DiscountLimit.objects.get(kiosk=hoi_an)
    assert (limit.max_percent, limit.updated_by) == (Decimal(20), admin_manager)
