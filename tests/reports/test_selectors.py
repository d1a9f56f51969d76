"""Each figure of the dashboard against totals worked out by hand from the book in conftest.py."""

import datetime

import pytest

from inventory import locations
from marketplace.orders.models import OrderStatus
from marketplace.payments.services import return_order
from marketplace.producers.services import create_startup_profile
from marketplace.reports import selectors
from marketplace.reports.selectors import Filters, Totals

pytestmark = pytest.mark.django_db

WEEK = Filters(datetime.date(2026, 12, 28), datetime.date(2027, 1, 3))


def by_channel(filters):
    return selectors.sales_by_channel(selectors.sales_facts(filters))


def test_sales_by_channel_count_returns_against_the_seller_and_leave_cancelled_orders_out(book):
    totals = selectors.sales_by_channel(selectors.sales_facts(WEEK))
    # Hội An: S1 220.000 + S2 360.000 − R1 110.000; units 2 + 2 − 1; VAT 16.296 + 32.727 − 8.148
    assert totals[book.hoi_an_channel.pk] == Totals(orders=2, units=3, revenue=470_000, vat=40_875)
    assert totals[book.tam_ky_channel.pk] == Totals(orders=1, units=3, revenue=750_000, vat=68_182)
    # Online: O1 240.000 + O3 250.000 (O2 cancelled); VAT 17.778 + 18.519
    assert totals[book.online.pk] == Totals(orders=2, units=3, revenue=490_000, vat=36_297)


def test_each_line_keeps_the_vat_rate_of_its_day(book):
    before = by_channel(Filters(datetime.date(2026, 12, 31), datetime.date(2026, 12, 31)))
    after = by_channel(Filters(datetime.date(2027, 1, 1), datetime.date(2027, 1, 1)))
    assert before[book.hoi_an_channel.pk] == Totals(orders=1, units=2, revenue=220_000, vat=16_296)  # 8 %
    assert after[book.hoi_an_channel.pk] == Totals(orders=1, units=2, revenue=360_000, vat=32_727)  # 10 %


def test_a_channel_filter_keeps_only_that_channel(book):
    only = Filters(WEEK.start, WEEK.end, channel_ids=(book.tam_ky_channel.pk,))
    assert by_channel(only) == {book.tam_ky_channel.pk: Totals(1, 3, 750_000, 68_182)}


def test_product_filters_narrow_every_line(book):
    producer_a = Filters(WEEK.start, WEEK.end, producer_id=book.producer_a.pk)
    totals = by_channel(producer_a)
    # Nước mắm only: Hội An S1 2 + S2 1 − R1 1 = 2 units, 220.000 + 110.000 − 110.000; online O1
    assert totals[book.hoi_an_channel.pk] == Totals(orders=2, units=2, revenue=220_000, vat=16_296 + 10_000 - 8_148)
    assert totals[book.online.pk] == Totals(orders=1, units=2, revenue=240_000, vat=17_778)
    assert book.tam_ky_channel.pk not in totals
    food_group = Filters(WEEK.start, WEEK.end, category_id=book.food.pk)  # the group takes in its subgroup
    assert by_channel(food_group) == totals
    five_stars = Filters(WEEK.start, WEEK.end, stars=5)
    assert sum(row.revenue for row in by_channel(five_stars).values()) == 1_250_000


def test_top_products_producers_groups_and_stars(book):
    sold = selectors.product_sales(WEEK)
    assert [(row.label, row.units, row.revenue) for row in selectors.top_products(sold)] == [
        ("Trà sâm Ngọc Linh", 5, 1_250_000),  # S2 1 + S3 3 + O3 1
        ("Nước mắm Cửa Khe", 4, 460_000),  # S1 2 + S2 1 − R1 1 + O1 2
    ]
    assert [(row.label, row.revenue) for row in selectors.top_producers(sold)] == [
        ("Cty Sâm Ngọc Linh", 1_250_000),
        ("HTX Cửa Khe", 460_000),
    ]
    assert [(row.label, row.revenue) for row in selectors.sales_by_group(sold)] == [
        ("Đồ uống", 1_250_000),
        ("Thực phẩm", 460_000),  # sold under its subgroup Nước chấm
    ]
    assert [(row.key, row.units, row.revenue) for row in selectors.sales_by_stars(sold)] == [
        (5, 5, 1_250_000),
        (4, 4, 460_000),
    ]


def test_sales_by_the_programmes_three_kinds(book):
    create_startup_profile(producer=book.producer_b, project_name="Trà sâm Ngọc Linh", founded_year=2021)
    sold = selectors.product_sales(WEEK)
    assert [(row.key, row.units, row.revenue) for row in selectors.sales_by_kind(sold)] == [
        ("startup", 5, 1_250_000),  # the tea's producer is a startup project
        ("ocop", 9, 1_710_000),  # both products hold a certificate: 5 + 4 units
        ("cnnt", 0, 0),
        (None, 0, 0),
    ]


def test_payment_mix(book):
    mix = selectors.payment_mix(selectors.sales_facts(WEEK))
    assert mix["cash"] == Totals(orders=1, units=2, revenue=220_000, vat=16_296)  # S1
    assert mix["split"] == Totals(orders=1, units=2, revenue=360_000, vat=32_727)  # S2
    assert (mix["vietqr"].orders, mix["vietqr"].revenue) == (2, 1_000_000)  # S3 750.000 + O3 250.000
    assert (mix["cod"].orders, mix["cod"].revenue) == (1, 240_000)  # O1; O2 was cancelled
    assert mix["card"] == Totals()


def test_sales_over_time_by_day_channel_and_payment_with_refunds_apart(book):
    facts = selectors.sales_facts(WEEK)
    assert facts.unit == "day"
    assert [(p.day.isoformat(), p.channel_id, p.payment, p.revenue) for p in facts.points] == sorted(
        [
            ("2026-12-31", book.hoi_an_channel.pk, "cash", 220_000),
            ("2027-01-01", book.hoi_an_channel.pk, "split", 360_000),
            ("2027-01-01", book.online.pk, "cod", 240_000),
            ("2027-01-02", book.tam_ky_channel.pk, "vietqr", 750_000),
            ("2027-01-03", book.online.pk, "vietqr", 250_000),
        ]
    )
    assert facts.refunds == [
        selectors.RefundPoint(datetime.date(2027, 1, 2), book.hoi_an_channel.pk, 1, 110_000, 8_148)
    ]
    year = Filters(datetime.date(2026, 1, 1), datetime.date(2027, 6, 30))
    assert selectors.sales_facts(year).unit == "month"
    assert selectors.sales_facts(Filters(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))).unit == "week"


def test_periods_compare_with_the_same_days_before(book):
    today, week, month = selectors.period_comparison(Filters(WEEK.start, WEEK.end), datetime.date(2027, 1, 2))
    revenue = lambda figures: sum(totals.revenue for totals in figures.values())  # noqa: E731
    # Saturday 02/01/2027: Tam Kỳ 750.000 − Hội An refund 110.000; Friday: Hội An 360.000 + online 240.000
    assert (revenue(today.current), revenue(today.previous)) == (640_000, 600_000)
    assert selectors.change_percent(640_000, 600_000) == 7  # 6,67 % rounded
    # Week from Monday 28/12: S1, S2, R1, S3, O1; the same days of the week before: S0 (22/12)
    assert (week.start, week.previous_start, week.previous_end) == (
        datetime.date(2026, 12, 28),
        datetime.date(2026, 12, 21),
        datetime.date(2026, 12, 26),
    )
    assert (revenue(week.current), revenue(week.previous)) == (1_460_000, 110_000)
    assert (revenue(month.current), revenue(month.previous)) == (1_240_000, 0)
    assert selectors.change_percent(1_240_000, 0) is None
    assert selectors.change_percent(50, 200) == -75


def test_month_windows_are_clipped_to_the_shorter_month():
    [*_rest, month] = selectors.period_windows(datetime.date(2027, 3, 31))
    assert month[1:] == (
        datetime.date(2027, 3, 1),
        datetime.date(2027, 3, 31),
        datetime.date(2027, 2, 1),
        datetime.date(2027, 2, 28),
    )


def test_stock_value_and_days_of_cover_per_place(book):
    rows = {row.warehouse.slug: row for row in selectors.stock_by_location()}
    hoi_an = rows[locations.KIOSK_HOI_AN]
    # nước mắm 10 − 1 − 2 − 1 + 1 = 7 × 110.000; trà 5 − 1 = 4 × 250.000; sold 1 + 2 + 2 − 1 back = 4 in 30 days
    assert (hoi_an.units, hoi_an.value, hoi_an.negative_lines, hoi_an.sold_in_window) == (11, 1_770_000, 0, 4)
    assert hoi_an.days_of_cover == 82  # 11 × 30 // 4
    tam_ky = rows[locations.KIOSK_TAM_KY]
    assert (tam_ky.units, tam_ky.value, tam_ky.negative_lines, tam_ky.days_of_cover) == (0, 0, 1, 0)
    hcm = rows[locations.FULFILMENT_HCM]
    # nước mắm 10 − 2 shipped = 8 × 120.000; trà 5 × 250.000; 2 shipped in 30 days
    assert (hcm.units, hcm.value, hcm.days_of_cover) == (13, 2_210_000, 195)
    assert rows[locations.KIOSK_CHU_LAI].days_of_cover is None


def test_stock_alerts(book):
    count, rows = selectors.negative_stock()
    assert count == 1
    assert [(row.warehouse.slug, row.product_variant.sku, row.quantity) for row in rows] == [
        (locations.KIOSK_TAM_KY, "NL-TRA-20", -1)
    ]
    assert [(row.warehouse.slug, row.available) for row in selectors.low_stock_alerts()] == [
        (locations.KIOSK_HOI_AN, 4)
    ]


def test_work_waiting(book):
    chase = selectors.orders_to_chase()
    assert chase["vietqr"] == Totals(orders=1, revenue=book.vietqr_order.total_amount)
    assert chase["cod"] == Totals(orders=1, revenue=book.cod_order.total_amount)
    assert selectors.waiting_for_review() == {"products": 1, "revisions": 0}
    assert selectors.unmatched_bank_notifications() == Totals(orders=1, revenue=99_000)


def test_a_cash_on_delivery_order_sent_back_unpaid_is_still_money_to_chase(book, manager):
    # O1 (COD, shipped, cash not yet recorded) comes back whole: the courier collected the cash at the door and it
    # is still to be recorded (the refund waits for it).
    order = book.cod_order
    return_order(order, lines={order.lines.get(): 2}, restock=True, reason="Khách đổi ý", user=manager)
    order.refresh_from_db()
    assert order.status == OrderStatus.RETURNED
    assert selectors.orders_to_chase()["cod"] == Totals(orders=1, revenue=order.total_amount)


def test_filters_survive_a_trip_through_json():
    filters = Filters(datetime.date(2027, 1, 1), datetime.date(2027, 1, 31), (3, 4), 7, 8, 5)
    assert Filters.from_json(filters.as_json()) == filters
