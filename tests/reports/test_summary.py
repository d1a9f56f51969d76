"""The daily sales summary gives the same figures as the records it sums, and the dashboard reads it."""

import datetime
import uuid

import pytest
from django.db.models import Sum
from django.utils import timezone

from inventory import locations
from inventory.models import Warehouse
from inventory.pos.services import ReturnLineInput, record_return, record_sale
from marketplace.accounts.models import User
from marketplace.catalogue.models import Product, ProductVariant
from marketplace.orders.models import Order, OrderReturn
from marketplace.payments.services import return_order
from marketplace.reports import selectors, services
from marketplace.reports.models import (
    DailySales,
    MonthlyProductSales,
    MonthlyProductTotals,
    SummaryCoverage,
    WeeklyProductSales,
)
from marketplace.reports.selectors import Filters
from tests.pos.builders import cash, line
from tests.reports.fixtures import local, pay
from tests.tables import columns_with_statistics, pages_not_all_visible

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
            read, raw = selectors._read(filters, unit=unit, by=by), selectors._raw(filters, unit=unit, by=by)
            assert set(read) == set(raw) == {"online", "kiosk", "refund"}
            for kind in raw:
                assert _rows(read[kind]) == _rows(raw[kind]), (kind, by)


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
    with django_assert_num_queries(2):  # the coverage, then the summary's rows of the three sources: no line is read
        selectors.sales_facts(Filters(*NOV))


def test_an_online_return_is_a_refund_of_the_online_channel_in_the_summary_and_the_records(november, manager):
    order = november.cod_order  # O1: 2 nước mắm online at 120.000, VAT 8 %, shipped; placed on 05/11 here
    returned = return_order(order, lines={order.lines.get(): 1}, restock=True, reason="Chai bị nứt", user=manager)
    OrderReturn.objects.filter(pk=returned.pk).update(created_at=local(2026, 11, 20))
    services.refresh_daily_sales(*NOV)

    facts = selectors.sales_facts(Filters(*NOV))
    # 20/11 online: 1 bottle back, −120.000, the VAT inside at the line's 8 %: 120.000 × 8/108 = 8.888,9 → 8.889
    assert selectors.RefundPoint(datetime.date(2026, 11, 20), november.online.pk, 1, 120_000, 8_889) in facts.refunds
    online = selectors.sales_by_channel(facts)[november.online.pk]
    # O1 240.000 and O3 250.000 still count on their days; the return takes 120.000 and a unit off on its own day
    assert (online.orders, online.units, online.revenue, online.vat) == (2, 2, 370_000, 17_778 + 18_519 - 8_889)
    for by in ("payment", "product"):
        read = selectors._read(Filters(*NOV), unit="day", by=by)
        raw = selectors._raw(Filters(*NOV), unit="day", by=by)
        assert _rows(read["refund"]) == _rows(raw["refund"]), by


def test_a_refresh_replaces_the_days_and_leaves_no_gap(november):
    services.refresh_daily_sales(*NOV)
    before = DailySales.objects.count()
    services.refresh_daily_sales(datetime.date(2026, 11, 15), NOV[1])
    assert DailySales.objects.count() == before
    services.refresh_recent_daily_sales()
    assert DailySales.objects.count() >= before


# Committed for real (VACUUM cannot run inside the test's transaction); serialized_rollback restores the locations,
# channels and VAT rates of the data migrations that the flush afterwards empties.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_hourly_refresh_leaves_the_summaries_readable_from_their_indexes_alone(november):
    services.refresh_daily_sales(*NOV)  # rows in each summary; a refresh rewrites them, on pages not yet vacuumed
    assert pages_not_all_visible(DailySales)[1] > 0

    services.refresh_recent_daily_sales()

    for model in services.SUMMARY_MODELS:
        pages, not_visible = pages_not_all_visible(model)
        assert pages > 0, model
        assert not_visible == 0, model
        assert columns_with_statistics(model) > 0, model  # analyzed too: planned with the rows' real spread


@pytest.fixture
def february_2027(monkeypatch):
    """The clock on 02/02/2027, so the book's December and January (and the VAT change between them) are past,
    complete days the summary may hold; Django's clock is set, not ours."""
    moment = datetime.datetime(2027, 2, 2, 9, tzinfo=timezone.get_default_timezone())
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


WINTER = (datetime.date(2026, 12, 1), datetime.date(2027, 1, 31))


def test_whole_weeks_of_a_period():
    monday, sunday = datetime.date(2026, 11, 30), datetime.date(2026, 12, 6)
    # 28/11 (Sat) … 15/12 (Tue): the weeks of 30/11 and 07/12 whole; by month the first crosses into December
    assert selectors.whole_weeks(datetime.date(2026, 11, 28), datetime.date(2026, 12, 15), "week") == (
        [monday, datetime.date(2026, 12, 7)],
        [
            datetime.date(2026, 11, 28),
            datetime.date(2026, 11, 29),
            datetime.date(2026, 12, 14),
            datetime.date(2026, 12, 15),
        ],
    )
    weeks, days = selectors.whole_weeks(datetime.date(2026, 11, 28), datetime.date(2026, 12, 15), "month")
    assert weeks == [datetime.date(2026, 12, 7)]
    assert days[:2] == [datetime.date(2026, 11, 28), datetime.date(2026, 11, 29)] and monday in days and sunday in days
    assert len(weeks) * 7 + len(days) == 18
    assert selectors.whole_weeks(monday, sunday - datetime.timedelta(days=1), "week") == (
        [],
        [monday + datetime.timedelta(days=n) for n in range(6)],
    )


def test_whole_months_of_a_period():
    assert selectors.whole_months(*WINTER) == (datetime.date(2026, 12, 1), datetime.date(2027, 2, 1))
    assert selectors.whole_months(datetime.date(2026, 12, 2), datetime.date(2027, 1, 31)) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 2, 1),
    )
    assert selectors.whole_months(datetime.date(2026, 12, 1), datetime.date(2027, 1, 30)) == (
        datetime.date(2026, 12, 1),
        datetime.date(2027, 1, 1),
    )
    assert selectors.whole_months(datetime.date(2026, 12, 2), datetime.date(2026, 12, 31)) is None
    assert selectors.whole_months(datetime.date(2028, 2, 1), datetime.date(2028, 2, 29)) == (
        datetime.date(2028, 2, 1),
        datetime.date(2028, 3, 1),
    )


def test_the_monthly_summary_adds_up_to_the_records_across_the_vat_change(book, february_2027, manager):
    assert services.refresh_daily_sales(*WINTER) > 0
    assert SummaryCoverage.objects.get().last_day == WINTER[1]
    assert {row.month for row in MonthlyProductSales.objects.all()} == {WINTER[0], datetime.date(2027, 1, 1)}
    # the same months with the channels added together, which the periods below without a channel filter read
    by_channel = MonthlyProductSales.objects.values("month", "kind", "product").annotate(units=Sum("units"))
    assert sorted((row["month"], row["kind"], row["product"], row["units"]) for row in by_channel) == sorted(
        MonthlyProductTotals.objects.values_list("month", "kind", "product", "units")
    )
    # the weekly rows are the daily product rows added up per Monday-to-Sunday week, payment kept
    daily = DailySales.objects.filter(is_total=False).values_list(
        "day", "kind", "channel", "payment", "product", "units"
    )
    by_week = {}
    for day, *key, units in daily:
        week_key = (day - datetime.timedelta(days=day.weekday()), *key)
        by_week[week_key] = by_week.get(week_key, 0) + units
    weekly = WeeklyProductSales.objects.values_list("week", "kind", "channel", "payment", "product", "units")
    assert {(*row[:5],): row[5] for row in weekly} == by_week
    assert len(weekly) == len(by_week) > 0
    periods = [
        WINTER,  # two whole months from the monthly rows
        (datetime.date(2026, 12, 22), datetime.date(2027, 1, 31)),  # days of December, then January whole
        (datetime.date(2026, 12, 1), datetime.date(2027, 1, 2)),  # December whole, then days of January
        (datetime.date(2026, 12, 15), datetime.date(2027, 2, 2)),  # ... and today from the records
        (datetime.date(2026, 12, 31), datetime.date(2027, 1, 1)),  # the two days of the VAT change
    ]
    narrowings = [
        {},
        {"producer_id": book.producer_a.pk},
        {"category_id": book.food.pk},
        {"stars": 5},
        {"channel_ids": (book.hoi_an_channel.pk, book.online.pk)},
    ]
    for start, end in periods:
        for narrowing in narrowings:
            filters = Filters(start, end, **narrowing)
            for by, unit in (
                ("product", "all"),
                ("payment", "all"),
                ("payment", "week"),
                ("payment", "month"),
                ("payment", "day"),
            ):
                read, raw = selectors._read(filters, unit=unit, by=by), selectors._raw(filters, unit=unit, by=by)
                for kind in raw:
                    assert _rows(read[kind]) == _rows(raw[kind]), (start, end, narrowing, by, unit, kind)
    book_of_winter = selectors.product_sales(Filters(*WINTER))
    # S0 1 + S1 2 + S2 1 − R1 1 at Hội An, O1 2 online (120.000); S2 1 + S3 3 + O3 1 trà (O2 cancelled)
    assert [(row.label, row.units, row.revenue) for row in selectors.top_products(book_of_winter)] == [
        ("Trà sâm Ngọc Linh", 5, 1_250_000),
        ("Nước mắm Cửa Khe", 5, 110_000 + 220_000 + 110_000 - 110_000 + 240_000),
    ]
    hoi_an = selectors.sales_by_channel(selectors.sales_facts(Filters(*WINTER)))[book.hoi_an_channel.pk]
    # VAT at 8 % on S0 and S1, 10 % on S2, less the 8 % inside R1's refund of an S1 bottle
    assert (hoi_an.revenue, hoi_an.vat) == (110_000 + 220_000 + 360_000 - 110_000, 8_148 + 16_296 + 32_727 - 8_148)


def test_the_dashboard_reads_days_from_the_summary_and_today_from_the_records(
    client, book, february_2027, manager, django_assert_num_queries
):
    services.refresh_daily_sales(*WINTER)
    client.force_login(manager)
    # the 23 statements of a page read from the records (test_views): each of the three sales reads (periods,
    # sales, products) is one statement, of the summary here: no order or receipt is read; one fewer, as for two
    # whole past months the periods' read (December and January day by day) is the sales' read, kept once read
    with django_assert_num_queries(22):
        response = client.get("/admin/tong-quan/", {"start": "2026-12-01", "end": "2027-01-31"})
    assert response.context["channel_table"].rows[0][3] == 240_000 + 250_000  # O1 and O3 online
    # ending today, each read adds today's orders, receipts and returns from the records inside its one statement
    # (less the 6 reads of stock, alerts and money to chase, kept for a minute after the first page)
    with django_assert_num_queries(23 - 6):
        client.get("/admin/tong-quan/", {"start": "2026-12-01", "end": "2027-02-02"})
    # a year and a half, narrowed to a group: the same statements and the group's lookup
    with django_assert_num_queries(23 - 6 + 1):
        client.get("/admin/tong-quan/", {"start": "2025-12-01", "end": "2027-02-02", "group": book.food.pk})


def test_the_summarys_rows_are_kept_until_its_next_refresh_and_today_is_always_read(
    client, book, february_2027, manager, monkeypatch, django_assert_num_queries
):
    services.refresh_daily_sales(*WINTER)
    client.force_login(manager)
    winter = {"start": "2026-12-01", "end": "2027-01-31"}
    first = client.get("/admin/tong-quan/", winter).context["channel_table"].rows
    # the same past days again: the periods', sales' and products' rows of the summary are not read again (nor
    # the stock and work cards, kept for a minute): only the session, the filters' choices, the menu, the coverage
    with django_assert_num_queries(22 - 6 - 2):
        again = client.get("/admin/tong-quan/", winter).context["channel_table"].rows
    assert again == first
    assert first[0][3] == 240_000 + 250_000  # O1 and O3 online

    # O3 is cancelled: the summary counts it until its next refresh (as before), which gives new keys at once
    Order.objects.filter(pk=book.vietqr_order.pk).update(status="canceled")
    assert client.get("/admin/tong-quan/", winter).context["channel_table"].rows[0][3] == 240_000 + 250_000
    monkeypatch.setattr(timezone, "now", lambda: february_2027 + datetime.timedelta(minutes=5))  # the clock moves on
    services.refresh_daily_sales(*WINTER)
    assert client.get("/admin/tong-quan/", winter).context["channel_table"].rows[0][3] == 240_000

    # a page reaching today, kept from the summary: a sale made since it was read shows at once
    to_today = {"start": "2026-12-01", "end": "2027-02-02"}
    hoi_an = client.get("/admin/tong-quan/", to_today).context["channel_table"].rows[1]
    assert hoi_an[0] == book.hoi_an_channel.name
    record_sale(
        kiosk=Warehouse.objects.get(slug=locations.KIOSK_HOI_AN),
        staff=User.objects.get(email="lan@xuquang.vn"),
        client_uuid=uuid.uuid4(),
        lines=[line(ProductVariant.objects.get(sku="CK-NM-500"), 1)],
        payments=[cash(110_000)],
    )
    after = client.get("/admin/tong-quan/", to_today).context["channel_table"].rows[1]
    assert (after[1], after[3]) == (hoi_an[1] + 1, hoi_an[3] + 110_000)


def test_a_narrowed_read_is_kept_for_the_products_it_names_and_a_product_moved_in_shows_at_once(
    client, book, february_2027, manager, django_assert_num_queries
):
    services.refresh_daily_sales(*WINTER)
    client.force_login(manager)
    food = {"start": "2026-12-01", "end": "2027-01-31", "group": book.food.pk}

    def revenue_by_channel():
        return {row[0]: row[3] for row in client.get("/admin/tong-quan/", food).context["channel_table"].rows}

    def read_afresh():  # the summary read as before: no coverage looked up, the group's products read inside
        totals = selectors.sales_by_channel(selectors.sales_facts(Filters(*WINTER, category_id=book.food.pk)))
        return {
            channel.name: totals.get(channel.pk, selectors.Totals()).revenue for channel in selectors.sales_channels()
        }

    first = revenue_by_channel()
    assert first == read_afresh()
    # the group's products are read with the coverage (one query), so its summary rows are kept like any other
    with django_assert_num_queries(22 - 6 + 1 - 2):
        assert revenue_by_channel() == first
    # the tea joins the food group: the page names other products, so its rows are read again
    Product.objects.filter(name="Trà sâm Ngọc Linh").update(category=book.food)
    moved = revenue_by_channel()
    assert moved == read_afresh() != first
