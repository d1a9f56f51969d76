"""The daily sales summary gives the same figures as the records it sums, and the dashboard reads it."""

import datetime
import uuid

import pytest

from inventory import locations
from inventory.models import Warehouse
from inventory.pos.services import ReturnLineInput, record_return, record_sale
from marketplace.accounts.models import User
from marketplace.catalogue.models import ProductVariant
from marketplace.orders.models import Order
from marketplace.reports import selectors, services
from marketplace.reports.models import DailySales, SummaryCoverage
from marketplace.reports.selectors import Filters
from tests.pos.builders import cash, line
from tests.reports.fixtures import local, pay

pytestmark = pytest.mark.django_db

NOV = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 29))


@pytest.fixture
def november(book):
    """Past days (the summary only holds complete days): receipts with split and VietQR tenders, a return, and
    the book's online orders moved into November."""
    hoi_an = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    lan = User.objects.get(email="lan@xuquang.vn")
    sauce, tea = ProductVariant.objects.get(sku="CK-NM-500"), ProductVariant.objects.get(sku="NL-TRA-20")
    first = record_sale(
        kiosk=hoi_an,
        staff=lan,
        client_uuid=uuid.uuid4(),
        lines=[line(sauce, 2), line(tea, 1)],
        payments=[pay("cash", 300_000), pay("card", 170_000)],
        created_at=local(2026, 11, 3),
    )
    record_sale(
        kiosk=hoi_an,
        staff=lan,
        client_uuid=uuid.uuid4(),
        lines=[line(tea, 1)],
        payments=[cash(250_000)],
        created_at=local(2026, 11, 17),
    )
    record_return(
        sale=first,
        staff=lan,
        client_uuid=uuid.uuid4(),
        lines=[ReturnLineInput(sale_line_id=first.lines.get(variant=sauce).pk, quantity=1)],
        reason="Khách đổi ý",
        created_at=local(2026, 11, 18),
    )
    for order, day in ((book.cod_order, 5), (book.vietqr_order, 17), (book.canceled_order, 18)):
        Order.objects.filter(pk=order.pk).update(created_at=local(2026, 11, day))
    return book


def _rows(rows):
    return sorted((row[0], row[1], row[2], *map(int, row[3:])) for row in rows)


@pytest.mark.parametrize("unit", ["all", "day", "week", "month"])
def test_the_summary_adds_up_to_the_records(november, unit):
    assert services.refresh_daily_sales(*NOV) > 0
    assert SummaryCoverage.objects.get().last_day == NOV[1]
    for filters in (Filters(*NOV), Filters(datetime.date(2026, 11, 10), datetime.date(2026, 11, 30))):
        for by in ("payment", "product"):
            assert _rows(selectors._online(filters, unit=unit, by=by)) == _rows(
                selectors._online_raw(filters, unit=unit, by=by)
            )
            assert _rows(selectors._kiosk(filters, unit=unit, by=by)) == _rows(
                selectors._kiosk_raw(filters, unit=unit, by=by)
            )
        for by in ("all", "product"):
            assert _rows(selectors._returns(filters, unit=unit, by=by)) == _rows(
                selectors._returns_raw(filters, unit=unit, by=by)
            )


def test_figures_from_the_summary(november, django_assert_num_queries):
    services.refresh_daily_sales(*NOV)
    assert DailySales.objects.filter(day=datetime.date(2026, 11, 3), is_total=True).get().orders == 1
    facts = selectors.sales_facts(Filters(*NOV))
    totals = selectors.sales_by_channel(facts)
    # 03/11: 2 nước mắm + 1 trà = 470.000 split; 17/11: 1 trà 250.000 cash; 18/11: 1 nước mắm back −110.000
    assert (totals[november.hoi_an_channel.pk].revenue, totals[november.hoi_an_channel.pk].units) == (610_000, 3)
    assert totals[november.online.pk].orders == 2  # COD and VietQR; the cancelled one is left out
    assert selectors.payment_mix(facts)["split"].revenue == 470_000
    narrowed = Filters(*NOV, producer_id=november.producer_a.pk)
    assert [
        (row.label, row.units, row.revenue) for row in selectors.top_products(selectors.product_sales(narrowed))
    ] == [("Nước mắm Cửa Khe", 3, 220_000 - 110_000 + 240_000)]
    with django_assert_num_queries(6):  # for each source its coverage, then its summary rows: no line is read
        selectors.sales_facts(Filters(*NOV))


def test_a_refresh_replaces_the_days_and_leaves_no_gap(november):
    services.refresh_daily_sales(*NOV)
    before = DailySales.objects.count()
    services.refresh_daily_sales(datetime.date(2026, 11, 15), NOV[1])
    assert DailySales.objects.count() == before
    services.refresh_recent_daily_sales()
    assert DailySales.objects.count() >= before
