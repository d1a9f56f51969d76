"""Bulk import and export of a producer's products as CSV or XLSX (one row per variant).

The import goes through the same catalogue services as the portal's forms, row by row, inside one transaction:
every row is tried and every refusal reported with its row number, and if any row is refused nothing is kept.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from marketplace.catalogue import services as catalogue
from marketplace.catalogue.models import Category, Product, ProductVariant
from marketplace.channels.models import Channel, ProductVariantChannelListing
from marketplace.core.errors import DomainError
from marketplace.core.text import nfc, plain_key

PRODUCT_COLUMNS = {
    "ten_san_pham": "name",
    "nhom": "category",
    "mo_ta": "description",
    "thanh_phan": "ingredients",
    "khoi_luong_tinh": "net_quantity",
    "han_su_dung": "shelf_life",
    "noi_san_xuat": "origin_place",
}
VARIANT_COLUMNS = {"ten_quy_cach": "name", "ma_vach": "barcode", "khoi_luong_g": "weight_grams"}
PRICE_PREFIX = "gia:"
# The header a person reads in the exported file: Vietnamese with diacritics. The import takes these, the machine
# keys above, or either typed without diacritics (a header is compared by its plain_key).
COLUMN_LABELS = {
    "sku": "SKU",
    "ten_san_pham": "Tên sản phẩm",
    "nhom": "Mã nhóm sản phẩm",
    "mo_ta": "Mô tả",
    "thanh_phan": "Thành phần",
    "khoi_luong_tinh": "Khối lượng/thể tích tịnh",
    "han_su_dung": "Hạn sử dụng",
    "noi_san_xuat": "Nơi sản xuất",
    "ten_quy_cach": "Tên quy cách",
    "ma_vach": "Mã vạch EAN-13",
    "khoi_luong_g": "Khối lượng đóng gói (g)",
}
MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024


def columns(channels) -> list[str]:
    return ["sku", *PRODUCT_COLUMNS, *VARIANT_COLUMNS, *(f"{PRICE_PREFIX}{channel.slug}" for channel in channels)]


def _price_label(channel) -> str:
    return f"Giá tại {channel.name} (₫)"


def column_labels(channels) -> list[str]:
    """The exported header: each column's Vietnamese label, in the order of columns()."""
    labels = {**COLUMN_LABELS, **{f"{PRICE_PREFIX}{channel.slug}": _price_label(channel) for channel in channels}}
    return [labels[column] for column in columns(channels)]


def _header_key(name: str) -> str:
    # "Tên sản phẩm", "ten san pham", "TEN_SAN_PHAM" and "ten_san_pham" are one column.
    return plain_key(name.replace("_", " "))


def _machine_columns(header: list[str], channels) -> list[str]:
    """Each header cell as its machine key: from the Vietnamese label or the key, with or without diacritics."""
    known = {_header_key(column): column for column in columns(channels)}
    known |= {_header_key(label): column for column, label in COLUMN_LABELS.items()}
    known |= {_header_key(_price_label(channel)): f"{PRICE_PREFIX}{channel.slug}" for channel in channels}
    machine = []
    for name in header:
        name = nfc(name)
        if name.lower().startswith(PRICE_PREFIX):
            machine.append(name.lower())
        else:
            machine.append(known.get(_header_key(name), name.lower()))
    return machine


def _export_rows(producer) -> list[list]:
    """The header and one row per variant of the producer, as the import reads them back."""
    channels = list(Channel.objects.order_by("pk"))
    prices = {
        (listing.variant_id, listing.channel_id): listing.price_amount
        for listing in ProductVariantChannelListing.objects.filter(variant__product__producer=producer)
    }
    rows = [column_labels(channels)]
    variants = ProductVariant.objects.filter(product__producer=producer).select_related("product__category")
    for variant in variants.order_by("product__name", "sort_order", "pk"):
        product = variant.product
        rows.append(
            [
                variant.sku,
                *(
                    product.category.slug if name == "category" else getattr(product, name)
                    for name in PRODUCT_COLUMNS.values()
                ),
                *(
                    "" if getattr(variant, name) is None else getattr(variant, name)
                    for name in VARIANT_COLUMNS.values()
                ),
                *("" if prices.get((variant.pk, c.pk)) is None else prices[(variant.pk, c.pk)] for c in channels),
            ]
        )
    return rows


def export_products(producer) -> str:
    """The producer's products as CSV text with a BOM (so spreadsheet programs read the Vietnamese correctly)."""
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out).writerows(_export_rows(producer))
    return out.getvalue()


def export_products_xlsx(producer) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "san-pham"
    for row in _export_rows(producer):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number as the spreadsheet shows it, message)


class _Refused(Exception):
    """Raised at the end of a run with errors, to roll the whole import back."""


XLSX_MAGIC = b"PK\x03\x04"  # an XLSX file is a ZIP archive


def _cell_text(value) -> str:
    """A spreadsheet cell as the text a CSV would hold: 45000.0 → "45000", empty → ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_lines(data: bytes):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors for a damaged file
        raise DomainError(_("Không đọc được tệp XLSX."), code="bad_xlsx", field="file") from error
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        yield [_cell_text(value) for value in row]


def _rows(uploaded_file, channels) -> list[tuple[int, dict]]:
    """(row number as a spreadsheet shows it, row as a dict keyed by the normalised header), blank rows left out.

    CSV (UTF-8) or XLSX, told apart by content. Reads at most MAX_ROWS + 1 rows.
    """
    if uploaded_file.size is not None and uploaded_file.size > MAX_BYTES:
        raise DomainError(_("Tệp quá lớn: tối đa 2 MB."), code="file_too_large", field="file")
    data = uploaded_file.read()
    if data.startswith(XLSX_MAGIC):
        lines = _xlsx_lines(data)
    else:
        try:
            lines = csv.reader(io.StringIO(data.decode("utf-8-sig")))
        except UnicodeDecodeError as error:
            raise DomainError(
                _("Tệp phải là CSV mã hoá UTF-8 (trong Excel: Lưu thành “CSV UTF-8”) hoặc XLSX."),
                code="not_utf8",
                field="file",
            ) from error
    header = _machine_columns(next(lines, []), channels)
    if "sku" not in header or "ten_san_pham" not in header:
        raise DomainError(
            _("Thiếu cột bắt buộc “SKU” và “Tên sản phẩm”: hãy dùng tệp mẫu."), code="bad_header", field="file"
        )
    rows = []
    for number, values in enumerate(lines, start=2):  # row 1 is the header
        if any(value.strip() for value in values):
            rows.append((number, dict(zip(header, values, strict=False))))
        if len(rows) > MAX_ROWS:
            raise DomainError(
                _("Quá %(max)d dòng: hãy chia nhỏ tệp.") % {"max": MAX_ROWS}, code="too_many_rows", field="file"
            )
    return rows


# A whole number, plain or with thousands grouped by dots, commas or spaces as people type prices: 170.000.
_WHOLE_NUMBER = re.compile(r"^(\d+|\d{1,3}([., ]\d{3})+)$")


def _number(value: str, column: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not _WHOLE_NUMBER.match(value):
        raise DomainError(_("%(column)s phải là số nguyên.") % {"column": column}, code="not_a_number")
    return int(re.sub(r"\D", "", value))


def _import_row(row: dict, *, producer, user, categories, channels) -> bool:
    """Apply one row through the services; True when it created a variant, False when it updated one."""
    sku = nfc(row.get("sku") or "")
    if not sku:
        raise DomainError(_("Thiếu SKU."), code="missing_sku")
    fields = {name: (row.get(column) or "") for column, name in PRODUCT_COLUMNS.items() if column in row}
    if "category" in fields:
        slug = nfc(fields["category"])
        if slug not in categories:
            raise DomainError(_("Không có nhóm sản phẩm mã “%(slug)s”.") % {"slug": slug}, code="unknown_category")
        fields["category"] = categories[slug]
    variant_fields = {name: (row.get(column) or "") for column, name in VARIANT_COLUMNS.items() if column in row}
    if "weight_grams" in variant_fields:
        variant_fields["weight_grams"] = _number(variant_fields["weight_grams"], COLUMN_LABELS["khoi_luong_g"])
    prices = {}
    for channel in channels:
        column = f"{PRICE_PREFIX}{channel.slug}"
        if column in row:
            amount = _number(row[column] or "", _price_label(channel))
            if amount is not None:
                prices[channel] = amount

    variant = ProductVariant.objects.filter(sku=sku).select_related("product").first()
    if variant is not None and variant.product.producer_id != producer.pk:
        raise DomainError(_("SKU “%(sku)s” đã thuộc về chủ thể khác.") % {"sku": sku}, code="sku_taken")
    created = variant is None
    if created:
        name = nfc(fields.get("name", ""))
        product = Product.objects.filter(producer=producer, name=name).first()
        if product is None:
            if "category" not in fields:
                raise DomainError(_("Sản phẩm mới cần cột “Mã nhóm sản phẩm”."), code="missing_category")
            product = catalogue.create_product(producer=producer, created_by=user, **fields)
        else:
            catalogue.update_product(product=product, user=user, **fields)
        variant = catalogue.add_variant(product=product, user=user, sku=sku, **variant_fields)
    else:
        catalogue.update_product(product=variant.product, user=user, **fields)
        catalogue.update_variant(variant=variant, user=user, **variant_fields)
    for channel, amount in prices.items():
        catalogue.change_variant_price(variant=variant, channel=channel, price_amount=amount, user=user)
    return created


def import_products(*, producer, user, uploaded_file) -> ImportResult:
    """Create or update the producer's products from a CSV in the export's shape; all rows or none.

    A row whose SKU exists updates that variant and its product (as proposals for review where the product is
    live); a new SKU becomes a variant of the product of the same name, or of a new draft product.
    """
    channels = list(Channel.objects.order_by("pk"))
    rows = _rows(uploaded_file, channels)
    categories = {category.slug: category for category in Category.objects.all()}
    result = ImportResult()
    try:
        with transaction.atomic():
            for number, row in rows:
                try:
                    with transaction.atomic():
                        created = _import_row(
                            row, producer=producer, user=user, categories=categories, channels=channels
                        )
                except DomainError as error:
                    result.errors.append((number, str(error.message)))
                    continue
                if created:
                    result.created += 1
                else:
                    result.updated += 1
            if result.errors:
                raise _Refused
    except _Refused:
        result.created = result.updated = 0
    return result
