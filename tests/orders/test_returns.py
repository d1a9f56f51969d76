"""Online returns: a manager takes delivered goods back (orders.services.return_order_lines through
payments.services.return_order), the goods come back through the ledger and the refund is recorded.

The order of the tests' fixture: 2 × fish sauce at 120.000 ₫ and 3 × rice paper at 45.000 ₫, cash on delivery,
20 and 50 units received at the HCMC warehouse. Refunds are the unit price × the units back: 1 fish sauce and
2 rice paper refund 120.000 + 90.000 = 210.000 ₫.
"""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from inventory import locations
from inventory.models import Stock, StockMovement, Warehouse
from inventory.selectors import ledger_discrepancies
from marketplace.accounts.services import create_user
from marketplace.core.errors import DomainError
from marketplace.orders.models import OrderEvent, OrderLine, OrderReturn, OrderStatus
from marketplace.orders.services import fulfill_order, return_order_lines
from marketplace.payments.services import record_cash_collected, refund_order_return, return_order

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-dai-2026"


@pytest.fixture
def manager(db):
    return create_user(email="quanly@xuquang.test", password=PASSWORD, role="manager", is_staff=True)


@pytest.fixture
def delivered(place_order, variant, second_variant):
    order = place_order([(variant, 2), (second_variant, 3)])
    fulfill_order(order)
    order.refresh_from_db()
    return order


def on_hand(variant) -> int:
    return Stock.objects.get(product_variant=variant, warehouse__slug=locations.FULFILMENT_HCM).quantity


def lines_of(order) -> tuple[OrderLine, OrderLine]:
    fish, paper = order.lines.order_by("pk")
    return fish, paper


def test_a_partial_return_restocks_refunds_and_records_what_came_back(delivered, manager, variant, second_variant):
    fish, paper = lines_of(delivered)
    before = (on_hand(variant), on_hand(second_variant))

    returned = return_order(delivered, lines={fish: 1, paper.pk: 2}, restock=True, reason="Chai bị nứt", user=manager)

    assert returned.refund_amount == 210_000
    assert (returned.status, returned.refund_method) == (
        OrderReturn.Status.RETURNED,
        OrderReturn.RefundMethod.BANK_TRANSFER,
    )
    assert sorted(returned.lines.values_list("quantity", "refund_amount")) == [(1, 120_000), (2, 90_000)]
    fish.refresh_from_db()
    paper.refresh_from_db()
    assert (fish.quantity_returned, paper.quantity_returned) == (1, 2)
    assert (on_hand(variant), on_hand(second_variant)) == (before[0] + 1, before[1] + 2)
    movements = StockMovement.objects.filter(reason=StockMovement.Reason.RETURN)
    assert sorted(movements.values_list("source__slug", "destination__slug", "quantity", "reference")) == [
        (locations.CUSTOMER, locations.FULFILMENT_HCM, 1, f"DH{delivered.number}-T1"),
        (locations.CUSTOMER, locations.FULFILMENT_HCM, 2, f"DH{delivered.number}-T1"),
    ]
    delivered.refresh_from_db()
    assert delivered.status == OrderStatus.PARTIALLY_RETURNED
    event = delivered.events.get(type=OrderEvent.Type.FULFILLMENT_RETURNED)
    assert (event.user, event.parameters) == (manager, {"return": 1, "amount": 210_000})
    assert ledger_discrepancies() == []


def test_returning_every_delivered_unit_makes_the_order_returned(delivered, manager):
    fish, paper = lines_of(delivered)
    return_order(delivered, lines={fish: 1}, restock=True, reason="Đổi ý", user=manager)
    second = return_order(delivered, lines={fish: 1, paper: 3}, restock=True, reason="Đổi ý", user=manager)

    assert second.return_order == 2
    delivered.refresh_from_db()
    assert delivered.status == OrderStatus.RETURNED
    with pytest.raises(DomainError) as refused:
        return_order(delivered, lines={paper: 1}, restock=True, reason="Lần nữa", user=manager)
    assert refused.value.code == "cannot_return_order"


def test_a_return_costs_a_fixed_number_of_statements_plus_one_per_line(delivered, manager, django_assert_num_queries):
    fish, paper = lines_of(delivered)
    return_order(delivered, lines={fish: 1}, restock=True, reason="Đổi ý", user=manager)  # warms the places' memo
    # Card payment or not; the savepoint and its release; the order and the lines locked; the return's number; the
    # return and its lines inserted; one UPDATE per line; the ledger's one batch statement; whether all came back;
    # the order's status; its event.
    with django_assert_num_queries(1 + 2 + 2 + 1 + 2 + 2 + 1 + 1 + 1 + 1):
        return_order(delivered, lines={fish: 1, paper: 2}, restock=True, reason="Đổi ý", user=manager)


def test_goods_that_cannot_be_sold_again_are_written_off(delivered, manager, variant):
    fish, _paper = lines_of(delivered)
    before = on_hand(variant)

    returned = return_order(delivered, lines={fish: 2}, restock=False, reason="Chai đã mở", user=manager)

    assert not returned.restocked
    assert on_hand(variant) == before  # nothing back on sale
    movements = StockMovement.objects.filter(reference=f"DH{delivered.number}-T1").order_by("pk")
    assert list(movements.values_list("reason", "source__slug", "destination__slug", "quantity")) == [
        (StockMovement.Reason.RETURN, locations.CUSTOMER, locations.FULFILMENT_HCM, 2),
        (StockMovement.Reason.ADJUSTMENT, locations.FULFILMENT_HCM, locations.LOSS, 2),
    ]
    assert ledger_discrepancies() == []


@pytest.mark.parametrize(
    ("units", "code"),
    [(3, "return_exceeds_delivered"), (0, "invalid"), (-1, "invalid"), ("1", "invalid"), (True, "invalid")],
)
def test_bad_or_excessive_quantities_are_refused_and_nothing_is_written(delivered, manager, variant, units, code):
    fish, _paper = lines_of(delivered)
    before = on_hand(variant)
    with pytest.raises(DomainError) as refused:
        return_order(delivered, lines={fish: units}, restock=True, reason="Thử", user=manager)
    assert refused.value.code == code
    assert not OrderReturn.objects.exists()
    assert not StockMovement.objects.filter(reason=StockMovement.Reason.RETURN).exists()
    assert on_hand(variant) == before
    fish.refresh_from_db()
    assert fish.quantity_returned == 0


def test_over_return_across_two_returns_is_refused(delivered, manager):
    fish, _paper = lines_of(delivered)
    return_order(delivered, lines={fish: 2}, restock=True, reason="Đổi ý", user=manager)
    with pytest.raises(DomainError) as refused:
        return_order(delivered, lines={fish: 1}, restock=True, reason="Đổi ý", user=manager)
    assert refused.value.code == "return_exceeds_delivered"
    assert "đã giao 2, đã trả 2, không thể trả thêm 1" in refused.value.message


def test_the_database_refuses_more_back_than_was_delivered(delivered):
    fish, _paper = lines_of(delivered)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrderLine.objects.filter(pk=fish.pk).update(quantity_returned=3)


def test_an_order_not_yet_delivered_has_nothing_to_return(place_order, variant, manager):
    order = place_order([(variant, 1)])
    with pytest.raises(DomainError) as refused:
        return_order(order, lines={order.lines.get(): 1}, restock=True, reason="Chưa giao", user=manager)
    assert refused.value.code == "cannot_return_order"


def test_a_line_of_another_order_is_refused(delivered, place_order, variant, manager):
    other = place_order([(variant, 1)], email="khac@example.com")
    fulfill_order(other)
    with pytest.raises(DomainError) as refused:
        return_order(delivered, lines={other.lines.get(): 1}, restock=True, reason="Nhầm đơn", user=manager)
    assert refused.value.code == "not_found"


def test_only_managers_take_online_returns(delivered, producer):
    kiosk = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    outsiders = [
        create_user(email="lan@xuquang.test", password=PASSWORD, role="kiosk_staff", kiosk=kiosk),
        create_user(email="sx@xuquang.test", password=PASSWORD, role="producer", producer=producer),
        create_user(email="khach@xuquang.test", password=PASSWORD, role="shopper"),
        None,
    ]
    fish, _paper = lines_of(delivered)
    for user in outsiders:
        with pytest.raises(DomainError) as refused:
            return_order_lines(
                delivered, lines={fish: 1}, restock=True, reason="Thử", refund_method="transfer", user=user
            )
        assert refused.value.code == "forbidden"
    assert not OrderReturn.objects.exists()


def test_a_refund_owed_by_transfer_is_recorded_once_with_its_reference(delivered, manager):
    fish, _paper = lines_of(delivered)
    returned = return_order(delivered, lines={fish: 1}, restock=True, reason="Đổi ý", user=manager)
    with pytest.raises(DomainError) as refused:
        refund_order_return(returned, reference="  ", user=manager)
    assert refused.value.code == "required"

    with pytest.raises(DomainError) as unpaid:
        refund_order_return(returned, reference="VCB-123456", user=manager)
    assert unpaid.value.code == "not_paid"  # the courier's cash is not recorded yet: nothing came in to give back
    record_cash_collected(delivered, user=manager)

    refund_order_return(returned, reference="VCB-123456", user=manager)

    returned.refresh_from_db()
    assert (returned.status, returned.refund_reference) == (OrderReturn.Status.REFUNDED_AND_RETURNED, "VCB-123456")
    assert delivered.events.get(type=OrderEvent.Type.FULFILLMENT_REFUNDED).parameters == {
        "return": 1,
        "amount": 120_000,
    }
    delivered.refresh_from_db()
    assert delivered.total_charged_amount == delivered.total_amount - 120_000
    with pytest.raises(DomainError) as again:
        refund_order_return(returned, reference="VCB-999", user=manager)
    assert again.value.code == "already_refunded"


# --- the back office ----------------------------------------------------------------------------------------------


def _step(order, step):
    return reverse("admin:orders_order_step", args=[order.pk, step])


def test_a_manager_takes_goods_back_from_the_order_page(manager_client, delivered, variant):
    fish, paper = lines_of(delivered)
    page = manager_client.get(reverse("admin:orders_order_change", args=[delivered.pk])).content.decode()
    assert _step(delivered, "return") in page
    form = manager_client.get(_step(delivered, "return")).content.decode()
    assert "Đã giao 2, đã trả 0, đơn giá 120.000 ₫." in form
    before = on_hand(variant)

    response = manager_client.post(
        _step(delivered, "return"),
        {f"line_{fish.pk}": "1", f"line_{paper.pk}": "", "restock": "on", "reason": "Chai bị nứt"},
    )

    assert response.status_code == 302
    returned = OrderReturn.objects.get()
    assert (returned.refund_amount, returned.restocked, returned.reason) == (120_000, True, "Chai bị nứt")
    assert on_hand(variant) == before + 1
    order_page = manager_client.get(reverse("admin:orders_order_change", args=[delivered.pk])).content.decode()
    assert "Trả lại một phần" in order_page
    assert _step(delivered, "refund-return") in order_page

    record_cash_collected(delivered, user=returned.user)
    paid = manager_client.post(
        _step(delivered, "refund-return"), {"order_return": returned.pk, "reference": "VCB-778899"}
    )
    assert paid.status_code == 302
    returned.refresh_from_db()
    assert returned.status == OrderReturn.Status.REFUNDED_AND_RETURNED


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("²", "Nhập số nguyên không âm, ví dụ 1."),
        ("-1", "Nhập số nguyên không âm, ví dụ 1."),
        ("1e3", "Nhập số nguyên không âm, ví dụ 1."),
        ("1.5", "Nhập số nguyên không âm, ví dụ 1."),
        ("٣", "Nhập số nguyên không âm, ví dụ 1."),
        ("\x00", "Nhập số nguyên không âm, ví dụ 1."),
        ("9" * 400, "Nhập số nguyên không âm, ví dụ 1."),
        ("3", "Chỉ còn 2 có thể trả lại."),
        ("0", "Nhập số lượng trả lại của ít nhất một mặt hàng."),
        ("", "Nhập số lượng trả lại của ít nhất một mặt hàng."),
    ],
)
def test_the_return_form_refuses_bad_quantities_with_a_message_and_writes_nothing(
    manager_client, delivered, variant, typed, message
):
    fish, _paper = lines_of(delivered)
    before = on_hand(variant)

    response = manager_client.post(
        _step(delivered, "return"), {f"line_{fish.pk}": typed, "restock": "on", "reason": "Thử"}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OrderReturn.objects.exists()
    assert on_hand(variant) == before
    delivered.refresh_from_db()
    assert delivered.status == OrderStatus.FULFILLED


def test_a_return_without_a_reason_is_refused(manager_client, delivered):
    fish, _paper = lines_of(delivered)
    response = manager_client.post(_step(delivered, "return"), {f"line_{fish.pk}": "1", "reason": "  "})
    assert response.status_code == 200
    assert not OrderReturn.objects.exists()


def test_kiosk_staff_and_producers_cannot_reach_the_return_page(client, delivered, producer):
    kiosk = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    fish, _paper = lines_of(delivered)
    for user in (
        create_user(email="lan@xuquang.test", password=PASSWORD, role="kiosk_staff", kiosk=kiosk),
        create_user(email="sx@xuquang.test", password=PASSWORD, role="producer", producer=producer),
    ):
        client.force_login(user)
        response = client.post(_step(delivered, "return"), {f"line_{fish.pk}": "1", "reason": "Thử"})
        assert response.status_code in (302, 403)
        assert not OrderReturn.objects.exists()


def _order_page_section(page: str, start: str) -> str:
    return page[page.index(start) :]


def test_the_shoppers_order_page_lists_what_came_back_and_its_refund(
    client, delivered, manager, settings, django_assert_num_queries
):
    fish, paper = lines_of(delivered)
    return_order(delivered, lines={fish: 1, paper: 2}, restock=True, reason="Chai bị nứt", user=manager)
    # As an order never returned (5: the test below), and its returns, then their lines with their order lines; the
    # refunds still owed (whether to offer the manager's refund step) are found among those returns (6 before: they
    # were read on their own, and the page showed no return).
    with django_assert_num_queries(5 + 2):
        page = client.get(reverse("orders:detail", kwargs={"token": delivered.token})).content.decode()

    assert "<strong>Trả lại một phần</strong>" in page
    returned = _order_page_section(page, "Hàng trả lại</h2>")
    assert "Lần trả 1, ngày" in returned and "<strong>Đã trả lại, chờ hoàn tiền</strong>" in returned
    assert "Nước mắm làng Bích Họa" in returned and "Bánh tráng Hải An" in returned
    assert '<span class="lines__qty">1</span></td><td class="money">120.000 ₫</td>' in returned
    assert '<span class="lines__qty">2</span></td><td class="money">90.000 ₫</td>' in returned
    assert "Tiền hoàn (Chuyển khoản cho khách)</dt><dd>210.000 ₫</dd>" in returned
    assert page.count("Đã trả lại 1<") == 1 and page.count("Đã trả lại 2<") == 1  # beside the lines ordered

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("orders:detail", kwargs={"token": delivered.token})).content.decode()
    assert "<strong>Partially returned</strong>" in page
    returned = _order_page_section(page, "Returned goods</h2>")
    assert "Return 1," in returned and "<strong>Returned, refund owed</strong>" in returned
    assert "Refund (Bank transfer to the customer)</dt><dd>₫210,000</dd>" in returned
    assert "1 returned<" in page and "2 returned<" in page


def test_a_signed_in_shopper_sees_the_refunded_return_on_their_order(client, place_order, variant, manager):
    shopper = create_user(email="lan@example.com", password=PASSWORD, role="shopper")
    order = place_order([(variant, 2)], email=shopper.email, user=shopper)
    fulfill_order(order)
    record_cash_collected(order, user=manager)
    order_return = return_order(order, lines={order.lines.get(): 2}, restock=True, reason="Đổi ý", user=manager)
    refund_order_return(order_return, user=manager, reference="FT2611300001")
    client.force_login(shopper)

    page = client.get(reverse("accounts:order", args=[order.number])).content.decode()

    assert "<strong>Đã trả lại</strong>" in page
    assert "<strong>Đã trả lại và hoàn tiền</strong>" in page
    assert '<span class="lines__qty">2</span></td><td class="money">240.000 ₫</td>' in _order_page_section(
        page, "Hàng trả lại</h2>"
    )


def test_an_order_with_nothing_returned_shows_no_returns_and_reads_nothing_more(
    client, delivered, django_assert_num_queries
):
    url = reverse("orders:detail", kwargs={"token": delivered.token})
    client.get(url)
    # The order with its channel; its lines, events, parcels and payments (prefetched); the transfer's account
    # is not read for cash on delivery. No read of returns: the order's status says there are none.
    with django_assert_num_queries(5):
        page = client.get(url).content.decode()
    assert "Hàng trả lại" not in page and "Đã trả lại" not in page
