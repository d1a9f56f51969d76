"""The managers' dashboard in the admin: figures, charts, filters and exports. Thin: the figures come from
`selectors` (through `tables` for what is also downloadable), exports from `services`."""

import datetime
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.channels.models import Channel
from marketplace.core.errors import DomainError
from marketplace.reports import selectors, services, tables
from marketplace.reports.forms import DashboardFilterForm
from marketplace.reports.models import ReportExport

# A download of up to this many days is made in the request; a longer one becomes a background job.
DIRECT_EXPORT_DAYS = 92
# Where the admin index sends a manager, unless they asked for the list of tables.
DATA_TABLES_PARAM = "bang-du-lieu"


def _manager_page(view):
    """Signed in to the admin (else its sign-in page) and a manager (else 403)."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_manager:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return admin.site.admin_view(wrapped)


def _admin_list(model_path: str, **params) -> str:
    url = reverse(f"admin:{model_path}_changelist")
    params = {key: value for key, value in params.items() if value is not None}
    return f"{url}?{urlencode(params)}" if params else url


def _period_params(start: datetime.date, end: datetime.date) -> dict:
    start_at, end_at = selectors.local_bounds(start, end)
    return {"created_at__gte": start_at.isoformat(), "created_at__lt": end_at.isoformat()}


def _sales_list(channel: Channel, start, end) -> str:
    model = "orders_order" if channel.kind == Channel.Kind.ONLINE else "pos_sale"
    return _admin_list(model, channel__id__exact=channel.pk, **_period_params(start, end))


def _change(current: int, previous: int) -> dict:
    percent = selectors.change_percent(current, previous)
    return {"percent": percent, "up": percent is not None and percent > 0, "down": percent is not None and percent < 0}


def _periods(filters, channels):
    labels = {"today": _("Hôm nay"), "week": _("Tuần này"), "month": _("Tháng này")}
    blocks = []
    for period in selectors.period_comparison(filters, filters.end):
        rows = []
        total, total_before = selectors.Totals(), selectors.Totals()
        for channel in channels:
            now = period.current.get(channel.pk, selectors.Totals())
            before = period.previous.get(channel.pk, selectors.Totals())
            total.add(now)
            total_before.add(before)
            rows.append(
                {
                    "name": channel.name,
                    "now": now,
                    "change": _change(now.revenue, before.revenue),
                    "url": _sales_list(channel, period.start, period.end),
                }
            )
        blocks.append(
            {
                "label": labels[period.key],
                "start": period.start,
                "end": period.end,
                "previous_start": period.previous_start,
                "previous_end": period.previous_end,
                "rows": rows,
                "total": total,
                "change": _change(total.revenue, total_before.revenue),
                "orders_change": _change(total.orders, total_before.orders),
            }
        )
    return blocks


def _charts(channels, facts, stars, groups) -> dict:
    """The data the static script draws (no code in the page: CSP); the same figures are in the tables."""
    days = sorted({point.day for point in facts.points} | {refund.day for refund in facts.refunds})
    index = {day: position for position, day in enumerate(days)}
    per_channel = []
    for channel in channels:
        series = {}
        for point in facts.points:
            if point.channel_id == channel.pk:
                series.setdefault(point.payment, [0] * len(days))[index[point.day]] += point.revenue
        for refund in facts.refunds:
            if refund.channel_id == channel.pk:
                series.setdefault("refund", [0] * len(days))[index[refund.day]] -= refund.amount
        if series:
            per_channel.append(
                {
                    "name": channel.name,
                    "datasets": [
                        {
                            "key": key,
                            "label": _("Trả hàng (hoàn tiền)") if key == "refund" else tables.payment_label(key),
                            "data": values,
                        }
                        for key, values in sorted(series.items(), key=lambda item: _payment_order(item[0]))
                    ],
                }
            )
    trend = [0] * len(days)
    for point in facts.points:
        trend[index[point.day]] += point.revenue
    for refund in facts.refunds:
        trend[index[refund.day]] -= refund.amount
    return {
        "labels": [day.strftime("%d/%m/%Y") for day in days],
        "channels": per_channel,
        "trend": trend,
        "stars": {"labels": [tables.stars_label(row.key) for row in stars], "data": [row.revenue for row in stars]},
        "groups": {"labels": [row.label for row in groups], "data": [row.revenue for row in groups]},
    }


def _payment_order(key: str) -> int:
    order = [*selectors.PAYMENT_CATEGORIES, "refund"]
    return order.index(key) if key in order else len(order)


def _filter_messages(request, form) -> None:
    if form.is_bound and not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        messages.info(request, _("Bộ lọc chưa hợp lệ đã được bỏ qua; đang hiển thị tháng này."))


@_manager_page
def dashboard(request):
    form = DashboardFilterForm(request.GET or None)
    _filter_messages(request, form)
    filters = form.filters()
    sources = tables.Sources(filters)
    channels = sources.channels
    stars = selectors.sales_by_stars(sources.book)
    groups = selectors.sales_by_group(sources.book)
    state = selectors.stock_and_work()
    context = {
        **admin.site.each_context(request),
        "title": _("Tổng quan chương trình"),
        "form": form,
        "filters": filters,
        "query": request.GET.urlencode(),
        "periods": _periods(sources.filters, channels),
        "channel_table": _with_links(tables.build_table("kenh", sources), channels, filters),
        "top_products": selectors.top_products(sources.book),
        "top_producers": selectors.top_producers(sources.book),
        "groups": groups,
        "stars": stars,
        "kinds": selectors.sales_by_kind(sources.book),
        "payments": [
            (tables.payment_label(key), key, totals)
            for key, totals in selectors.payment_mix(sources.facts).items()
            if totals.orders
        ],
        "over_time_table": tables.build_table("theo-thoi-gian", sources),
        "stock": state.stock,
        "negative_count": state.negative_count,
        "negative_rows": state.negative_rows,
        "low_count": len(state.low),
        "low_rows": state.low[: selectors.TOP_ROWS],
        "chase_vietqr": state.chase["vietqr"],
        "chase_cod": state.chase["cod"],
        "review": selectors.waiting_for_review(),
        "bank": selectors.unmatched_bank_notifications(),
        "charts": _charts(channels, sources.facts, stars, groups),
        "links": _links(filters),
        "export_tables": [(key, _export_title(key)) for key in tables.BUILDERS],
    }
    return render(request, "reports/dashboard.html", context)


def _with_links(table, channels, filters):
    table.links = [_sales_list(channel, filters.start, filters.end) for channel in channels]
    return table


def _export_title(key: str) -> str:
    return {
        "kenh": _("Doanh thu theo kênh"),
        "san-pham": _("Sản phẩm"),
        "chu-the": _("Chủ thể"),
        "nhom": _("Nhóm OCOP"),
        "sao": _("Hạng sao"),
        "loai": _("Khởi nghiệp, OCOP, CNNT"),
        "thanh-toan": _("Thanh toán"),
        "theo-thoi-gian": _("Theo thời gian"),
        "ton-kho": _("Tồn kho"),
    }[key]


def _links(filters) -> dict:
    period = _period_params(filters.start, filters.end)
    unpaid = "none,partial"
    return {
        "orders": _admin_list("orders_order", **period),
        "sales": _admin_list("pos_sale", **period),
        "products": _admin_list("catalogue_product"),
        "producers_products": reverse("admin:catalogue_product_changelist") + "?producer__id__exact=",
        "groups_products": reverse("admin:catalogue_product_changelist") + "?category__id__exact=",
        "stars": reverse("admin:producers_ocopcertificate_changelist") + "?stars__exact=",
        "online_payment": _admin_list("orders_order", **period) + "&transactions__method__exact=",
        "kiosk_payment": _admin_list("pos_sale", **period) + "&payments__method__exact=",
        "stock": reverse("admin:inventory_stock_changelist") + "?warehouse__id__exact=",
        "negative": _admin_list("inventory_stock", quantity__lt=0),
        "low": _admin_list("inventory_lowstockthreshold"),
        "chase_vietqr": _admin_list(
            "orders_order", status__exact="unconfirmed", transactions__method__exact="vietqr", charge_status__in=unpaid
        ),
        "chase_cod": _admin_list(
            "orders_order",
            status__in="fulfilled,partially_fulfilled",
            transactions__method__exact="cod",
            charge_status__in=unpaid,
        ),
        "review_products": _admin_list("catalogue_product", status__exact="in_review"),
        "review_queue": reverse("portal:review_queue"),
        "bank": _admin_list("payments_banknotification", status__exact="unmatched"),
        "exports": reverse("reports:exports"),
        "data_tables": f"{reverse('admin:index')}?{DATA_TABLES_PARAM}=1",
    }


@_manager_page
def export(request, table: str):
    """A table as CSV or XLSX: straight away for up to three months, otherwise as a background job."""
    if table not in tables.BUILDERS:
        raise Http404
    file_format = request.GET.get("dinh-dang", "csv")
    if file_format not in tables.RENDERERS:
        messages.error(request, _("Định dạng tệp không hợp lệ: chọn CSV hoặc XLSX."))
        return redirect(f"{reverse('reports:dashboard')}?{_without(request.GET, 'dinh-dang')}")
    form = DashboardFilterForm(request.GET)
    _filter_messages(request, form)
    filters = form.filters()
    if (filters.end - filters.start).days < DIRECT_EXPORT_DAYS:
        render_file, content_type = tables.RENDERERS[file_format]
        response = HttpResponse(render_file(tables.build_table(table, filters)), content_type=content_type)
        name = f"{table}-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    try:
        services.request_report_export(user=request.user, table=table, filters=filters, file_format=file_format)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reports:dashboard")
    messages.success(request, _("Đang tạo tệp báo cáo; tệp sẽ có ở đây khi xong."))
    return redirect("reports:exports")


def _without(query, key: str) -> str:
    query = query.copy()
    query.pop(key, None)
    return query.urlencode()


@_manager_page
def exports(request):
    """The report files asked for, newest first, with their progress."""
    rows = ReportExport.objects.select_related("requested_by")[:50]
    waiting = any(row.status == ReportExport.Status.PENDING for row in rows)
    context = {
        **admin.site.each_context(request),
        "title": _("Báo cáo xuất tệp"),
        "exports": [(row, _export_title(row.table) if row.table in tables.BUILDERS else row.table) for row in rows],
        "waiting": waiting,
    }
    return render(request, "reports/exports.html", context)


@_manager_page
def download(request, pk: int):
    export = get_object_or_404(ReportExport, pk=pk, status=ReportExport.Status.READY)
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=f"{export.table}.{export.file_format}")


def admin_index(request, extra_context=None):
    """The admin's landing page: the dashboard for a manager (also at /admin/tong-quan/), Django's list of
    tables for other staff or when asked for (?bang-du-lieu=1)."""
    if request.user.is_manager and DATA_TABLES_PARAM not in request.GET:
        return dashboard(request)
    return admin.site.index(request, extra_context)


admin_index = admin.site.admin_view(admin_index)
