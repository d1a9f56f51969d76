"""Reads for payment pages: which methods a checkout may use, and what a shopper needs to pay by transfer."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from marketplace.orders.models import Order, OrderChargeStatus, OrderStatus
from marketplace.payments.models import BankTransferAccount, PaymentMethod, TransactionItem
from marketplace.payments.stripe_payments import CARD_PAYMENT_WINDOW, card_payments_enabled
from marketplace.payments.vietqr import order_transfer_payload


def payment_methods_for(channel) -> list[PaymentMethod]:
    """Cash on delivery always; VietQR when the channel has an active account to pay into; cards when Stripe is
    configured."""
    methods = [PaymentMethod.CASH_ON_DELIVERY]
    if BankTransferAccount.objects.filter(channel=channel, is_active=True).exists():
        methods.append(PaymentMethod.VIETQR)
    if card_payments_enabled():
        methods.append(PaymentMethod.STRIPE)
    return methods


def unpaid_order_windows(channel_ids) -> dict[int, timedelta | None]:
    """How long an unpaid order of each channel waits for its money before it expires, at most (its transfer
    window when the channel takes transfers, the card window when cards are on, the longer of the two); None where
    only cash on delivery is taken, whose orders never expire. One statement for all the channels."""
    windows = {
        channel_id: timedelta(hours=hours)
        for channel_id, hours in BankTransferAccount.objects.filter(
            channel_id__in=list(channel_ids), is_active=True
        ).values_list("channel_id", "payment_window_hours")
    }
    card = CARD_PAYMENT_WINDOW if card_payments_enabled() else None
    return {
        channel_id: max((window for window in (windows.get(channel_id), card) if window), default=None)
        for channel_id in channel_ids
    }


@dataclass(frozen=True)
class TransferInstructions:
    account: BankTransferAccount
    amount: int
    purpose: str
    payload: str
    pay_before: datetime


def transfer_instructions(order: Order) -> TransferInstructions | None:
    """What to show a shopper who still has to pay the order by transfer; None once there is nothing to pay."""
    if order.status != OrderStatus.UNCONFIRMED or order.charge_status != OrderChargeStatus.NONE:
        return None
    if not TransactionItem.objects.filter(order=order, method=PaymentMethod.VIETQR).exists():
        return None
    account = BankTransferAccount.objects.filter(channel_id=order.channel_id, is_active=True).first()
    if account is None:
        return None
    return TransferInstructions(
        account=account,
        amount=order.total_amount,
        purpose=f"DH{order.number}",
        payload=order_transfer_payload(order, bank_bin=account.bank_bin, account_number=account.account_number),
        pay_before=order.created_at + timedelta(hours=account.payment_window_hours),
    )


def transaction_by_token(token) -> TransactionItem | None:
    return TransactionItem.objects.select_related("order").filter(token=token).first()
