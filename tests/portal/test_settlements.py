"""Settlement runs: one run a month for every producer, the same figures as each producer's statement (one
computation), reviewed then locked; a locked run never changes, later corrections go into the next run.

The fixture's figures, worked out by hand (producer A, commission 12,5 %; kiosk price 100.000 ₫, online 95.000 ₫):

December 2026 (VAT 8 %)
  10/12 kiosk sale 3 × 100.000 = 300.000, VAT 300.000 × 8/108 = 22.222,2 → 22.222
  31/12 23:30 (local) Tam Kỳ kiosk sale 1 × 100.000 = 100.000, VAT 7.407,4 → 7.407
  15/12 online parcel 2 × 95.000 = 190.000, VAT 14.074,07 → 14.074
  an online order placed and cancelled: nothing
  → units: kiosk 4, online 2; revenue 590.000; VAT 43.703; commission 590.000 × 12,5 % = 73.750; payable 516.250
January 2027 (VAT 10 %)
  01/01 00:30 (local) kiosk sale 2 × 100.000 = 200.000, VAT 200.000 × 10/110 = 18.181,8 → 18.182
  05/01 return of 1 of the 10/12 sale: −100.000, its VAT at 8 %: −7.407
  → units: kiosk 2, returned 1; revenue 100.000; VAT 10.775; commission 12.500; payable 87.500
After December is locked, a December sale synced late from an offline till (20/12, 1 × 100.000, VAT 7.407):
  December stays as locked; January carries an adjustment of December: +1 unit, +100.000, VAT +7.407,
  commission 690.000 × 12,5 % − 73.750 = 12.500, payable +87.500 → January pays 175.000.
An online return (a manager takes back 1 of the 2 bottles of the December parcel on 10/01/2027): −95.000, its VAT
at the order line's 8 %: 95.000 × 8/108 = 7.037,04 → −7.037. January then: kiosk 2, returned 1 + 1; revenue
100.000 − 95.000 = 5.000; VAT 10.775 − 7.037 = 3.738; commission 5.000 × 12,5 % = 625; payable 4.375.
"""

import csv
import datetime
import io
import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from inventory import locations
from inventory.models import Warehouse
from inventory.pos.services import ReturnLineInput, record_return, record_sale
from inventory.services import receive_goods
from marketplace.accounts.services import create_user
from marketplace.catalogue.services import set_variant_price
from marketplace.channels.models import Channel
from marketplace.core.errors import DomainError
from marketplace.orders.models import Fulfillment, Order, OrderReturn, OrderStatus
from marketplace.orders.services import cancel_order, fulfill_order
from marketplace.payments.services import return_order
from marketplace.producers import statements
from marketplace.producers.models import SettlementLine, SettlementRun
from marketplace.producers.services import (
    create_settlement_run,
    lock_settlement_run,
    recompute_settlement_run,
    update_producer,
    update_producer_profile,
)
from tests.checkout.fixtures import fill_details, place_order, standard_delivery  # noqa: F401 (fixtures)
from tests.pos.builders import cash, line

pytestmark = pytest.mark.django_db

DECEMBER, JANUARY = datetime.date(2026, 12, 1), datetime.date(2027, 1, 1)


def local(*parts) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def staff(db):
    hoi_an = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    return create_user(email="lan@xuquang.vn", password="Mat-khau-dai-2026", role="kiosk_staff", kiosk=hoi_an)


def kiosk_sale(staff, variant, quantity, when):
    return record_sale(
        kiosk=staff.kiosk,
        staff=staff,
        client_uuid=uuid.uuid4(),
        lines=[line(variant, quantity)],
        payments=[cash(quantity * 100_000)],
        created_at=when,
    )


@pytest.fixture
def sales(producer_a, producer_b, live_a, place_order, staff):  # noqa: F811 (a fixture)
    update_producer(
        producer=producer_a,
        commission_rate="12.50",
        bank_account_name="HTX CAT TRANG",
        bank_account_number="0041000123456",
        bank_name="Vietcombank",
        street_address="Thôn Cát Trắng",
        ward="Xã Tam Hải",
        province="TP. Đà Nẵng",
    )
    producer_a.refresh_from_db()
    fish_sauce = live_a.variants.get()
    set_variant_price(
        variant=fish_sauce, channel=Channel.objects.get(slug=locations.KIOSK_HOI_AN), price_amount=100_000
    )
    receive_goods(
        warehouse=Warehouse.objects.get(slug=locations.FULFILMENT_HCM), producer=producer_a, lines=[(fish_sauce, 10)]
    )
    first = kiosk_sale(staff, fish_sauce, 3, local(2026, 12, 10, 10))
    tam_ky = Warehouse.objects.get(slug=locations.KIOSK_TAM_KY)
    set_variant_price(
        variant=fish_sauce, channel=Channel.objects.get(slug=locations.KIOSK_TAM_KY), price_amount=100_000
    )
    other_staff = create_user(email="hoa@xuquang.vn", password="Mat-khau-dai-2026", role="kiosk_staff", kiosk=tam_ky)
    kiosk_sale(other_staff, fish_sauce, 1, local(2026, 12, 31, 23, 30))
    order = place_order([(fish_sauce, 2)])
    fulfillment = fulfill_order(order)
    Fulfillment.objects.filter(pk=fulfillment.pk).update(created_at=local(2026, 12, 15, 9))
    cancel_order(place_order([(fish_sauce, 1)], email="huy@example.com"))
    kiosk_sale(staff, fish_sauce, 2, local(2027, 1, 1, 0, 30))
    record_return(
        sale=first,
        staff=staff,
        client_uuid=uuid.uuid4(),
        lines=[ReturnLineInput(sale_line_id=first.lines.get().pk, quantity=1)],
        reason="Chai bị nứt",
        created_at=local(2027, 1, 5, 15),
    )
    return fish_sauce


FIGURES = ("kiosk_units", "online_units", "returned_units", "revenue", "vat_amount", "commission", "payable")


def figures(settlement_line) -> tuple:
    return tuple(getattr(settlement_line, name) for name in FIGURES)


def statement_figures(statement) -> tuple:
    return (
        statement.kiosk_units,
        statement.online_units,
        statement.returned_units,
        statement.revenue,
        statement.vat,
        statement.commission,
        statement.payable,
    )


def run_total(run, producer) -> tuple:
    """A producer's figures in a run: its month's line plus its adjustment lines."""
    lines = list(run.lines.filter(producer=producer))
    return tuple(sum(getattr(entry, name) for entry in lines) for name in FIGURES)


def test_the_run_and_the_statement_agree_to_the_dong_before_and_after_locking(
    producer_a, producer_b, manager, sales, staff
):
    december = create_settlement_run(month=DECEMBER, user=manager)
    line_a = december.lines.get(producer=producer_a)
    assert figures(line_a) == (4, 2, 0, 590_000, 43_703, 73_750, 516_250)
    assert statement_figures(statements.consignment_statement(producer_a, DECEMBER)) == figures(line_a)
    assert figures(december.lines.get(producer=producer_b)) == (0, 0, 0, 0, 0, 0, 0)  # every producer has a line
    assert [item["variant_name"] for item in line_a.items] == ["Chai 500 ml"]
    assert line_a.units_by_kiosk == {"Ki-ốt Hội An": 3, "Ki-ốt Tam Kỳ": 1}

    lock_settlement_run(run=december, user=manager)
    # A December sale synced late from an offline till; a return in January of a December sale (in the fixture).
    kiosk_sale(staff, sales, 1, local(2026, 12, 20, 11))

    locked = statements.consignment_statement(producer_a, DECEMBER)
    assert locked.locked and statement_figures(locked) == (4, 2, 0, 590_000, 43_703, 73_750, 516_250)
    assert figures(SettlementLine.objects.get(pk=line_a.pk)) == figures(line_a)

    january = create_settlement_run(month=JANUARY, user=manager)
    own = january.lines.get(producer=producer_a, period=JANUARY)
    assert figures(own) == (2, 0, 1, 100_000, 10_775, 12_500, 87_500)
    adjustment = january.lines.get(producer=producer_a, period=DECEMBER)
    assert figures(adjustment) == (1, 0, 0, 100_000, 7_407, 12_500, 87_500)
    statement = statements.consignment_statement(producer_a, JANUARY)
    assert statement_figures(statement) == run_total(january, producer_a) == (3, 0, 1, 200_000, 18_182, 25_000, 175_000)
    assert [entry.period for entry in statement.adjustments] == [DECEMBER]

    lock_settlement_run(run=january, user=manager)
    assert statement_figures(statements.consignment_statement(producer_a, JANUARY)) == run_total(january, producer_a)
    # Once January carried it, February has no adjustment left of December.
    assert statements.consignment_statement(producer_a, datetime.date(2027, 2, 1)).adjustments == []


def test_the_statement_costs_the_same_queries_for_one_producer_or_all(
    producer_a, producer_b, manager, sales, django_assert_num_queries
):
    lock_settlement_run(run=create_settlement_run(month=DECEMBER, user=manager), user=manager)
    with django_assert_num_queries(6):
        statements.compute_statements(JANUARY, [producer_a])
    with django_assert_num_queries(6):
        statements.compute_statements(JANUARY, [producer_a, producer_b])


def test_an_online_return_counts_in_the_run_and_the_statement_like_a_kiosk_return(producer_a, manager, sales):
    order = Order.objects.get(status=OrderStatus.FULFILLED)
    returned = return_order(order, lines={order.lines.get(): 1}, restock=True, reason="Chai bị nứt", user=manager)
    OrderReturn.objects.filter(pk=returned.pk).update(created_at=local(2027, 1, 10, 9))
    december = lock_settlement_run(run=create_settlement_run(month=DECEMBER, user=manager), user=manager)
    assert figures(december.lines.get(producer=producer_a)) == (4, 2, 0, 590_000, 43_703, 73_750, 516_250)

    january = create_settlement_run(month=JANUARY, user=manager)

    own = january.lines.get(producer=producer_a, period=JANUARY)
    assert figures(own) == (2, 0, 2, 5_000, 3_738, 625, 4_375)
    statement = statements.consignment_statement(producer_a, JANUARY)
    assert statement_figures(statement) == run_total(january, producer_a) == figures(own)
    assert [(line.returned_units, line.revenue) for line in statement.lines] == [(2, 5_000)]


def test_a_locked_run_is_immutable_in_the_database_and_in_the_services(producer_a, manager, sales):
    run = create_settlement_run(month=DECEMBER, user=manager)
    lock_settlement_run(run=run, user=manager)
    line_a = run.lines.get(producer=producer_a)
    refusals = [
        lambda: SettlementLine.objects.filter(pk=line_a.pk).update(revenue=0, payable=-73_750),
        lambda: SettlementLine.objects.filter(pk=line_a.pk).delete(),
        lambda: SettlementLine.objects.create(
            run=run, producer=producer_a, period=datetime.date(2026, 11, 1), commission_rate=10
        ),
        lambda: SettlementRun.objects.filter(pk=run.pk).update(status="draft", locked_at=None, locked_by=None),
        lambda: SettlementRun.objects.filter(pk=run.pk).delete(),
    ]
    for refused in refusals:
        with pytest.raises(IntegrityError), transaction.atomic():
            refused()
    for service in (lock_settlement_run, recompute_settlement_run):
        with pytest.raises(DomainError):
            service(run=run, user=manager)
    assert figures(SettlementLine.objects.get(pk=line_a.pk)) == (4, 2, 0, 590_000, 43_703, 73_750, 516_250)


def test_a_draft_whose_figures_changed_is_recomputed_before_it_locks(producer_a, manager, sales, staff):
    run = create_settlement_run(month=DECEMBER, user=manager)
    kiosk_sale(staff, sales, 1, local(2026, 12, 20, 11))
    with pytest.raises(DomainError) as refused:
        lock_settlement_run(run=run, user=manager)
    assert refused.value.code == "figures_changed"
    recompute_settlement_run(run=run, user=manager)
    lock_settlement_run(run=run, user=manager)
    assert run.lines.get(producer=producer_a).revenue == 690_000


def test_runs_follow_one_another_and_only_managers_make_them(producer_a, manager, member_a, staff, sales):
    for user in (member_a, staff):
        with pytest.raises(DomainError):
            create_settlement_run(month=DECEMBER, user=user)
    run = create_settlement_run(month=DECEMBER, user=manager)
    with pytest.raises(DomainError):
        create_settlement_run(month=DECEMBER, user=manager)  # one run a month
    with pytest.raises(DomainError):
        create_settlement_run(month=JANUARY, user=manager)  # December is still a draft
    for user in (member_a, staff):
        with pytest.raises(DomainError):
            lock_settlement_run(run=run, user=user)
    lock_settlement_run(run=run, user=manager)
    for month in (datetime.date(2026, 11, 1), datetime.date(2027, 2, 1)):
        with pytest.raises(DomainError) as refused:
            create_settlement_run(month=month, user=manager)  # an earlier month, a skipped month
        assert refused.value.message == "Kỳ quyết toán tiếp theo là tháng 01/2027."
    create_settlement_run(month=JANUARY, user=manager)


def test_the_bank_file_lists_each_producer_owed_money(producer_a, producer_b, manager, sales):
    run = create_settlement_run(month=DECEMBER, user=manager)
    with pytest.raises(DomainError):
        statements.bank_transfer_csv(run)  # a draft
    run = lock_settlement_run(run=run, user=manager)
    rows = list(csv.reader(io.StringIO(statements.bank_transfer_csv(run).decode("utf-8-sig"))))
    assert rows == [
        ["Người nhận", "Số tài khoản", "Ngân hàng", "Số tiền (₫)", "Nội dung"],
        ["HTX CAT TRANG", "0041000123456", "Vietcombank", "516250", "XQ QUYET TOAN T12 2026 HTX CAT TRANG"],
    ]  # producer B is owed nothing


def test_the_bank_file_is_refused_while_a_payee_has_no_account(producer_a, manager, sales):
    update_producer(producer=producer_a, bank_account_number="", bank_name="")
    run = lock_settlement_run(run=create_settlement_run(month=DECEMBER, user=manager), user=manager)
    with pytest.raises(DomainError) as refused:
        statements.bank_transfer_csv(run)
    assert "HTX Cát Trắng" in refused.value.message


def test_managers_run_settlements_in_the_admin(client, producer_a, manager, sales):
    client.force_login(manager)
    added = client.post(reverse("admin:producers_settlementrun_add"), {"month_text": "2026-12"})
    assert added.status_code == 302
    run = SettlementRun.objects.get()
    listing = client.get(reverse("admin:producers_settlementrun_changelist"))
    assert "12/2026" in listing.text and "516.250 ₫" in listing.text and "590.000 ₫" in listing.text
    page = client.get(reverse("admin:producers_settlementrun_change", args=[run.pk]))
    assert "Khoá kỳ" in page.text and "HTX Cát Trắng" in page.text and "73.750 ₫" in page.text
    assert "Xuất file ngân hàng" not in page.text  # a draft is not paid
    listing_url = reverse("admin:producers_settlementrun_changelist")
    bank_action = client.post(listing_url, {"action": "bank_file_selected", "_selected_action": [run.pk]}, follow=True)
    assert "Chỉ xuất file ngân hàng của kỳ đã khoá." in bank_action.text  # a draft is not paid
    locked = client.post(listing_url, {"action": "lock_selected", "_selected_action": [run.pk]}, follow=True)
    assert "Đã khoá kỳ 12/2026." in locked.text
    run.refresh_from_db()
    assert run.is_locked and run.locked_by == manager
    page = client.get(reverse("admin:producers_settlementrun_change", args=[run.pk]))
    assert "Xuất file ngân hàng" in page.text and "Khoá kỳ" not in page.text
    bank = client.get(reverse("admin:producers_settlementrun_bank_file", args=[run.pk]))
    assert bank["Content-Type"].startswith("text/csv") and "516250" in bank.content.decode("utf-8-sig")
    lock_again = client.post(reverse("admin:producers_settlementrun_step", args=[run.pk, "khoa-ky"]), follow=True)
    assert "Kỳ 12/2026 đã khoá." in lock_again.text
    refused = client.post(reverse("admin:producers_settlementrun_add"), {"month_text": "2026-13"})
    assert refused.status_code == 200 and "Chọn một tháng" in refused.text
    assert SettlementRun.objects.count() == 1


def test_producer_members_and_kiosk_staff_are_kept_out(client, producer_a, member_a, staff, manager, sales):
    run = create_settlement_run(month=DECEMBER, user=manager)
    pages = [
        ("get", reverse("admin:producers_settlementrun_changelist")),
        ("get", reverse("admin:producers_settlementrun_change", args=[run.pk])),
        ("post", reverse("admin:producers_settlementrun_add")),
        ("post", reverse("admin:producers_settlementrun_step", args=[run.pk, "khoa-ky"])),
        ("get", reverse("admin:producers_settlementrun_bank_file", args=[run.pk])),
    ]
    for user in (member_a, staff):
        client.force_login(user)
        for method, url in pages:
            response = getattr(client, method)(url, {"month_text": "2027-01"} if method == "post" else {})
            assert response.status_code in (302, 403) and "/admin/login/" in response.get("Location", "/admin/login/")
    run.refresh_from_db()
    assert not run.is_locked and SettlementRun.objects.count() == 1


def test_the_statement_pdf_names_both_parties_variants_words_and_signatures(settings, producer_a, manager, sales):
    lock_settlement_run(run=create_settlement_run(month=DECEMBER, user=manager), user=manager)
    pdf = statements.as_pdf(statements.consignment_statement(producer_a, DECEMBER))
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    operator = settings.XQ_OPERATOR
    for expected in (
        operator["name"],
        operator["tax_code"],
        "HTX Cát Trắng",
        "4000111111",
        "Thôn Cát Trắng, Xã Tam Hải, TP. Đà Nẵng",
        "0041000123456",
        "Vietcombank",
        "từ ngày 01/12/2026 đến ngày 31/12/2026",
        "Chai 500 ml",
        "Ki-ốt Tam Kỳ: 1",
        "516.250 ₫",
        "Năm trăm mười sáu nghìn hai trăm năm mươi đồng",
        "Đại diện bên A",
        "Đại diện bên B",
        "Ký, ghi rõ họ tên",
    ):
        assert expected in text, expected


def test_the_admin_pages_cost_the_same_queries_for_more_runs_and_lines(client, producer_a, manager, sales, staff):
    client.force_login(manager)
    december = create_settlement_run(month=DECEMBER, user=manager)  # lines: A, B
    lock_settlement_run(run=december, user=manager)

    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    listing = reverse("admin:producers_settlementrun_changelist")
    december_page = reverse("admin:producers_settlementrun_change", args=[december.pk])
    queries(december_page)  # the first request fills Django's caches (content types)
    one_run, two_lines = queries(listing), queries(december_page)
    kiosk_sale(staff, sales, 1, local(2026, 12, 20, 11))
    january = create_settlement_run(month=JANUARY, user=manager)  # lines: A, A's adjustment of December, B
    assert january.lines.count() == 3
    lock_settlement_run(run=january, user=manager)
    assert queries(listing) == one_run
    assert queries(reverse("admin:producers_settlementrun_change", args=[january.pk])) == two_lines


def test_the_portal_page_shows_the_adjustment_and_a_locked_month(client, producer_a, member_a, manager, sales, staff):
    lock_settlement_run(run=create_settlement_run(month=DECEMBER, user=manager), user=manager)
    kiosk_sale(staff, sales, 1, local(2026, 12, 20, 11))
    client.force_login(member_a)
    january = client.get(reverse("portal:statement"), {"month": "2027-01"}).text
    assert "Điều chỉnh tháng 12/2026" in january and "175.000 ₫" in january
    sheet = load_workbook(io.BytesIO(client.get(reverse("portal:statement_xlsx"), {"month": "2027-01"}).content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(value is not None for value in row)]
    assert rows[3][1] == "Điều chỉnh tháng 12/2026 (phát sinh sau khi khoá kỳ)" and rows[3][-1] == 100_000
    assert rows[-1] == ("Số tiền trả chủ thể", None, None, None, None, None, None, 175_000)
    december = client.get(reverse("portal:statement"), {"month": "2026-12"}).text
    assert "Đã quyết toán" in december and "516.250 ₫" in december
    assert "Nước mắm Cát Trắng nhĩ – Chai 500 ml" in december


def test_bank_details_are_checked_and_only_managers_change_them(producer_a, member_a):
    with pytest.raises(DomainError):
        update_producer(producer=producer_a, bank_account_number="12ab")
    with pytest.raises(DomainError):
        update_producer_profile(producer=producer_a, user=member_a, bank_account_number="0041000123456")
    assert update_producer(producer=producer_a, bank_account_number="0041000123456").bank_account_number
