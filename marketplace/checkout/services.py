"""Every change to a cart or checkout, and placing the order.

Quantities are checked against what the HCMC channel's warehouses can still sell and against a variant's limit
per customer whenever a line changes, and again when the order is placed: the final word is the allocation,
made under row locks (inventory.allocation), so two shoppers racing for the last units cannot both win.
"""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.allocation import release_reservations, reserve
from inventory.selectors import available_quantity_for_channel, empty_gift_set_error
from marketplace.catalogue.models import GiftSetComponent, Product, ProductVariant
from marketplace.checkout.models import Checkout, CheckoutLine, ShippingMethod
from marketplace.checkout.selectors import checkout_lines, checkout_totals
from marketplace.core.addresses import clean_phone, delivery_address_fields
from marketplace.core.errors import DomainError
from marketplace.core.models import LanguageCode
from marketplace.core.numbers import check_whole_number, is_whole_number
from marketplace.core.text import nfc
from marketplace.orders.models import Order, OrderStatus
from marketplace.orders.selectors import quantities_bought
from marketplace.orders.services import create_order_from_checkout
from marketplace.payments.models import PaymentMethod, TransactionItem
from marketplace.payments.services import start_bank_transfer, start_cash_on_delivery, start_order_payment

logger = logging.getLogger(__name__)

MAX_LINE_QUANTITY = 999
# How long the goods of a checkout under review are held for its shopper.
RESERVATION_MINUTES = 20


def _check_language(language_code) -> str:
    """One of the shop's languages (vi, en), else the field's error."""
    if language_code not in LanguageCode.values:
        raise DomainError(_("Ngôn ngữ này không được hỗ trợ."), code="invalid", field="languageCode")
    return language_code


def create_checkout(*, channel, user=None, language_code: str = LanguageCode.VI) -> Checkout:
    """A new, empty cart in the shopper's language; a signed-in shopper's existing cart in the channel is returned
    instead (its language as it was)."""
    language_code = _check_language(language_code)
    if user is not None and user.is_authenticated:
        checkout, _created = Checkout.objects.get_or_create(
            user=user, channel=channel, defaults={"language_code": language_code}
        )
        return checkout
    return Checkout.objects.create(channel=channel, language_code=language_code)


def set_checkout_language(checkout: Checkout, *, language_code: str) -> Checkout:
    """The language the shopper reads the checkout in, which its order keeps (the API's
    checkoutLanguageCodeUpdate)."""
    checkout.language_code = _check_language(language_code)
    checkout.save(update_fields=["language_code", "last_change"])
    return checkout


def _check_line_quantity(quantity) -> int:
    """How many of an item a cart line may hold: 0 (none) up to MAX_LINE_QUANTITY."""
    check_whole_number(quantity, field="quantity", message=_("Số lượng phải là số nguyên không âm."), minimum=0)
    if quantity > MAX_LINE_QUANTITY:
        raise DomainError(
            _("Mỗi sản phẩm đặt tối đa %(max)d.") % {"max": MAX_LINE_QUANTITY}, code="invalid", field="quantity"
        )
    return quantity


def _sellable_variant(variant: ProductVariant, channel) -> ProductVariant:
    variant = (
        ProductVariant.objects.select_related("product")
        .filter(pk=variant.pk, product__status=Product.Status.PUBLISHED, channel_listings__channel=channel)
        .first()
    )
    if variant is None:
        raise DomainError(_("Sản phẩm này hiện không bán trực tuyến."), code="not_available", field="variant")
    if variant.product.is_gift_set and not GiftSetComponent.objects.filter(gift_set=variant.product_id).exists():
        raise empty_gift_set_error(variant, field="variant")
    return variant


def _check_availability(variant: ProductVariant, quantity: int, channel) -> None:
    if not variant.track_inventory:
        return
    available = available_quantity_for_channel([variant.pk], channel)[variant.pk]
    if quantity > available:
        raise DomainError(
            _("Hết hàng: %(product)s chỉ còn %(available)d.")
            % {"product": variant.product.name, "available": available}
            if available
            else _("Hết hàng: %(product)s đã được mua hết.") % {"product": variant.product.name},
            code="insufficient_stock",
            field="quantity",
        )


def _check_limit(variant: ProductVariant, quantity: int, *, user=None, email: str = "", phone: str = "") -> None:
    limit = variant.quantity_limit_per_customer
    if limit is None:
        return
    bought = quantities_bought([variant.pk], user=user, email=email, phone=phone).get(variant.pk, 0)
    if bought + quantity > limit:
        raise DomainError(
            _("Mỗi khách chỉ được mua tối đa %(limit)d %(product)s (bạn đã mua %(bought)d).")
            % {"limit": limit, "product": variant.product.name, "bought": bought},
            code="quantity_greater_than_limit",
            field="quantity",
        )


def _allowed_quantity(variant: ProductVariant, channel, *, user=None, email: str = "") -> int:
    """The most of `variant` a cart may hold now: what can be sold, within the customer's remaining limit."""
    allowed = MAX_LINE_QUANTITY
    if variant.track_inventory:
        allowed = min(allowed, available_quantity_for_channel([variant.pk], channel)[variant.pk])
    if variant.quantity_limit_per_customer is not None:
        bought = quantities_bought([variant.pk], user=user, email=email).get(variant.pk, 0)
        allowed = min(allowed, variant.quantity_limit_per_customer - bought)
    return allowed


def _lock_customer(email: str) -> None:
    """Serialise one customer's order placements until the transaction ends, so two simultaneous checkouts by
    the same person cannot both pass the per-customer limit. (Counted by email: a signed-in shopper's orders
    carry their email too.)"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"customer:{email.lower()}"])


@transaction.atomic
def set_line_quantity(
    checkout: Checkout, *, variant: ProductVariant, quantity: int, user=None, up_to_stock: bool = False
) -> CheckoutLine | None:
    """Set how many of `variant` the cart holds; 0 removes the line. Returns the line, or None once removed.

    With `up_to_stock`, asking for more than can be sold sets the line to what is left (the caller compares the
    line's quantity with what it asked for, and says so); nothing left is refused either way.
    The line and the release of the cart's reservations are written together.
    """
    quantity = _check_line_quantity(quantity)
    if quantity == 0:
        CheckoutLine.objects.filter(checkout=checkout, variant=variant).delete()
        _release_reservations(checkout)
        return None
    variant = _sellable_variant(variant, checkout.channel)
    if up_to_stock and variant.track_inventory:
        available = available_quantity_for_channel([variant.pk], checkout.channel)[variant.pk]
        if available > 0:
            quantity = min(quantity, available)
    _check_availability(variant, quantity, checkout.channel)
    _check_limit(variant, quantity, user=user, email=checkout.email)
    line, _created = CheckoutLine.objects.update_or_create(
        checkout=checkout, variant=variant, defaults={"quantity": quantity}
    )
    _release_reservations(checkout)
    return line


def _release_reservations(checkout: Checkout) -> None:
    """The cart changed: what was reserved for it no longer matches; the summary reserves again."""
    release_reservations(checkout_token=checkout.pk)
    checkout.reserved_until = None
    checkout.save(update_fields=["reserved_until", "last_change"])


def reserve_checkout(checkout: Checkout) -> Checkout:
    """Hold the cart's goods for RESERVATION_MINUTES while the shopper reviews the order and pays.

    Refused with DomainError(code="insufficient_stock") when others hold or bought what the cart needs.
    """
    until = timezone.now() + timedelta(minutes=RESERVATION_MINUTES)
    with transaction.atomic():
        reserve(checkout_lines(checkout), channel=checkout.channel, checkout_token=checkout.pk, until=until)
        checkout.reserved_until = until
        checkout.save(update_fields=["reserved_until", "last_change"])
    return checkout


def add_to_checkout(
    checkout: Checkout, *, variant: ProductVariant, quantity: int = 1, user=None, up_to_stock: bool = False
) -> CheckoutLine:
    """Add `quantity` of `variant` to what the cart already holds (`up_to_stock`: see set_line_quantity)."""
    quantity = _check_line_quantity(quantity)
    if quantity == 0:
        raise DomainError(_("Số lượng phải lớn hơn 0."), code="invalid", field="quantity")
    held = CheckoutLine.objects.filter(checkout=checkout, variant=variant).values_list("quantity", flat=True).first()
    wanted = min((held or 0) + quantity, MAX_LINE_QUANTITY) if up_to_stock else (held or 0) + quantity
    return set_line_quantity(checkout, variant=variant, quantity=wanted, user=user, up_to_stock=up_to_stock)


def add_lines(checkout: Checkout, *, lines, user=None) -> Checkout:
    """Add several (variant, quantity) pairs at once: all of them, or none when one is refused."""
    with transaction.atomic():
        for variant, quantity in lines:
            add_to_checkout(checkout, variant=variant, quantity=quantity, user=user)
    return checkout


def set_line_quantities(checkout: Checkout, *, lines, user=None) -> Checkout:
    """Set the quantity of several (variant, quantity) pairs at once (0 removes a line): all, or none."""
    with transaction.atomic():
        for variant, quantity in lines:
            set_line_quantity(checkout, variant=variant, quantity=quantity, user=user)
    return checkout


def remove_lines(checkout: Checkout, *, line_ids) -> Checkout:
    """Remove lines by their ids; an id that is not a line of this checkout is refused and nothing is removed."""
    line_ids = set(line_ids)
    with transaction.atomic():
        lines = CheckoutLine.objects.select_for_update().filter(checkout=checkout, pk__in=line_ids)
        if len(lines) != len(line_ids):
            raise DomainError(_("Không tìm thấy dòng này trong giỏ hàng."), code="not_found", field="lines")
        CheckoutLine.objects.filter(pk__in=line_ids).delete()
        _release_reservations(checkout)
    return checkout


def _merge_lines(*, source: Checkout, target: Checkout, user) -> None:
    """Move the lines of `source` into `target`; quantities add up, lowered to what may be sold to the customer."""
    held = {line.variant_id: line.quantity for line in target.lines.all()}
    for line in source.lines.select_related("variant__product"):
        wanted = held.get(line.variant_id, 0) + line.quantity
        quantity = min(wanted, _allowed_quantity(line.variant, target.channel, user=user, email=target.email))
        if quantity <= 0:
            continue
        try:
            with transaction.atomic():
                set_line_quantity(target, variant=line.variant, quantity=quantity, user=user)
        except DomainError:
            continue  # no longer sold online: the line is dropped with the source cart


def merge_guest_checkout(*, guest: Checkout, user) -> Checkout:
    """A shopper signed in with a guest cart: its lines join their account's cart and the guest cart goes.

    Quantities add up, but never beyond what can be sold or the per-customer limit: a merged line is lowered
    to what is allowed rather than refused, since the shopper did not ask for the sum.
    """
    with transaction.atomic():
        target = create_checkout(channel=guest.channel, user=user, language_code=guest.language_code)
        if target.pk == guest.pk:
            return target
        _merge_lines(source=guest, target=target, user=user)
        if not target.email:
            target.email = guest.email or user.email
            target.save(update_fields=["email", "last_change"])
        guest.delete()
    return target


def attach_customer(checkout: Checkout, *, user) -> Checkout:
    """A signed-in shopper takes a guest checkout as their own (the API's checkoutCustomerAttach).

    Unlike signing in on the pages, the checkout named keeps its identity: the account's other cart in the
    channel (there is at most one) is merged into it and goes, as merge_guest_checkout does the other way round.
    """
    with transaction.atomic():
        locked = Checkout.objects.select_for_update().get(pk=checkout.pk)
        if locked.user_id not in (None, user.pk):
            raise DomainError(_("Giỏ hàng này thuộc tài khoản khác."), code="not_found", field="id")
        if locked.user_id == user.pk:
            return locked
        previous = Checkout.objects.select_for_update().filter(user=user, channel_id=locked.channel_id).first()
        locked.user = user
        locked.email = locked.email or user.email
        if previous is not None:
            previous.user = None  # the one-cart-per-account constraint holds at every statement
            previous.save(update_fields=["user", "last_change"])
        locked.save(update_fields=["user", "email", "last_change"])
        if previous is not None:
            _merge_lines(source=previous, target=locked, user=user)
            previous.delete()
    return locked


def detach_customer(checkout: Checkout, *, user) -> Checkout:
    """The shopper lets go of their checkout: it becomes a guest checkout, reached by its token only."""
    with transaction.atomic():
        locked = Checkout.objects.select_for_update().get(pk=checkout.pk)
        if locked.user_id != user.pk:
            raise DomainError(_("Giỏ hàng này thuộc tài khoản khác."), code="not_found", field="id")
        locked.user = None
        locked.save(update_fields=["user", "last_change"])
    return locked


def _clean_email(email: str) -> str:
    email = nfc(email).lower()
    if not email:
        raise DomainError(_("Vui lòng nhập email."), code="email_not_set", field="email")
    try:
        validate_email(email)
    except ValidationError as error:
        raise DomainError(_("Email không hợp lệ."), code="invalid", field="email") from error
    return email


def _active_shipping_method(checkout: Checkout, shipping_method_id) -> ShippingMethod:
    method = None
    if is_whole_number(shipping_method_id, minimum=1):
        method = ShippingMethod.objects.filter(pk=shipping_method_id, channel=checkout.channel, is_active=True).first()
    if method is None:
        raise DomainError(
            _("Vui lòng chọn một phương thức giao hàng."), code="invalid_shipping_method", field="shipping_method"
        )
    return method


def _clean_note(note: str) -> str:
    note = nfc(note)
    if len(note) > 255:
        raise DomainError(_("Ghi chú tối đa 255 ký tự."), code="too_long", field="customer_note")
    return note


def set_customer_note(checkout: Checkout, *, note: str) -> Checkout:
    """The shopper's note for the courier (up to 255 characters)."""
    checkout.customer_note = _clean_note(note)
    checkout.save(update_fields=["customer_note", "last_change"])
    return checkout


def set_checkout_email(checkout: Checkout, *, email: str) -> Checkout:
    checkout.email = _clean_email(email)
    checkout.save(update_fields=["email", "last_change"])
    return checkout


def set_shipping_address(
    checkout: Checkout, *, full_name: str, street_address: str, ward_code: str, phone: str
) -> Checkout:
    """The delivery address in Ho Chi Minh City (post-2025 form) and the phone the courier calls."""
    if not nfc(phone):
        raise DomainError(_("Vui lòng nhập số điện thoại."), code="required", field="phone")
    phone = clean_phone(phone)
    address = delivery_address_fields(full_name=full_name, street_address=street_address, ward_code=ward_code)
    checkout.phone = phone
    for name, value in address.items():
        setattr(checkout, name, value)
    checkout.save(update_fields=["phone", *address, "last_change"])
    return checkout


def set_delivery_method(checkout: Checkout, *, shipping_method_id: int | None) -> Checkout:
    """Choose one of the channel's active delivery methods (None clears the choice)."""
    checkout.shipping_method = (
        None if shipping_method_id is None else _active_shipping_method(checkout, shipping_method_id)
    )
    checkout.save(update_fields=["shipping_method", "last_change"])
    return checkout


def check_billing_address(*, full_name: str, street_address: str, ward_code: str, phone: str = "") -> None:
    """A billing address is checked like a delivery address; we invoice to the delivery address, so none is kept."""
    if nfc(phone):
        clean_phone(phone)
    delivery_address_fields(full_name=full_name, street_address=street_address, ward_code=ward_code)


def create_checkout_with(
    *, channel, user=None, lines=(), email=None, address: dict | None = None, language_code: str | None = None
) -> Checkout:
    """A checkout with its first lines, email, delivery address and language (the API's checkoutCreate): all, or
    nothing. A signed-in shopper's existing checkout takes the language given, if one is."""
    with transaction.atomic():
        default_language = user.language_code if user is not None else LanguageCode.VI
        checkout = create_checkout(channel=channel, user=user, language_code=language_code or default_language)
        if language_code and checkout.language_code != language_code:
            set_checkout_language(checkout, language_code=language_code)
        add_lines(checkout, lines=lines, user=user)
        if email:
            set_checkout_email(checkout, email=email)
        if address is not None:
            set_shipping_address(checkout, **address)
    return checkout


def set_checkout_details(
    checkout: Checkout,
    *,
    email: str,
    phone: str,
    full_name: str,
    street_address: str,
    ward_code: str,
    shipping_method_id: int,
    customer_note: str = "",
) -> Checkout:
    """Contact, delivery address in Ho Chi Minh City (post-2025 form) and delivery method, validated together.

    The email may be left empty: cash on delivery needs only the phone; paying otherwise asks for it when the
    order is placed (complete_checkout)."""
    email = _clean_email(email) if nfc(email or "") else ""
    phone = clean_phone(phone)
    address = delivery_address_fields(full_name=full_name, street_address=street_address, ward_code=ward_code)
    customer_note = _clean_note(customer_note)
    method = _active_shipping_method(checkout, shipping_method_id)
    checkout.email = email
    checkout.phone = phone
    for name, value in address.items():
        setattr(checkout, name, value)
    checkout.shipping_method = method
    checkout.customer_note = customer_note
    checkout.save()
    return checkout


def _check_ready(checkout: Checkout, totals) -> None:
    if not totals.lines:
        raise DomainError(_("Giỏ hàng đang trống."), code="empty_checkout", field="lines")
    if not (checkout.phone and checkout.shipping_ward_code and checkout.shipping_street_address):
        raise DomainError(
            _("Vui lòng điền thông tin liên hệ và địa chỉ giao hàng."), code="shipping_address_not_set", field=None
        )
    if totals.shipping_method is None or not totals.shipping_method.is_active:
        raise DomainError(
            _("Vui lòng chọn một phương thức giao hàng."), code="shipping_method_not_set", field="shipping_method"
        )
    for info in totals.lines:
        if not info.is_sellable:
            raise DomainError(
                _("%(product)s hiện không còn bán trực tuyến; vui lòng bỏ khỏi giỏ hàng.")
                % {"product": info.variant.product.name},
                code="not_available",
                field="lines",
            )


def complete_checkout(
    checkout: Checkout,
    *,
    user=None,
    expected_total: int | None = None,
    payment_method: str = PaymentMethod.CASH_ON_DELIVERY,
) -> Order:
    """Place the order, holding its stock, and empty the cart.

    Cash on delivery: confirmed at once, unpaid. VietQR transfer: unconfirmed until the money arrives (the order
    page shows the QR). Card: unconfirmed; the caller starts the payment once this transaction has committed
    (marketplace.payments.stripe_payments.start_card_payment), so no call to Stripe is made under row locks.

    `expected_total` is the total the shopper saw on the summary: if prices or delivery changed since, nothing
    is ordered and the shopper sees the new total first. Completing a checkout that was already completed (a
    double submit) returns the order it became.

    When placing fails, for whatever reason (out of stock, a changed total, the database refusing), what the
    cart held in reservations is released at once, not when the hold expires: the units go back to the other
    shoppers (the summary page reserves again when the shopper returns to it). About 18 SQL statements for any
    number of lines (tests/checkout/test_services.py asserts it).
    """
    try:
        return _place_order(checkout, user=user, expected_total=expected_total, payment_method=payment_method)
    except Exception:
        _release_after_failure(checkout)
        raise


def _release_after_failure(checkout: Checkout) -> None:
    if connection.in_atomic_block and connection.needs_rollback:
        return  # the caller's transaction is lost anyway; nothing can be written in it
    try:
        with transaction.atomic():
            release_reservations(checkout_token=checkout.pk)
            Checkout.objects.filter(pk=checkout.pk).update(reserved_until=None)
    except DatabaseError:
        # The database itself failed (the reason the order failed, most likely): the holds expire by themselves.
        logger.warning("checkout %s: reservations not released after a failed order", checkout.pk, exc_info=True)


def _place_order(checkout: Checkout, *, user, expected_total: int | None, payment_method: str) -> Order:
    with transaction.atomic():
        locked = (
            Checkout.objects.select_for_update(of=("self",))
            .select_related("channel", "shipping_method")
            .filter(pk=checkout.pk)
            .first()
        )
        if locked is None:
            order = Order.objects.filter(checkout_token=checkout.pk).first()
            if order is None:
                raise DomainError(_("Không tìm thấy giỏ hàng."), code="not_found", field=None)
            return order
        totals = checkout_totals(locked, with_availability=False)
        _check_ready(locked, totals)
        if expected_total is not None and expected_total != totals.total:
            raise DomainError(
                _("Tổng tiền đã thay đổi; vui lòng xem lại đơn hàng trước khi đặt."), code="total_changed", field=None
            )
        if payment_method not in PaymentMethod.values:
            raise DomainError(_("Phương thức thanh toán không hợp lệ."), code="invalid", field="payment_method")
        if payment_method != PaymentMethod.CASH_ON_DELIVERY and not locked.email:
            raise DomainError(
                _("Thanh toán chuyển khoản hoặc thẻ cần email để gửi xác nhận: vui lòng thêm email ở bước giao hàng."),
                code="email_required",
                field="email",
            )
        # A guest without an email is the same customer as their phone number's earlier orders.
        phone = "" if locked.email else locked.phone
        if any(info.variant.quantity_limit_per_customer is not None for info in totals.lines):
            _lock_customer(locked.email or phone)
        for info in totals.lines:
            _check_limit(info.variant, info.quantity, user=user, email=locked.email, phone=phone)
        # Cash on delivery ships at once; a transfer or card payment is awaited before the order is confirmed.
        status = (
            OrderStatus.UNFULFILLED if payment_method == PaymentMethod.CASH_ON_DELIVERY else OrderStatus.UNCONFIRMED
        )
        order = create_order_from_checkout(checkout=locked, totals=totals, user=user, status=status)
        if payment_method == PaymentMethod.CASH_ON_DELIVERY:
            start_cash_on_delivery(order)
        elif payment_method == PaymentMethod.VIETQR:
            start_bank_transfer(order)
        locked.delete()
    return order


def complete_checkout_and_start_payment(
    checkout: Checkout, *, user=None, payment_method: str, expected_total: int | None = None
) -> tuple[Order, TransactionItem, str | None]:
    """Place the order (complete_checkout) and open its payment, for a client that does both in one call (the
    API's transactionInitialize). Returns the order, its transaction and, for a card, the PaymentIntent's client
    secret. The PaymentIntent is created after the order's transaction committed, so Stripe is never called
    under the order's or the stock's row locks; a call repeated for the same checkout reuses the order and its
    PaymentIntent."""
    order = complete_checkout(checkout, user=user, payment_method=payment_method, expected_total=expected_total)
    item, client_secret = start_order_payment(order, payment_method=payment_method)
    return order, item, client_secret
