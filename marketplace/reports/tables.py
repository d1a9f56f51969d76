"""The dashboard's tables as plain rows with Vietnamese headers: shown on the page, downloaded as CSV or XLSX.

One builder per table, each calling the selector of its figure; the page, the direct download and the
background export all go through `build_table`, so a figure reads the same everywhere.
"""

import csv
import html
import io
from dataclasses import dataclass
from functools import cached_property

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from marketplace.core.money import format_vnd
from marketplace.reports import selectors


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    money_columns: tuple[int, ...] = ()
    links: list[str] | None = None  # the list behind each row's first cell, when there is one

    def display_rows(self) -> list[tuple[str | None, list]]:
        """(link, cells) with amounts written "150.000 ₫", for the page."""
        links = self.links or [None] * len(self.rows)
        return [
            (link, [format_vnd(cell) if index in self.money_columns else cell for index, cell in enumerate(row)])
            for link, row in zip(links, self.rows, strict=True)
        ]

    def body_html(self) -> str:
        """The rows as <tr> elements, every cell escaped, built with plain string operations: a year's table over
        time has ~1,000 rows and 5,000 cells, for which format_html (a SafeString, a conditional escape and a
        format per cell) cost ~0.1 s and the template language ten times more."""
        if not self.rows:
            return format_html('<tr><td colspan="{}">{}</td></tr>', len(self.headers), _("Chưa có số liệu."))
        rows = []
        for link, cells in self.display_rows():
            first = _escaped(cells[0])
            if link:
                first = f'<a href="{_escaped(link)}">{first}</a>'
            rest = "".join(f'<td class="num">{_escaped(cell)}</td>' for cell in cells[1:])
            rows.append(f'<tr><th scope="row">{first}</th>{rest}</tr>')
        return mark_safe("\n".join(rows))  # noqa: S308 (every cell and link escaped by _escaped)


def _escaped(value) -> str:
    """What conditional_escape gives, faster: numbers as they are, text escaped unless already safe."""
    if type(value) is int:
        return str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def stars_label(stars) -> str:
    return _("%(stars)s sao") % {"stars": stars} if stars else _("Chưa có sao")


def payment_labels() -> dict[str, str]:
    """Each payment category's label in the active language (looked up once per table, not once per row)."""
    return {
        selectors.CARD: pgettext("payment", "Thẻ"),
        selectors.VIETQR: "VietQR",
        selectors.COD: _("COD (thu khi giao)"),
        selectors.CASH: pgettext("payment", "Tiền mặt"),
        selectors.SPLIT: _("Nhiều hình thức"),
        selectors.NONE: _("Chưa thanh toán"),
    }


def payment_label(category: str, labels: dict[str, str] | None = None) -> str:
    return (labels or payment_labels()).get(category, category)


class Sources:
    """The reads behind the tables of one set of filters, each made once however many tables use it."""

    def __init__(self, filters: selectors.Filters):
        self.filters = filters.with_coverage()

    @cached_property
    def facts(self) -> selectors.SalesFacts:
        return selectors.sales_facts(self.filters)

    @cached_property
    def book(self) -> selectors.ProductBook:
        return selectors.product_sales(self.filters)

    @cached_property
    def channels(self) -> list:
        return selectors.sales_channels(self.filters)


def _channels(sources: Sources, limit=None):
    totals = selectors.sales_by_channel(sources.facts)
    rows = []
    for channel in sources.channels:
        figures = totals.get(channel.pk, selectors.Totals())
        rows.append([channel.name, figures.orders, figures.units, figures.revenue, figures.vat])
    return Table(
        "kenh",
        _("Doanh thu theo kênh"),
        [_("Kênh bán"), _("Số đơn"), _("Số lượng"), _("Doanh thu gồm VAT (₫)"), _("Thuế GTGT (₫)")],
        rows,
        (3, 4),
    )


def _ranked_table(key, title, first_header, ranked, label=str):
    return Table(
        key,
        title,
        [first_header, _("Số lượng"), _("Doanh thu gồm VAT (₫)")],
        [[label(row.label), row.units, row.revenue] for row in ranked],
        (2,),
    )


def _products(sources: Sources, limit=None):
    ranked = selectors.top_products(sources.book, limit)
    return _ranked_table("san-pham", _("Sản phẩm bán chạy"), _("Sản phẩm"), ranked)


def _producers(sources: Sources, limit=None):
    ranked = selectors.top_producers(sources.book, limit)
    return _ranked_table("chu-the", _("Chủ thể bán chạy"), _("Chủ thể"), ranked)


def _groups(sources: Sources, limit=None):
    ranked = selectors.sales_by_group(sources.book, limit)
    return _ranked_table("nhom", _("Nhóm sản phẩm OCOP"), _("Nhóm OCOP"), ranked)


def _stars(sources: Sources, limit=None):
    ranked = selectors.sales_by_stars(sources.book)
    return _ranked_table("sao", _("Hạng sao OCOP"), _("Hạng sao"), ranked, stars_label)


def _kinds(sources: Sources, limit=None):
    ranked = selectors.sales_by_kind(sources.book)
    return _ranked_table("loai", _("Theo loại sản phẩm"), _("Loại sản phẩm"), ranked)


def _payments(sources: Sources, limit=None):
    mix = selectors.payment_mix(sources.facts)
    labels = payment_labels()
    return Table(
        "thanh-toan",
        _("Hình thức thanh toán"),
        [_("Hình thức"), _("Số đơn"), _("Số tiền (₫)")],
        [
            [payment_label(category, labels), totals.orders, totals.revenue]
            for category, totals in mix.items()
            if totals.orders
        ],
        (2,),
    )


def _over_time(sources: Sources, limit=None):
    facts = sources.facts
    names = {channel.pk: channel.name for channel in sources.channels}
    labels = payment_labels()
    rows = [
        [
            point.day.strftime("%d/%m/%Y"),
            names.get(point.channel_id, "?"),
            payment_label(point.payment, labels),
            point.totals.orders,
            point.revenue,
        ]
        for point in facts.points
    ]
    rows += [
        [
            refund.day.strftime("%d/%m/%Y"),
            names.get(refund.channel_id, "?"),
            _("Trả hàng (hoàn tiền)"),
            0,
            -refund.amount,
        ]
        for refund in facts.refunds
    ]
    rows.sort(key=lambda row: (row[0][6:], row[0][3:5], row[0][:2], row[1], row[2]))
    period = {"day": _("Ngày"), "week": _("Tuần bắt đầu"), "month": _("Tháng bắt đầu")}[facts.unit]
    return Table(
        "theo-thoi-gian",
        _("Doanh số theo thời gian, kênh và hình thức thanh toán"),
        [period, _("Kênh bán"), _("Hình thức"), _("Số đơn"), _("Số tiền (₫)")],
        rows,
        (4,),
    )


def _stock(sources: Sources, limit=None):
    rows = []
    for place in selectors.stock_by_location():
        cover = place.days_of_cover
        rows.append(
            [
                place.warehouse.name,
                place.units,
                place.value,
                place.negative_lines,
                place.sold_in_window,
                "" if cover is None else cover,
            ]
        )
    return Table(
        "ton-kho",
        _("Tồn kho theo địa điểm"),
        [
            _("Địa điểm"),
            _("Tồn (đơn vị)"),
            _("Giá trị theo giá bán (₫)"),
            _("Dòng tồn âm"),
            _("Bán 30 ngày qua"),
            _("Đủ bán (ngày)"),
        ],
        rows,
        (2,),
    )


BUILDERS = {
    "kenh": _channels,
    "san-pham": _products,
    "chu-the": _producers,
    "nhom": _groups,
    "sao": _stars,
    "loai": _kinds,
    "thanh-toan": _payments,
    "theo-thoi-gian": _over_time,
    "ton-kho": _stock,
}


def build_table(key: str, sources: Sources | selectors.Filters) -> Table:
    """The whole table (no "top" cut), from filters or from reads already made for them."""
    if isinstance(sources, selectors.Filters):
        sources = Sources(sources)
    return BUILDERS[key](sources)


def as_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Vietnamese letters right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.key[:31]
    sheet.append(table.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(row)
    for column in table.money_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            cell.number_format = "#,##0"
    for index, header in enumerate(table.headers):
        sheet.column_dimensions[chr(ord("A") + index)].width = max(14, len(header) + 2)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


RENDERERS = {
    "csv": (as_csv, "text/csv; charset=utf-8"),
    "xlsx": (as_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
