"""CSV export and import of a producer's products: row-by-row messages, all rows or none, own SKUs only."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from marketplace.catalogue.models import Product, ProductRevision, ProductVariant
from marketplace.channels.models import Channel, ProductVariantChannelListing

pytestmark = pytest.mark.django_db


def csv_file(rows, header=None) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header or list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("san-pham.csv", ("\ufeff" + out.getvalue()).encode(), content_type="text/csv")


# The exported header is in Vietnamese; these tests then post the machine keys, which the import accepts too.
MACHINE_KEYS = {
    "SKU": "sku",
    "Tên sản phẩm": "ten_san_pham",
    "Mã nhóm sản phẩm": "nhom",
    "Mô tả": "mo_ta",
    "Thành phần": "thanh_phan",
    "Khối lượng/thể tích tịnh": "khoi_luong_tinh",
    "Hạn sử dụng": "han_su_dung",
    "Nơi sản xuất": "noi_san_xuat",
    "Tên quy cách": "ten_quy_cach",
    "Mã vạch EAN-13": "ma_vach",
    "Khối lượng đóng gói (g)": "khoi_luong_g",
}


def exported_as_labelled(client):
    response = client.get(reverse("portal:bulk_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def exported(client):
    channels = {f"Giá tại {c.name} (₫)": f"gia:{c.slug}" for c in Channel.objects.all()}
    return [
        {(MACHINE_KEYS | channels)[label]: value for label, value in row.items()}
        for row in exported_as_labelled(client)
    ]


def test_export_lists_own_variants_with_prices(client_a, draft_a, live_a, draft_b, channel):
    rows = exported(client_a)
    assert [row["sku"] for row in rows] == ["CT-NHI-500", "CT-NM-500"]
    assert rows[1]["ten_san_pham"] == "Nước mắm làng Bích Họa" and rows[1]["nhom"] == "thuc-pham"
    assert rows[1][f"gia:{channel.slug}"] == "95000"


def test_round_trip_creates_new_rows_and_proposes_changes_to_live_products(client_a, draft_a, live_a, channel):
    rows = exported(client_a)
    price = f"gia:{channel.slug}"
    rows[0][price] = "99000"  # live_a: waits for review
    rows[1]["han_su_dung"] = "24 tháng"  # draft_a: in place
    rows.append({**rows[1], "sku": "CT-NM-1L", "ten_quy_cach": "Can 1 lít", "ma_vach": "", price: "170.000"})
    rows.append({**rows[1], "sku": "CT-MAM-200", "ten_san_pham": "Mắm cá cơm", "ma_vach": "", price: "45000"})
    response = client_a.post(reverse("portal:bulk_import"), {"file": csv_file(rows)})
    assert response.status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.shelf_life == "24 tháng"
    assert draft_a.variants.filter(sku="CT-NM-1L").exists()
    assert ProductVariantChannelListing.objects.get(variant__sku="CT-NM-1L").price_amount == 170_000
    assert Product.objects.get(name="Mắm cá cơm").status == Product.Status.DRAFT
    assert ProductVariantChannelListing.objects.get(variant=live_a.variants.get()).price_amount == 95_000
    revision = ProductRevision.objects.get(product=live_a)
    assert revision.changes["prices"] == {str(live_a.variants.get().pk): {str(channel.pk): 99_000}}


def test_one_bad_row_saves_nothing_and_every_error_is_reported(client_a, draft_a, draft_b, channel):
    rows = exported(client_a)
    price = f"gia:{channel.slug}"
    good = {**rows[0], "sku": "CT-MOI", "ma_vach": "", price: "1000"}
    bad_barcode = {**rows[0], "sku": "CT-SAI", "ma_vach": "8930000000018"}
    foreign = {**rows[0], "sku": "SNL-TRA-20"}  # producer B's SKU
    bad_group = {**rows[0], "sku": "CT-X", "ten_san_pham": "Mới", "nhom": "khong-co", "ma_vach": ""}
    bad_price = {**rows[0], "sku": "CT-Y", "ma_vach": "", price: "mười nghìn"}
    response = client_a.post(
        reverse("portal:bulk_import"), {"file": csv_file([good, bad_barcode, foreign, bad_group, bad_price])}
    )
    assert response.status_code == 400
    text = response.content.decode()
    for row, message in [
        (3, "EAN-13"),
        (4, "thuộc về chủ thể khác"),
        (5, "khong-co"),
        (6, "phải là số nguyên"),
    ]:
        assert f"Dòng {row}:" in text and message in text
    assert "Dòng 2:" not in text
    assert not ProductVariant.objects.filter(sku__in=["CT-MOI", "CT-SAI", "CT-X", "CT-Y"]).exists()
    assert draft_b.variants.get().product.name == "Trà sâm Ngọc Linh"


def test_a_file_that_is_not_the_template_is_refused(client_a):
    wrong = SimpleUploadedFile("x.csv", b"a,b\n1,2\n", content_type="text/csv")
    response = client_a.post(reverse("portal:bulk_import"), {"file": wrong})
    assert "tệp mẫu" in response.content.decode()
    latin = SimpleUploadedFile("x.csv", "sku,ten_san_pham\nA,N\xe9\n".encode("latin-1"), content_type="text/csv")
    assert "UTF-8" in client_a.post(reverse("portal:bulk_import"), {"file": latin}).content.decode()


def test_each_member_exports_only_their_producers_products(client, member_b, draft_a, draft_b):
    client.force_login(member_b)
    assert [row["sku"] for row in exported(client)] == ["SNL-TRA-20"]


def test_xlsx_export_edited_and_imported_back(client_a, draft_a, channel):
    response = client_a.get(reverse("portal:bulk_export_xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["SKU", "Tên sản phẩm"]  # imported back with its Vietnamese header
    price_column = header.index(f"Giá tại {channel.name} (₫)") + 1
    assert sheet.cell(row=2, column=price_column).value == 95_000
    sheet.cell(row=2, column=price_column).value = 97_000  # a number cell, as Excel keeps it
    sheet.append(["CT-NM-2L", "Nước mắm làng Bích Họa", "thuc-pham"])
    sheet.append([])
    sheet.append(["CT-BAD", "Nước mắm làng Bích Họa", "thuc-pham", *[None] * 8, 12.5])
    out = io.BytesIO()
    workbook.save(out)
    upload = SimpleUploadedFile("san-pham.xlsx", out.getvalue())
    refused = client_a.post(reverse("portal:bulk_import"), {"file": upload})
    text = refused.content.decode()
    assert "Dòng 5:" in text and "phải là số nguyên" in text  # 12.5 ₫ is no price; blank row 4 still counted
    assert not ProductVariant.objects.filter(sku="CT-NM-2L").exists()

    sheet.delete_rows(5)
    out = io.BytesIO()
    workbook.save(out)
    done = client_a.post(reverse("portal:bulk_import"), {"file": SimpleUploadedFile("san-pham.xlsx", out.getvalue())})
    assert done.status_code == 302
    assert ProductVariantChannelListing.objects.get(variant__sku="CT-NM-500").price_amount == 97_000
    assert draft_a.variants.filter(sku="CT-NM-2L").exists()


def test_a_damaged_xlsx_is_refused(client_a):
    damaged = SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not really a zip")
    assert "Không đọc được tệp XLSX" in client_a.post(reverse("portal:bulk_import"), {"file": damaged}).content.decode()


def test_the_exported_header_is_vietnamese_and_reads_back_as_it_is(client_a, draft_a, channel):
    rows = exported_as_labelled(client_a)
    assert list(rows[0])[:4] == ["SKU", "Tên sản phẩm", "Mã nhóm sản phẩm", "Mô tả"]
    assert rows[0][f"Giá tại {channel.name} (₫)"] == "95000"
    rows[0]["Hạn sử dụng"] = "18 tháng"
    assert client_a.post(reverse("portal:bulk_import"), {"file": csv_file(rows)}).status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.shelf_life == "18 tháng"


def test_headers_typed_without_diacritics_or_in_capitals_are_read(client_a, draft_a, channel):
    rows = [{"sku": "CT-NM-500", "TEN SAN PHAM": "Nước mắm làng Bích Họa", "han su dung": "12 tháng"}]
    assert client_a.post(reverse("portal:bulk_import"), {"file": csv_file(rows)}).status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.shelf_life == "12 tháng"
