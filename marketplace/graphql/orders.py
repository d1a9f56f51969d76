"""Saleor's Order and OrderLine: what a storefront's order-details page and order history show.

The order's Relay ID carries its token (as Saleor's does), so holding the ID is holding the private link to the
order, no more. `order(id)` answers the signed-in owner only; `orderByToken(token)` answers whoever holds the token
(a guest's confirmation link). Reads go through marketplace.orders.selectors.with_details, so a page of orders
costs the same number of queries whatever its size.
"""

import copy
import uuid

import graphene
from django.db.models import prefetch_related_objects
from graphene import relay
from graphql import GraphQLError

from marketplace.checkout.selectors import shipping_methods_by_channel
from marketplace.core.errors import DomainError
from marketplace.graphql.addresses import address_from_delivery
from marketplace.graphql.auth import require_manager, viewer
from marketplace.graphql.catalogue.types import Image, ProductVariant, ThumbnailFormatEnum, Weight, thumbnail_url
from marketplace.graphql.channels import ChannelNode
from marketplace.graphql.core import CountableConnection, Money, PositiveDecimal, TaxedMoney, uuid_from_global_id
from marketplace.graphql.discounts import (
    DiscountValueTypeEnum,
    GiftCard,
    Invoice,
    OrderDiscount,
    OrderGrantedRefund,
    OrderLineDiscount,
    TaxClass,
    Voucher,
)
from marketplace.graphql.errors import enum_of
from marketplace.graphql.inputs import MetadataItem, ObjectWithMetadataFields
from marketplace.graphql.languages import LanguageCodeEnum
from marketplace.graphql.payments import GATEWAY_IDS, OrderActionEnum, Payment
from marketplace.graphql.shipping import DeliveryMethod, ShippingMethod, Warehouse
from marketplace.orders import selectors
from marketplace.orders.models import Order as OrderModel
from marketplace.orders.models import OrderChargeStatus, OrderStatus
from marketplace.orders.models import OrderEvent as OrderEventModel
from marketplace.orders.models import OrderReturn as OrderReturnModel

OrderStatusEnum = graphene.Enum("OrderStatus", [(value.upper(), value.upper()) for value in OrderStatus.values])
OrderChargeStatusEnum = graphene.Enum(
    "OrderChargeStatusEnum", [(value.upper(), value.upper()) for value in OrderChargeStatus.values]
)
PaymentChargeStatusEnum = graphene.Enum(
    "PaymentChargeStatusEnum",
    [
        (name, name)
        for name in (
            "NOT_CHARGED",
            "PENDING",
            "PARTIALLY_CHARGED",
            "FULLY_CHARGED",
            "PARTIALLY_REFUNDED",
            "FULLY_REFUNDED",
            "REFUSED",
            "CANCELLED",
        )
    ],
)
FulfillmentStatus = graphene.Enum(
    "FulfillmentStatus",
    [
        (name, name)
        for name in (
            "FULFILLED",
            "REFUNDED",
            "RETURNED",
            "REFUNDED_AND_RETURNED",
            "REPLACED",
            "CANCELED",
            "WAITING_FOR_APPROVAL",
        )
    ],
)

OrderAuthorizeStatusEnum = graphene.Enum(
    "OrderAuthorizeStatusEnum", [("NONE", "NONE"), ("PARTIAL", "PARTIAL"), ("FULL", "FULL")]
)
# Saleor's whole list of event kinds (the contract); ours are a subset, named alike (OrderEvent.Type upper-cased).
_ORDER_EVENTS_TEXT = (
    "DRAFT_CREATED DRAFT_CREATED_FROM_REPLACE ADDED_PRODUCTS REMOVED_PRODUCTS PLACED PLACED_FROM_DRAFT "
    "PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT OVERSOLD_ITEMS CANCELED EXPIRED ORDER_MARKED_AS_PAID ORDER_FULLY_PAID "
    "ORDER_REPLACEMENT_CREATED ORDER_DISCOUNT_ADDED ORDER_DISCOUNT_AUTOMATICALLY_UPDATED ORDER_DISCOUNT_UPDATED "
    "ORDER_DISCOUNT_DELETED ORDER_LINE_DISCOUNT_UPDATED ORDER_LINE_DISCOUNT_REMOVED ORDER_LINE_PRODUCT_DELETED "
    "ORDER_LINE_VARIANT_DELETED UPDATED_ADDRESS EMAIL_SENT CONFIRMED PAYMENT_AUTHORIZED PAYMENT_CAPTURED "
    "EXTERNAL_SERVICE_NOTIFICATION PAYMENT_REFUNDED PAYMENT_VOIDED PAYMENT_FAILED TRANSACTION_EVENT "
    "TRANSACTION_CHARGE_REQUESTED TRANSACTION_REFUND_REQUESTED TRANSACTION_CANCEL_REQUESTED "
    "TRANSACTION_MARK_AS_PAID_FAILED INVOICE_REQUESTED INVOICE_GENERATED INVOICE_UPDATED INVOICE_SENT "
    "FULFILLMENT_CANCELED FULFILLMENT_RESTOCKED_ITEMS FULFILLMENT_FULFILLED_ITEMS FULFILLMENT_REFUNDED "
    "FULFILLMENT_RETURNED FULFILLMENT_REPLACED FULFILLMENT_AWAITS_APPROVAL TRACKING_UPDATED NOTE_ADDED NOTE_UPDATED "
    "OTHER"
)
OrderEventsEnum = graphene.Enum("OrderEventsEnum", [(name, name) for name in _ORDER_EVENTS_TEXT.split()])

# How much of the total was received, in Saleor's older payment status (what storefronts still show).
PAYMENT_STATUS = {
    OrderChargeStatus.NONE: "NOT_CHARGED",
    OrderChargeStatus.PARTIAL: "PARTIALLY_CHARGED",
    OrderChargeStatus.FULL: "FULLY_CHARGED",
    OrderChargeStatus.OVERCHARGED: "FULLY_CHARGED",
}


OrderOriginEnum = enum_of("OrderOriginEnum", "CHECKOUT DRAFT REISSUE BULK_CREATE")
OrderErrorCode = enum_of(
    "OrderErrorCode",
    "BILLING_ADDRESS_NOT_SET CANNOT_CANCEL_FULFILLMENT CANNOT_CANCEL_ORDER CANNOT_DELETE CANNOT_DISCOUNT "
    "CANNOT_REFUND CANNOT_FULFILL_UNPAID_ORDER CAPTURE_INACTIVE_PAYMENT GIFT_CARD_LINE NOT_EDITABLE FULFILL_ORDER_LINE "
    "GRAPHQL_ERROR INVALID PRODUCT_NOT_PUBLISHED PRODUCT_UNAVAILABLE_FOR_PURCHASE NOT_FOUND ORDER_NO_SHIPPING_ADDRESS "
    "PAYMENT_ERROR PAYMENT_MISSING TRANSACTION_ERROR REQUIRED SHIPPING_METHOD_NOT_APPLICABLE SHIPPING_METHOD_REQUIRED "
    "TAX_ERROR UNIQUE VOID_INACTIVE_PAYMENT ZERO_QUANTITY INVALID_QUANTITY INSUFFICIENT_STOCK DUPLICATED_INPUT_ITEM "
    "NOT_AVAILABLE_IN_CHANNEL CHANNEL_INACTIVE INVALID_VOUCHER INVALID_VOUCHER_CODE NON_EDITABLE_GIFT_LINE "
    "NON_REMOVABLE_GIFT_LINE MISSING_ADDRESS_DATA",
)


class OrderError(graphene.ObjectType):
    """Order.errors: a draft's validation problems in Saleor; a placed order has none."""

    field = graphene.String()
    message = graphene.String()
    code = graphene.Field(OrderErrorCode, required=True)
    warehouse = graphene.ID()
    order_lines = graphene.List(graphene.NonNull(graphene.ID))
    variants = graphene.List(graphene.NonNull(graphene.ID))
    address_type = graphene.Field("marketplace.graphql.account.AddressTypeEnum")


def _batch(order) -> list:
    """The orders read together with `order` (a page of `me { orders }`), so that what one of them reads on first
    ask is read for all of them in one query; an order read alone is a batch of one."""
    return getattr(order, "api_batch", None) or [order]


def batch_orders(orders) -> None:
    """Mark the orders of one page as read together (see _batch)."""
    orders = list(orders)
    for order in orders:
        order.api_batch = orders


def _transactions_of(order) -> list:
    """The order's payment records (Order.payments, Order.transactions, Order.actions), read on first ask for every
    order of its batch at once: one query, none if they were prefetched."""
    if not hasattr(order, "api_transactions"):
        batch = _batch(order)
        prefetch_related_objects(batch, "transactions")
        items = [item for each in batch for item in each.transactions.all()]
        for item in items:
            item.api_batch = items  # the payments' events are read for all of them at once too
        for each in batch:
            each.api_transactions = list(each.transactions.all())
    return order.api_transactions


def _vnd(amount: int) -> Money:
    return Money.of(amount, "VND")


class Allocation(graphene.ObjectType):
    """Units of an order line held at a warehouse (inventory.Allocation), for the staff."""

    quantity = graphene.Int(required=True)
    warehouse = graphene.Field(Warehouse, required=True)

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_quantity(root, info):
        return root.quantity_allocated

    @staticmethod
    def resolve_warehouse(root, info):
        return root.stock.warehouse


def _allocations_of(line) -> list:
    """The line's allocations, read on first ask for every line of its order's batch at once (one query)."""
    if not hasattr(line, "api_allocations"):
        lines = [each for order in _batch(line.order) for each in order.lines.all()]
        selectors.prefetch_allocations(lines)
        for each in lines:
            each.api_allocations = list(each.allocations.all())
    return line.api_allocations


class OrderLine(ObjectWithMetadataFields, graphene.ObjectType):
    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    translated_product_name = graphene.String(required=True)
    translated_variant_name = graphene.String(required=True)
    product_sku = graphene.String()
    product_variant_id = graphene.String()
    is_shipping_required = graphene.Boolean(required=True)
    quantity = graphene.Int(required=True)
    quantity_fulfilled = graphene.Int(required=True)
    quantity_to_fulfill = graphene.Int(required=True)
    tax_rate = graphene.Float(required=True)
    thumbnail = graphene.Field(
        Image, size=graphene.Int(), format=graphene.Argument(ThumbnailFormatEnum, default_value="ORIGINAL")
    )
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(TaxedMoney, required=True)
    unit_discount = graphene.Field(Money, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(TaxedMoney, required=True)
    variant = graphene.Field(ProductVariant)
    # The shop gives no discounts, gifts or price overrides: the line's price is the catalogue's.
    unit_discount_value = graphene.Field(PositiveDecimal, required=True, default_value=0)
    unit_discount_type = graphene.Field(DiscountValueTypeEnum)
    unit_discount_reason = graphene.String()
    is_price_overridden = graphene.Boolean()
    price_override_reason = graphene.String()
    voucher_code = graphene.String()
    sale_id = graphene.ID()
    is_gift = graphene.Boolean(default_value=False)
    discounts = graphene.List(graphene.NonNull(OrderLineDiscount), default_value=())
    allocations = graphene.List(graphene.NonNull(Allocation))
    # VAT is kept as a rate per line (taxRate), not as a tax class.
    tax_class = graphene.Field(TaxClass)
    tax_class_name = graphene.String()
    tax_class_metadata = graphene.List(graphene.NonNull(MetadataItem), required=True, default_value=())
    tax_class_private_metadata = graphene.List(graphene.NonNull(MetadataItem), required=True, default_value=())

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_allocations(root, info):
        require_manager(info, "MANAGE_PRODUCTS, MANAGE_ORDERS")
        return _allocations_of(root)

    @staticmethod
    def resolve_translated_product_name(root, info):
        return root.product_name

    @staticmethod
    def resolve_translated_variant_name(root, info):
        return root.variant_name

    @staticmethod
    def resolve_product_variant_id(root, info):
        return relay.Node.to_global_id("ProductVariant", root.variant_id) if root.variant_id else None

    @staticmethod
    def resolve_is_shipping_required(root, info):
        return True

    @staticmethod
    def resolve_quantity_to_fulfill(root, info):
        return root.quantity_unfulfilled

    @staticmethod
    def resolve_tax_rate(root, info):
        return float(root.vat_rate / 100)

    @staticmethod
    def resolve_thumbnail(root, info, size=None, format=None):
        # The product's first photo, prefetched by selectors.with_details; none for a variant deleted since.
        gallery = getattr(root.variant.product, "gallery", None) if root.variant_id else None
        if not gallery:
            return None
        return Image(url=thumbnail_url(info, gallery[0].pk, size), alt=gallery[0].alt or root.product_name)

    @staticmethod
    def resolve_unit_price(root, info):
        return TaxedMoney.from_gross(root.unit_price_amount, root.vat_rate, "VND")

    resolve_undiscounted_unit_price = resolve_unit_price

    @staticmethod
    def resolve_unit_discount(root, info):
        return _vnd(0)

    @staticmethod
    def resolve_total_price(root, info):
        return TaxedMoney.of(root.total_price_amount, root.vat_amount, "VND")

    resolve_undiscounted_total_price = resolve_total_price


def _fulfillment_lines_of(fulfillment) -> list:
    """The parcel's lines, each with its stock row's warehouse and its order line (the one already read with the
    order), read on first ask for every parcel of its order's batch at once: one query."""
    if not hasattr(fulfillment, "api_lines"):
        orders = _batch(fulfillment.order)
        parcels = [each for order in orders for each in order.fulfillments.all()]
        selectors.prefetch_fulfillment_lines(parcels)
        order_lines = {line.pk: line for order in orders for line in order.lines.all()}
        for parcel in parcels:
            parcel.api_lines = list(parcel.lines.all())
            for line in parcel.api_lines:
                line.order_line = order_lines[line.order_line_id]
    return fulfillment.api_lines


class _ReturnedUnits:
    """The units of one order line in a return, as a FulfillmentLine: its ID names the return line, never a parcel's
    line."""

    def __init__(self, return_line, reason: str, order_line):
        self.id = f"return-{return_line.pk}"
        self.quantity = return_line.quantity
        self.order_line = order_line
        self.reason = reason
        self.reason_reference = None


class ReturnedParcel:
    """An online return as Saleor shows one in `Order.fulfillments`: a fulfillment with status RETURNED (its refund
    still owed) or REFUNDED_AND_RETURNED, the units that came back as its lines. Derived from what
    orders.services.return_order_lines records (OrderReturn), never stored twice.

    Saleor numbers a return's fulfillment after the order's parcels; so do we. An order is shipped once and whole
    (orders.services.fulfill_order takes only an unfulfilled order) and returns only follow, so the numbers never
    move."""

    tracking_number = ""
    warehouse = None  # Saleor's "warehouse the fulfillment was fulfilled from": a return left from none.
    shipping_refunded_amount = None  # a return never refunds the delivery (docs/checkout-and-payments.md)
    reason_reference = None

    def __init__(self, order_return, *, parcels: int, order_lines: dict):
        self.id = f"return-{order_return.pk}"
        self.fulfillment_order = parcels + order_return.return_order
        self.status = order_return.status.upper()
        self.status_display = order_return.get_status_display()
        self.created_at = order_return.created_at
        self.reason = order_return.reason
        refunded = order_return.status == OrderReturnModel.Status.REFUNDED_AND_RETURNED
        self.total_refunded_amount = _vnd(order_return.refund_amount) if refunded else None
        self.lines = [
            _ReturnedUnits(line, order_return.reason, order_lines[line.order_line_id])
            for line in order_return.lines.all()
        ]


def _fulfillments_of(order) -> list:
    """The order's parcels, then its returns (ReturnedParcel). The returns are read on first ask for every order of
    its batch at once: two queries, none when no order of the batch was returned. Their lines point at the order
    lines already read with the order."""
    if not hasattr(order, "recorded_returns"):
        selectors.prefetch_returns(_batch(order))
    parcels = list(order.fulfillments.all())
    if not order.recorded_returns:
        return parcels
    order_lines = {line.pk: line for line in order.lines.all()}
    return parcels + [
        ReturnedParcel(each, parcels=len(parcels), order_lines=order_lines) for each in order.recorded_returns
    ]


class FulfillmentLine(graphene.ObjectType):
    """The units of one order line in a parcel (orders.FulfillmentLine)."""

    quantity = graphene.Int(required=True)
    order_line = graphene.Field(OrderLine)
    # A line's reason is a return's or a refund's in Saleor: a returned line's is its return's; a parcel's none.
    reason = graphene.String()
    reason_reference = graphene.Field("marketplace.graphql.content.PageNode")

    class Meta:
        interfaces = (relay.Node,)


class Fulfillment(ObjectWithMetadataFields, graphene.ObjectType):
    fulfillment_order = graphene.Int(required=True)
    status = graphene.Field(FulfillmentStatus, required=True)
    tracking_number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    lines = graphene.List(graphene.NonNull(FulfillmentLine))
    status_display = graphene.String()
    warehouse = graphene.Field(Warehouse)
    # Saleor keeps these for a fulfillment refunded or returned: a return (ReturnedParcel) has its reason and, once
    # paid, its refund; a parcel we ship has none (refunds of a card are the payment's: Order.totalRefunded).
    shipping_refunded_amount = graphene.Field(Money)
    total_refunded_amount = graphene.Field(Money)
    reason = graphene.String()
    reason_reference = graphene.Field("marketplace.graphql.content.PageNode")

    class Meta:
        interfaces = (relay.Node,)

    # A parcel is an orders.Fulfillment; a return a ReturnedParcel, which carries its own answers.

    @staticmethod
    def resolve_status(root, info):
        return root.status if isinstance(root, ReturnedParcel) else "FULFILLED"

    @staticmethod
    def resolve_status_display(root, info):
        return root.status_display if isinstance(root, ReturnedParcel) else str(OrderStatus.FULFILLED.label)

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_lines(root, info):
        return root.lines if isinstance(root, ReturnedParcel) else _fulfillment_lines_of(root)

    @staticmethod
    def resolve_warehouse(root, info):
        """Where the parcel's goods left from (its first tracked line's place); none when no line's stock is
        tracked."""
        if isinstance(root, ReturnedParcel):
            return None
        return next((line.stock.warehouse for line in _fulfillment_lines_of(root) if line.stock_id), None)

    @staticmethod
    def resolve_total_refunded_amount(root, info):
        return root.total_refunded_amount if isinstance(root, ReturnedParcel) else None

    @staticmethod
    def resolve_reason(root, info):
        return root.reason if isinstance(root, ReturnedParcel) else None


OrderEventsEmailsEnum = enum_of(
    "OrderEventsEmailsEnum",
    "PAYMENT_CONFIRMATION CONFIRMED SHIPPING_CONFIRMATION TRACKING_UPDATED ORDER_CONFIRMATION ORDER_CANCEL "
    "ORDER_REFUND FULFILLMENT_CONFIRMATION",
)
# Our order emails (orders.services.ORDER_EMAILS, recorded in an EMAIL_SENT event) in Saleor's words.
EMAIL_TYPES = {
    "confirmation": "ORDER_CONFIRMATION",
    "confirmed": "CONFIRMED",
    "fulfilled": "FULFILLMENT_CONFIRMATION",
    "canceled": "ORDER_CANCEL",
    "expired": "ORDER_CANCEL",
}


class OrderEventDiscountObject(graphene.ObjectType):
    value_type = graphene.Field(DiscountValueTypeEnum, required=True)
    value = graphene.Field(PositiveDecimal, required=True)
    reason = graphene.String()
    amount = graphene.Field(Money)
    old_value_type = graphene.Field(DiscountValueTypeEnum)
    old_value = graphene.Field(PositiveDecimal)
    old_amount = graphene.Field(Money)


class OrderEventOrderLineObject(graphene.ObjectType):
    quantity = graphene.Int()
    order_line = graphene.Field(OrderLine)
    item_name = graphene.String()
    discount = graphene.Field(OrderEventDiscountObject)


def _parcel_of(event):
    """The parcel a FULFILLMENT_FULFILLED_ITEMS event tells of, among the order's parcels already read."""
    number = event.parameters.get("fulfillment")
    if event.type != OrderEventModel.Type.FULFILLMENT_FULFILLED_ITEMS or number is None:
        return None
    return next((each for each in event.order.fulfillments.all() if each.fulfillment_order == number), None)


class OrderEvent(graphene.ObjectType):
    """One step of an order's history (marketplace.orders.models.OrderEvent), for the shop's staff.

    Each field is answered from what the event recorded (its `parameters`, its parcel, its order). What our shop never
    records is null: no app acts on orders, no invoice is issued through the API, nothing is oversold (an order
    holds its stock when placed), lines and discounts never change after placing, no order replaces another, no
    event points at another, and refunds are made, never granted ahead (so never "with shipping costs")."""

    date = graphene.DateTime()
    type = graphene.Field(OrderEventsEnum)
    user = graphene.Field("marketplace.graphql.account.User")
    app = graphene.Field("marketplace.graphql.staff.App")
    message = graphene.String()
    email = graphene.String()
    email_type = graphene.Field(OrderEventsEmailsEnum)
    amount = graphene.Float()
    payment_id = graphene.String()
    payment_gateway = graphene.String()
    quantity = graphene.Int()
    composed_id = graphene.String()
    order_number = graphene.String()
    invoice_number = graphene.String()
    oversold_items = graphene.List(graphene.NonNull(graphene.String))
    lines = graphene.List(graphene.NonNull(OrderEventOrderLineObject))
    fulfilled_items = graphene.List(graphene.NonNull(FulfillmentLine))
    warehouse = graphene.Field(Warehouse)
    transaction_reference = graphene.String()
    shipping_costs_included = graphene.Boolean()
    related_order = graphene.Field(lambda: Order)
    related = graphene.Field(lambda: OrderEvent)
    discount = graphene.Field(OrderEventDiscountObject)
    reference = graphene.String()

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_type(root, info):
        return root.type.upper()

    @staticmethod
    def resolve_message(root, info):
        return root.parameters.get("message")

    @staticmethod
    def resolve_amount(root, info):
        # Saleor's Float: whole đồng, exact in a double far beyond any order's total.
        amount = root.parameters.get("amount")
        return float(amount) if amount is not None else None

    @staticmethod
    def resolve_email(root, info):
        # The address the email went to: the order's (an EMAIL_SENT event records which email, not where).
        return root.order.user_email if root.type == OrderEventModel.Type.EMAIL_SENT else None

    @staticmethod
    def resolve_email_type(root, info):
        if root.type != OrderEventModel.Type.EMAIL_SENT:
            return None
        return EMAIL_TYPES.get(root.parameters.get("email"))

    @staticmethod
    def resolve_payment_id(root, info):
        token = root.parameters.get("payment")
        return relay.Node.to_global_id("Payment", token) if token else None

    @staticmethod
    def resolve_payment_gateway(root, info):
        return GATEWAY_IDS.get(root.parameters.get("gateway"))

    @staticmethod
    def resolve_transaction_reference(root, info):
        return root.parameters.get("psp_reference") or None

    @staticmethod
    def resolve_order_number(root, info):
        return str(root.order.number)

    @staticmethod
    def resolve_composed_id(root, info):
        parcel = _parcel_of(root)
        return f"{root.order.number}-{parcel.fulfillment_order}" if parcel else None

    @staticmethod
    def resolve_fulfilled_items(root, info):
        parcel = _parcel_of(root)
        return _fulfillment_lines_of(parcel) if parcel else None

    @staticmethod
    def resolve_quantity(root, info):
        parcel = _parcel_of(root)
        return sum(line.quantity for line in _fulfillment_lines_of(parcel)) if parcel else None

    @staticmethod
    def resolve_warehouse(root, info):
        parcel = _parcel_of(root)
        return Fulfillment.resolve_warehouse(parcel, info) if parcel else None


class Order(ObjectWithMetadataFields, graphene.ObjectType):
    token = graphene.String(required=True)
    number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    status = graphene.Field(OrderStatusEnum, required=True)
    status_display = graphene.String(required=True)
    charge_status = graphene.Field(OrderChargeStatusEnum, required=True)
    payment_status = graphene.Field(PaymentChargeStatusEnum, required=True)
    payment_status_display = graphene.String(required=True)
    is_paid = graphene.Boolean(required=True)
    user_email = graphene.String()
    channel = graphene.Field(ChannelNode, required=True)
    customer_note = graphene.String(required=True)
    shipping_method_name = graphene.String()
    shipping_method = graphene.Field(ShippingMethod, deprecation_reason="Use `deliveryMethod` instead.")
    delivery_method = graphene.Field(DeliveryMethod)
    shipping_address = graphene.Field("marketplace.graphql.addresses.Address")
    billing_address = graphene.Field("marketplace.graphql.addresses.Address")
    lines = graphene.List(graphene.NonNull(OrderLine), required=True)
    fulfillments = graphene.List(graphene.NonNull(Fulfillment), required=True)
    subtotal = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    shipping_tax_rate = graphene.Float(required=True)
    total = graphene.Field(TaxedMoney, required=True)
    undiscounted_total = graphene.Field(TaxedMoney, required=True)
    total_charged = graphene.Field(Money, required=True)
    total_balance = graphene.Field(Money, required=True)
    is_shipping_required = graphene.Boolean(required=True)
    display_gross_prices = graphene.Boolean(required=True)
    checkout_id = graphene.ID()
    user = graphene.Field("marketplace.graphql.account.User")
    events = graphene.List(graphene.NonNull(OrderEvent), required=True)
    transactions = graphene.List(graphene.NonNull("marketplace.graphql.payments.TransactionItemType"), required=True)
    authorize_status = graphene.Field(OrderAuthorizeStatusEnum, required=True)
    total_authorized = graphene.Field(Money, required=True)
    total_captured = graphene.Field(Money, required=True, deprecation_reason="Use `totalCharged` instead.")
    total_refunded = graphene.Field(Money, required=True)
    total_canceled = graphene.Field(Money, required=True)
    undiscounted_shipping_price = graphene.Field(Money, required=True)
    # No vouchers, promotions, gift cards, invoices through the API, click-and-collect or external systems.
    discounts = graphene.List(graphene.NonNull(OrderDiscount), required=True, default_value=())
    gift_cards = graphene.List(graphene.NonNull(GiftCard), required=True, default_value=())
    invoices = graphene.List(graphene.NonNull(Invoice), required=True, default_value=())
    voucher_code = graphene.String()
    discount = graphene.Field(Money, deprecation_reason="Use `discounts` instead.")
    discount_name = graphene.String(deprecation_reason="Use `discounts` instead.")
    translated_discount_name = graphene.String(deprecation_reason="Use `discounts` instead.")
    collection_point_name = graphene.String()
    external_reference = graphene.String()
    redirect_url = graphene.String()
    # The shopper's language, from their checkout (vi or en).
    language_code = graphene.String(
        required=True, deprecation_reason="Use the `languageCodeEnum` field to fetch the language code."
    )
    language_code_enum = graphene.Field(LanguageCodeEnum, required=True)
    # Our payment records (TransactionItem) in Saleor's older Payment shape: see marketplace.graphql.payments.
    payments = graphene.List(
        graphene.NonNull(Payment),
        required=True,
        deprecation_reason="The legacy Payments API is deprecated and will be removed. Use the Transactions API "
        "instead.",
    )
    actions = graphene.List(graphene.NonNull(OrderActionEnum), required=True)
    shipping_methods = graphene.List(graphene.NonNull(ShippingMethod), required=True)
    weight = graphene.Field(Weight, required=True)
    origin = graphene.Field(OrderOriginEnum, required=True)
    original = graphene.ID()
    can_finalize = graphene.Boolean(required=True)
    errors = graphene.List(graphene.NonNull(OrderError), required=True, default_value=())
    tax_exemption = graphene.Boolean(required=True, default_value=False)
    tracking_client_id = graphene.String(required=True, default_value="")
    voucher = graphene.Field(Voucher)
    available_collection_points = graphene.List(graphene.NonNull(Warehouse), required=True, default_value=())
    shipping_tax_class = graphene.Field(TaxClass)
    shipping_tax_class_name = graphene.String()
    shipping_tax_class_metadata = graphene.List(graphene.NonNull(MetadataItem), required=True, default_value=())
    shipping_tax_class_private_metadata = graphene.List(graphene.NonNull(MetadataItem), required=True, default_value=())
    # The staff's (MANAGE_ORDERS in Saleor): refunds are made, never granted ahead; only a transfer waits to be
    # charged; nothing waits to be authorized, refunded or canceled.
    granted_refunds = graphene.List(graphene.NonNull(OrderGrantedRefund), required=True)
    total_granted_refund = graphene.Field(Money, required=True)
    total_remaining_grant = graphene.Field(Money, required=True)
    total_refund_pending = graphene.Field(Money, required=True)
    total_authorize_pending = graphene.Field(Money, required=True)
    total_charge_pending = graphene.Field(Money, required=True)
    total_cancel_pending = graphene.Field(Money, required=True)

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_language_code(root, info):
        return root.language_code

    @staticmethod
    def resolve_language_code_enum(root, info):
        return root.language_code.upper()

    @staticmethod
    def resolve_payments(root, info):
        return _transactions_of(root)

    @staticmethod
    def resolve_actions(root, info):
        _transactions_of(root)  # what allowed_actions reads, for the whole batch at once
        allowed = selectors.allowed_actions(root)
        actions = []
        if {selectors.OrderAction.COLLECT_CASH, selectors.OrderAction.RECORD_TRANSFER} & set(allowed):
            actions.append("MARK_AS_PAID")
        if selectors.OrderAction.REFUND_CARD in allowed:
            actions.append("REFUND")
        return actions

    @staticmethod
    def resolve_shipping_methods(root, info):
        """The channel's delivery methods, each priced for this order's subtotal; the one chosen at what was paid."""
        if not hasattr(root, "api_shipping_methods"):
            batch = _batch(root)
            by_channel = shipping_methods_by_channel({order.channel_id for order in batch})
            for order in batch:
                order.api_shipping_methods = by_channel[order.channel_id]
        methods = []
        for method in root.api_shipping_methods:
            priced = copy.copy(method)  # shared by the orders of the page: each gets its own price
            priced.paid_price = (
                root.shipping_price_amount
                if method.pk == root.shipping_method_id
                else method.price_for_subtotal(root.subtotal_amount)
            )
            methods.append(priced)
        return methods

    @staticmethod
    def resolve_weight(root, info):
        grams = sum(
            line.variant.weight_grams * line.quantity
            for line in root.lines.all()
            if line.variant_id and line.variant.weight_grams
        )
        return Weight(unit="G", value=float(grams))

    @staticmethod
    def resolve_origin(root, info):
        return "CHECKOUT"  # every order is placed from a checkout (the shop's pages or the API)

    @staticmethod
    def resolve_can_finalize(root, info):
        return True  # as Saleor answers for any order that is not a draft; we make no drafts

    @staticmethod
    def resolve_granted_refunds(root, info):
        require_manager(info, "MANAGE_ORDERS")
        return []

    @staticmethod
    def resolve_total_granted_refund(root, info):
        require_manager(info, "MANAGE_ORDERS")
        return Money.of(0, root.currency)

    resolve_total_remaining_grant = resolve_total_granted_refund
    resolve_total_refund_pending = resolve_total_granted_refund
    resolve_total_authorize_pending = resolve_total_granted_refund
    resolve_total_cancel_pending = resolve_total_granted_refund

    @staticmethod
    def resolve_total_charge_pending(root, info):
        require_manager(info, "MANAGE_ORDERS")
        return Money.of(selectors.transaction_totals(root)["charge_pending_total"], root.currency)

    @staticmethod
    def resolve_user(root, info):
        """The account that placed the order: its owner's own, or the staff's; a guest order has none."""
        if root.user_id is None:
            return None
        user = viewer(info)
        if user is not None and user.pk == root.user_id:
            return user
        require_manager(info, "MANAGE_USERS, MANAGE_ORDERS, OWNER")
        return root.user

    @staticmethod
    def resolve_events(root, info):
        require_manager(info, "MANAGE_ORDERS")
        return root.events.all()

    @staticmethod
    def resolve_transactions(root, info):
        require_manager(info, "MANAGE_ORDERS, HANDLE_PAYMENTS")
        return _transactions_of(root)

    @staticmethod
    def resolve_authorize_status(root, info):
        # As Saleor counts: what is authorized or already charged, against the total.
        covered = selectors.transaction_totals(root)["authorized_total"] + root.total_charged_amount
        if covered >= root.total_amount:
            return "FULL"
        return "PARTIAL" if covered > 0 else "NONE"

    @staticmethod
    def resolve_total_authorized(root, info):
        return Money.of(selectors.transaction_totals(root)["authorized_total"], root.currency)

    @staticmethod
    def resolve_total_captured(root, info):
        return Money.of(root.total_charged_amount, root.currency)

    @staticmethod
    def resolve_total_refunded(root, info):
        return Money.of(selectors.transaction_totals(root)["refunded_total"], root.currency)

    @staticmethod
    def resolve_total_canceled(root, info):
        return Money.of(selectors.transaction_totals(root)["canceled_total"], root.currency)

    @staticmethod
    def resolve_undiscounted_shipping_price(root, info):
        return Money.of(root.shipping_price_amount, root.currency)

    @staticmethod
    def resolve_id(root, info):
        # The Node interface makes the global ID ("Order:<token>") of what this gives.
        return root.token

    @staticmethod
    def resolve_token(root, info):
        return str(root.token)

    @staticmethod
    def resolve_number(root, info):
        return str(root.number)

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_status(root, info):
        return root.status.upper()

    @staticmethod
    def resolve_status_display(root, info):
        return root.get_status_display()

    @staticmethod
    def resolve_charge_status(root, info):
        return root.charge_status.upper()

    @staticmethod
    def resolve_payment_status(root, info):
        return PAYMENT_STATUS[root.charge_status]

    @staticmethod
    def resolve_payment_status_display(root, info):
        return root.get_charge_status_display()

    @staticmethod
    def resolve_is_paid(root, info):
        return root.charge_status in (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED)

    @staticmethod
    def resolve_shipping_method(root, info):
        method = root.shipping_method
        if method is not None:
            # What this order paid for it (free past the threshold), not today's price.
            method.paid_price = root.shipping_price_amount
        return method

    resolve_delivery_method = resolve_shipping_method

    @staticmethod
    def resolve_shipping_address(root, info):
        return address_from_delivery(root, id=f"order-{root.token}", phone=root.user_phone)

    @staticmethod
    def resolve_billing_address(root, info):
        # We invoice to the delivery address: the order keeps one address.
        return address_from_delivery(root, id=f"order-{root.token}", phone=root.user_phone)

    @staticmethod
    def resolve_lines(root, info):
        return root.lines.all()

    @staticmethod
    def resolve_fulfillments(root, info):
        return _fulfillments_of(root)

    @staticmethod
    def resolve_subtotal(root, info):
        return TaxedMoney.of(root.subtotal_amount, sum(line.vat_amount for line in root.lines.all()), root.currency)

    @staticmethod
    def resolve_shipping_price(root, info):
        return TaxedMoney.from_gross(root.shipping_price_amount, root.shipping_vat_rate, root.currency)

    @staticmethod
    def resolve_shipping_tax_rate(root, info):
        return float(root.shipping_vat_rate / 100)

    @staticmethod
    def resolve_total(root, info):
        return TaxedMoney.of(root.total_amount, root.vat_amount, root.currency)

    resolve_undiscounted_total = resolve_total

    @staticmethod
    def resolve_total_charged(root, info):
        return Money.of(root.total_charged_amount, root.currency)

    @staticmethod
    def resolve_total_balance(root, info):
        return Money.of(root.total_charged_amount - root.total_amount, root.currency)

    @staticmethod
    def resolve_is_shipping_required(root, info):
        return True

    @staticmethod
    def resolve_display_gross_prices(root, info):
        return True

    @staticmethod
    def resolve_checkout_id(root, info):
        return relay.Node.to_global_id("Checkout", root.checkout_token) if root.checkout_token else None


class OrderCountableConnection(CountableConnection):
    class Meta:
        node = Order
        # Saleor's nullability: [OrderCountableEdge!]! and node: Order!.
        strict_types = True


def _token_from_global_id(global_id: str) -> uuid.UUID:
    """The token inside an order's ID; a malformed ID is the client's error (never the decoder's text)."""
    try:
        return uuid_from_global_id(global_id, "Order", field="id")
    except DomainError as error:
        raise GraphQLError("Couldn't resolve id: the ID is not an order's.") from error


class OrderQueries(graphene.ObjectType):
    order = graphene.Field(
        Order,
        id=graphene.ID(description="The order's ID; answered for the signed-in shopper who placed it."),
        external_reference=graphene.String(),
    )
    order_by_token = graphene.Field(
        Order,
        token=graphene.UUID(required=True),
        deprecation_reason="Use `order(id)` instead; the guest's private link holds the token.",
    )

    @staticmethod
    def resolve_order(root, info, id=None, external_reference=None):
        if id is None:
            return None
        token = _token_from_global_id(id)
        user = viewer(info)
        if user is None:
            return None
        return selectors.with_details(selectors.orders_for_user(user)).filter(token=token).first()

    @staticmethod
    def resolve_order_by_token(root, info, token):
        return selectors.with_details(OrderModel.objects.all()).filter(token=token).first()
