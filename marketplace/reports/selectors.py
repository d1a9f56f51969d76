"""The figures of the managers' dashboard: one function per figure, each a read of the sales records.

Rules every figure follows (the tests work them out by hand):
- A day is a local (Asia/Ho_Chi_Minh) day.
- Online: an order counts on the day it was placed, unless it is a draft, cancelled or expired. Its revenue is its
  lines' amounts (VAT included, shipping left out), its units the lines' quantities.
- Kiosk: a receipt counts on its day with its lines' amounts (after discounts, VAT included); a return counts on
  the day the goods came back, taking its refund off the revenue and its units off the units.
- Returns, at a kiosk or of an online order (its delivered goods sent back), count on the day the goods came back
  in the channel that sold them, taking the refund off the revenue and the units off the units; the sale itself
  keeps counting on its own day. The VAT of a return is the VAT inside its refund at the sold line's own rate
  (rounded half up to the đồng).
- Revenue is what the customer paid, VAT included; VAT is shown beside it, at each line's own rate (the rate
  changes on 2027-01-01 and each line keeps the rate of its day).
- Payment method: online, the order's first payment (card, VietQR, COD); at a kiosk, the receipt's tender
  (cash, card, VietQR) or "split" when it was paid by more than one method.
"""

import calendar
import datetime
import hashlib
import heapq
from collections import defaultdict
from dataclasses import dataclass, field, replace
from types import SimpleNamespace

from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import caches
from django.db import connection
from django.db.models import Count, Max, Q, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.models import Stock, StockMovement, Warehouse
from inventory.pos.models import Sale, SaleLine, SalePayment, SaleReturn, SaleReturnLine
from inventory.selectors import low_stock
from marketplace.catalogue import selectors as catalogue_selectors
from marketplace.catalogue.models import Product, ProductRevision, ProductVariant
from marketplace.channels.models import Channel, ProductVariantChannelListing
from marketplace.orders.models import Order, OrderLine, OrderReturn, OrderReturnLine, OrderStatus
from marketplace.payments.models import BankNotification, PaymentMethod, TransactionItem
from marketplace.producers.models import OcopCertificate
from marketplace.reports.models import (
    DailySales,
    MonthlyProductSales,
    MonthlyProductTotals,
    SummaryCoverage,
    WeeklyProductSales,
)

# Orders that never became a sale. A returned order was one: its returns are counted as refunds on their day.
NOT_SOLD = (OrderStatus.DRAFT, OrderStatus.CANCELED, OrderStatus.EXPIRED)

# Payment categories, in the order the dashboard shows them.
CARD, VIETQR, COD, CASH, SPLIT, NONE = "card", "vietqr", "cod", "cash", "split", "none"
PAYMENT_CATEGORIES = (CARD, VIETQR, COD, CASH, SPLIT, NONE)

# Days of sales the days of cover are worked from.
COVER_WINDOW_DAYS = 30
# Rows of the "top" tables and of the alert lists.
TOP_ROWS = 10


UNSET = object()


@dataclass(frozen=True)
class Filters:
    """What the manager asked to see: local days from start to end (both included) and optional narrowing."""

    start: datetime.date
    end: datetime.date
    channel_ids: tuple[int, ...] | None = None  # None: every channel
    producer_id: int | None = None
    category_id: int | None = None  # an OCOP group (its subgroups included) or a subgroup
    stars: int | None = None
    # The last day the daily summary covers and when it was last refreshed, once looked up (see with_coverage);
    # not part of what was asked.
    summary_through: object = field(default=UNSET, compare=False)
    summary_refreshed_at: datetime.datetime | None = field(default=None, compare=False)
    # When narrowed to products: (the summary's last day for these filters, the ids of the products the filters
    # name on that day), read with the coverage; the summary is then read for these ids (see _summary_products).
    summary_products: tuple[datetime.date, list[int]] | None = field(default=None, compare=False)

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        return local_bounds(self.start, self.end)

    @property
    def narrows_products(self) -> bool:
        return bool(self.producer_id or self.category_id or self.stars)

    def as_json(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "channel_ids": None if self.channel_ids is None else list(self.channel_ids),
            "producer_id": self.producer_id,
            "category_id": self.category_id,
            "stars": self.stars,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Filters":
        channel_ids = data.get("channel_ids")
        return cls(
            start=datetime.date.fromisoformat(data["start"]),
            end=datetime.date.fromisoformat(data["end"]),
            channel_ids=None if channel_ids is None else tuple(channel_ids),
            producer_id=data.get("producer_id"),
            category_id=data.get("category_id"),
            stars=data.get("stars"),
        )

    def with_days(self, start: datetime.date, end: datetime.date) -> "Filters":
        return replace(self, start=start, end=end)

    def with_coverage(self) -> "Filters":
        """These filters with the summary's coverage looked up once (one query), for a page of many figures; when
        they narrow to products, with the ids of those products on the summary's last day, in the same query."""
        day = min(self.end, timezone.localdate() - datetime.timedelta(days=1))
        products = _products(replace(self, end=day)) if self.narrows_products else None
        through, refreshed_at, ids = summary_coverage(products)
        summary_products = (day, ids) if ids is not None and through is not None and through >= day else None
        return replace(
            self, summary_through=through, summary_refreshed_at=refreshed_at, summary_products=summary_products
        )


def local_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The aware instants of local day `start` 00:00 and of the day after `end`, end excluded."""
    zone = timezone.get_default_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )


@dataclass
class Totals:
    orders: int = 0
    units: int = 0
    revenue: int = 0
    vat: int = 0

    def add(self, other: "Totals") -> None:
        self.orders += other.orders
        self.units += other.units
        self.revenue += other.revenue
        self.vat += other.vat


# --- the sales records, in SQL: three reads shared by the figures -------------------------------------------


def _variant_filter(filters: Filters, column: str) -> tuple[str, list]:
    """A SQL condition keeping only the lines of the products the filters name ("" when none is named)."""
    if not filters.narrows_products:
        return "", []
    variants = ProductVariant.objects.filter(product__in=_products(filters)).values("id")
    sql, params = variants.query.sql_with_params()
    return f" AND {column} IN ({sql})", list(params)


def _products(filters: Filters):
    products = Product.objects.all()
    if filters.producer_id:
        products = products.filter(producer_id=filters.producer_id)
    if filters.category_id:
        products = products.filter(Q(category_id=filters.category_id) | Q(category__parent_id=filters.category_id))
    if filters.stars:
        products = products.filter(
            pk__in=OcopCertificate.objects.valid_on(filters.end).filter(stars=filters.stars).values("product_id")
        )
    return products


def _channel_filter(filters: Filters, column: str) -> tuple[str, list]:
    if filters.channel_ids is None:
        return "", []
    return f" AND {column} = ANY(%s)", [list(filters.channel_ids)]


def _bucket(unit: str, column: str) -> str:
    if unit == "all":
        return "NULL::date"
    assert unit in ("day", "week", "month")
    return f"(date_trunc('{unit}', {column} AT TIME ZONE %s))::date"


def _channel_column(by: str, table: str) -> str:
    """Rows by product add the channels up (the rankings need none; a channel filter still narrows them)."""
    return "NULL::int AS channel_id" if by == "product" else f"{table}.channel_id"


def _run(sql: str, params: list | dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _online_raw_sql(filters: Filters, *, unit: str, by: str) -> tuple[str, list]:
    """Online lines: (bucket, channel, payment category or product, orders, units, revenue, VAT)."""
    start, end = filters.bounds
    channels, channel_params = _channel_filter(filters, "o.channel_id")
    variants, variant_params = _variant_filter(filters, "l.variant_id")
    zone = [str(timezone.get_default_timezone())] if unit != "all" else []
    key = (
        f"""COALESCE((SELECT CASE t.method WHEN '{PaymentMethod.STRIPE}' THEN '{CARD}' ELSE t.method END
                      FROM {TransactionItem._meta.db_table} t WHERE t.order_id = o.id ORDER BY t.id LIMIT 1),
                     '{NONE}')"""
        if by == "payment"
        else f"(SELECT v.product_id FROM {ProductVariant._meta.db_table} v WHERE v.id = l.variant_id)"
    )
    sql = f"""
        SELECT bucket, channel_id, key, count(DISTINCT order_id) AS orders, sum(quantity) AS units,
               sum(amount) AS revenue, sum(vat) AS vat
        FROM (
            SELECT {_bucket(unit, "o.created_at")} AS bucket, {_channel_column(by, "o")}, {key} AS key,
                   o.id AS order_id,
                   l.quantity, l.total_price_amount AS amount, l.vat_amount AS vat
            FROM {OrderLine._meta.db_table} l JOIN {Order._meta.db_table} o ON o.id = l.order_id
            WHERE o.created_at >= %s AND o.created_at < %s AND NOT (o.status = ANY(%s)) {channels} {variants}
        ) lines
        GROUP BY 1, 2, 3
    """
    return sql, [*zone, start, end, list(NOT_SOLD), *channel_params, *variant_params]


def _kiosk_raw_sql(filters: Filters, *, unit: str, by: str) -> tuple[str, list]:
    """Kiosk receipt lines: (bucket, channel, payment category or product, receipts, units, revenue, VAT)."""
    start, end = filters.bounds
    channels, channel_params = _channel_filter(filters, "s.channel_id")
    variants, variant_params = _variant_filter(filters, "l.variant_id")
    zone = [str(timezone.get_default_timezone())] if unit != "all" else []
    key = (
        f"""(SELECT CASE WHEN count(DISTINCT p.method) > 1 THEN '{SPLIT}' ELSE min(p.method) END
             FROM {SalePayment._meta.db_table} p WHERE p.sale_id = s.id)"""
        if by == "payment"
        else f"(SELECT v.product_id FROM {ProductVariant._meta.db_table} v WHERE v.id = l.variant_id)"
    )
    sql = f"""
        SELECT bucket, channel_id, key, count(DISTINCT sale_id) AS orders, sum(quantity) AS units,
               sum(amount) AS revenue, sum(vat) AS vat
        FROM (
            SELECT {_bucket(unit, "s.created_at")} AS bucket, {_channel_column(by, "s")}, {key} AS key,
                   s.id AS sale_id,
                   l.quantity, l.total_amount AS amount, l.vat_amount AS vat
            FROM {SaleLine._meta.db_table} l JOIN {Sale._meta.db_table} s ON s.id = l.sale_id
            WHERE s.created_at >= %s AND s.created_at < %s {channels} {variants}
        ) lines
        GROUP BY 1, 2, 3
    """
    return sql, [*zone, start, end, *channel_params, *variant_params]


def returns_source_sql() -> str:
    """One row per returned line, kiosk and online alike: when it came back, the selling channel, the variant,
    units, refund and the sold line's VAT rate. Parameters: start, end, start, end (each side on its created_at
    index). The dashboard's raw read and the daily summary both sum it."""
    return f"""
        SELECT r.created_at, s.channel_id, l.variant_id, rl.quantity, rl.refund_amount, l.vat_rate_percent AS vat_rate
        FROM {SaleReturnLine._meta.db_table} rl
        JOIN {SaleReturn._meta.db_table} r ON r.id = rl.sale_return_id
        JOIN {SaleLine._meta.db_table} l ON l.id = rl.sale_line_id
        JOIN {Sale._meta.db_table} s ON s.id = r.sale_id
        WHERE r.created_at >= %s AND r.created_at < %s
        UNION ALL
        SELECT r.created_at, o.channel_id, l.variant_id, rl.quantity, rl.refund_amount, l.vat_rate
        FROM {OrderReturnLine._meta.db_table} rl
        JOIN {OrderReturn._meta.db_table} r ON r.id = rl.order_return_id
        JOIN {OrderLine._meta.db_table} l ON l.id = rl.order_line_id
        JOIN {Order._meta.db_table} o ON o.id = r.order_id
        WHERE r.created_at >= %s AND r.created_at < %s
    """


def _returns_raw_sql(filters: Filters, *, unit: str, by: str) -> tuple[str, list]:
    """Kiosk and online returns: (bucket, channel, product or None, units, refunds, VAT inside the refunds)."""
    start, end = filters.bounds
    channels, channel_params = _channel_filter(filters, "r.channel_id")
    variants, variant_params = _variant_filter(filters, "r.variant_id")
    zone = [str(timezone.get_default_timezone())] if unit != "all" else []
    # No payment category: a text NULL, so the rows line up with the sales' payment keys in one statement.
    key = (
        f"(SELECT v.product_id FROM {ProductVariant._meta.db_table} v WHERE v.id = r.variant_id)"
        if by == "product"
        else "NULL::text"
    )
    sql = f"""
        SELECT {_bucket(unit, "r.created_at")} AS bucket, {_channel_column(by, "r")}, {key} AS key,
               sum(r.quantity) AS units, sum(r.refund_amount) AS refunds,
               sum(round(r.refund_amount * r.vat_rate / (100 + r.vat_rate))) AS vat
        FROM ({returns_source_sql()}) r
        WHERE TRUE {channels} {variants}
        GROUP BY 1, 2, 3
    """
    return sql, [*zone, start, end, start, end, *channel_params, *variant_params]


_RAW_SQL = {
    DailySales.Kind.ONLINE: _online_raw_sql,
    DailySales.Kind.KIOSK: _kiosk_raw_sql,
    DailySales.Kind.REFUND: _returns_raw_sql,
}


def line_source_sql(source: str) -> str:
    """One row per sold line of the online shop or the kiosks: local day, channel, payment category, product,
    the order or receipt it belongs to, units, amount, VAT — what the daily summary sums (see services)."""
    if source == DailySales.Kind.ONLINE:
        return f"""
            SELECT (o.created_at AT TIME ZONE %s)::date AS day, o.channel_id,
                   COALESCE(pay.method, '{NONE}') AS payment, v.product_id, o.id AS doc,
                   l.quantity AS units, l.total_price_amount AS revenue, l.vat_amount AS vat
            FROM {OrderLine._meta.db_table} l JOIN {Order._meta.db_table} o ON o.id = l.order_id
            LEFT JOIN {ProductVariant._meta.db_table} v ON v.id = l.variant_id
            LEFT JOIN (
                SELECT DISTINCT ON (t.order_id) t.order_id,
                       CASE t.method WHEN '{PaymentMethod.STRIPE}' THEN '{CARD}' ELSE t.method END AS method
                FROM {TransactionItem._meta.db_table} t ORDER BY t.order_id, t.id
            ) pay ON pay.order_id = o.id
            WHERE o.created_at >= %s AND o.created_at < %s AND NOT (o.status = ANY(%s))
        """
    return f"""
        SELECT (s.created_at AT TIME ZONE %s)::date AS day, s.channel_id, pay.method AS payment, v.product_id,
               s.id AS doc, l.quantity AS units, l.total_amount AS revenue, l.vat_amount AS vat
        FROM {SaleLine._meta.db_table} l JOIN {Sale._meta.db_table} s ON s.id = l.sale_id
        JOIN {ProductVariant._meta.db_table} v ON v.id = l.variant_id
        JOIN (
            SELECT p.sale_id, CASE WHEN count(DISTINCT p.method) > 1 THEN '{SPLIT}' ELSE min(p.method) END AS method
            FROM {SalePayment._meta.db_table} p GROUP BY p.sale_id
        ) pay ON pay.sale_id = s.id
        WHERE s.created_at >= %s AND s.created_at < %s
    """


def line_source_params(source: str, zone: str, start, end) -> list:
    if source == DailySales.Kind.ONLINE:
        return [zone, start, end, list(NOT_SOLD)]
    return [zone, start, end]


def first_sale_day() -> datetime.date | None:
    """The local day of the first order or receipt (two queries), where a full summary starts."""
    firsts = [
        Order.objects.order_by("created_at").values_list("created_at", flat=True).first(),
        Sale.objects.order_by("created_at").values_list("created_at", flat=True).first(),
    ]
    firsts = [moment for moment in firsts if moment is not None]
    return timezone.localdate(min(firsts)) if firsts else None


def summarised_through() -> datetime.date | None:
    """The last day the daily summary holds in full, never today or later (today is still selling)."""
    return summary_coverage()[0]


def summary_coverage(products=None) -> tuple[datetime.date | None, datetime.datetime | None, list[int] | None]:
    """(summarised_through(), when the summary was last refreshed, the ids of `products` in order, when given) in
    one query; (None, None, None) before the first refresh."""
    coverage = SummaryCoverage.objects.all()
    columns = ["last_day", "refreshed_at"]
    if products is not None:
        coverage = coverage.annotate(product_ids=ArraySubquery(products.order_by("pk").values("pk")))
        columns.append("product_ids")
    row = coverage.values_list(*columns).first()
    if row is None:
        return None, None, None
    last, refreshed_at, *ids = row
    return min(last, timezone.localdate() - datetime.timedelta(days=1)), refreshed_at, ids[0] if ids else None


def next_month(day: datetime.date) -> datetime.date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def whole_months(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """(first month, month after the last) of the calendar months lying wholly within start…end, or None."""
    first = start if start.day == 1 else next_month(start)
    after_last = next_month(end) if next_month(end) - datetime.timedelta(days=1) == end else end.replace(day=1)
    return (first, after_last) if first < after_last else None


def whole_weeks(start: datetime.date, end: datetime.date, unit: str) -> tuple[list[datetime.date], list[datetime.date]]:
    """(the Mondays of the weeks lying wholly within start…end, the other days of start…end). By month, a week
    across a month's end is left as days, so each week falls in one bucket."""
    weeks, days = [], []
    day = start
    while day <= end:
        sunday = day + datetime.timedelta(days=6)
        if day.weekday() == 0 and sunday <= end and (unit != "month" or sunday.month == day.month):
            weeks.append(day)
            day += datetime.timedelta(days=7)
        else:
            days.append(day)
            day += datetime.timedelta(days=1)
    return weeks, days


def _summary_sql(filters: Filters, *, unit: str, by: str) -> tuple[str, list]:
    """The same rows as the raw reads, from the summary, for the three kinds in one statement:
    (kind, bucket, channel, key, orders, units, revenue, VAT), refunds with no orders and (unless by product) no
    key. Products over the whole period (the rankings) read the months lying wholly in it from
    `MonthlyProductTotals` (`MonthlyProductSales` when channels are chosen) and only the days of the months at
    its ends from `DailySales`."""
    channels, channel_params = _channel_filter(filters, "d.channel_id")
    products, product_params = "", []
    if _summary_products(filters) is not None:
        products, product_params = " AND d.product_id = ANY(%s)", [_summary_products(filters)]
    elif filters.narrows_products:
        products_sql, product_params = _products(filters).values("id").query.sql_with_params()
        products, product_params = f" AND d.product_id IN ({products_sql})", list(product_params)
    # The day's total rows count each order once; product rows are needed to narrow or to rank products.
    rows = " AND NOT d.is_total" if filters.narrows_products or by == "product" else " AND d.is_total"
    rows += products
    columns = f"d.kind, {_channel_column(by, 'd')}, d.{'payment' if by == 'payment' else 'product_id'} AS key"
    months = whole_months(filters.start, filters.end) if (by, unit) == ("product", "all") else None
    weeks, days = [], []
    if filters.narrows_products and by == "payment" and unit in ("week", "month"):
        weeks, days = whole_weeks(filters.start, filters.end, unit)
    if weeks:
        # A long period narrowed to some products: their whole weeks from `WeeklyProductSales`, only the other
        # days from `DailySales` (a year of the bench's largest OCOP group: 171,020 weekly rows instead of
        # 200,623 daily; sales are sparse, so a week folds few days of one product, channel and payment).
        figures = "sum(d.orders) AS orders, sum(d.units) AS units, sum(d.revenue) AS revenue, sum(d.vat) AS vat"
        source = f"""
            SELECT d.day AS day, {columns}, {figures} FROM {DailySales._meta.db_table} d
            WHERE d.day >= %s AND d.day <= %s AND d.day = ANY(%s::date[]) {channels} {rows}
            GROUP BY 1, 2, 3, 4
            UNION ALL
            SELECT d.week, {columns}, {figures} FROM {WeeklyProductSales._meta.db_table} d
            WHERE d.week >= %s AND d.week <= %s AND d.week = ANY(%s::date[]) {channels} {products}
            GROUP BY 1, 2, 3, 4
        """
        # The ranges as well as the lists, so each product's index entries are read for the period alone.
        params = [filters.start, filters.end, days, *channel_params, *product_params]
        params += [weeks[0], weeks[-1], weeks, *channel_params, *product_params]
    elif months is None:
        # Days first, then weeks or months: grouping by the plain columns lets the planner hash the rows (it
        # cannot tell how few weeks there are and would sort them, on disk, for a year of a large group).
        day = "NULL::date" if unit == "all" else "d.day"
        source = f"""
            SELECT {day} AS day, {columns}, sum(d.orders) AS orders, sum(d.units) AS units,
                   sum(d.revenue) AS revenue, sum(d.vat) AS vat
            FROM {DailySales._meta.db_table} d
            WHERE d.day >= %s AND d.day <= %s {channels} {rows}
            GROUP BY 1, 2, 3, 4
        """
        params = [filters.start, filters.end, *channel_params, *product_params]
    else:
        figures = "d.orders, d.units, d.revenue, d.vat"
        # Without a channel filter the months come with their channels already added together (half the rows).
        monthly = MonthlyProductSales if filters.channel_ids is not None else MonthlyProductTotals
        source = f"""
            SELECT NULL::date AS day, {columns}, {figures} FROM {DailySales._meta.db_table} d
            WHERE ((d.day >= %s AND d.day < %s) OR (d.day >= %s AND d.day <= %s)) {channels} {rows}
            UNION ALL
            SELECT NULL::date, d.kind, NULL::int, d.product_id, {figures} FROM {monthly._meta.db_table} d
            WHERE d.month >= %s AND d.month < %s {channels} {products}
        """
        params = [filters.start, months[0], months[1], filters.end, *channel_params, *product_params]
        params += [*months, *channel_params, *product_params]
    bucket = "NULL::date" if unit == "all" else f"(date_trunc('{unit}', d.day))::date"
    # A refund row has no payment category (''): its key is None, as the raw read of returns gives.
    key = "NULLIF(key, '')" if by == "payment" else "key"
    sql = f"""
        SELECT kind, {bucket} AS bucket, channel_id, {key} AS key, sum(orders) AS orders, sum(units) AS units,
               sum(revenue) AS revenue, sum(vat) AS vat
        FROM ({source}) d
        GROUP BY 1, 2, 3, 4
    """
    return sql, params


def _summary_products(filters: Filters) -> list[int] | None:
    """The ids of the products the filters name, when they were read with the coverage for these days' last (the
    summary's reads end there), else None (they are read inside the statement)."""
    if filters.summary_products is None or filters.summary_products[0] != filters.end:
        return None
    return filters.summary_products[1]


def _raw_part_sql(kind: str, filters: Filters, *, unit: str, by: str) -> tuple[str, list]:
    """One kind's rows from the records in the columns of `_summary_sql` (kind first; a refund has no orders)."""
    sql, params = _RAW_SQL[kind](filters, unit=unit, by=by)
    if kind == DailySales.Kind.REFUND:
        figures = "0 AS orders, units, refunds AS revenue, vat"
    else:
        figures = "orders, units, revenue, vat"
    return f"SELECT '{kind}'::text AS kind, bucket, channel_id, key, {figures} FROM ({sql}) r", params


def _raw(filters: Filters, *, unit: str, by: str) -> dict[str, list[tuple]]:
    """The rows of the three kinds read from the records (three queries), as `_read` gives them."""
    return {kind: _run(*build(filters, unit=unit, by=by)) for kind, build in _RAW_SQL.items()}


def _read(filters: Filters, *, unit: str, by: str) -> dict[str, list[tuple]]:
    """Per kind (online, kiosk, refund) the rows of the filters' days, keyed by bucket, channel and payment
    category or product: (bucket, channel, key, orders, units, revenue, VAT) for sales, (bucket, channel, key,
    units, refunds, VAT) for refunds. One statement: the days the summary covers from it, later days — today —
    from the records (on their created_at indexes), the rows of one bucket added together by PostgreSQL. The
    summary's rows, once read, are kept until its next refresh (`_summary_cache_key`): then only the records'
    days are read."""
    through = summarised_through() if filters.summary_through is UNSET else filters.summary_through
    summary_part, cache_key, summary_rows = None, None, None
    if through is None or through < filters.start:
        later = filters
    else:
        summary_filters = filters.with_days(filters.start, min(through, filters.end))
        summary_part = _summary_sql(summary_filters, unit=unit, by=by)
        cache_key = _summary_cache_key(summary_filters, summary_part)
        if cache_key is not None:
            summary_rows = caches["dashboard-sales"].get(cache_key)
        later = filters.with_days(through + datetime.timedelta(days=1), filters.end) if filters.end > through else None
    records_parts = [_raw_part_sql(kind, later, unit=unit, by=by) for kind in _RAW_SQL] if later is not None else []
    if summary_part is None:
        rows = _added(records_parts)[0]
    elif summary_rows is not None:
        rows = _merged(summary_rows, _added(records_parts)[0] if records_parts else [])
    elif cache_key is None:
        rows = _added([summary_part, *records_parts])[0]
    else:
        # Still one statement: the summary's rows and the records' rows apart, the former to be kept.
        summary_rows, records_rows = (
            _added([summary_part], records_parts) if records_parts else [*_added([summary_part]), []]
        )
        caches["dashboard-sales"].set(cache_key, summary_rows)
        rows = _merged(summary_rows, records_rows)
    out = {kind: [] for kind in DailySales.Kind.values}
    for kind, *row in rows:
        out[kind].append(tuple(row) if kind != DailySales.Kind.REFUND else (*row[:3], *row[4:]))
    return out


def _added(*groups: list[tuple[str, list]]) -> list[list[tuple]]:
    """For each group of parts, its rows with those of one (kind, bucket, channel, key) added together: one
    statement for all the groups."""
    selects = [
        f"""
        SELECT {number} AS part, kind, bucket, channel_id, key, COALESCE(sum(orders), 0)::bigint,
               COALESCE(sum(units), 0)::bigint, COALESCE(sum(revenue), 0)::bigint, COALESCE(sum(vat), 0)::bigint
        FROM ({" UNION ALL ".join(f"({part})" for part, _params in parts)}) rows
        GROUP BY 2, 3, 4, 5
        """
        for number, parts in enumerate(groups)
    ]
    out = [[] for _group in groups]
    for number, *row in _run(" UNION ALL ".join(selects), [p for parts in groups for _sql, ps in parts for p in ps]):
        out[number].append(tuple(row))
    return out


def _merged(first: list[tuple], second: list[tuple]) -> list[tuple]:
    """Two lists of `_added` rows as one, the figures of one (kind, bucket, channel, key) added together: what
    `_added` gives for both lists' parts at once (every figure is a whole number, so the sums are the same)."""
    if not second:
        return first
    merged = {row[:4]: list(row[4:]) for row in first}
    for row in second:
        figures = merged.get(row[:4])
        if figures is None:
            merged[row[:4]] = list(row[4:])
        else:
            for index, value in enumerate(row[4:]):
                figures[index] += value
    return [(*key, *figures) for key, figures in merged.items()]


def _summary_cache_key(filters: Filters, part: tuple[str, list]) -> str | None:
    """The "dashboard-sales" cache key of the summary's rows of `part`, or None when they may not be kept.
    Exact, never stale: the summary holds only past, complete days (today is read from the records on every
    page), its only writer (`services.refresh_daily_sales`) stamps `SummaryCoverage.refreshed_at` in the same
    transaction, and the key holds that stamp with the statement and its parameters, so a refresh makes new keys.
    A read narrowed to products is kept only when it names the products by their ids (`_summary_products`, read
    with the coverage): which products a group, producer or star level holds may change at any time, and the ids
    are then among the statement's parameters, so in the key."""
    if filters.summary_refreshed_at is None or (filters.narrows_products and _summary_products(filters) is None):
        return None
    sql, params = part
    return hashlib.sha256(repr((filters.summary_refreshed_at.isoformat(), sql, params)).encode()).hexdigest()


# --- sales by channel and period ---------------------------------------------------------------------------


def sales_channels(filters: Filters | None = None) -> list[Channel]:
    """The channels a figure lists: online first, then each kiosk, by name (one query)."""
    channels = Channel.objects.order_by("name")
    if filters is not None and filters.channel_ids is not None:
        channels = channels.filter(pk__in=filters.channel_ids)
    return sorted(channels, key=lambda channel: (channel.kind != Channel.Kind.ONLINE, channel.name))


def sales_by_channel(facts: "SalesFacts") -> dict[int, Totals]:
    """Orders (online orders and kiosk receipts), units, revenue and VAT of the days, per channel id, from the
    sales read once (`sales_facts`). Returns are taken off the channel that sold the goods."""
    totals: dict[int, Totals] = defaultdict(Totals)
    for point in facts.points:
        totals[point.channel_id].add(point.totals)
    for refund in facts.refunds:
        totals[refund.channel_id].add(Totals(0, -refund.units, -refund.amount, -refund.vat))
    return dict(totals)


@dataclass
class PeriodFigures:
    """One period (today, this week, this month) against the same days of the one before, per channel."""

    key: str
    start: datetime.date
    end: datetime.date
    previous_start: datetime.date
    previous_end: datetime.date
    current: dict[int, Totals]
    previous: dict[int, Totals]


def _shift_month(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (earlier when negative), clipped to the length of that month."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def period_windows(
    today: datetime.date,
) -> list[tuple[str, datetime.date, datetime.date, datetime.date, datetime.date]]:
    """(key, start, end, previous start, previous end): today/yesterday; this week/the same days of last week
    (weeks start on Monday); this month/the same days of last month (clipped to its length)."""
    week_start = today - datetime.timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    previous_month_start = _shift_month(month_start, -1)
    return [
        ("today", today, today, today - datetime.timedelta(days=1), today - datetime.timedelta(days=1)),
        ("week", week_start, today, week_start - datetime.timedelta(days=7), today - datetime.timedelta(days=7)),
        ("month", month_start, today, previous_month_start, _shift_month(today, -1)),
    ]


def period_comparison(filters: Filters, today: datetime.date) -> list[PeriodFigures]:
    """Today, this week and this month against the period before, per channel, from one day-by-day read."""
    windows = period_windows(today)
    first = min(window[3] for window in windows)
    span = filters.with_days(first, today)
    daily: dict[tuple[datetime.date, int], Totals] = defaultdict(Totals)
    read = _read(span, unit="day", by="payment")
    for kind in (DailySales.Kind.ONLINE, DailySales.Kind.KIOSK):
        for day, channel_id, _key, orders, units, revenue, vat in read[kind]:
            daily[day, channel_id].add(Totals(orders, units, revenue, vat))
    for day, channel_id, _key, units, refunds, vat in read[DailySales.Kind.REFUND]:
        daily[day, channel_id].add(Totals(0, -units, -refunds, -int(vat)))

    def between(start, end) -> dict[int, Totals]:
        out: dict[int, Totals] = defaultdict(Totals)
        for (day, channel_id), totals in daily.items():
            if start <= day <= end:
                out[channel_id].add(totals)
        return dict(out)

    return [
        PeriodFigures(
            key, start, end, previous_start, previous_end, between(start, end), between(previous_start, previous_end)
        )
        for key, start, end, previous_start, previous_end in windows
    ]


def change_percent(current: int, previous: int) -> int | None:
    """The change in whole percent, rounded half away from zero; None when there was nothing before."""
    if not previous:
        return None
    difference = (current - previous) * 100
    sign = 1 if difference >= 0 else -1
    return sign * ((abs(difference) * 2 + abs(previous)) // (2 * abs(previous)))


# --- what sold ------------------------------------------------------------------------------------------------


@dataclass
class ProductSales:
    product_id: int | None
    units: int = 0
    revenue: int = 0


def _sales_by_product(filters: Filters) -> dict[int | None, ProductSales]:
    """Units and revenue per product id, net of kiosk and online returns (one query of the summary, three of the
    records for the days it does not cover yet); None: a deleted variant."""
    sold: dict[int | None, ProductSales] = {}
    read = _read(filters, unit="all", by="product")
    for kind in (DailySales.Kind.ONLINE, DailySales.Kind.KIOSK):
        for _day, _channel, product_id, _orders, units, revenue, _vat in read[kind]:
            entry = sold.setdefault(product_id, ProductSales(product_id))
            entry.units += units
            entry.revenue += revenue
    for _day, _channel, product_id, units, refunds, _vat in read[DailySales.Kind.REFUND]:
        entry = sold.setdefault(product_id, ProductSales(product_id))
        entry.units -= units
        entry.revenue -= refunds
    return sold


@dataclass
class ProductBook:
    """What sold per product, with each product's name, producer, OCOP group and stars: read once, ranked
    four ways (products, producers, groups, stars)."""

    sold: dict
    facts: dict


def product_sales(filters: Filters) -> ProductBook:
    """Sales per product net of returns, and the facts to group them by (three queries; three more when the
    period reaches today)."""
    sold = _sales_by_product(filters)
    return ProductBook(sold, _product_facts(list(sold), filters.end))


@dataclass
class Ranked:
    """A row of a "top" table: what it is, the id behind its link, units and revenue."""

    label: str
    key: int | str | None
    units: int = 0
    revenue: int = 0
    extra: dict = field(default_factory=dict)


def _one_of(ids: list[int]) -> RawSQL:
    """The ids as one array parameter, for `__in`. A long period sells thousands of products, and
    `IN (%s, %s, …)` with one placeholder per id cost the client library ~35 ms a query to scan and fill
    (psycopg's query splitting; measured with cProfile on 2,000 ids)."""
    return RawSQL("SELECT unnest(%s::bigint[])", (ids,))


def _product_facts(product_ids, day: datetime.date) -> dict[int, dict]:
    """Name, producer, OCOP group and current stars of each product (two queries; plain rows, no model objects:
    a long period sells thousands of products)."""
    known = [pk for pk in product_ids if pk is not None]
    products = (
        Product.objects.filter(pk__in=_one_of(known))
        .order_by()  # a dict by id: the products' default order by name would only sort ~2,000 rows for nothing
        .annotate(**catalogue_selectors.product_kind_expressions(today=day))
        .values_list(
            "pk",
            "name",
            "producer_id",
            "producer__name",
            "category_id",
            "category__name",
            "category__parent_id",
            "category__parent__name",
            "is_startup",
            "ocop_stars",
            "cnnt_level",
        )
    )
    stars = dict(
        OcopCertificate.objects.valid_on(day)
        .filter(product_id__in=_one_of(known))
        .values("product_id")
        .annotate(top=Max("stars"))
        .values_list("product_id", "top")
    )
    facts = {}
    for pk, name, producer_id, producer, category_id, category, parent_id, parent, *kind_facts in products:
        facts[pk] = {
            "name": name,
            "producer": (producer_id, producer),
            "group": (parent_id, parent) if parent_id else (category_id, category),
            "stars": stars.get(pk),
            "kinds": catalogue_selectors.kinds_of(SimpleNamespace(**dict(zip(KIND_FACTS, kind_facts, strict=True)))),
        }
    return facts


def _ranked(book: ProductBook, keyer, *, limit: int | None) -> list[Ranked]:
    # Plain [units, revenue, label] lists while adding up, and a Ranked for the rows shown only: ranking products
    # has a row per product, thousands over a long period, of which the page shows ten.
    sums: dict = {}
    for product_id, entry in book.sold.items():
        key, label = keyer(product_id, book.facts.get(product_id))
        row = sums.get(key)
        if row is None:
            sums[key] = [entry.units, entry.revenue, label]
        else:
            row[0] += entry.units
            row[1] += entry.revenue

    def order(item):
        _key, (units, revenue, label) = item
        return -revenue, -units, str(label)

    # nsmallest(n) is sorted()[:n], ties kept in the same order, without sorting every row.
    items = heapq.nsmallest(limit, sums.items(), key=order) if limit else sorted(sums.items(), key=order)
    return [Ranked(label=label, key=key, units=units, revenue=revenue) for key, (units, revenue, label) in items]


UNKNOWN = "—"


def top_products(book: ProductBook, limit: int | None = TOP_ROWS) -> list[Ranked]:
    """Products by revenue, net of returns."""
    return _ranked(book, lambda pk, facts: (pk, facts["name"] if facts else UNKNOWN), limit=limit)


def top_producers(book: ProductBook, limit: int | None = TOP_ROWS) -> list[Ranked]:
    """Producers by revenue of their goods."""
    return _ranked(book, lambda pk, facts: facts["producer"] if facts else (None, UNKNOWN), limit=limit)


def sales_by_group(book: ProductBook, limit: int | None = None) -> list[Ranked]:
    """OCOP groups (top-level categories, subgroups folded in) by revenue."""
    return _ranked(book, lambda pk, facts: facts["group"] if facts else (None, UNKNOWN), limit=limit)


def sales_by_stars(book: ProductBook) -> list[Ranked]:
    """Star levels (3, 4, 5; None: no certificate in force on the last day), most stars first."""
    rows = _ranked(book, lambda pk, facts: ((facts or {}).get("stars"),) * 2, limit=None)
    return sorted(rows, key=lambda row: -(row.key or 0))


KIND_FACTS = ("is_startup", "ocop_stars", "cnnt_level")
KIND_LABELS = {
    catalogue_selectors.KIND_STARTUP: _("Sản phẩm khởi nghiệp"),
    catalogue_selectors.KIND_OCOP: _("Sản phẩm OCOP"),
    catalogue_selectors.KIND_RURAL_INDUSTRY: _("Sản phẩm CNNT tiêu biểu"),
}


def sales_by_kind(book: ProductBook) -> list[Ranked]:
    """The programme's three kinds of product (catalogue.selectors.kinds_of, as on the last day of the period),
    then those of none. A product of two kinds counts in both rows, so the rows may add up to more than the
    total."""
    rows = {kind: Ranked(label=str(label), key=kind) for kind, label in KIND_LABELS.items()}
    rows[None] = Ranked(label=str(_("Chưa thuộc loại nào")), key=None)
    for product_id, entry in book.sold.items():
        for kind in (book.facts.get(product_id) or {}).get("kinds") or [None]:
            rows[kind].units += entry.units
            rows[kind].revenue += entry.revenue
    return list(rows.values())


# --- payments and sales over time -----------------------------------------------------------------------------


def bucket_unit(filters: Filters) -> str:
    """Days up to two months, weeks up to a year, months beyond."""
    days = (filters.end - filters.start).days + 1
    return "day" if days <= 62 else "week" if days <= 366 else "month"


@dataclass
class SeriesPoint:
    """Sales of one period, channel and payment category (before returns)."""

    day: datetime.date
    channel_id: int
    payment: str
    totals: Totals

    @property
    def revenue(self) -> int:
        return self.totals.revenue


@dataclass
class RefundPoint:
    """Returns (kiosk and online) of one period and channel: units back, money refunded, the VAT inside it."""

    day: datetime.date
    channel_id: int
    units: int
    amount: int
    vat: int


@dataclass
class SalesFacts:
    unit: str  # "day", "week" or "month"
    points: list[SeriesPoint]
    refunds: list[RefundPoint]


def sales_facts(filters: Filters) -> SalesFacts:
    """The filtered sales by period (days up to two months, weeks up to a year, months beyond), channel and
    payment category, and the kiosk and online refunds by period and channel (one query; three more when the period
    reaches today). Each order or receipt falls in
    one period, channel and category, so these rows add up to every figure of the period: by channel, by payment
    and over time."""
    unit = bucket_unit(filters)
    read = _read(filters, unit=unit, by="payment")
    points = [
        SeriesPoint(day, channel_id, payment or NONE, Totals(orders, units, revenue, vat))
        for kind in (DailySales.Kind.ONLINE, DailySales.Kind.KIOSK)
        for day, channel_id, payment, orders, units, revenue, vat in read[kind]
    ]
    refunds = [
        RefundPoint(day, channel_id, units, amount, int(vat))
        for day, channel_id, _key, units, amount, vat in read[DailySales.Kind.REFUND]
    ]
    return SalesFacts(
        unit,
        sorted(points, key=lambda p: (p.day, p.channel_id, p.payment)),
        sorted(refunds, key=lambda r: (r.day, r.channel_id)),
    )


def payment_mix(facts: SalesFacts) -> dict[str, Totals]:
    """Orders and receipts, and their amounts, per payment category (returns not taken off)."""
    mix = {category: Totals() for category in PAYMENT_CATEGORIES}
    for point in facts.points:
        mix[point.payment].add(point.totals)
    return mix


# --- stock ------------------------------------------------------------------------------------------------------


@dataclass
class LocationStock:
    warehouse: Warehouse
    units: int
    value: int
    negative_lines: int
    sold_in_window: int

    @property
    def days_of_cover(self) -> int | None:
        """Days the stock on hand lasts at the last 30 days' pace (whole days, rounded down)."""
        if self.sold_in_window <= 0:
            return None
        return self.units * COVER_WINDOW_DAYS // self.sold_in_window


def stock_by_location(now: datetime.datetime | None = None) -> list[LocationStock]:
    """Per physical place: units on hand (negatives counted as 0), their value at the place's own selling price
    (VAT included; an item with no price there counts 0), lines below zero, units sold in the last 30 days
    (kiosk sales and online parcels, less returns). Two queries: the places, then one statement for the
    figures (each place's prices joined once rather than looked up per balance; the 30 days' movements read
    from the movement_out_and_back_by_time index)."""
    now = now or timezone.now()
    places = list(Warehouse.objects.filter(kind__in=Warehouse.PHYSICAL_KINDS).order_by("kind", "name"))
    through = Channel.warehouses.through._meta.db_table
    reason = StockMovement.Reason
    sql = f"""
        WITH price AS (
            SELECT cw.warehouse_id, vl.variant_id, min(vl.price_amount) AS amount
            FROM {ProductVariantChannelListing._meta.db_table} vl
            JOIN {through} cw ON cw.channel_id = vl.channel_id
            WHERE cw.warehouse_id = ANY(%(places)s)
            GROUP BY 1, 2
        ), on_hand AS (
            SELECT st.warehouse_id AS place, sum(GREATEST(st.quantity, 0)) AS units,
                   sum(GREATEST(st.quantity, 0) * COALESCE(price.amount, 0)) AS value,
                   count(*) FILTER (WHERE st.quantity < 0) AS negative
            FROM {Stock._meta.db_table} st
            LEFT JOIN price ON price.warehouse_id = st.warehouse_id AND price.variant_id = st.product_variant_id
            WHERE st.warehouse_id = ANY(%(places)s)
            GROUP BY 1
        ), sold AS (
            SELECT CASE WHEN m.reason = '{reason.RETURN}' THEN m.destination_id ELSE m.source_id END AS place,
                   sum(CASE WHEN m.reason = '{reason.RETURN}' THEN -m.quantity ELSE m.quantity END) AS units
            FROM {StockMovement._meta.db_table} m
            WHERE m.reason IN ('{reason.SALE}', '{reason.FULFILMENT}', '{reason.RETURN}')
              AND m.created_at >= %(since)s AND m.created_at < %(now)s
            GROUP BY 1
        )
        SELECT p.place, COALESCE(on_hand.units, 0), COALESCE(on_hand.value, 0), COALESCE(on_hand.negative, 0),
               COALESCE(sold.units, 0)
        FROM unnest(%(places)s) AS p(place)
        LEFT JOIN on_hand USING (place) LEFT JOIN sold USING (place)
    """
    params = {"places": [place.pk for place in places], "since": now - datetime.timedelta(days=COVER_WINDOW_DAYS)}
    figures = {row[0]: row[1:] for row in _run(sql, params | {"now": now})}
    return [
        LocationStock(place, int(units), int(value), negative, int(sold))
        for place in places
        for units, value, negative, sold in [figures[place.pk]]
    ]


def negative_stock(limit: int = TOP_ROWS) -> tuple[int, list[Stock]]:
    """How many (place, item) balances are below zero, and the worst of them (two queries)."""
    below = Stock.objects.filter(quantity__lt=0, warehouse__kind__in=Warehouse.PHYSICAL_KINDS)
    return below.count(), list(
        below.select_related("warehouse", "product_variant__product").order_by("quantity", "pk")[:limit]
    )


def low_stock_alerts() -> list:
    """Items at or below their low-stock threshold at an active physical place (one query)."""
    return low_stock(Warehouse.objects.filter(kind__in=Warehouse.PHYSICAL_KINDS, is_active=True))


# --- work waiting -------------------------------------------------------------------------------------------


# Orders whose parcel reached the customer: the courier collected the cash, even when goods came back since (their
# refund is paid once that cash is recorded, see payments.services.refund_order_return).
HANDED_OVER = (
    OrderStatus.FULFILLED,
    OrderStatus.PARTIALLY_FULFILLED,
    OrderStatus.PARTIALLY_RETURNED,
    OrderStatus.RETURNED,
)


def orders_to_chase() -> dict[str, Totals]:
    """Unpaid money to chase (one query): VietQR orders still waiting for the transfer, and cash-on-delivery
    orders handed over (wholly or partly, returned since or not) without the money recorded; "orders" counts them,
    "revenue" is what is still owed (total less charged)."""
    # The status__in repeats what the two cases below say, so the planner sees the order_money_to_chase index.
    unpaid = Order.objects.exclude(charge_status__in=["full", "overcharged"]).filter(
        status__in=[OrderStatus.UNCONFIRMED, *HANDED_OVER]
    )
    rows = (
        unpaid.filter(
            Q(status=OrderStatus.UNCONFIRMED, transactions__method=PaymentMethod.VIETQR)
            | Q(status__in=HANDED_OVER, transactions__method=PaymentMethod.CASH_ON_DELIVERY)
        )
        .values("transactions__method")
        .annotate(orders=Count("pk", distinct=True), owed=Sum("total_amount") - Sum("total_charged_amount"))
    )
    chase = {PaymentMethod.VIETQR.value: Totals(), PaymentMethod.CASH_ON_DELIVERY.value: Totals()}
    for row in rows:
        chase[row["transactions__method"]] = Totals(orders=row["orders"], revenue=row["owed"] or 0)
    return chase


def waiting_for_review() -> dict[str, int]:
    """New products sent for review and changes to published ones waiting (two counts, one query)."""
    products = Product.objects.filter(status=Product.Status.IN_REVIEW).count()
    revisions = ProductRevision.objects.filter(status=ProductRevision.Status.SUBMITTED).count()
    return {"products": products, "revisions": revisions}


def unmatched_bank_notifications() -> Totals:
    """Bank notifications no order was found for: how many and their sum (one query)."""
    row = BankNotification.objects.filter(status=BankNotification.Status.UNMATCHED).aggregate(
        count=Count("pk"), amount=Sum("amount")
    )
    return Totals(orders=row["count"], revenue=row["amount"] or 0)


# --- the cards that do not depend on the filters ---------------------------------------------------------------


@dataclass
class StockAndWork:
    """The dashboard's stock table and alerts and its money to chase: the same whatever the filters say."""

    stock: list[LocationStock]
    negative_count: int
    negative_rows: list[Stock]
    low: list
    chase: dict[str, Totals]


STOCK_AND_WORK_KEY = "stock-and-work"


def stock_and_work() -> StockAndWork:
    """Stock per place, stock alerts and money to chase (six queries), read at most once a minute per server
    process (the "dashboard" cache; XQ_DASHBOARD_CACHE_SECONDS): they are the page's dearest reads (~90 ms for
    the money to chase, ~40 ms for stock value, ~35 ms for the alerts at 200,000 orders and 20,000 balances) and
    none depends on the filters, so every page view and filter change within the minute reuses them. Safe to
    show a minute late: they are a to-do list and a snapshot of stock, not the period's sales (which are always
    read fresh); each links to the live list it counts; stock changes only by movements, which the lists and
    the stock pages show at once. Downloads (ton-kho) read stock live."""
    cache = caches["dashboard"]
    state = cache.get(STOCK_AND_WORK_KEY)
    if state is None:
        negative_count, negative_rows = negative_stock()
        state = StockAndWork(stock_by_location(), negative_count, negative_rows, low_stock_alerts(), orders_to_chase())
        cache.set(STOCK_AND_WORK_KEY, state)
    return state
