"""The portal's sales page: units sold by local day, place and product, from the stock ledger; own goods only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory import locations
from inventory.ledger import move_stock
from inventory.models import StockMovement, Warehouse
from inventory.services import receive_goods
from marketplace.producers import selectors

pytestmark = pytest.mark.django_db


def place(slug):
    return Warehouse.objects.get(slug=slug)


@pytest.fixture
def sold(draft_a, live_a, draft_b):
    hoi_an, tam_ky, customer = place(locations.KIOSK_HOI_AN), place(locations.KIOSK_TAM_KY), place(locations.CUSTOMER)
    mam, nhi, tra = draft_a.variants.get(), live_a.variants.get(), draft_b.variants.get()
    receive_goods(warehouse=hoi_an, producer=draft_a.producer, lines=[(mam, 20), (nhi, 10)])
    receive_goods(warehouse=tam_ky, producer=draft_a.producer, lines=[(mam, 5)])
    receive_goods(warehouse=tam_ky, producer=draft_b.producer, lines=[(tra, 9)])
    sale = StockMovement.Reason.SALE
    move_stock(variant=mam, source=hoi_an, destination=customer, quantity=4, reason=sale)
    move_stock(variant=nhi, source=hoi_an, destination=customer, quantity=2, reason=sale)
    move_stock(variant=mam, source=tam_ky, destination=customer, quantity=3, reason=sale)
    move_stock(variant=mam, source=customer, destination=hoi_an, quantity=1, reason=StockMovement.Reason.RETURN)
    move_stock(variant=tra, source=tam_ky, destination=customer, quantity=7, reason=sale)  # producer B's
    return hoi_an, tam_ky


def test_units_by_day_place_and_product_net_of_returns(producer_a, sold):
    hoi_an, tam_ky = sold
    report = selectors.sales_report(producer_a, timezone.localdate().replace(day=1))
    assert report.total == 8
    assert report.by_day == [(timezone.localdate(), 8)]
    assert report.by_location == [(hoi_an.name, 5), (tam_ky.name, 3)]
    assert report.by_product == [("Nước mắm làng Bích Họa", 6), ("Nước mắm Cát Trắng nhĩ", 2)]


def test_the_page_shows_own_sales_only_in_a_fixed_number_of_queries(client_a, sold, django_assert_num_queries):
    # session with its user (one statement), producer, then the three aggregates
    with django_assert_num_queries(5):
        page = client_a.get(reverse("portal:sales"))
    assert "Nước mắm làng Bích Họa" in page.text and "Trà sâm" not in page.text
    assert "<strong>8</strong>" in page.text
    empty = client_a.get(reverse("portal:sales"), {"month": "2020-01"})
    assert "Chưa có hàng bán" in empty.text
    assert client_a.get(reverse("portal:sales"), {"month": "xx"}).status_code == 200


def test_dashboard_shows_the_last_30_days_sold(client_a, sold):
    text = client_a.get(reverse("portal:dashboard")).text.replace("\n", "")
    assert "<dd><strong>6</strong></dd>" in text and "<dd><strong>2</strong></dd>" in text  # net of the return
