"""Saleor's Transactions API over our payments: paymentGatewayInitialize, transactionInitialize and
transactionProcess, with cash on delivery, VietQR transfers and Stripe PaymentIntents as gateways.

How the flow maps (docs/checkout-and-payments.md says more): transactionInitialize on a checkout places its order
(the same complete_checkout the summary page calls: stock allocated, prices and VAT fixed) and opens the payment —
a PaymentIntent whose client secret comes back in `data` for Stripe.js, the VietQR payload and transfer text for a
bank transfer, nothing to do for cash on delivery. transactionProcess asks Stripe what became of the PaymentIntent
(never the browser) and records it. checkoutComplete then gives back the order the checkout became.
"""

import graphene
from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from graphene import relay

from marketplace.checkout.selectors import checkout_for_customer
from marketplace.checkout.services import complete_checkout_and_start_payment
from marketplace.core.errors import DomainError
from marketplace.graphql.auth import require_manager, viewer
from marketplace.graphql.core import JSON, Money, PositiveDecimal, parse_global_id, uuid_from_global_id
from marketplace.graphql.errors import (
    PaymentGatewayInitializeError,
    SaleorMutation,
    TransactionInitializeError,
    TransactionProcessError,
)
from marketplace.graphql.inputs import ObjectWithMetadataFields
from marketplace.orders.selectors import order_by_token, order_for_checkout
from marketplace.payments.models import PaymentMethod, TransactionEvent, TransactionItem
from marketplace.payments.selectors import payment_methods_for, transaction_by_token, transfer_instructions
from marketplace.payments.services import start_order_payment
from marketplace.payments.stripe_payments import sync_card_payment

# Saleor names a gateway by its payment app's id; ours are built in.
GATEWAY_IDS = {
    PaymentMethod.CASH_ON_DELIVERY: "xq.payments.cod",
    PaymentMethod.VIETQR: "xq.payments.vietqr",
    PaymentMethod.STRIPE: "saleor.app.payment.stripe",
}
METHOD_OF_GATEWAY = {gateway: method for method, gateway in GATEWAY_IDS.items()}


class GatewayConfigLine(graphene.ObjectType):
    field = graphene.String(required=True)
    value = graphene.String()


class PaymentGateway(graphene.ObjectType):
    name = graphene.String(required=True)
    id = graphene.ID(required=True)
    config = graphene.List(graphene.NonNull(GatewayConfigLine), required=True)
    currencies = graphene.List(graphene.NonNull(graphene.String), required=True)


def _gateway_data(method) -> dict:
    """What a storefront needs to show a gateway: Stripe.js's publishable key; nothing for the others."""
    if method == PaymentMethod.STRIPE:
        return {"publishableKey": settings.STRIPE_PUBLISHABLE_KEY}
    return {}


def payment_gateways(channel) -> list[PaymentGateway]:
    return [
        PaymentGateway(
            id=GATEWAY_IDS[method],
            name=str(method.label),
            config=[GatewayConfigLine(field=key, value=value) for key, value in _gateway_data(method).items()],
            currencies=["VND"],
        )
        for method in payment_methods_for(channel)
    ]


TransactionEventTypeEnum = graphene.Enum(
    "TransactionEventTypeEnum",
    [
        (name, name)
        for name in [
            "AUTHORIZATION_SUCCESS",
            "AUTHORIZATION_FAILURE",
            "AUTHORIZATION_ADJUSTMENT",
            "AUTHORIZATION_REQUEST",
            "AUTHORIZATION_ACTION_REQUIRED",
            "CHARGE_ACTION_REQUIRED",
            "CHARGE_SUCCESS",
            "CHARGE_FAILURE",
            "CHARGE_BACK",
            "CHARGE_REQUEST",
            "REFUND_SUCCESS",
            "REFUND_FAILURE",
            "REFUND_REVERSE",
            "REFUND_REQUEST",
            "CANCEL_SUCCESS",
            "CANCEL_FAILURE",
            "CANCEL_REQUEST",
            "INFO",
        ]
    ],
)
TransactionActionEnum = graphene.Enum(
    "TransactionActionEnum", [("CHARGE", "CHARGE"), ("REFUND", "REFUND"), ("CANCEL", "CANCEL")]
)
TransactionFlowStrategyEnum = graphene.Enum(
    "TransactionFlowStrategyEnum", [("AUTHORIZATION", "AUTHORIZATION"), ("CHARGE", "CHARGE")]
)


def account_shown_to(info, account):
    """An account a payment names, as the viewer may see it: their own, or any for the staff; another's is
    hidden (null), so that a shopper's payment never shows the staff member who recorded it."""
    if account is None:
        return None
    user = viewer(info)
    if user is not None and (user.pk == account.pk or user.is_manager):
        return account
    return None


class TransactionEventType(graphene.ObjectType):
    id = graphene.ID(required=True)
    created_at = graphene.DateTime(required=True)
    psp_reference = graphene.String(required=True)
    message = graphene.String(required=True)
    external_url = graphene.String(required=True, default_value="")
    amount = graphene.Field(Money, required=True)
    type = graphene.Field(TransactionEventTypeEnum)
    idempotency_key = graphene.String()
    created_by = graphene.Field("marketplace.graphql.account.UserOrApp")
    # A refund's reason page in Saleor; our refunds are made in the back office without one.
    reason_reference = graphene.Field("marketplace.graphql.content.PageNode")

    class Meta:
        name = "TransactionEvent"

    @staticmethod
    def resolve_created_by(root, info):
        """The account that recorded the step (staff collecting cash, matching a transfer, refunding a card);
        none for what the gateway or the shop's jobs recorded."""
        return account_shown_to(info, root.created_by)

    @staticmethod
    def resolve_id(root, info):
        return relay.Node.to_global_id("TransactionEvent", root.pk)

    @staticmethod
    def resolve_amount(root, info):
        return Money.of(root.amount, "VND")

    @staticmethod
    def resolve_type(root, info):
        return root.type.upper()


def _money_field(attribute: str):
    def resolve(root, info):
        return Money.of(getattr(root, attribute) if attribute else 0, root.currency)

    return graphene.Field(Money, required=True, resolver=resolve)


class PaymentMethodDetails(graphene.Interface):
    name = graphene.String(required=True)


class CardPaymentMethodDetails(graphene.ObjectType):
    """A card payment: Stripe keeps the card, so its brand, digits and expiry are never ours to give (null)."""

    brand = graphene.String()
    first_digits = graphene.String()
    last_digits = graphene.String()
    exp_month = graphene.Int()
    exp_year = graphene.Int()

    class Meta:
        interfaces = (PaymentMethodDetails,)


class OtherPaymentMethodDetails(graphene.ObjectType):
    class Meta:
        interfaces = (PaymentMethodDetails,)


# Reached only through the PaymentMethodDetails interface: the schema lists them.
PAYMENT_TYPES = [CardPaymentMethodDetails, OtherPaymentMethodDetails]


class TransactionItemType(ObjectWithMetadataFields, graphene.ObjectType):
    id = graphene.ID(required=True)
    token = graphene.UUID(required=True)
    created_at = graphene.DateTime(required=True)
    modified_at = graphene.DateTime(required=True)
    # Refunds and cancellations are the shop's, from the back office.
    actions = graphene.List(graphene.NonNull(TransactionActionEnum), required=True, default_value=())
    authorized_amount = _money_field("authorized_amount")
    authorize_pending_amount = _money_field("")
    refunded_amount = _money_field("refunded_amount")
    refund_pending_amount = _money_field("")
    canceled_amount = _money_field("canceled_amount")
    cancel_pending_amount = _money_field("")
    charged_amount = _money_field("charged_amount")
    charge_pending_amount = _money_field("charge_pending_amount")
    name = graphene.String(required=True)
    message = graphene.String(required=True, default_value="")
    psp_reference = graphene.String(required=True)
    order = graphene.Field("marketplace.graphql.orders.Order")
    # A transaction belongs to the order its checkout became.
    checkout = graphene.Field("marketplace.graphql.checkout.CheckoutType")
    events = graphene.List(graphene.NonNull(TransactionEventType), required=True)
    external_url = graphene.String(required=True, default_value="")
    created_by = graphene.Field("marketplace.graphql.account.UserOrApp")
    payment_method_details = graphene.Field(PaymentMethodDetails)
    # A refund's reason in Saleor; our refunds are made in the back office without one.
    reason = graphene.String()
    reason_reference = graphene.Field("marketplace.graphql.content.PageNode")

    class Meta:
        name = "TransactionItem"

    @staticmethod
    def resolve_id(root, info):
        return relay.Node.to_global_id("TransactionItem", root.token)

    @staticmethod
    def resolve_events(root, info):
        return _events_of(root)

    @staticmethod
    def resolve_created_by(root, info):
        """The account of the order the payment is for: a payment is opened by placing the order (the shopper's
        checkout) or by paying it again from its page; a guest's order has none."""
        order = root.order
        user = viewer(info)
        if order.user_id is None or user is None or not (user.pk == order.user_id or user.is_manager):
            return None  # as account_shown_to hides another's account, without reading it
        if user.pk == order.user_id:
            return user
        # The accounts of every order read with this one, at once (one query), for the staff's page of orders.
        prefetch_related_objects(getattr(order, "api_batch", None) or [order], "user")
        return order.user

    @staticmethod
    def resolve_payment_method_details(root, info):
        name = str(PaymentMethod(root.method).label)
        if root.method == PaymentMethod.STRIPE:
            return CardPaymentMethodDetails(name=name)
        return OtherPaymentMethodDetails(name=name)


# Saleor's older Payments API, over the same records: each TransactionItem of an order is also one of its
# `payments`, so a storefront written for that API shows how the order is paid. The order's totals count each
# record once (they are the transactions' sums), never a payment and its transaction twice.
OrderActionEnum = graphene.Enum("OrderAction", [(name, name) for name in ("CAPTURE", "MARK_AS_PAID", "REFUND", "VOID")])
TransactionKindEnum = graphene.Enum(
    "TransactionKind",
    [
        (name, name)
        for name in (
            "EXTERNAL",
            "AUTH",
            "PENDING",
            "ACTION_TO_CONFIRM",
            "REFUND",
            "REFUND_ONGOING",
            "CAPTURE",
            "VOID",
            "CONFIRM",
            "CANCEL",
        )
    ],
)
# What each of our payment methods is, in the words Saleor's gateways use for paymentMethodType.
PAYMENT_METHOD_TYPES = {
    PaymentMethod.STRIPE: "card",
    PaymentMethod.CASH_ON_DELIVERY: "cash",
    PaymentMethod.VIETQR: "bank_transfer",
}
# Our transaction events as Saleor's legacy transaction kinds (and whether the step succeeded).
LEGACY_KINDS = {
    TransactionEvent.Type.CHARGE_REQUEST: ("PENDING", True),
    TransactionEvent.Type.CHARGE_SUCCESS: ("CAPTURE", True),
    TransactionEvent.Type.CHARGE_FAILURE: ("CAPTURE", False),
    TransactionEvent.Type.REFUND_SUCCESS: ("REFUND", True),
    TransactionEvent.Type.CANCEL_SUCCESS: ("CANCEL", True),
    TransactionEvent.Type.INFO: ("EXTERNAL", True),
}


def payment_amount(item: TransactionItem) -> int:
    """What a payment is for: what it charged, still waits for or gave up; an open cash-on-delivery payment (no
    amount moved yet) is for the order's total."""
    return item.charged_amount + item.charge_pending_amount + item.canceled_amount or item.order.total_amount


def payment_charge_status(item: TransactionItem) -> str:
    """Saleor's PaymentChargeStatusEnum of one payment, from its amounts."""
    if item.refunded_amount:
        return "FULLY_REFUNDED" if item.refunded_amount >= item.charged_amount else "PARTIALLY_REFUNDED"
    if item.charged_amount:
        return "FULLY_CHARGED" if item.charged_amount >= payment_amount(item) else "PARTIALLY_CHARGED"
    if item.charge_pending_amount:
        return "PENDING"
    if item.canceled_amount:
        return "CANCELLED"
    return "NOT_CHARGED"


def _events_of(item: TransactionItem) -> list[TransactionEvent]:
    """The payment's events, read on first ask for every payment of the orders read with it (one query)."""
    if not hasattr(item, "api_events"):
        batch = getattr(item, "api_batch", [item])
        events = {}
        read = TransactionEvent.objects.filter(transaction__in=batch).select_related("created_by")
        for event in read.order_by("created_at", "pk"):
            events.setdefault(event.transaction_id, []).append(event)
        for each in batch:
            each.api_events = events.get(each.pk, [])
    return item.api_events


class LegacyTransaction(graphene.ObjectType):
    """One step of a payment in Saleor's older Payments API: a TransactionEvent of ours."""

    id = graphene.ID(required=True)
    created = graphene.DateTime(required=True)
    payment = graphene.Field(lambda: Payment, required=True)
    token = graphene.String(required=True)
    kind = graphene.Field(TransactionKindEnum, required=True)
    is_success = graphene.Boolean(required=True)
    error = graphene.String()
    gateway_response = graphene.JSONString(
        required=True,
        deprecation_reason="The legacy Payments API is deprecated and will be removed. Use the Transactions API "
        "instead.",
    )
    amount = graphene.Field(Money)

    class Meta:
        name = "Transaction"
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_id(root, info):
        return root.pk

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_payment(root, info):
        return root.transaction

    @staticmethod
    def resolve_token(root, info):
        return root.psp_reference

    @staticmethod
    def resolve_kind(root, info):
        return LEGACY_KINDS.get(root.type, ("EXTERNAL", True))[0]

    @staticmethod
    def resolve_is_success(root, info):
        return LEGACY_KINDS.get(root.type, ("EXTERNAL", True))[1]

    @staticmethod
    def resolve_error(root, info):
        return None if LEGACY_KINDS.get(root.type, ("EXTERNAL", True))[1] else root.message or None

    @staticmethod
    def resolve_gateway_response(root, info):
        return {}

    @staticmethod
    def resolve_amount(root, info):
        return Money.of(root.amount, "VND")


class Payment(ObjectWithMetadataFields, graphene.ObjectType):
    """An order's payment in Saleor's older Payments API: one of our TransactionItems (Order.payments). What the
    order's owner sees is how it is paid and how far; the fields Saleor keeps for MANAGE_ORDERS are the staff's."""

    gateway = graphene.String(required=True)
    is_active = graphene.Boolean(required=True)
    created = graphene.DateTime(required=True)
    modified = graphene.DateTime(required=True)
    token = graphene.String(required=True)
    checkout = graphene.Field("marketplace.graphql.checkout.CheckoutType")
    order = graphene.Field("marketplace.graphql.orders.Order")
    payment_method_type = graphene.String(required=True)
    customer_ip_address = graphene.String()
    charge_status = graphene.Field("marketplace.graphql.orders.PaymentChargeStatusEnum", required=True)
    actions = graphene.List(graphene.NonNull(OrderActionEnum), required=True)
    total = graphene.Field(Money)
    captured_amount = graphene.Field(Money)
    transactions = graphene.List(graphene.NonNull(LegacyTransaction))
    available_capture_amount = graphene.Field(Money)
    available_refund_amount = graphene.Field(Money)
    # We keep no card details: Stripe does.
    credit_card = graphene.Field("marketplace.graphql.discounts.CreditCard")
    psp_reference = graphene.String()

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_id(root, info):
        return root.token

    @staticmethod
    def resolve_gateway(root, info):
        return GATEWAY_IDS[root.method]

    @staticmethod
    def resolve_is_active(root, info):
        # A payment given up (a card refused, a transfer that never came) is no longer the order's payment.
        return not root.canceled_amount or bool(root.charged_amount)

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_modified(root, info):
        return root.modified_at

    @staticmethod
    def resolve_token(root, info):
        return root.psp_reference

    @staticmethod
    def resolve_checkout(root, info):
        return None  # the checkout became the order

    @staticmethod
    def resolve_payment_method_type(root, info):
        return PAYMENT_METHOD_TYPES[root.method]

    @staticmethod
    def resolve_customer_ip_address(root, info):
        require_manager(info, "MANAGE_ORDERS")
        return None  # not recorded

    @staticmethod
    def resolve_charge_status(root, info):
        return payment_charge_status(root)

    @staticmethod
    def resolve_actions(root, info):
        require_manager(info, "MANAGE_ORDERS")
        return ["REFUND"] if Payment._refundable(root) else []

    @staticmethod
    def resolve_total(root, info):
        return Money.of(payment_amount(root), root.currency)

    @staticmethod
    def resolve_captured_amount(root, info):
        return Money.of(root.charged_amount, root.currency)

    @staticmethod
    def resolve_transactions(root, info):
        require_manager(info, "MANAGE_ORDERS")
        return _events_of(root)

    @staticmethod
    def resolve_available_capture_amount(root, info):
        require_manager(info, "MANAGE_ORDERS")
        return Money.of(0, root.currency)  # nothing is authorized to capture later: payments are charged at once

    @staticmethod
    def resolve_available_refund_amount(root, info):
        require_manager(info, "MANAGE_ORDERS")
        return Money.of(Payment._refundable(root), root.currency)

    @staticmethod
    def _refundable(item) -> int:
        """What the back office can still refund through the gateway: a card's charge not yet refunded."""
        if item.method != PaymentMethod.STRIPE:
            return 0
        return max(item.charged_amount - item.refunded_amount, 0)

    @staticmethod
    def resolve_credit_card(root, info):
        return None

    @staticmethod
    def resolve_psp_reference(root, info):
        return root.psp_reference or None


class PaymentGatewayToInitialize(graphene.InputObjectType):
    id = graphene.String(required=True)
    data = JSON()


class PaymentGatewayConfigErrorCode(graphene.Enum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"


class PaymentGatewayConfigError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = graphene.Field(PaymentGatewayConfigErrorCode, required=True)


class PaymentGatewayConfig(graphene.ObjectType):
    id = graphene.String(required=True)
    data = JSON()
    errors = graphene.List(graphene.NonNull(PaymentGatewayConfigError))


def _not_found(field: str = "id") -> DomainError:
    return DomainError(_("Không tìm thấy giỏ hàng hoặc đơn hàng này."), code="not_found", field=field)


def _checkout_or_order(info, id):
    """The checkout or the order a payment mutation names by its Relay ID, if the caller may pay for it: a
    checkout as checkout(id) allows, an order by its token (the private link's secret)."""
    kind, _key = parse_global_id(id, field="id")
    if kind == "Checkout":
        token = uuid_from_global_id(id, "Checkout", field="id")
        user = viewer(info)
        checkout = checkout_for_customer(token, user)
        if checkout is not None:
            return checkout, None
        # Paid before (a retried call): the checkout is now the order it became.
        order = order_for_checkout(token, user=user)
        if order is None:
            raise _not_found()
        return None, order
    if kind == "Order":
        order = order_by_token(uuid_from_global_id(id, "Order", field="id"))
        if order is None:
            raise _not_found()
        return None, order
    raise DomainError(_("Mã không hợp lệ."), code="invalid", field="id")


def _method_of(gateway_id: str, channel):
    method = METHOD_OF_GATEWAY.get(gateway_id)
    if method is None or method not in payment_methods_for(channel):
        raise DomainError(_("Cổng thanh toán này không dùng được."), code="not_found", field="paymentGateway")
    return method


def _whole_amount(amount) -> int | None:
    if amount is None:
        return None
    if amount != amount.to_integral_value() or amount > 10**12:
        raise DomainError(_("Số tiền phải là số nguyên đồng."), code="invalid", field="amount")
    return int(amount)


class PaymentGatewayInitialize(SaleorMutation):
    """The configuration a storefront needs to show each gateway (Stripe's publishable key)."""

    error_class = PaymentGatewayInitializeError

    class Arguments:
        id = graphene.ID(required=True)
        amount = PositiveDecimal()
        payment_gateways = graphene.List(graphene.NonNull(PaymentGatewayToInitialize))

    gateway_configs = graphene.List(graphene.NonNull(PaymentGatewayConfig))
    errors = graphene.List(graphene.NonNull(PaymentGatewayInitializeError), required=True)

    @classmethod
    def perform(cls, info, id, amount=None, payment_gateways=None):
        checkout, order = _checkout_or_order(info, id)
        channel = (checkout or order).channel
        available = payment_methods_for(channel)
        wanted = [gateway["id"] for gateway in payment_gateways] if payment_gateways else None
        configs = []
        for gateway_id in wanted or [GATEWAY_IDS[method] for method in available]:
            method = METHOD_OF_GATEWAY.get(gateway_id)
            if method is None or method not in available:
                error = PaymentGatewayConfigError(
                    field="id", message=_("Cổng thanh toán này không dùng được."), code="NOT_FOUND"
                )
                configs.append(PaymentGatewayConfig(id=gateway_id, data=None, errors=[error]))
            else:
                configs.append(PaymentGatewayConfig(id=gateway_id, data=_gateway_data(method), errors=[]))
        return cls.ok(gateway_configs=configs)


def _transfer_data(order) -> dict:
    transfer = transfer_instructions(order)
    if transfer is None:
        return {}
    return {
        "qrPayload": transfer.payload,
        "transferText": transfer.purpose,
        "amount": transfer.amount,
        "currency": "VND",
        "bankBin": transfer.account.bank_bin,
        "bankName": transfer.account.bank_name,
        "accountNumber": transfer.account.account_number,
        "accountHolder": transfer.account.account_holder,
        "payBefore": transfer.pay_before.isoformat(),
    }


def _last_event(item: TransactionItem) -> TransactionEvent | None:
    return item.events.order_by("-pk").first() if item is not None else None


class TransactionInitialize(SaleorMutation):
    """Pay a checkout (placing its order first, as the summary page does) or retry paying an order by card."""

    error_class = TransactionInitializeError

    class Arguments:
        id = graphene.ID(required=True)
        payment_gateway = PaymentGatewayToInitialize(required=True)
        amount = PositiveDecimal()
        action = TransactionFlowStrategyEnum()
        customer_ip_address = graphene.String()
        idempotency_key = graphene.String()

    transaction = graphene.Field(TransactionItemType)
    transaction_event = graphene.Field(TransactionEventType)
    data = JSON()
    errors = graphene.List(graphene.NonNull(TransactionInitializeError), required=True)

    @classmethod
    def perform(cls, info, id, payment_gateway, amount=None, **_unused):
        checkout, order = _checkout_or_order(info, id)
        method = _method_of(payment_gateway["id"], (checkout or order).channel)
        expected = _whole_amount(amount)
        client_secret = None
        if checkout is not None:
            order, item, client_secret = complete_checkout_and_start_payment(
                checkout, user=viewer(info), payment_method=method, expected_total=expected
            )
        else:
            if expected is not None and expected != order.total_amount:
                raise DomainError(_("Số tiền không khớp với đơn hàng."), code="invalid", field="amount")
            item, client_secret = start_order_payment(order, payment_method=method)
        if method == PaymentMethod.STRIPE:
            data = {
                "paymentIntent": {"id": item.psp_reference, "client_secret": client_secret},
                "publishableKey": settings.STRIPE_PUBLISHABLE_KEY,
            }
        elif method == PaymentMethod.VIETQR:
            data = _transfer_data(order)
        else:
            data = {}
        return cls.ok(transaction=item, transaction_event=_last_event(item), data=data)


class TransactionProcess(SaleorMutation):
    """After Stripe.js confirmed a card payment: ask Stripe what happened and record it (never the browser)."""

    error_class = TransactionProcessError

    class Arguments:
        id = graphene.ID()
        token = graphene.UUID()
        data = JSON()
        customer_ip_address = graphene.String()

    transaction = graphene.Field(TransactionItemType)
    transaction_event = graphene.Field(TransactionEventType)
    data = JSON()
    errors = graphene.List(graphene.NonNull(TransactionProcessError), required=True)

    @classmethod
    def perform(cls, info, id=None, token=None, **_unused):
        if (id is None) == (token is None):
            raise DomainError(_("Cần đúng một trong hai: id hoặc token."), code="invalid", field="id")
        token = token or uuid_from_global_id(id, "TransactionItem", field="id")
        item = transaction_by_token(token)
        if item is None:
            raise DomainError(_("Không tìm thấy giao dịch này."), code="not_found", field="id")
        if item.method == PaymentMethod.STRIPE:
            sync_card_payment(item)
            item = transaction_by_token(token)  # with its order as the payment left it
        return cls.ok(transaction=item, transaction_event=_last_event(item), data=None)


class PaymentMutations(graphene.ObjectType):
    payment_gateway_initialize = PaymentGatewayInitialize.Field()
    transaction_initialize = TransactionInitialize.Field()
    transaction_process = TransactionProcess.Field()
