"""The dashboard pages: who may see them, what they show, how filters and exports behave, what they cost."""

import csv
import datetime
import io
import re

import pytest
from django.core.cache import caches
from django.urls import reverse
from openpyxl import load_workbook

from inventory import locations
from inventory.models import Warehouse
from marketplace.accounts.services import create_user
from marketplace.orders.models import Order
from marketplace.producers.services import create_producer
from marketplace.reports.models import ReportExport
from tests.jobs import run_deferred_jobs
from tests.reports.fixtures import PASSWORD

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/tong-quan/"
WEEK = {"start": "2026-12-28", "end": "2027-01-03"}


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_manager_lands_on_the_dashboard_after_signing_in(client, manager):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": manager.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "Tổng quan chương trình" in _text(response) and "Quản trị Xứ Quảng Market" in _text(response)
    tables = client.get("/admin/?bang-du-lieu=1")
    assert tables.status_code == 200 and "Đơn hàng" in _text(tables)


@pytest.mark.parametrize("role", ["producer", "kiosk_staff", "shopper"])
def test_others_are_refused_every_page(client, role):
    extra = {}
    if role == "producer":
        extra["producer"] = create_producer(name="HTX Thử", legal_form="cooperative", tax_code="4000333333")
    if role == "kiosk_staff":
        extra["kiosk"] = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    user = create_user(email=f"{role}@example.com", password=PASSWORD, role=role, **extra)
    client.force_login(user)
    export = ReportExport.objects.create(table="kenh", filters={}, file_format="csv")
    for url in (
        DASHBOARD,
        reverse("reports:export", args=["kenh"]) + "?dinh-dang=csv",
        reverse("reports:exports"),
        reverse("reports:download", args=[export.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/")


def test_a_staff_member_who_is_not_a_manager_gets_403(client):
    user = create_user(email="ke-toan@xuquang.vn", password=PASSWORD, role="shopper", is_staff=True)
    client.force_login(user)
    assert client.get(DASHBOARD).status_code == 403
    assert client.get("/admin/").status_code == 200  # Django's own index, not the dashboard


def test_the_dashboard_shows_the_figures_with_links(manager_client, book):
    response = manager_client.get(DASHBOARD, WEEK | {"end": "2027-01-02"})
    assert response.status_code == 200
    text = _text(response)
    assert "1.460.000 ₫" in text  # the week to Saturday 02/01/2027
    assert "+1227%" in text  # against S0's 110.000 the week before
    assert "640.000 ₫" in text and "+7%" in text  # Saturday against Friday
    assert "Trà sâm Ngọc Linh" in text and "HTX Cửa Khe" in text
    assert f"/admin/pos/sale/?channel__id__exact={book.tam_ky_channel.pk}" in text
    assert "transactions__method__exact=vietqr" in text  # unpaid VietQR orders to chase
    assert "/admin/payments/banknotification/?status__exact=unmatched" in text
    assert 'id="rd-chart-data" type="application/json"' in text
    assert "<script>" not in text.replace('<script type="application/json"', "")  # no inline code (CSP)


def test_every_link_behind_a_figure_opens(manager_client, book):
    page = manager_client.get(DASHBOARD, WEEK).content.decode()
    links = sorted({link.replace("&amp;", "&") for link in re.findall(r'href="(/admin/[^"]+)"', page)})
    assert len(links) > 15
    for link in links:
        response = manager_client.get(link)
        assert response.status_code == 200, link
        assert b"errornote" not in response.content, link


def test_a_linked_list_holds_what_the_figure_counts(manager_client, book):
    response = manager_client.get(
        "/admin/orders/order/",
        {"status__exact": "unconfirmed", "transactions__method__exact": "vietqr", "charge_status__in": "none,partial"},
    )
    assert list(response.context["cl"].result_list) == [book.vietqr_order]


@pytest.mark.parametrize(
    "params",
    [
        {"start": "31/02/2027"},
        {"start": "hôm qua", "end": "9999999999999999"},
        {"start": "2027-01-05", "end": "2027-01-01"},
        {"start": "2020-01-01", "end": "2027-01-01"},
        {"stars": "7"},
        {"stars": "năm"},
        {"producer": "abc"},
        {"location": "999999"},
        {"group": "-1"},
        {"channel": "\x00"},
    ],
)
def test_bad_filters_give_a_message_not_an_error(manager_client, params):
    response = manager_client.get(DASHBOARD, params)
    assert response.status_code == 200
    assert "Bộ lọc chưa hợp lệ đã được bỏ qua" in _text(response)


def test_a_location_filter_narrows_to_its_channel(manager_client, book):
    tam_ky = Warehouse.objects.get(slug=locations.KIOSK_TAM_KY)
    response = manager_client.get(DASHBOARD, WEEK | {"location": tam_ky.pk})
    table = response.context["channel_table"]
    assert [row[0] for row in table.rows] == [book.tam_ky_channel.name]
    assert table.rows[0][3] == 750_000


def test_the_dashboard_costs_the_same_queries_however_much_was_sold(manager_client, book, django_assert_num_queries):
    # session+user, 4 filter choices, admin menu 2, summary coverage, periods 1, sales 1, products 3, stock 2,
    # alerts 3, work 4, … (no summary here: every day is read from the records, each of the three sales reads
    # in one statement of the orders, receipts and returns; see test_summary for the summary)
    with django_assert_num_queries(23):
        manager_client.get(DASHBOARD, WEEK)
    # within the minute the stock (2), its alerts (3) and the money to chase (1) are not read again
    with django_assert_num_queries(23 - 6):
        manager_client.get(DASHBOARD, {"start": "2026-01-01", "end": "2027-06-30"})
    # a chosen producer is looked up once by the form; its lines are narrowed inside the same reads
    with django_assert_num_queries(24 - 6):
        manager_client.get(DASHBOARD, WEEK | {"producer": book.producer_b.pk})


def test_the_stock_and_work_cards_are_read_at_most_once_a_minute(manager_client, book):
    assert manager_client.get(DASHBOARD, WEEK).context["chase_vietqr"].orders == 1
    Order.objects.filter(pk=book.vietqr_order.pk).update(charge_status="full")  # the transfer came
    # another filter within the minute: the sales are read again, the cards are the minute's
    response = manager_client.get(DASHBOARD, {"start": "2026-01-01", "end": "2027-06-30"})
    assert response.context["chase_vietqr"].orders == 1
    assert response.context["channel_table"].rows != []
    caches["dashboard"].clear()  # what the minute's end does (the cache's TIMEOUT)
    assert manager_client.get(DASHBOARD, WEEK).context["chase_vietqr"].orders == 0


def test_a_short_export_downloads_at_once_with_vietnamese_headers(manager_client, book):
    response = manager_client.get(reverse("reports:export", args=["kenh"]), WEEK | {"dinh-dang": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kenh-20261228-20270103.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Kênh bán", "Số đơn", "Số lượng", "Doanh thu gồm VAT (₫)", "Thuế GTGT (₫)"]
    assert [book.tam_ky_channel.name, "1", "3", "750000", "68182"] in rows
    xlsx = manager_client.get(reverse("reports:export", args=["san-pham"]), WEEK | {"dinh-dang": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Sản phẩm", "Số lượng", "Doanh thu gồm VAT (₫)"],
        ["Trà sâm Ngọc Linh", 5, 1_250_000],
        ["Nước mắm Cửa Khe", 4, 460_000],
    ]


def test_an_unknown_table_or_format_is_refused_cleanly(manager_client):
    assert manager_client.get(reverse("reports:export", args=["khong-co"])).status_code == 404
    response = manager_client.get(reverse("reports:export", args=["kenh"]), {"dinh-dang": "pdf"}, follow=True)
    assert response.status_code == 200
    assert "Định dạng tệp không hợp lệ" in _text(response)


def test_a_long_export_runs_in_the_background_and_only_managers_download_it(manager_client, client, book):
    response = manager_client.get(
        reverse("reports:export", args=["theo-thoi-gian"]),
        {"start": "2026-01-01", "end": "2027-01-31", "dinh-dang": "xlsx"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("reports:exports")
    export = ReportExport.objects.get()
    assert (export.status, export.progress) == ("pending", 0)
    assert "đang tạo" in _text(response) and "<progress" in _text(response)
    run_deferred_jobs()
    export.refresh_from_db()
    assert (export.status, export.progress) == ("ready", 100)
    page = manager_client.get(reverse("reports:exports"))
    assert "01/01/2026 – 31/01/2027" in _text(page)
    download = manager_client.get(reverse("reports:download", args=[export.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Tháng bắt đầu", "Kênh bán", "Hình thức", "Số đơn", "Số tiền (₫)"]
    assert sum(row[4] for row in rows[1:]) == 110_000 + 1_710_000  # S0 and the week, refund taken off
    manager_client.logout()
    member = create_user(
        email="thanh@htx.vn",
        password=PASSWORD,
        role="producer",
        producer=create_producer(name="HTX Khác", legal_form="cooperative", tax_code="4000444444"),
    )
    client.force_login(member)
    assert client.get(reverse("reports:download", args=[export.pk])).status_code == 302


def test_period_comparison_uses_the_last_day_of_the_filter(manager_client, book):
    response = manager_client.get(DASHBOARD, {"start": "2027-01-01", "end": "2027-01-01"})
    today = response.context["periods"][0]
    assert (today["start"], today["total"].revenue) == (datetime.date(2027, 1, 1), 600_000)
