import datetime
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def report_export_path(export, filename: str) -> str:
    """A random name: exports are served only through a manager-only view, never by a guessable path."""
    return f"reports/{uuid.uuid4().hex}.{export.file_format}"


class ReportExport(models.Model):
    """A dashboard table asked for as a file over a long period: a worker makes it, a manager downloads it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("đang tạo")
        READY = "ready", _("sẵn sàng")
        FAILED = "failed", _("lỗi")

    class FileFormat(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    table = models.CharField(_("bảng"), max_length=20)
    filters = models.JSONField(_("bộ lọc"), default=dict)
    file_format = models.CharField(_("định dạng"), max_length=4, choices=FileFormat.choices)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("người yêu cầu")
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    file = models.FileField(_("tệp"), upload_to=report_export_path, blank=True)
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo xuất tệp")
        verbose_name_plural = _("báo cáo xuất tệp")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="ready") | ~Q(file=""), name="report_export_ready_has_file"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_export_progress_percent"),
        ]

    def __str__(self):
        return f"{self.table} {self.file_format} ({self.get_status_display()})"

    @property
    def period_label(self) -> str:
        """The days the file covers, as "01/11/2026 – 30/11/2026"."""
        days = [datetime.date.fromisoformat(self.filters[key]) for key in ("start", "end") if self.filters.get(key)]
        return " – ".join(day.strftime("%d/%m/%Y") for day in days)


class SalesKind(models.TextChoices):
    ONLINE = "online", _("đơn trực tuyến")
    KIOSK = "kiosk", _("hoá đơn ki-ốt")
    REFUND = "refund", _("trả hàng")


# The columns the summaries share, one definition each (a new field instance per model, as Django needs).
def _kind_field():
    return models.CharField(_("loại"), max_length=6, choices=SalesKind.choices)


def _channel_field():
    return models.ForeignKey("channels.Channel", verbose_name=_("kênh bán"), on_delete=models.CASCADE, related_name="+")


def _payment_field():
    return models.CharField(_("thanh toán"), max_length=8, blank=True)


# The weekly and monthly summaries pass db_index=False: their (product, week or month) index serves a product's rows
# (and its deletion) as well. With an index of the product alone, PostgreSQL read a filter's products through it for
# their whole history and threw away the rows outside the period (a year of the bench's largest OCOP group: 343,152
# weekly rows visited for 171,026 kept) instead of reading the period alone from the index that also holds it.
def _product_field(*, db_index=True):
    return models.ForeignKey(
        "catalogue.Product",
        verbose_name=_("sản phẩm"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=db_index,
    )


class SalesFigures(models.Model):
    """The figures every sales summary row adds up (money in whole đồng)."""

    orders = models.IntegerField(_("số đơn"), default=0)
    units = models.IntegerField(_("số lượng"), default=0)
    revenue = models.BigIntegerField(_("doanh thu (₫)"), default=0)
    vat = models.BigIntegerField(_("thuế GTGT (₫)"), default=0)

    class Meta:
        abstract = True


class DailySales(SalesFigures):
    """Sales summed per local day, channel, payment category and product, so the dashboard reads days, not lines.

    Written only by `services.refresh_daily_sales` (from the orders, receipts and returns); the dashboard reads
    the days it covers (`SummaryCoverage`) from here and any later day from the records themselves. A row marked
    is_total is the day's total for its channel and payment (its order count is exact); "refund" rows are
    kiosk and online returns (units and amounts taken back, no payment category).
    """

    Kind = SalesKind

    day = models.DateField(_("ngày"))
    kind = _kind_field()
    channel = _channel_field()
    payment = _payment_field()
    product = _product_field()
    is_total = models.BooleanField(_("tổng của ngày"), default=False)

    class Meta:
        verbose_name = _("doanh số theo ngày")
        verbose_name_plural = _("doanh số theo ngày")
        indexes = [
            models.Index(fields=["day", "channel"], name="daily_sales_day_channel"),
            # A producer, group or star filter reads its products' rows across the period, from the index alone.
            models.Index(
                fields=["product", "day"],
                include=["kind", "channel", "payment", "orders", "units", "revenue", "vat"],
                name="daily_sales_product_day",
                condition=Q(is_total=False),
            ),
            # Sales by period, channel and payment (every page) add up the day totals alone: a few thousand rows
            # of a million, read from this index without visiting the table.
            models.Index(
                fields=["day"],
                include=["kind", "channel", "payment", "orders", "units", "revenue", "vat"],
                condition=Q(is_total=True),
                name="daily_sales_totals_by_day",
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.channel_id} {self.kind} {self.payment} {self.product_id}"


class MonthlyProductSales(SalesFigures):
    """`DailySales`' product rows (not the totals) added up per calendar month, kind, channel and product, without
    the payment category: a year's product rankings read twelve months of these instead of 365 days.

    Written only by `services.refresh_daily_sales`, which sums again from `DailySales` every month it touched; the
    dashboard reads a month from here only when `SummaryCoverage` covers it to its last day, and the days of
    partly covered months from `DailySales`.
    """

    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng."))
    kind = _kind_field()
    channel = _channel_field()
    product = _product_field(db_index=False)

    class Meta:
        verbose_name = _("doanh số sản phẩm theo tháng")
        verbose_name_plural = _("doanh số sản phẩm theo tháng")
        indexes = [
            models.Index(fields=["month", "channel"], name="monthly_sales_month_channel"),
            # A producer, group or star filter reads its products' rows across the period.
            models.Index(fields=["product", "month"], name="monthly_sales_product_month"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="monthly_sales_first_of_month"),
        ]

    def __str__(self):
        return f"{self.month:%m/%Y} {self.channel_id} {self.kind} {self.product_id}"


class MonthlyProductTotals(SalesFigures):
    """`MonthlyProductSales` with the channels added together: per calendar month, kind and product. The rankings
    of a period with no channel filter (the usual page) read these, ~4,300 rows a month instead of ~9,500 at
    200,000 orders and 300,000 receipts over two years.

    Written only by `services.refresh_daily_sales`, in the same transaction and from the same daily rows as
    `MonthlyProductSales`; read under the same rule (a month wholly covered by `SummaryCoverage`).
    """

    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng."))
    kind = _kind_field()
    product = _product_field(db_index=False)

    class Meta:
        verbose_name = _("doanh số sản phẩm theo tháng, mọi kênh")
        verbose_name_plural = _("doanh số sản phẩm theo tháng, mọi kênh")
        indexes = [
            # The months of a period, read from the index alone.
            models.Index(
                fields=["month"],
                include=["kind", "product", "orders", "units", "revenue", "vat"],
                name="monthly_totals_month",
            ),
            # A producer, group or star filter reads its products' rows across the period.
            models.Index(fields=["product", "month"], name="monthly_totals_product_month"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="monthly_totals_first_of_month"),
        ]

    def __str__(self):
        return f"{self.month:%m/%Y} {self.kind} {self.product_id}"


class WeeklyProductSales(SalesFigures):
    """`DailySales`' product rows (not the totals) added up per ISO week (Monday first), kind, channel, payment
    category and product: a long period narrowed to a producer, an OCOP group or a star level reads its weeks
    over time from here, and only the days at the edges (and, by month, of the weeks across a month's end) from
    `DailySales`.

    Written only by `services.refresh_daily_sales`, in the same transaction and from the same daily rows as the
    monthly summaries; the dashboard reads a week from here only when `SummaryCoverage` covers it to its Sunday.
    """

    week = models.DateField(_("tuần"), help_text=_("Thứ Hai đầu tuần."))
    kind = _kind_field()
    channel = _channel_field()
    payment = _payment_field()
    product = _product_field(db_index=False)

    class Meta:
        verbose_name = _("doanh số sản phẩm theo tuần")
        verbose_name_plural = _("doanh số sản phẩm theo tuần")
        indexes = [
            models.Index(fields=["week"], name="weekly_sales_week"),
            # A producer, group or star filter reads its products' weeks, from the index alone.
            models.Index(
                fields=["product", "week"],
                include=["kind", "channel", "payment", "orders", "units", "revenue", "vat"],
                name="weekly_sales_product_week",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(week__week_day=2), name="weekly_sales_monday"),
        ]

    def __str__(self):
        return f"{self.week} {self.channel_id} {self.kind} {self.payment} {self.product_id}"


class SummaryCoverage(models.Model):
    """The last local day `DailySales` holds in full (one row): later days are read from the records."""

    last_day = models.DateField(_("đến hết ngày"))
    refreshed_at = models.DateTimeField(_("làm mới lúc"), auto_now=True)

    class Meta:
        verbose_name = _("phạm vi bảng tổng hợp")
        verbose_name_plural = _("phạm vi bảng tổng hợp")

    def __str__(self):
        return str(self.last_day)
