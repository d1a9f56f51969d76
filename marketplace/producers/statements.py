"""The monthly consignment statement: what of a producer's goods sold, for how much, the programme's commission
and what the producer is owed. Read from the sales records (kiosk receipts and returns, online parcels shipped),
shown in the portal and downloadable as PDF and XLSX.

Rules: a kiosk sale counts in the month of its receipt, a kiosk return in the month it came back, an online
sale in the month its parcel left, an online return in the month it came back (its refund at the line's price).
Revenue is what the customer paid, VAT included. The commission is the producer's rate applied once to the month's
revenue and rounded half up to the đồng (marketplace.core.money).
"""

import csv
import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Case, DateField, F, Max, Q, Sum, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Font

from inventory.pos.models import SaleLine, SaleLineGiftSetPart, SaleReturnLine
from inventory.selectors import recorded_gift_set_parts
from marketplace.core.errors import DomainError
from marketplace.core.money import format_vnd, round_vnd, vat_included
from marketplace.core.text import plain_key
from marketplace.core.words import amount_in_words
from marketplace.orders.models import FulfillmentLine, OrderLineGiftSetPart, OrderReturnLine, OrderStatus
from marketplace.producers.models import Producer, SettlementLine, SettlementRun
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
    variant_name: str = ""
    kiosk_units: int = 0
    online_units: int = 0
    returned_units: int = 0
    revenue: int = 0
    vat: int = 0
    kiosks: dict[str, int] = field(default_factory=dict)  # units sold at each kiosk, by the kiosk's name

    @property
    def units(self) -> int:
        return self.kiosk_units + self.online_units - self.returned_units

    @property
    def label(self) -> str:
        """The product with its variant ("Nước mắm nhĩ – Chai 500 ml"), so two variants never read the same."""
        return f"{self.product_name} – {self.variant_name}" if self.variant_name else self.product_name

    def as_item(self) -> dict:
        return {name: getattr(self, name) for name in ITEM_FIELDS}


ITEM_FIELDS = (
    "sku",
    "product_name",
    "variant_name",
    "kiosk_units",
    "online_units",
    "returned_units",
    "revenue",
    "vat",
    "kiosks",
)


@dataclass
class Adjustment:
    """A change to an earlier, locked month found since it was settled (a sale synced late from an offline till):
    the differences against what was settled, carried into this month; never a change of the locked month."""

    period: datetime.date
    kiosk_units: int = 0
    online_units: int = 0
    returned_units: int = 0
    revenue: int = 0
    vat: int = 0
    commission: int = 0

    @property
    def units(self) -> int:
        return self.kiosk_units + self.online_units - self.returned_units

    @property
    def payable(self) -> int:
        return self.revenue - self.commission


@dataclass
class Statement:
    producer: object
    month: datetime.date
    lines: list[StatementLine]
    commission_rate: Decimal
    adjustments: list[Adjustment] = field(default_factory=list)
    locked: bool = False  # read back from a locked settlement run

    def _total(self, name: str) -> int:
        return sum(getattr(entry, name) for entry in [*self.lines, *self.adjustments])

    @property
    def kiosk_units(self) -> int:
        return self._total("kiosk_units")

    @property
    def online_units(self) -> int:
        return self._total("online_units")

    @property
    def returned_units(self) -> int:
        return self._total("returned_units")

    @property
    def units(self) -> int:
        return self._total("units")

    @property
    def kiosks(self) -> dict[str, int]:
        """Units of the month sold at each kiosk (adjustments carry totals only), by name."""
        places: dict[str, int] = {}
        for line in self.lines:
            for place, units in line.kiosks.items():
                places[place] = places.get(place, 0) + units
        return dict(sorted(places.items()))

    @property
    def sales_revenue(self) -> int:
        """The month's own revenue, adjustments left out."""
        return sum(line.revenue for line in self.lines)

    @property
    def sales_commission(self) -> int:
        """The rate applied once to the month's own revenue, rounded half up."""
        return round_vnd(Decimal(self.sales_revenue) * Decimal(self.commission_rate) / 100)

    @property
    def revenue(self) -> int:
        return self._total("revenue")

    @property
    def vat(self) -> int:
        return self._total("vat")

    @property
    def commission(self) -> int:
        return self.sales_commission + sum(adjustment.commission for adjustment in self.adjustments)

    @property
    def payable(self) -> int:
        return self.revenue - self.commission


_ACTIVITY_FIELDS = ("kiosk_units", "online_units", "returned_units", "revenue", "vat")


@dataclass(frozen=True)
class _SetSales:
    """One grouped row of gift set sales, before it is shared among the set's parts' producers."""

    set_variant_id: int
    set_sku: str
    set_name: str
    period: datetime.date
    kind: str  # "kiosk_units", "online_units" or "returned_units"
    units: int
    revenue: int  # negative for returns
    vat: int
    place: str | None  # the kiosk's name, for kiosk sales
    line_id: int  # the receipt line (kiosk sales and returns) or order line whose recorded parts share it
    sold_online: bool


def split_set_amount(amount: int, weights: list[int]) -> list[int]:
    """Share a whole-đồng amount by weights, exactly: each part gets floor(amount × weight / total), and what the
    floors leave (fewer đồng than there are parts) goes to the largest share (the first of equals), so the parts
    add up to the amount to the đồng. A negative amount (a refund) is shared as its opposite, then negated."""
    if amount < 0:
        return [-share for share in split_set_amount(-amount, weights)]
    total = sum(weights)
    shares = [amount * weight // total for weight in weights]
    largest = max(range(len(shares)), key=lambda index: (shares[index], -index))
    shares[largest] += amount - sum(shares)
    return shares


def _share_gift_sets(rows: list[_SetSales], found: dict, producer_ids) -> None:
    """Add each producer's share of the gift sets sold to its statement lines (docs/gift-sets.md): a set line's
    revenue and VAT are split among the parts recorded when it sold (RecordedGiftSetPart), by the weights recorded
    with them (each part's list price in the channel of the sale × its units per set, or its units alone when a
    part had no price there). One query per kind of sale that sold sets (kiosk, online)."""
    recorded = {}
    for online, model, line_field in (
        (False, SaleLineGiftSetPart, "sale_line"),
        (True, OrderLineGiftSetPart, "order_line"),
    ):
        line_ids = {row.line_id for row in rows if row.sold_online == online}
        if line_ids:
            recorded.update(
                ((online, line_id), parts)
                for line_id, parts in recorded_gift_set_parts(model, line_field, line_ids).items()
            )
    for row in rows:
        own = recorded.get((row.sold_online, row.line_id))
        if not own:
            continue  # a set sold without parts (refused since; nothing moved): there is nobody to pay
        weights = [part.weight for part in own]
        revenues, vats = split_set_amount(row.revenue, weights), split_set_amount(row.vat, weights)
        for part, revenue, vat in zip(own, revenues, vats, strict=True):
            variant = part.variant
            producer_id = variant.product.producer_id
            if producer_ids is not None and producer_id not in producer_ids:
                continue
            sku = f"{row.set_sku}/{variant.sku}"
            in_set = _("trong %(set)s") % {"set": row.set_name}
            entry = found[(producer_id, row.period)].setdefault(
                sku,
                StatementLine(
                    sku=sku,
                    product_name=variant.product.name,
                    variant_name=f"{variant.name} – {in_set}" if variant.name else in_set,
                ),
            )
            units = row.units * part.quantity
            setattr(entry, row.kind, getattr(entry, row.kind) + units)
            entry.revenue += revenue
            entry.vat += vat
            if row.place is not None:
                entry.kiosks[row.place] = entry.kiosks.get(row.place, 0) + units


def _activity(start, end, producer_ids=None) -> dict:
    """Sales records of [start, end) per (producer id, local month) and variant: four grouped queries, and two more
    when gift sets sold (each producer's share of them, see _share_gift_sets: one per kind of sale that sold sets).

    A kiosk sale counts in the month of its receipt, a kiosk or online return in the month it came back, an online
    sale in the month its parcel left (a cancelled order never ships; it is left out all the same). VAT is the
    receipt line's own; of a refund or a parcel, the VAT its rate contains, rounded once per group.
    """
    zone = timezone.get_default_timezone()
    found: dict[tuple, dict[str, StatementLine]] = defaultdict(dict)
    set_sales: list[_SetSales] = []

    def add(row, prefix, kind, place=None, sold_online=False, **amounts):
        if row[f"{prefix}product__is_gift_set"]:
            # Sold by the programme, paid to the parts' producers: shared out below.
            set_sales.append(
                _SetSales(
                    set_variant_id=row[f"{prefix}id"],
                    set_sku=row[f"{prefix}sku"],
                    set_name=row[f"{prefix}product__name"],
                    period=row["period"],
                    kind=kind,
                    units=row["units"],
                    revenue=amounts["revenue"],
                    vat=amounts["vat"],
                    place=place,
                    line_id=row["set_line"],
                    sold_online=sold_online,
                )
            )
            return
        key = (row[f"{prefix}product__producer_id"], row["period"])
        sku = row[f"{prefix}sku"]
        entry = found[key].setdefault(
            sku,
            StatementLine(sku=sku, product_name=row[f"{prefix}product__name"], variant_name=row[f"{prefix}name"]),
        )
        setattr(entry, kind, getattr(entry, kind) + row["units"])
        for name, value in amounts.items():
            setattr(entry, name, getattr(entry, name) + value)
        if place is not None:
            entry.kiosks[place] = entry.kiosks.get(place, 0) + row["units"]

    def scoped(prefix):
        if producer_ids is None:
            return Q()
        # A gift set's producer is its seller; the producers asked for may own its parts.
        return Q(**{f"{prefix}product__producer_id__in": producer_ids}) | Q(**{f"{prefix}product__is_gift_set": True})

    def grouped(queryset, prefix, moment, line, *also):
        names = ("product__producer_id", "sku", "product__name", "name", "product__is_gift_set", "id")
        return (
            queryset.filter(scoped(prefix), **{f"{moment}__gte": start, f"{moment}__lt": end})
            .annotate(
                period=TruncMonth(moment, output_field=DateField(), tzinfo=zone),
                # A set's rows are shared line by line, by the parts each line recorded when it sold; plain rows
                # keep their grouping (NULL for all of them).
                set_line=Case(When(**{f"{prefix}product__is_gift_set": True}, then=F(line)), default=None),
            )
            .values("period", "set_line", *(f"{prefix}{name}" for name in names), *also)
        )

    kiosk = "variant__"
    for row in grouped(SaleLine.objects, kiosk, "sale__created_at", "id", "sale__kiosk__name").annotate(
        units=Sum("quantity"), amount=Sum("total_amount"), tax=Sum("vat_amount")
    ):
        add(row, kiosk, "kiosk_units", place=row["sale__kiosk__name"], revenue=row["amount"], vat=row["tax"])
    returned = "sale_line__variant__"
    for row in grouped(
        SaleReturnLine.objects,
        returned,
        "sale_return__created_at",
        "sale_line_id",
        "sale_line__vat_rate_percent",
    ).annotate(units=Sum("quantity"), amount=Sum("refund_amount")):
        tax = vat_included(row["amount"], row["sale_line__vat_rate_percent"])
        add(row, returned, "returned_units", revenue=-row["amount"], vat=-tax)
    online = "order_line__variant__"
    shipped = FulfillmentLine.objects.exclude(order_line__order__status=OrderStatus.CANCELED)
    for row in grouped(shipped, online, "fulfillment__created_at", "order_line_id", "order_line__vat_rate").annotate(
        units=Sum("quantity"), amount=Sum(F("quantity") * F("order_line__unit_price_amount"))
    ):
        tax = vat_included(row["amount"], row["order_line__vat_rate"])
        add(row, online, "online_units", sold_online=True, revenue=row["amount"], vat=tax)
    sent_back = "order_line__variant__"
    for row in grouped(
        OrderReturnLine.objects, sent_back, "order_return__created_at", "order_line_id", "order_line__vat_rate"
    ).annotate(units=Sum("quantity"), amount=Sum("refund_amount")):
        tax = vat_included(row["amount"], row["order_line__vat_rate"])
        add(row, sent_back, "returned_units", sold_online=True, revenue=-row["amount"], vat=-tax)
    if set_sales:
        _share_gift_sets(set_sales, found, producer_ids)
    return found


def _ordered(lines: dict[str, StatementLine]) -> list[StatementLine]:
    return sorted(lines.values(), key=lambda entry: (entry.product_name, entry.variant_name, entry.sku))


def compute_statements(month: datetime.date, producers) -> dict[int, Statement]:
    """THE statement arithmetic, shared by the producer's statement and the managers' settlement run.

    For each producer: the month's sales records per variant, and, for every earlier month already locked in a
    settlement run, the difference between its records now and what was settled (an adjustment). Eight queries
    whatever the number of producers, one more per kind of sale (kiosk, online) that sold gift sets (the parts
    recorded with them).
    """
    producers = list(producers)
    ids = [producer.pk for producer in producers]
    start, end = month_bounds(month)
    locked = set(
        SettlementRun.objects.filter(status=SettlementRun.Status.LOCKED, month__lt=month).values_list(
            "month", flat=True
        )
    )
    first = month_bounds(min(locked))[0] if locked else start
    activity = _activity(first, end, ids)
    settled = {
        (row["producer_id"], row["period"]): row
        for row in SettlementLine.objects.filter(
            run__status=SettlementRun.Status.LOCKED, period__in=locked, producer_id__in=ids
        )
        .values("producer_id", "period")
        .annotate(
            **{name: Sum(column) for name, column in SETTLED_COLUMNS.items()},
            commission=Sum("commission"),
            rate=Max("commission_rate", filter=Q(run__month=F("period"))),
        )
    }
    statements = {}
    for producer in producers:
        adjustments = []
        for period in sorted(locked):
            now = activity.get((producer.pk, period), {}).values()
            before = settled.get((producer.pk, period), {})
            rate = before.get("rate") or producer.commission_rate
            totals = {name: sum(getattr(entry, name) for entry in now) for name in _ACTIVITY_FIELDS}
            delta = {name: totals[name] - (before.get(name) or 0) for name in _ACTIVITY_FIELDS}
            commission = round_vnd(Decimal(totals["revenue"]) * Decimal(rate) / 100) - (before.get("commission") or 0)
            if any(delta.values()) or commission:
                adjustments.append(Adjustment(period=period, commission=commission, **delta))
        statements[producer.pk] = Statement(
            producer=producer,
            month=month,
            lines=_ordered(activity.get((producer.pk, month), {})),
            commission_rate=producer.commission_rate,
            adjustments=adjustments,
        )
    return statements


# The statement's figures as a settlement line's columns.
SETTLED_COLUMNS = {
    "kiosk_units": "kiosk_units",
    "online_units": "online_units",
    "returned_units": "returned_units",
    "revenue": "revenue",
    "vat": "vat_amount",
}


def _locked_statement(producer, month: datetime.date):
    """A locked month reads what was settled, line for line, whatever turned up since (that is next month's)."""
    if not SettlementRun.objects.filter(month=month, status=SettlementRun.Status.LOCKED).exists():
        return None
    rows = list(SettlementLine.objects.filter(producer=producer, run__month=month).order_by("period"))
    own = next((row for row in rows if row.period == month), None)
    return Statement(
        producer=producer,
        month=month,
        lines=[StatementLine(**item) for item in own.items] if own else [],
        commission_rate=own.commission_rate if own else producer.commission_rate,
        adjustments=[
            Adjustment(
                period=row.period,
                commission=row.commission,
                **{name: getattr(row, column) for name, column in SETTLED_COLUMNS.items()},
            )
            for row in rows
            if row.period != month
        ],
        locked=True,
    )


def consignment_statement(producer, month: datetime.date) -> Statement:
    """The producer's statement of one local month: as settled once its run is locked, else computed now."""
    return _locked_statement(producer, month) or compute_statements(month, [producer])[producer.pk]


def _headers() -> list[str]:
    return [
        _("SKU"),
        _("Sản phẩm"),
        _("Quy cách"),
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
        entry.variant_name,
        entry.kiosk_units,
        entry.online_units,
        entry.returned_units,
        entry.units,
        entry.revenue,
    ]


def _adjustment_row(adjustment: Adjustment) -> list:
    label = _("Điều chỉnh tháng %(month)s (phát sinh sau khi khoá kỳ)") % {"month": adjustment.period.strftime("%m/%Y")}
    return [
        "",
        label,
        "",
        adjustment.kiosk_units,
        adjustment.online_units,
        adjustment.returned_units,
        adjustment.units,
        adjustment.revenue,
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
        (_("Doanh thu (gồm VAT)"), statement.revenue),
        (_("Trong đó thuế GTGT"), statement.vat),
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
    for adjustment in statement.adjustments:
        sheet.append(_adjustment_row(adjustment))
    sheet.append([])
    for label, amount in _totals(statement):
        sheet.append([label, None, None, None, None, None, None, amount])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for row in sheet.iter_rows(min_row=4, min_col=8, max_col=8):
        for cell in row:
            cell.number_format = "#,##0"
    for column, width in zip("ABCDEFGH", (16, 40, 16, 12, 14, 10, 10, 16), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _font_path() -> str:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    raise FileNotFoundError("No TrueType font with Vietnamese letters: install fonts-noto-core or fonts-dejavu-core")


def _kiosk_text(statement: Statement) -> str:
    places = "; ".join(f"{place}: {units}" for place, units in statement.kiosks.items())
    return _("Bán tại từng ki-ốt (số lượng): %(places)s") % {"places": places}


def _parties(statement: Statement) -> list[tuple[str, list[str]]]:
    """Bên A, the programme's operator (settings.XQ_OPERATOR), and bên B, the producer, as the PDF names them."""
    operator, producer = settings.XQ_OPERATOR, statement.producer
    bank = ", ".join(
        part for part in (producer.bank_account_number, producer.bank_name, producer.bank_account_name) if part
    )
    return [
        (
            _("Bên A (đơn vị vận hành chương trình)"),
            [
                operator["name"],
                _("Địa chỉ: %(address)s") % {"address": operator["address"]},
                _("Mã số thuế: %(code)s") % {"code": operator["tax_code"]},
            ],
        ),
        (
            _("Bên B (chủ thể ký gửi hàng)"),
            [
                producer.name,
                _("Địa chỉ: %(address)s") % {"address": producer.address_line or "—"},
                _("Mã số thuế: %(code)s") % {"code": producer.tax_code or "—"},
                _("Tài khoản nhận tiền: %(bank)s") % {"bank": bank or "—"},
            ],
        ),
    ]


def as_pdf(statement: Statement) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(_title(statement))
    pdf.add_font("body", fname=_font_path())
    pdf.add_page()
    pdf.set_font("body", size=14)
    pdf.multi_cell(0, 8, _title(statement), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", size=10)
    start, end = month_bounds(statement.month)
    last_day = (end - datetime.timedelta(days=1)).date()
    period = _("Kỳ: từ ngày %(start)s đến ngày %(end)s") % {
        "start": start.strftime("%d/%m/%Y"),
        "end": last_day.strftime("%d/%m/%Y"),
    }
    generated = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    pdf.cell(0, 6, period, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, _("Lập lúc %(time)s (giờ Việt Nam)") % {"time": generated}, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    top, half = pdf.get_y(), (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    bottom = top
    for index, (heading, lines) in enumerate(_parties(statement)):
        pdf.set_xy(pdf.l_margin + index * half, top)
        pdf.set_font("body", size=10)
        pdf.set_text_color(0, 90, 60)
        pdf.multi_cell(half - 4, 5, heading, new_x="LEFT", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font("body", size=9)
        for text in lines:
            pdf.multi_cell(half - 4, 5, text, new_x="LEFT", new_y="NEXT")
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(pdf.l_margin, bottom + 3)
    # Headings are shaded rather than bold: only the regular face of the font is embedded.
    headings = FontFace(emphasis="", fill_color=(230, 242, 236))
    with pdf.table(
        col_widths=(28, 62, 32, 20, 22, 18, 18, 32),
        text_align=("LEFT", "LEFT", "LEFT", *["RIGHT"] * 5),
        headings_style=headings,
    ) as table:
        table.row(_headers())
        rows = [_row(entry) for entry in statement.lines] + [_adjustment_row(item) for item in statement.adjustments]
        for values in rows:
            table.row([str(value) if index < 7 else format_vnd(value) for index, value in enumerate(values)])
    pdf.ln(2)
    pdf.set_font("body", size=9)
    if statement.kiosks:
        pdf.multi_cell(0, 5, _kiosk_text(statement), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("body", size=11)
    for label, amount in _totals(statement):
        pdf.cell(120, 7, label)
        pdf.cell(50, 7, format_vnd(amount), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", size=10)
    pdf.multi_cell(
        0,
        6,
        _("Số tiền trả chủ thể bằng chữ: %(words)s.") % {"words": amount_in_words(statement.payable)},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    _signatures(pdf)
    return bytes(pdf.output())


def _signatures(pdf: FPDF) -> None:
    """Two signature blocks side by side, with room to sign and stamp; a new page if this one is too full."""
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    pdf.ln(6)
    top, half = pdf.get_y(), (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    for index, heading in enumerate((_("Đại diện bên A"), _("Đại diện bên B"))):
        pdf.set_xy(pdf.l_margin + index * half, top)
        pdf.set_font("body", size=11)
        pdf.cell(half, 6, heading, align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_font("body", size=9)
        pdf.cell(half, 5, _("(Ký, ghi rõ họ tên, đóng dấu nếu có)"), align="C", new_x="LEFT", new_y="NEXT")


def _bank_text(text: str) -> str:
    """Transfer text as every bank takes it: no diacritics, letters, digits and spaces only."""
    return re.sub(r"[^A-Z0-9 ]+", " ", plain_key(text).upper()).strip()


def bank_transfer_csv(run: SettlementRun) -> bytes:
    """The bank file of a locked run: one transfer per producer owed money (its month and its adjustments).

    Refused while the run is a draft, or when a producer owed money has no bank account on record.
    """
    if not run.is_locked:
        raise DomainError(_("Chỉ xuất file ngân hàng của kỳ đã khoá."), code="run_not_locked")
    owed = (
        SettlementLine.objects.filter(run=run)
        .values("producer_id")
        .annotate(amount=Sum("payable"))
        .filter(amount__gt=0)
        .order_by("producer__name")
    )
    producers = Producer.objects.in_bulk([row["producer_id"] for row in owed])
    missing = [
        producers[row["producer_id"]].name
        for row in owed
        if not (producers[row["producer_id"]].bank_account_number and producers[row["producer_id"]].bank_name)
    ]
    if missing:
        raise DomainError(
            _("Chưa có tài khoản ngân hàng của: %(names)s.") % {"names": ", ".join(missing)}, code="no_bank_account"
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Người nhận"), _("Số tài khoản"), _("Ngân hàng"), _("Số tiền (₫)"), _("Nội dung")])
    for row in owed:
        producer = producers[row["producer_id"]]
        reference = _bank_text(f"XQ QUYET TOAN T{run.month:%m %Y} {producer.slug}")[:100]
        writer.writerow(
            [
                producer.bank_account_name or producer.name,
                producer.bank_account_number,
                producer.bank_name,
                row["amount"],
                reference,
            ]
        )
    # A byte-order mark, so a spreadsheet opens the Vietnamese names as UTF-8.
    return ("\ufeff" + out.getvalue()).encode()
