"""The monthly consignment statement: what of a producer's goods sold, for how much, the programme's commission
and what the producer is owed. Read from the sales records (kiosk receipts and returns, online parcels shipped),
shown in the portal and downloadable as PDF and XLSX.

Rules: a kiosk sale counts in the month of its receipt, a kiosk return in the month it came back, an online
sale in the month its parcel left. Revenue is what the customer paid, VAT included. The commission is the
producer's rate applied once to the month's revenue and rounded half up to the đồng (marketplace.core.money).
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Font

from inventory.pos.models import SaleLine, SaleReturnLine
from marketplace.core.money import format_vnd, round_vnd
from marketplace.orders.models import FulfillmentLine
from marketplace.producers.selectors import month_bounds

# The PDF embeds a TrueType font with every Vietnamese letter; the first one found is used (the serving
# machine needs fonts-noto-core or fonts-dejavu-core).
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
]


@dataclass
class StatementLine:
    sku: str
    product_name: str
    kiosk_units: int = 0
    online_units: int = 0
    returned_units: int = 0
    revenue: int = 0

    @property
    def units(self) -> int:
        return self.kiosk_units + self.online_units - self.returned_units


@dataclass
class Statement:
    producer: object
    month: datetime.date
    lines: list[StatementLine]
    commission_rate: Decimal

    @property
    def units(self) -> int:
        return sum(line.units for line in self.lines)

    @property
    def revenue(self) -> int:
        return sum(line.revenue for line in self.lines)

    @property
    def commission(self) -> int:
        return round_vnd(Decimal(self.revenue) * Decimal(self.commission_rate) / 100)

    @property
    def payable(self) -> int:
        return self.revenue - self.commission


def consignment_statement(producer, month: datetime.date) -> Statement:
    """The statement of one local month (three queries)."""
    start, end = month_bounds(month)
    lines: dict[str, StatementLine] = {}

    def line(sku, name) -> StatementLine:
        return lines.setdefault(sku, StatementLine(sku=sku, product_name=name))

    for row in (
        SaleLine.objects.filter(
            variant__product__producer=producer, sale__created_at__gte=start, sale__created_at__lt=end
        )
        .values("variant__sku", "variant__product__name")
        .annotate(units=Sum("quantity"), amount=Sum("total_amount"))
    ):
        entry = line(row["variant__sku"], row["variant__product__name"])
        entry.kiosk_units += row["units"]
        entry.revenue += row["amount"]
    for row in (
        SaleReturnLine.objects.filter(
            sale_line__variant__product__producer=producer,
            sale_return__created_at__gte=start,
            sale_return__created_at__lt=end,
        )
        .values("sale_line__variant__sku", "sale_line__variant__product__name")
        .annotate(units=Sum("quantity"), amount=Sum("refund_amount"))
    ):
        entry = line(row["sale_line__variant__sku"], row["sale_line__variant__product__name"])
        entry.returned_units += row["units"]
        entry.revenue -= row["amount"]
    for row in (
        FulfillmentLine.objects.filter(
            order_line__variant__product__producer=producer,
            fulfillment__created_at__gte=start,
            fulfillment__created_at__lt=end,
        )
        .values("order_line__variant__sku", "order_line__variant__product__name")
        .annotate(units=Sum("quantity"), amount=Sum(F("quantity") * F("order_line__unit_price_amount")))
    ):
        entry = line(row["order_line__variant__sku"], row["order_line__variant__product__name"])
        entry.online_units += row["units"]
        entry.revenue += row["amount"]
    ordered = sorted(lines.values(), key=lambda entry: (entry.product_name, entry.sku))
    return Statement(producer=producer, month=month, lines=ordered, commission_rate=producer.commission_rate)


def _headers() -> list[str]:
    return [
        _("SKU"),
        _("Sản phẩm"),
        _("Bán tại ki-ốt"),
        _("Bán trực tuyến"),
        _("Khách trả"),
        _("Số lượng"),
        _("Doanh thu (₫)"),
    ]


def _row(entry: StatementLine) -> list:
    return [
        entry.sku,
        entry.product_name,
        entry.kiosk_units,
        entry.online_units,
        entry.returned_units,
        entry.units,
        entry.revenue,
    ]


def _title(statement: Statement) -> str:
    return _("Bảng kê hàng ký gửi tháng %(month)s – %(producer)s") % {
        "month": statement.month.strftime("%m/%Y"),
        "producer": statement.producer.name,
    }


def _rate_text(rate) -> str:
    """12.50 → "12,5" in Vietnamese (decimal comma), "12.5" in English."""
    text = f"{Decimal(rate).normalize():f}"
    return text.replace(".", ",") if (get_language() or "vi").startswith("vi") else text


def _totals(statement: Statement) -> list[tuple[str, int]]:
    return [
        (_("Doanh thu"), statement.revenue),
        (
            _("Hoa hồng chương trình (%(rate)s %%)") % {"rate": _rate_text(statement.commission_rate)},
            statement.commission,
        ),
        (_("Số tiền trả chủ thể"), statement.payable),
    ]


def as_xlsx(statement: Statement) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = statement.month.strftime("%Y-%m")
    sheet.append([_title(statement)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(_headers())
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for entry in statement.lines:
        sheet.append(_row(entry))
    sheet.append([])
    for label, amount in _totals(statement):
        sheet.append([label, None, None, None, None, None, amount])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for row in sheet.iter_rows(min_row=4, min_col=7, max_col=7):
        for cell in row:
            cell.number_format = "#,##0"
    for column, width in zip("ABCDEFG", (16, 40, 12, 14, 10, 10, 16), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _font_path() -> str:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    raise FileNotFoundError("No TrueType font with Vietnamese letters: install fonts-noto-core or fonts-dejavu-core")


def as_pdf(statement: Statement) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(_title(statement))
    pdf.add_font("body", fname=_font_path())
    pdf.add_page()
    pdf.set_font("body", size=14)
    pdf.multi_cell(0, 8, _title(statement), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", size=9)
    generated = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    pdf.cell(0, 6, _("Lập lúc %(time)s (giờ Việt Nam)") % {"time": generated}, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    # Headings are shaded rather than bold: only the regular face of the font is embedded.
    headings = FontFace(emphasis="", fill_color=(230, 242, 236))
    with pdf.table(
        col_widths=(30, 80, 22, 25, 20, 20, 35), text_align=("LEFT", "LEFT", *["RIGHT"] * 5), headings_style=headings
    ) as table:
        table.row(_headers())
        for entry in statement.lines:
            table.row([str(value) if index < 6 else format_vnd(value) for index, value in enumerate(_row(entry))])
    pdf.ln(4)
    pdf.set_font("body", size=11)
    for label, amount in _totals(statement):
        pdf.cell(120, 7, label)
        pdf.cell(50, 7, format_vnd(amount), align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
