"""The monthly consignment statement: kiosk receipts, kiosk returns and shipped online orders of the producer's
goods, revenue VAT included, the producer's commission rounded once, the amount payable; as a page, PDF and XLSX."""

import datetime
import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from inventory import locations
from inventory.models import Warehouse
from inventory.pos.services import ReturnLineInput, record_return, record_sale
from inventory.services import receive_goods
from marketplace.accounts.services import create_user
from marketplace.catalogue.services import set_variant_price
from marketplace.channels.models import Channel
from marketplace.core.errors import DomainError
from marketplace.orders.services import fulfill_order
from marketplace.producers import statements
from marketplace.producers.models import StatementExport
from marketplace.producers.selectors import month_bounds
from marketplace.producers.services import request_statement_export
from tests.checkout.fixtures import fill_details, place_order, standard_delivery  # noqa: F401 (fixtures)
from tests.jobs import run_deferred_jobs
from tests.pos.builders import cash, line

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_sales(producer_a, live_a, place_order):  # noqa: F811 (a fixture)
    """In this local month: 3 sold at Hội An (one back), 2 shipped online; plus a sale of the month before."""
    producer_a.commission_rate = "12.50"
    producer_a.save()
    hoi_an = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    kiosk_channel = Channel.objects.get(slug=locations.KIOSK_HOI_AN)
    fish_sauce = live_a.variants.get()
    receive_goods(
        warehouse=Warehouse.objects.get(slug=locations.FULFILMENT_HCM), producer=producer_a, lines=[(fish_sauce, 10)]
    )
    set_variant_price(variant=fish_sauce, channel=kiosk_channel, price_amount=99_999)
    staff = create_user(email="lan@xuquang.vn", password="Mat-khau-dai-2026", role="kiosk_staff", kiosk=hoi_an)
    sale = record_sale(
        kiosk=hoi_an, staff=staff, client_uuid=uuid.uuid4(), lines=[line(fish_sauce, 3)], payments=[cash(300_000)]
    )
    record_return(
        sale=sale,
        staff=staff,
        client_uuid=uuid.uuid4(),
        lines=[ReturnLineInput(sale_line_id=sale.lines.get().pk, quantity=1)],
        reason="Chai bị nứt",
    )
    last_month = month_bounds(previous_month())[0] + datetime.timedelta(days=1)
    record_sale(
        kiosk=hoi_an,
        staff=staff,
        client_uuid=uuid.uuid4(),
        lines=[line(fish_sauce, 7)],
        payments=[cash(700_000)],
        created_at=last_month,
    )
    order = place_order([(fish_sauce, 2)])
    fulfill_order(order)
    return fish_sauce


def this_month():
    return timezone.localdate().replace(day=1)


def previous_month():
    return (this_month() - datetime.timedelta(days=1)).replace(day=1)


def test_the_statement_adds_up(producer_a, month_sales):
    statement = statements.consignment_statement(producer_a, this_month())
    [entry] = statement.lines
    assert (entry.kiosk_units, entry.returned_units, entry.online_units, entry.units) == (3, 1, 2, 4)
    assert entry.revenue == 3 * 99_999 - 99_999 + 2 * 95_000
    assert statement.revenue == 389_998
    assert statement.commission == 48_750  # 389 998 × 12.5 % = 48 749.75, rounded once, half up
    assert statement.payable == 341_248


def test_page_pdf_and_xlsx(client, producer_a, month_sales):
    member = create_user(email="thanh@cattrang.vn", password="Mat-khau-dai-2026", role="producer", producer=producer_a)
    client.force_login(member)
    page = client.get(reverse("portal:statement"))
    assert "389.998 ₫" in page.text and "48.750 ₫" in page.text and "341.248 ₫" in page.text
    month = this_month().strftime("%Y-%m")

    pdf = client.get(reverse("portal:statement_pdf"), {"month": month})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert f"bang-ke-{producer_a.slug}-{month}.pdf" in pdf["Content-Disposition"]

    xlsx = client.get(reverse("portal:statement_xlsx"), {"month": month})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(value is not None for value in row)]
    assert "HTX Cát Trắng" in rows[0][0]
    assert rows[2] == ("CT-NHI-500", "Nước mắm Cát Trắng nhĩ", "Chai 500 ml", 3, 2, 1, 4, 389_998)
    assert rows[-1][0] == "Số tiền trả chủ thể" and rows[-1][-1] == 341_248


def test_another_month_and_another_producer_see_nothing_of_it(client, producer_a, month_sales, producer_b, member_b):
    assert statements.consignment_statement(producer_b, this_month()).lines == []
    client.force_login(member_b)
    assert "Chưa có hàng bán" in client.get(reverse("portal:statement")).text
    earlier = statements.consignment_statement(producer_a, previous_month())
    assert earlier.units == 7 and earlier.revenue == 7 * 99_999


def test_a_manager_reads_any_producers_statement_and_a_member_only_their_own(
    client, manager, member_b, producer_a, month_sales
):
    client.force_login(manager)
    assert client.get(reverse("portal:statement")).status_code == 404  # a manager names the producer
    assert f"{reverse('portal:statement')}?producer={producer_a.pk}" in client.get("/admin/producers/producer/").text
    page = client.get(reverse("portal:statement"), {"producer": producer_a.pk})
    assert "389.998 ₫" in page.text and f"producer={producer_a.pk}" in page.text
    pdf = client.get(reverse("portal:statement_pdf"), {"producer": producer_a.pk})
    assert pdf.content.startswith(b"%PDF-")
    client.force_login(member_b)
    other = client.get(reverse("portal:statement"), {"producer": producer_a.pk})  # ignored for a member
    assert "389.998 ₫" not in other.text and "Cty Sâm Ngọc Linh" in other.text


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_an_export_is_made_by_a_job_and_only_its_producer_and_managers_download_it(
    client, media_root, producer_a, member_a, member_b, manager, month_sales
):
    month = this_month().strftime("%Y-%m")
    run_deferred_jobs()  # the sales' own emails
    client.force_login(member_a)
    asked = client.post(reverse("portal:statement_export"), {"month": month, "file_format": "xlsx"})
    assert asked.status_code == 302 and asked.url == f"{reverse('portal:statement')}?month={month}"
    export = StatementExport.objects.get()
    assert (export.producer, export.month, export.status) == (producer_a, this_month(), "pending")
    assert "đang tạo" in client.get(asked.url).text
    download = reverse("portal:statement_export_download", args=[export.pk])
    assert client.get(download).status_code == 404  # not ready yet

    assert run_deferred_jobs() == ["marketplace.producers.tasks.build_statement_export"]

    export.refresh_from_db()
    assert export.status == "ready" and (media_root / export.file.name).exists()
    assert download in client.get(asked.url).text
    response = client.get(download)
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    assert f"bang-ke-{producer_a.slug}-{month}.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ("Số tiền trả chủ thể", 341_248) in [(row[0], row[-1]) for row in sheet.iter_rows(values_only=True)]

    client.force_login(member_b)
    assert client.get(download).status_code == 404
    client.force_login(manager)
    assert client.get(download).status_code == 200
    client.logout()
    assert client.get(download).status_code == 302  # to the sign-in page


def test_a_member_cannot_ask_for_another_producers_export_and_a_bad_format_is_refused(
    client, producer_a, member_b, manager
):
    client.force_login(member_b)
    client.post(reverse("portal:statement_export"), {"producer": producer_a.pk, "file_format": "pdf"})
    assert StatementExport.objects.get().producer != producer_a  # producer is ignored for a member: their own
    client.force_login(manager)
    refused = client.post(reverse("portal:statement_export"), {"producer": producer_a.pk, "file_format": "exe"})
    assert refused.status_code == 302 and StatementExport.objects.count() == 1
    assert "Định dạng tệp không hợp lệ." in client.get(refused.url).text
    with pytest.raises(DomainError):
        request_statement_export(producer=producer_a, month=this_month(), file_format="pdf", user=member_b)
