"""Card payments through Stripe PaymentIntents. VND is zero-decimal for Stripe: amount=150000 is 150.000 ₫.

The browser is never believed about what was paid. Whatever says a payment changed — the shopper coming back,
a webhook — makes the server retrieve the PaymentIntent from Stripe and record what Stripe reports. So a
duplicate, late or out-of-order webhook can change nothing twice: every recorded outcome carries an
idempotency key that the database keeps unique, and a success is final.

No call to Stripe is made while a row is locked: Stripe is asked first, outside any transaction, and what it
answered is then recorded in one short locked transaction that checks again what it needs. A slow Stripe holds up
only its own request, never the order's or the stock's other writers.

Configuration comes from the settings (read from the environment there): STRIPE_SECRET_KEY and
STRIPE_PUBLISHABLE_KEY (card payments are offered only with both), STRIPE_WEBHOOK_SECRET, and STRIPE_API_BASE /
STRIPE_JS_URL to point at a local stand-in such as localstripe in tests.
"""

from datetime import timedelta

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.environment import origin_of
from marketplace.core.errors import DomainError
from marketplace.core.money import format_vnd
from marketplace.orders.models import Order, OrderChargeStatus, OrderEvent, OrderStatus
from marketplace.orders.services import confirm_order, expire_order, record_charge
from marketplace.payments.models import PaymentMethod, TransactionEvent, TransactionItem


def _client() -> stripe.StripeClient:
    api_key = settings.STRIPE_SECRET_KEY
    if not api_key:
        raise DomainError(_("Thanh toán thẻ chưa được cấu hình."), code="not_configured", field=None)
    base = settings.STRIPE_API_BASE
    return stripe.StripeClient(api_key, base_addresses={"api": base} if base else None, max_network_retries=2)


def start_card_payment(order: Order) -> tuple[TransactionItem, str]:
    """Create the order's PaymentIntent for its total; returns the transaction and the client secret for Stripe.js.

    Starting again reuses the open PaymentIntent; the idempotency key covers a request retried in flight.
    """
    if order.charge_status != OrderChargeStatus.NONE:
        raise DomainError(_("Đơn hàng này đã được thanh toán."), code="already_paid", field="order")
    client = _client()
    existing = TransactionItem.objects.filter(order=order, method=PaymentMethod.STRIPE).order_by("-pk").first()
    if existing is not None:
        # The shopper reloaded the payment page: continue with the same PaymentIntent unless it was canceled.
        intent = client.v1.payment_intents.retrieve(existing.psp_reference)
        if intent.status != "canceled":
            return existing, intent.client_secret
    intent = client.v1.payment_intents.create(
        params={
            "amount": order.total_amount,
            "currency": order.currency.lower(),
            "metadata": {"order_number": str(order.number), "order_token": str(order.token)},
        },
        options={"idempotency_key": f"order-{order.token}-card"},
    )
    with transaction.atomic():
        item, created = TransactionItem.objects.get_or_create(
            method=PaymentMethod.STRIPE,
            psp_reference=intent.id,
            defaults={
                "order": order,
                "name": str(PaymentMethod.STRIPE.label),
                "currency": order.currency,
                "charge_pending_amount": order.total_amount,
            },
        )
        if created:
            TransactionEvent.objects.create(
                transaction=item,
                type=TransactionEvent.Type.CHARGE_REQUEST,
                amount=order.total_amount,
                psp_reference=intent.id,
            )
    return item, intent.client_secret


def card_intent_status(item: TransactionItem) -> str:
    """What Stripe says of the PaymentIntent now ("succeeded", "processing", "requires_payment_method", …).
    A read: nothing is recorded (sync_card_payment records)."""
    return _client().v1.payment_intents.retrieve(item.psp_reference).status


def _record_once(item: TransactionItem, *, key: str, **fields) -> bool:
    """Record an event unless one with the same key exists. Returns whether it was recorded."""
    if TransactionEvent.objects.filter(idempotency_key=key).exists():
        return False
    TransactionEvent.objects.create(transaction=item, idempotency_key=key, psp_reference=item.psp_reference, **fields)
    return True


def sync_card_payment(item: TransactionItem) -> TransactionItem:
    """Ask Stripe what became of the PaymentIntent and record it, once."""
    intent = _client().v1.payment_intents.retrieve(item.psp_reference).to_dict()
    status, intent_id = intent["status"], intent["id"]
    with transaction.atomic():
        item = TransactionItem.objects.select_for_update().select_related("order").get(pk=item.pk)
        if status == "succeeded":
            amount = intent.get("amount_received") or intent["amount"]
            if _record_once(
                item,
                key=f"stripe:{intent_id}:succeeded",
                type=TransactionEvent.Type.CHARGE_SUCCESS,
                amount=amount,
                message=_("Stripe xác nhận đã thu tiền."),
            ):
                item.charged_amount += amount
                item.charge_pending_amount = 0
                item.save(update_fields=["charged_amount", "charge_pending_amount", "modified_at"])
                order = record_charge(item.order, amount=amount)
                if order.status == OrderStatus.UNCONFIRMED and order.charge_status == OrderChargeStatus.FULL:
                    confirm_order(order)
        elif status == "requires_payment_method" and intent.get("last_payment_error"):
            # Declined: the order stays unpaid and the shopper may try another card on the same PaymentIntent.
            error = intent["last_payment_error"]
            _record_once(
                item,
                key=f"stripe:{intent_id}:failed:{error.get('charge') or error.get('code')}",
                type=TransactionEvent.Type.CHARGE_FAILURE,
                amount=intent["amount"],
                message=(error.get("message") or "")[:512],
            )
        elif status == "canceled" and _record_once(
            item, key=f"stripe:{intent_id}:canceled", type=TransactionEvent.Type.CANCEL_SUCCESS, amount=intent["amount"]
        ):
            item.canceled_amount += item.charge_pending_amount
            item.charge_pending_amount = 0
            item.save(update_fields=["canceled_amount", "charge_pending_amount", "modified_at"])
    return item


def handle_webhook(payload: bytes, signature_header: str) -> TransactionItem | None:
    """Verify a Stripe webhook's signature, then sync the PaymentIntent it is about from Stripe itself.

    Raises DomainError(code="invalid_signature") for anything not signed with our webhook secret. Events about
    other objects, or PaymentIntents that are not ours, are acknowledged and ignored (None).
    """
    secret = settings.STRIPE_WEBHOOK_SECRET
    try:
        event = _client().construct_event(payload, signature_header, secret)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise DomainError(_("Chữ ký webhook không hợp lệ."), code="invalid_signature", field=None) from error
    if not event.type.startswith("payment_intent."):
        return None
    item = TransactionItem.objects.filter(method=PaymentMethod.STRIPE, psp_reference=event.data.object.id).first()
    if item is None:
        return None
    return sync_card_payment(item)


def card_form_content_security_policy() -> dict[str, list[str]]:
    """What the card page adds to the site's content security policy: Stripe.js, its API and its card frames.

    Only that page loads anything from Stripe; the origins follow STRIPE_JS_URL and STRIPE_API_BASE (a local
    stand-in such as localstripe in tests), else Stripe's own.
    """
    script = origin_of(settings.STRIPE_JS_URL)
    api = origin_of(settings.STRIPE_API_BASE) or "https://api.stripe.com"
    frames = [script, *([] if settings.STRIPE_API_BASE else ["https://hooks.stripe.com"])]
    return {"script-src": [script], "connect-src": [api], "frame-src": frames}


def card_payments_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


def refund_card_payment(order: Order, *, amount: int, user=None) -> TransactionEvent:
    """Give back `amount` of what the card paid (back office). Stripe refunds first; then it is recorded once.

    Stripe is called with no row locked (a slow or hanging Stripe must not hold up the order's other writers);
    the refund is recorded afterwards in one short locked transaction. The check before the call reads without a
    lock: two refunds racing past it are still bounded by Stripe, which refuses more than the charge holds, and two
    identical ones share their idempotency key, so Stripe makes one refund and it is recorded once.
    """
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise DomainError(_("Số tiền phải là số nguyên dương."), code="invalid", field="amount")
    item = TransactionItem.objects.filter(order=order, method=PaymentMethod.STRIPE, charged_amount__gt=0).first()
    if item is None:
        raise DomainError(_("Đơn hàng này chưa được thanh toán bằng thẻ."), code="invalid", field="order")
    refundable = item.charged_amount - item.refunded_amount
    if amount > refundable:
        raise DomainError(
            _("Chỉ có thể hoàn tối đa %(amount)s.") % {"amount": format_vnd(refundable)},
            code="refund_too_large",
            field="amount",
        )
    try:
        # The key names this exact refund: a retried request cannot refund twice at Stripe.
        refund = _client().v1.refunds.create(
            params={"payment_intent": item.psp_reference, "amount": amount},
            options={"idempotency_key": f"refund-{item.token}-{item.refunded_amount}-{amount}"},
        )
    except stripe.InvalidRequestError as error:
        raise DomainError(
            _("Stripe từ chối hoàn tiền: %(reason)s") % {"reason": error.user_message or error.code or ""},
            code="refund_refused",
            field="amount",
        ) from error
    key = f"stripe:{refund.id}"
    with transaction.atomic():
        item = TransactionItem.objects.select_for_update().get(pk=item.pk)
        recorded = TransactionEvent.objects.filter(idempotency_key=key).first()
        if recorded is not None:
            return recorded
        event = TransactionEvent.objects.create(
            transaction=item,
            type=TransactionEvent.Type.REFUND_SUCCESS,
            amount=amount,
            psp_reference=refund.id,
            idempotency_key=key,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        item.refunded_amount += amount
        item.save(update_fields=["refunded_amount", "modified_at"])
        record_charge(order, amount=-amount, user=user)
        OrderEvent.objects.create(
            order=order,
            type=OrderEvent.Type.PAYMENT_REFUNDED,
            user=event.created_by,
            # Which payment, through which gateway, under Stripe's refund id: the API's OrderEvent tells them.
            parameters={
                "amount": amount,
                "payment": str(item.token),
                "gateway": item.method,
                "psp_reference": refund.id,
            },
        )
    return event


# How long an order waits for its card payment before its stock is released.
CARD_PAYMENT_WINDOW = timedelta(hours=2)


def expire_unpaid_card_orders(*, now=None) -> list[Order]:
    """Expire card orders left unpaid past CARD_PAYMENT_WINDOW, releasing their stock.

    Stripe is asked first (a payment may have succeeded without its webhook reaching us), and the
    PaymentIntent is canceled before the order expires, so no late payment can land on an expired order.
    """
    now = now or timezone.now()
    expired = []
    waiting = Order.objects.filter(
        status=OrderStatus.UNCONFIRMED,
        charge_status=OrderChargeStatus.NONE,
        created_at__lte=now - CARD_PAYMENT_WINDOW,
        transactions__method=PaymentMethod.STRIPE,
    ).distinct()
    for order in waiting:
        item = order.transactions.filter(method=PaymentMethod.STRIPE).order_by("-pk").first()
        if sync_card_payment(item).charged_amount:
            continue
        cancel_card_payment(item)
        try:
            expired.append(expire_order(order))
        except DomainError:
            continue  # canceled by the shopper meanwhile
    return expired


def cancel_card_payment(item: TransactionItem) -> TransactionItem:
    """Cancel an unpaid PaymentIntent so it can no longer be paid; refused if Stripe says it was paid."""
    item = sync_card_payment(item)
    if item.charged_amount:
        raise DomainError(
            _("Đơn đã thanh toán: vui lòng liên hệ cửa hàng để hủy và hoàn tiền."), code="already_paid", field=None
        )
    client = _client()
    if client.v1.payment_intents.retrieve(item.psp_reference).status not in ("canceled", "succeeded"):
        client.v1.payment_intents.cancel(item.psp_reference)
    return sync_card_payment(item)
