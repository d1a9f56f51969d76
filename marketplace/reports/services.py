"""Writes of the reports app: a table asked for as a file and the job that makes it; the daily sales summary."""

import datetime

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError
from marketplace.core.maintenance import vacuum_analyze
from marketplace.core.validation import validated_save
from marketplace.reports import selectors, tables, tasks
from marketplace.reports.models import (
    DailySales,
    MonthlyProductSales,
    MonthlyProductTotals,
    ReportExport,
    SummaryCoverage,
    WeeklyProductSales,
)
from marketplace.reports.selectors import Filters

# Days the hourly refresh re-reads: a late change (an order cancelled, a receipt synced from an offline till)
# reaches the summary within this window; older days stay as summed (a full refresh re-reads any range).
REFRESH_DAYS = 62


@transaction.atomic
def request_report_export(*, user, table: str, filters: Filters, file_format: str) -> ReportExport:
    """Ask for a dashboard table as a CSV or XLSX file; a worker makes it (see build_report_export). Managers only."""
    if not (user.is_authenticated and user.is_manager):
        raise DomainError(_("Chỉ quản lý chương trình được xuất báo cáo."), code="not_manager")
    if table not in tables.BUILDERS:
        raise DomainError(_("Không có bảng báo cáo này."), code="invalid", field="table")
    if file_format not in ReportExport.FileFormat.values:
        raise DomainError(_("Định dạng tệp không hợp lệ."), code="invalid", field="file_format")
    export = validated_save(
        ReportExport(table=table, filters=filters.as_json(), file_format=file_format, requested_by=user)
    )
    tasks.build_report_export.defer(export_id=export.pk, language=translation.get_language() or "vi")
    return export


def _progress(export: ReportExport, percent: int) -> None:
    ReportExport.objects.filter(pk=export.pk).update(progress=percent)


def build_report_export(export_id: int, language: str = "vi") -> ReportExport:
    """Read the table, render it in the asker's language and mark the export ready, noting progress on the way.

    Should it fail, the export is marked failed (the page says so) and the error reaches the job.
    """
    export = ReportExport.objects.get(pk=export_id)
    if export.status == ReportExport.Status.READY:
        return export
    try:
        _progress(export, 10)
        with translation.override(language):
            table = tables.build_table(export.table, Filters.from_json(export.filters))
            _progress(export, 60)
            render, _content_type = tables.RENDERERS[export.file_format]
            content = render(table)
        export.file.save(f"{export.table}.{export.file_format}", ContentFile(content), save=False)
    except Exception:
        ReportExport.objects.filter(pk=export.pk).update(status=ReportExport.Status.FAILED)
        raise
    export.status = ReportExport.Status.READY
    export.progress = 100
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "progress", "finished_at"])
    return export


def _summary_insert(source: str) -> str:
    """INSERT … SELECT of one source's day, channel, payment and product rows, and of its per-day totals (no product),
    through GROUPING SETS: the totals count each order once."""
    if source == DailySales.Kind.REFUND:
        select = (
            "SELECT day, channel_id, '' AS payment, product_id, GROUPING(product_id) = 1, 0, sum(units), sum(revenue),"
            " sum(vat) FROM ("
            " SELECT (r.created_at AT TIME ZONE %s)::date AS day, r.channel_id, v.product_id,"
            " r.quantity AS units, r.refund_amount AS revenue,"
            " round(r.refund_amount * r.vat_rate / (100 + r.vat_rate)) AS vat"
            f" FROM ({selectors.returns_source_sql()}) r"
            f" LEFT JOIN {selectors.ProductVariant._meta.db_table} v ON v.id = r.variant_id) x"
            " GROUP BY GROUPING SETS ((day, channel_id, product_id), (day, channel_id))"
        )
    else:
        select = (
            "SELECT day, channel_id, payment, product_id, GROUPING(product_id) = 1, count(DISTINCT doc), sum(units),"
            " sum(revenue), sum(vat)"
            f" FROM ({selectors.line_source_sql(source)}) x"
            " GROUP BY GROUPING SETS ((day, channel_id, payment, product_id), (day, channel_id, payment))"
        )
    return (
        f"INSERT INTO {DailySales._meta.db_table}"
        " (kind, day, channel_id, payment, product_id, is_total, orders, units, revenue, vat)"
        f" SELECT '{source}', * FROM ({select}) summed"
    )


def _refresh_months(cursor, first_day, last_day) -> int:
    """Add up again, from the daily product rows, every month the days first_day…last_day fall in (whole months,
    so a month is complete once its last day has been summed), per channel and with the channels added together;
    returns the rows written."""
    first_month = first_day.replace(day=1)
    after_last_month = selectors.next_month(last_day)
    MonthlyProductSales.objects.filter(month__gte=first_month, month__lt=after_last_month).delete()
    MonthlyProductTotals.objects.filter(month__gte=first_month, month__lt=after_last_month).delete()
    cursor.execute(
        f"INSERT INTO {MonthlyProductSales._meta.db_table}"
        " (month, kind, channel_id, product_id, orders, units, revenue, vat)"
        " SELECT date_trunc('month', d.day)::date, d.kind, d.channel_id, d.product_id, sum(d.orders), sum(d.units),"
        " sum(d.revenue), sum(d.vat)"
        f" FROM {DailySales._meta.db_table} d"
        " WHERE NOT d.is_total AND d.day >= %s AND d.day < %s"
        " GROUP BY 1, 2, 3, 4",
        [first_month, after_last_month],
    )
    written = cursor.rowcount
    # The same months with the channels added together (what a page without a channel filter ranks).
    cursor.execute(
        f"INSERT INTO {MonthlyProductTotals._meta.db_table} (month, kind, product_id, orders, units, revenue, vat)"
        " SELECT m.month, m.kind, m.product_id, sum(m.orders), sum(m.units), sum(m.revenue), sum(m.vat)"
        f" FROM {MonthlyProductSales._meta.db_table} m"
        " WHERE m.month >= %s AND m.month < %s"
        " GROUP BY 1, 2, 3",
        [first_month, after_last_month],
    )
    return written + cursor.rowcount


def _refresh_weeks(cursor, first_day, last_day) -> int:
    """Add up again, from the daily product rows, every week (Monday to Sunday) the days first_day…last_day fall
    in, per channel, payment category and product; returns the rows written."""
    first_week = first_day - datetime.timedelta(days=first_day.weekday())
    after_last_week = last_day + datetime.timedelta(days=7 - last_day.weekday())
    WeeklyProductSales.objects.filter(week__gte=first_week, week__lt=after_last_week).delete()
    cursor.execute(
        f"INSERT INTO {WeeklyProductSales._meta.db_table}"
        " (week, kind, channel_id, payment, product_id, orders, units, revenue, vat)"
        " SELECT date_trunc('week', d.day)::date, d.kind, d.channel_id, d.payment, d.product_id, sum(d.orders),"
        " sum(d.units), sum(d.revenue), sum(d.vat)"
        f" FROM {DailySales._meta.db_table} d"
        " WHERE NOT d.is_total AND d.day >= %s AND d.day < %s"
        " GROUP BY 1, 2, 3, 4, 5",
        [first_week, after_last_week],
    )
    return cursor.rowcount


@transaction.atomic
def refresh_daily_sales(first_day, last_day) -> int:
    """Sum the local days first_day…last_day again from the orders, receipts and returns, replacing what the
    summary held for them, and extend its coverage; returns the rows written. Only complete days are kept:
    today and later are never summed (the dashboard reads them from the records)."""
    last_day = min(last_day, timezone.localdate() - datetime.timedelta(days=1))
    if last_day < first_day:
        return 0
    coverage = SummaryCoverage.objects.select_for_update().first()
    if coverage is not None and first_day > coverage.last_day + datetime.timedelta(days=1):
        first_day = coverage.last_day + datetime.timedelta(days=1)  # never leave a gap in what it covers
    DailySales.objects.filter(day__gte=first_day, day__lte=last_day).delete()
    start, end = selectors.local_bounds(first_day, last_day)
    zone = str(timezone.get_default_timezone())
    written = 0
    with connection.cursor() as cursor:
        for source in (DailySales.Kind.ONLINE, DailySales.Kind.KIOSK):
            cursor.execute(_summary_insert(source), selectors.line_source_params(source, zone, start, end))
            written += cursor.rowcount
        cursor.execute(_summary_insert(DailySales.Kind.REFUND), [zone, start, end, start, end])
        written += cursor.rowcount
        written += _refresh_months(cursor, first_day, last_day)
        written += _refresh_weeks(cursor, first_day, last_day)
    if coverage is None:
        SummaryCoverage.objects.create(last_day=last_day)
    else:
        # Every refresh, even of days already covered, stamps refreshed_at: the dashboard keys its cached reads of
        # the summary by it (selectors._cached_summary_rows).
        coverage.last_day = max(last_day, coverage.last_day)
        coverage.save(update_fields=["last_day", "refreshed_at"])
    return written


def refresh_recent_daily_sales() -> int:
    """The hourly job: the last REFRESH_DAYS complete days (all days back to the first sale the first time), then
    the summaries vacuumed (`vacuum_summaries`)."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    if not SummaryCoverage.objects.exists():
        first = selectors.first_sale_day()
        written = refresh_daily_sales(first, yesterday) if first else 0
    else:
        written = refresh_daily_sales(yesterday - datetime.timedelta(days=REFRESH_DAYS - 1), yesterday)
    vacuum_summaries()
    return written


SUMMARY_MODELS = (DailySales, WeeklyProductSales, MonthlyProductSales, MonthlyProductTotals)


def vacuum_summaries() -> None:
    """VACUUM (ANALYZE) the sales summaries once a refresh has rewritten their recent rows (core.maintenance), so the
    dashboard reads them from their covering indexes alone and plans with their current sizes: a year of the bench's
    largest OCOP group read its 171,026 weekly rows in 31 ms from the index alone, against 138-396 ms with a table
    visit each (docs/performance.md, "Seventh round"); and without statistics that year took 1.4 s."""
    vacuum_analyze(*SUMMARY_MODELS)
