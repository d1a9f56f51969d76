"""Paying by VietQR transfer: the order waits unconfirmed with its stock held, is confirmed when the money is
seen (by a manager or a signed bank notification, once), and expires after its window if nothing comes."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from inventory.models import Stock
from marketplace.accounts.services import create_user
from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout
from marketplace.core.errors import DomainError
from marketplace.orders.models import Order, OrderChargeStatus, OrderEvent, OrderStatus
from marketplace.payments.models import BankNotification, BankTransferAccount, PaymentMethod, TransactionEvent
from marketplace.payments.selectors import payment_methods_for, transfer_instructions
from marketplace.payments.services import (
    expire_unpaid_transfers,
    handle_bank_notification,
    ignore_bank_notification,
    match_bank_notification,
    record_transfer_received,
)
from marketplace.payments.tasks import expire_unpaid_orders
from marketplace.payments.vietqr import crc16_ccitt_false
from tests.jobs import run_deferred_jobs

pytestmark = pytest.mark.django_db

BANK_SECRET = "bank-secret-xu-quang"


@pytest.fixture
def transfer_order(bank_account, channel, variant, fill_details):
    checkout = create_checkout(channel=channel)
    add_to_checkout(checkout, variant=variant, quantity=2)
    fill_details(checkout)
    return complete_checkout(checkout, payment_method=PaymentMethod.VIETQR)


@pytest.fixture
def manager(django_user_model):
    return django_user_model.objects.create_user(
        username="quanly", email="quanly@example.com", password="x-pass-123", role="manager"
    )


def _stock(variant):
    return Stock.objects.get(product_variant=variant, warehouse__channels__slug="sieu-thi-hcm")


def _signed(notice: dict, secret=BANK_SECRET) -> tuple[bytes, str]:
    body = json.dumps(notice).encode()
    return body, hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_vietqr_is_offered_only_with_an_account(channel):
    assert payment_methods_for(channel) == [PaymentMethod.CASH_ON_DELIVERY]
    BankTransferAccount.objects.create(
        channel=channel, bank_bin="970436", bank_name="VCB", account_number="1", account_holder="X"
    )
    assert payment_methods_for(channel) == [PaymentMethod.CASH_ON_DELIVERY, PaymentMethod.VIETQR]


def test_a_transfer_order_waits_with_its_stock_held_and_shows_its_qr(transfer_order, variant, client):
    assert (transfer_order.status, transfer_order.charge_status) == (OrderStatus.UNCONFIRMED, OrderChargeStatus.NONE)
    assert _stock(variant).quantity_allocated == 2
    instructions = transfer_instructions(transfer_order)
    assert instructions.amount == 270_000
    assert instructions.purpose == f"DH{transfer_order.number}"
    assert "5406270000" in instructions.payload
    assert f"{crc16_ccitt_false(instructions.payload[:-4].encode()):04X}" == instructions.payload[-4:]

    page = client.get(reverse("orders:detail", kwargs={"token": transfer_order.token})).content.decode()
    assert "<svg" in page
    assert instructions.payload in page
    assert f"DH{transfer_order.number}" in page and "1234567890" in page


def test_a_manager_confirms_the_transfer_once(transfer_order, manager, mailoutbox):
    record_transfer_received(transfer_order, amount=270_000, user=manager)
    run_deferred_jobs()
    assert mailoutbox[-1].subject == f"Xứ Quảng Market: đơn hàng #{transfer_order.number} đã được xác nhận"
    assert record_transfer_received(transfer_order, amount=270_000, user=manager) is None

    transfer_order.refresh_from_db()
    assert (transfer_order.status, transfer_order.charge_status) == (OrderStatus.UNFULFILLED, OrderChargeStatus.FULL)
    assert transfer_order.total_charged_amount == 270_000
    assert transfer_order.events.filter(type=OrderEvent.Type.CONFIRMED, user=manager).count() == 1
    assert transfer_instructions(transfer_order) is None


def test_a_signed_bank_notification_is_matched_by_order_number_once(transfer_order, client, settings):
    settings.BANK_WEBHOOK_SECRET = BANK_SECRET
    body, signature = _signed(
        {
            "id": "FT2633012345",
            "amount": 270_000,
            "description": f"NGUYEN THI LAN chuyen tien dh{transfer_order.number}",
        }
    )
    url = reverse("payments:bank_notification")
    for _attempt in range(2):
        assert client.post(url, body, content_type="application/json", HTTP_X_SIGNATURE=signature).status_code == 200

    transfer_order.refresh_from_db()
    assert transfer_order.charge_status == OrderChargeStatus.FULL
    assert transfer_order.status == OrderStatus.UNFULFILLED
    assert TransactionEvent.objects.filter(type=TransactionEvent.Type.CHARGE_SUCCESS).count() == 1
    kept = BankNotification.objects.get()
    assert (kept.status, kept.order, kept.amount) == (BankNotification.Status.MATCHED, transfer_order, 270_000)


def test_forged_or_unmatched_notifications_change_nothing(transfer_order, client, settings):
    settings.BANK_WEBHOOK_SECRET = BANK_SECRET
    notice = {"id": "FT1", "amount": 270_000, "description": f"DH{transfer_order.number}"}
    body, _signature = _signed(notice, secret="not-the-bank")
    response = client.post(
        reverse("payments:bank_notification"), body, content_type="application/json", HTTP_X_SIGNATURE=_signature
    )
    assert response.status_code == 400
    unmatched = handle_bank_notification(*_signed(notice | {"description": "tien nha thang 11"}))
    assert (unmatched.status, unmatched.order) == (BankNotification.Status.UNMATCHED, None)
    with pytest.raises(DomainError) as refused:
        handle_bank_notification(body, "")
    assert refused.value.code == "invalid_signature"
    transfer_order.refresh_from_db()
    assert transfer_order.charge_status == OrderChargeStatus.NONE


def test_unpaid_transfers_expire_after_their_window_and_release_stock(transfer_order, variant, place_order):
    paid_cod = place_order([(variant, 1)], email="cod@example.com")

    assert expire_unpaid_transfers(now=transfer_order.created_at + timedelta(hours=23)) == []
    expired = expire_unpaid_transfers(now=transfer_order.created_at + timedelta(hours=25))

    assert [order.pk for order in expired] == [transfer_order.pk]
    transfer_order.refresh_from_db()
    assert transfer_order.status == OrderStatus.EXPIRED
    assert _stock(variant).quantity_allocated == 1  # only the cash-on-delivery order still holds stock
    item = transfer_order.transactions.get()
    assert (item.charge_pending_amount, item.canceled_amount) == (0, 270_000)
    paid_cod.refresh_from_db()
    assert paid_cod.status == OrderStatus.UNFULFILLED


def test_the_periodic_expiry_job_releases_the_stock_of_unpaid_orders(transfer_order, variant, mailoutbox):
    run_deferred_jobs()  # the order's confirmation
    Order.objects.filter(pk=transfer_order.pk).update(created_at=timezone.now() - timedelta(hours=25))
    assert _stock(variant).quantity_allocated == 2

    expire_unpaid_orders.defer(timestamp=0)
    assert run_deferred_jobs() == [
        "marketplace.payments.tasks.expire_unpaid_orders",
        "marketplace.orders.tasks.send_order_email",  # deferred by the expiry
    ]

    transfer_order.refresh_from_db()
    assert transfer_order.status == OrderStatus.EXPIRED
    assert _stock(variant).quantity_allocated == 0
    assert mailoutbox[-1].subject == f"Xứ Quảng Market: đơn hàng #{transfer_order.number} đã hết hạn thanh toán"


def test_the_expiry_command_runs_the_service(transfer_order, capsys):
    call_command("expire_unpaid_orders")
    assert "0 order(s) expired" in capsys.readouterr().out
    transfer_order.refresh_from_db()
    assert transfer_order.status == OrderStatus.UNCONFIRMED


def test_canceling_a_transfer_order_stops_waiting_for_the_money(transfer_order, variant, client):
    client.post(reverse("orders:cancel", kwargs={"token": transfer_order.token}))

    transfer_order.refresh_from_db()
    assert transfer_order.status == OrderStatus.CANCELED
    assert _stock(variant).quantity_allocated == 0
    item = transfer_order.transactions.get()
    assert (item.charge_pending_amount, item.canceled_amount) == (0, 270_000)
    assert transfer_instructions(transfer_order) is None


# --- notifications that name no order ----------------------------------------------------------------------------


@pytest.fixture
def stray_transfer(transfer_order, settings):
    """The shopper typed the purpose wrong: the bank's notification names no order."""
    settings.BANK_WEBHOOK_SECRET = BANK_SECRET
    body, signature = _signed({"id": "FT2633099999", "amount": 270_000, "description": "LAN CHUYEN TIEN MUA NUOC MAM"})
    return body, signature


def test_a_notification_naming_no_order_is_kept_for_the_managers(stray_transfer, transfer_order, client):
    body, signature = stray_transfer
    url = reverse("payments:bank_notification")
    for _attempt in range(2):  # the bank repeats itself: kept once
        assert client.post(url, body, content_type="application/json", HTTP_X_SIGNATURE=signature).status_code == 200

    kept = BankNotification.objects.get()
    assert (kept.reference, kept.amount, kept.status) == ("FT2633099999", 270_000, BankNotification.Status.UNMATCHED)
    assert kept.description == "LAN CHUYEN TIEN MUA NUOC MAM"
    assert json.loads(kept.payload)["id"] == "FT2633099999"
    assert kept.received_at is not None
    transfer_order.refresh_from_db()
    assert transfer_order.charge_status == OrderChargeStatus.NONE


def test_a_manager_matches_a_stray_transfer_to_its_order_in_the_admin(stray_transfer, transfer_order, client):
    notification = handle_bank_notification(*stray_transfer)
    manager = create_user(email="ql@example.com", password="x-pass-123", role="manager")
    client.force_login(manager)

    listing = client.get(reverse("admin:payments_banknotification_changelist"), {"status__exact": "unmatched"})
    assert "FT2633099999" in listing.content.decode()
    match_url = reverse("admin:payments_banknotification_match", args=[notification.pk])
    assert match_url in listing.content.decode()
    unknown = client.post(match_url, {"order_number": 999999})
    assert "Không có đơn hàng số này." in unknown.content.decode()
    assert client.post(match_url, {"order_number": transfer_order.number}).status_code == 302

    notification.refresh_from_db()
    assert (notification.status, notification.order, notification.handled_by) == (
        BankNotification.Status.MATCHED,
        transfer_order,
        manager,
    )
    transfer_order.refresh_from_db()
    assert (transfer_order.status, transfer_order.charge_status) == (OrderStatus.UNFULFILLED, OrderChargeStatus.FULL)
    item = transfer_order.transactions.get()
    assert item.events.get(type=TransactionEvent.Type.CHARGE_SUCCESS).psp_reference == "FT2633099999"
    with pytest.raises(DomainError) as again:  # a second match would count the money twice
        match_bank_notification(notification, order_number=transfer_order.number, user=manager)
    assert again.value.code == "already_handled"


def test_a_manager_sets_aside_a_transfer_that_is_not_for_an_order(stray_transfer, client):
    notification = handle_bank_notification(*stray_transfer)
    client.force_login(create_user(email="ql@example.com", password="x-pass-123", role="manager"))

    client.post(
        reverse("admin:payments_banknotification_changelist"),
        {"action": "ignore_selected", "_selected_action": [notification.pk]},
    )

    notification.refresh_from_db()
    assert notification.status == BankNotification.Status.IGNORED
    with pytest.raises(DomainError):
        ignore_bank_notification(notification, user=None)


def test_only_managers_see_the_bank_notifications(stray_transfer, client):
    notification = handle_bank_notification(*stray_transfer)
    client.force_login(create_user(email="khach@example.com", password="x-pass-123", role="shopper"))

    match_url = reverse("admin:payments_banknotification_match", args=[notification.pk])
    assert client.post(match_url, {"order_number": 1}).status_code == 302  # to the admin's sign-in page
    notification.refresh_from_db()
    assert notification.status == BankNotification.Status.UNMATCHED


def test_an_unreadable_notification_is_refused(settings):
    settings.BANK_WEBHOOK_SECRET = BANK_SECRET
    for notice in [{"id": "FT1", "amount": -5, "description": ""}, {"id": "", "amount": 5, "description": ""}]:
        with pytest.raises(DomainError) as refused:
            handle_bank_notification(*_signed(notice))
        assert refused.value.code == "invalid"
    assert not BankNotification.objects.exists()
