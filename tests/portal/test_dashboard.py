"""The producer's dashboard (issue 14, item 13): a photo beside each product, this month's revenue and what the
programme owes, and the goods waiting in open online orders counted beside the units sold."""

import pytest
from django.urls import reverse

from inventory import locations
from inventory.models import Warehouse
from inventory.services import receive_goods
from marketplace.catalogue import services
from marketplace.orders.services import fulfill_order
from marketplace.producers import selectors
from tests.checkout.fixtures import fill_details, place_order, standard_delivery  # noqa: F401 (fixtures)
from tests.portal.conftest import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def ordered(producer_a, live_a, place_order):  # noqa: F811 (a fixture)
    """4 bottles in an open online order, 2 in one already delivered."""
    producer_a.commission_rate = "10.00"
    producer_a.save()
    fish_sauce = live_a.variants.get()
    receive_goods(
        warehouse=Warehouse.objects.get(slug=locations.FULFILMENT_HCM), producer=producer_a, lines=[(fish_sauce, 10)]
    )
    place_order([(fish_sauce, 4)])
    fulfill_order(place_order([(fish_sauce, 2)]))
    return fish_sauce


def test_open_online_orders_count_beside_the_units_sold(producer_a, live_a, ordered):
    [row] = [row for row in selectors.product_rows(producer_a) if row.product == live_a]
    assert (row.sold_recently, row.on_order) == (2, 4)


def test_the_dashboard_shows_the_months_revenue_what_is_owed_and_open_orders(client_a, live_a, ordered):
    page = client_a.get(reverse("portal:dashboard")).text
    # 2 delivered at 95.000 ₫; 10 % commission
    assert "190.000 ₫" in page and "171.000 ₫" in page
    assert "và 4 trong đơn online chờ giao" in page
    assert "Đang chờ giao trong đơn online</dt><dd>4</dd>" in page


def test_each_product_shows_its_first_photo_even_before_review(client_a, member_a, draft_a, live_a):
    first = services.upload_product_photo(product=draft_a, user=member_a, uploaded_file=photo())  # waits for review
    services.upload_product_photo(product=draft_a, user=member_a, uploaded_file=photo("hai.jpg"))
    page = client_a.get(reverse("portal:dashboard")).text
    preview = reverse("portal:photo_preview", args=[first.pk, 128])
    assert f'src="{preview}"' in page and 'alt="Nước mắm làng Bích Họa"' in page
    assert page.count("Chưa có ảnh") == 1  # the live product has none
    assert client_a.get(preview).status_code == 200
