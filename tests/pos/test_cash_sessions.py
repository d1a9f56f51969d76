"""Cash sessions (float, cash in/out, closing count) and the Z report of a kiosk's local day."""

import datetime
import uuid

import pytest
from django.utils import timezone

from inventory.pos.models import CashSession
from inventory.pos.selectors import expected_cash, z_report
from inventory.pos.services import (
    PaymentInput,
    ReturnLineInput,
    close_cash_session,
    open_cash_session,
    record_cash_movement,
    record_return,
    record_sale,
)
from marketplace.core.errors import DomainError
from tests.pos.builders import cash, line

LOCAL = datetime.timezone(datetime.timedelta(hours=7))


def sell(kiosk, staff, lines, payments, **extra):
    return record_sale(kiosk=kiosk, staff=staff, client_uuid=uuid.uuid4(), lines=lines, payments=payments, **extra)


def test_a_session_expects_float_plus_cash_sales_minus_refunds_plus_in_minus_out(
    hoi_an, staff_hoi_an, fish_sauce, sesame_oil, stocked
):
    session = open_cash_session(kiosk=hoi_an, staff=staff_hoi_an, opening_float=500_000)
    sale = sell(hoi_an, staff_hoi_an, [line(fish_sauce, 2)], [cash(200_000)])  # 170.000 in cash, 30.000 change
    sell(
        hoi_an,
        staff_hoi_an,
        [line(sesame_oil)],
        [PaymentInput(client_uuid=uuid.uuid4(), method="card", amount=120_000, reference="T-1")],
    )
    record_return(
        sale=sale,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[ReturnLineInput(sale_line_id=sale.lines.get().pk, quantity=1)],
        reason="Nắp chai hở",
    )
    record_cash_movement(session=session, staff=staff_hoi_an, kind="in", amount=100_000, reason="Đổi tiền lẻ")
    record_cash_movement(session=session, staff=staff_hoi_an, kind="out", amount=50_000, reason="Trả tiền ship")
    assert sale.cash_session_id == session.pk
    expected = 500_000 + 170_000 - 85_000 + 100_000 - 50_000
    assert expected_cash(session) == expected

    closed = close_cash_session(session=session, staff=staff_hoi_an, counted_cash=expected - 20_000, note="Thiếu")
    assert (closed.expected_cash, closed.counted_cash, closed.difference) == (expected, expected - 20_000, -20_000)
    assert not closed.is_open
    with pytest.raises(DomainError) as refused:
        record_cash_movement(session=closed, staff=staff_hoi_an, kind="in", amount=1, reason="x")
    assert refused.value.code == "session_closed"
    with pytest.raises(DomainError):
        close_cash_session(session=closed, staff=staff_hoi_an, counted_cash=0)


def test_one_open_session_per_kiosk(hoi_an, tam_ky, staff_hoi_an, staff_tam_ky):
    open_cash_session(kiosk=hoi_an, staff=staff_hoi_an, opening_float=0)
    with pytest.raises(DomainError) as refused:
        open_cash_session(kiosk=hoi_an, staff=staff_hoi_an, opening_float=0)
    assert refused.value.code == "session_open"
    open_cash_session(kiosk=tam_ky, staff=staff_tam_ky, opening_float=0)
    assert CashSession.objects.filter(closed_at__isnull=True).count() == 2


def test_cash_movements_need_a_reason_and_a_positive_amount(hoi_an, staff_hoi_an):
    session = open_cash_session(kiosk=hoi_an, staff=staff_hoi_an, opening_float=0)
    with pytest.raises(DomainError) as no_reason:
        record_cash_movement(session=session, staff=staff_hoi_an, kind="out", amount=10_000, reason=" ")
    with pytest.raises(DomainError) as no_amount:
        record_cash_movement(session=session, staff=staff_hoi_an, kind="out", amount=0, reason="Mua nước")
    assert (no_reason.value.code, no_amount.value.code) == ("required", "invalid")


def test_staff_of_another_kiosk_cannot_touch_its_drawer(hoi_an, staff_hoi_an, staff_tam_ky):
    with pytest.raises(DomainError):
        open_cash_session(kiosk=hoi_an, staff=staff_tam_ky, opening_float=0)
    session = open_cash_session(kiosk=hoi_an, staff=staff_hoi_an, opening_float=0)
    with pytest.raises(DomainError):
        record_cash_movement(session=session, staff=staff_tam_ky, kind="out", amount=1_000, reason="Lấy")
    with pytest.raises(DomainError):
        close_cash_session(session=session, staff=staff_tam_ky, counted_cash=0)
    session.refresh_from_db()
    assert session.is_open


def test_z_report_counts_one_local_day(hoi_an, tam_ky, staff_hoi_an, staff_tam_ky, fish_sauce, sesame_oil, stocked):
    day = timezone.localdate()
    # Not in the report: this kiosk the local day before (23:59 yesterday, before today's session opened).
    yesterday_late = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=LOCAL) - datetime.timedelta(minutes=1)
    sell(hoi_an, staff_hoi_an, [line(sesame_oil, 5)], [cash(600_000)], created_at=yesterday_late)
    session = open_cash_session(kiosk=hoi_an, staff=staff_hoi_an, opening_float=200_000)
    first = sell(hoi_an, staff_hoi_an, [line(fish_sauce, 2, discount_percent=10)], [cash(200_000)])  # 153.000
    sell(
        hoi_an,
        staff_hoi_an,
        [line(sesame_oil), line(fish_sauce)],
        [
            PaymentInput(client_uuid=uuid.uuid4(), method="vietqr", amount=100_000),
            PaymentInput(client_uuid=uuid.uuid4(), method="card", amount=105_000, reference="T-9"),
        ],
    )
    # Not in the report either: another kiosk the same day.
    sell(tam_ky, staff_tam_ky, [line(fish_sauce)], [cash(85_000)])
    record_return(
        sale=first,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[ReturnLineInput(sale_line_id=first.lines.get().pk, quantity=1)],
        reason="Khách đổi ý",
    )
    record_cash_movement(session=session, staff=staff_hoi_an, kind="out", amount=20_000, reason="Mua túi")
    close_cash_session(session=session, staff=staff_hoi_an, counted_cash=200_000 + 153_000 - 76_500 - 20_000 + 5_000)

    report = z_report(hoi_an, day)
    assert report.sale_count == 2
    assert report.subtotal_amount == 170_000 + 205_000
    assert report.discount_amount == 17_000
    assert report.total_amount == 153_000 + 205_000
    assert report.vat_amount == round(153_000 * 8 / 108) + round(120_000 * 8 / 108) + round(85_000 * 8 / 108)
    assert report.by_method == {"cash": 153_000, "vietqr": 100_000, "card": 105_000}
    assert [(item["sku"], item["quantity"], item["total"]) for item in report.items] == [
        ("CT-NM-500", 3, 153_000 + 85_000),
        ("BT-DM-250", 1, 120_000),
    ]
    assert (report.return_count, report.refund_amount) == (1, 76_500)
    assert report.refunds_by_method == {"cash": 76_500}
    assert (report.cash_in, report.cash_out) == (0, 20_000)
    assert report.cash_difference == 5_000
    assert report.net_amount == 153_000 + 205_000 - 76_500
    assert z_report(hoi_an, day - datetime.timedelta(days=1)).total_amount == 600_000


def test_z_report_query_count(hoi_an, staff_hoi_an, fish_sauce, stocked, django_assert_num_queries):
    sell(hoi_an, staff_hoi_an, [line(fish_sauce)], [cash(85_000)])
    with django_assert_num_queries(7):
        z_report(hoi_an, timezone.localdate())
