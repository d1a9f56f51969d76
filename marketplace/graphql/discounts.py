"""Saleor's gift cards, vouchers, order and line discounts, granted refunds, invoices, tax classes and stored
payment methods: types our shop has no data for.

Xứ Quảng Market sells no gift cards, grants no vouchers or promotions, grants no refunds ahead of making them (a
refund is made in the back office and shows in the order's totals), issues no invoices through the API (a VAT
invoice is the back office's), keeps VAT rates by date rather than tax classes, and stores no cards for later. A
storefront generated from Saleor's schema still queries these fields, so they exist with Saleor's names and
shapes, and every one of them answers empty or null: what Saleor answers for an order, a checkout or an account
that has none.
"""

import graphene
from graphene import relay

from marketplace.graphql.core import CountableConnection, Money, PositiveDecimal
from marketplace.graphql.inputs import ObjectWithMetadataFields

OrderDiscountType = graphene.Enum(
    "OrderDiscountType", [(name, name) for name in ("SALE", "VOUCHER", "MANUAL", "PROMOTION", "ORDER_PROMOTION")]
)
DiscountValueTypeEnum = graphene.Enum("DiscountValueTypeEnum", [("FIXED", "FIXED"), ("PERCENTAGE", "PERCENTAGE")])
JobStatusEnum = graphene.Enum("JobStatusEnum", [(name, name) for name in ("PENDING", "SUCCESS", "FAILED", "DELETED")])


class GiftCard(ObjectWithMetadataFields, graphene.ObjectType):
    display_code = graphene.String(required=True)
    last_4_code_chars = graphene.String(required=True, name="last4CodeChars")
    code = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    expiry_date = graphene.Date()
    is_active = graphene.Boolean(required=True)
    initial_balance = graphene.Field(Money, required=True)
    current_balance = graphene.Field(Money, required=True)

    class Meta:
        interfaces = (relay.Node,)


class _Discount(graphene.ObjectType):
    """What an order's and an order line's discounts both answer (we give none: the lists are empty)."""

    type = graphene.Field(OrderDiscountType, required=True)
    name = graphene.String()
    translated_name = graphene.String()
    value_type = graphene.Field(DiscountValueTypeEnum, required=True)
    value = graphene.Field(PositiveDecimal, required=True)
    reason = graphene.String()

    class Meta:
        abstract = True


class OrderDiscount(_Discount):
    amount = graphene.Field(Money, required=True)
    total = graphene.Field(Money, required=True)

    class Meta:
        interfaces = (relay.Node,)


class Invoice(ObjectWithMetadataFields, graphene.ObjectType):
    status = graphene.Field(JobStatusEnum, required=True)
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    message = graphene.String()
    number = graphene.String()
    external_url = graphene.String()
    url = graphene.String()
    order = graphene.Field("marketplace.graphql.orders.Order")

    class Meta:
        interfaces = (relay.Node,)


class GiftCardCountableConnection(CountableConnection):
    """User.giftCards: always empty."""

    class Meta:
        node = GiftCard
        strict_types = True


class OrderLineDiscount(_Discount):
    total = graphene.Field(Money, required=True)
    unit = graphene.Field(Money, required=True)

    class Meta:
        interfaces = (relay.Node,)


VoucherTypeEnum = graphene.Enum(
    "VoucherTypeEnum", [(name, name) for name in ("SHIPPING", "ENTIRE_ORDER", "SPECIFIC_PRODUCT")]
)


class Voucher(ObjectWithMetadataFields, graphene.ObjectType):
    """Order.voucher and Checkout.voucher: always null. Saleor's scalar fields, so that a storefront's
    `voucher { code discountValue … }` is a valid query."""

    name = graphene.String()
    code = graphene.String()
    usage_limit = graphene.Int()
    used = graphene.Int(required=True)
    start_date = graphene.DateTime(required=True)
    end_date = graphene.DateTime()
    apply_once_per_order = graphene.Boolean(required=True)
    apply_once_per_customer = graphene.Boolean(required=True)
    single_use = graphene.Boolean(required=True)
    only_for_staff = graphene.Boolean(required=True)
    min_checkout_items_quantity = graphene.Int()
    countries = graphene.List(graphene.NonNull("marketplace.graphql.core.CountryDisplay"))
    discount_value_type = graphene.Field(DiscountValueTypeEnum, required=True)
    discount_value = graphene.Float()
    currency = graphene.String()
    min_spent = graphene.Field(Money)
    type = graphene.Field(VoucherTypeEnum, required=True)

    class Meta:
        interfaces = (relay.Node,)


OrderGrantedRefundStatusEnum = graphene.Enum(
    "OrderGrantedRefundStatusEnum", [(name, name) for name in ("NONE", "PENDING", "SUCCESS", "FAILURE")]
)


class OrderGrantedRefundLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
    order_line = graphene.Field("marketplace.graphql.orders.OrderLine", required=True)
    reason = graphene.String()
    reason_reference = graphene.Field("marketplace.graphql.content.PageNode")


class OrderGrantedRefund(graphene.ObjectType):
    """Order.grantedRefunds: always empty (refunds are made, not granted ahead)."""

    id = graphene.ID(required=True)
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    amount = graphene.Field(Money, required=True)
    reason = graphene.String()
    reason_reference = graphene.Field("marketplace.graphql.content.PageNode")
    user = graphene.Field("marketplace.graphql.account.User")
    shipping_costs_included = graphene.Boolean(required=True)
    lines = graphene.List(graphene.NonNull(OrderGrantedRefundLine))
    status = graphene.Field(OrderGrantedRefundStatusEnum, required=True)
    transaction_events = graphene.List(graphene.NonNull("marketplace.graphql.payments.TransactionEventType"))
    transaction = graphene.Field("marketplace.graphql.payments.TransactionItemType")
    app = graphene.Field("marketplace.graphql.staff.App")


class TaxClassCountryRate(graphene.ObjectType):
    country = graphene.Field("marketplace.graphql.core.CountryDisplay", required=True)
    rate = graphene.Float(required=True)
    tax_class = graphene.Field(lambda: TaxClass)


class TaxClass(ObjectWithMetadataFields, graphene.ObjectType):
    """Order.shippingTaxClass, OrderLine.taxClass: always null (VAT rates are kept by date, not by class; the
    rates an order was sold at are its `shippingTaxRate` and each line's `taxRate`)."""

    name = graphene.String(required=True)
    countries = graphene.List(graphene.NonNull(TaxClassCountryRate), required=True)

    class Meta:
        interfaces = (relay.Node,)


TokenizedPaymentFlowEnum = graphene.Enum("TokenizedPaymentFlowEnum", [("INTERACTIVE", "INTERACTIVE")])


class CreditCard(graphene.ObjectType):
    brand = graphene.String(required=True)
    first_digits = graphene.String()
    last_digits = graphene.String(required=True)
    exp_month = graphene.Int()
    exp_year = graphene.Int()


class StoredPaymentMethod(graphene.ObjectType):
    """User.storedPaymentMethods, Checkout.storedPaymentMethods: always empty (no card is kept for later)."""

    id = graphene.ID(required=True)
    gateway = graphene.Field("marketplace.graphql.payments.PaymentGateway", required=True)
    payment_method_id = graphene.String(required=True)
    credit_card_info = graphene.Field(CreditCard)
    supported_payment_flows = graphene.List(graphene.NonNull(TokenizedPaymentFlowEnum))
    type = graphene.String(required=True)
    name = graphene.String()
    data = graphene.Field("marketplace.graphql.core.JSON")


class PaymentSource(graphene.ObjectType):
    """User.storedPaymentSources (Saleor's older stored cards): always empty."""

    gateway = graphene.String(required=True)
    payment_method_id = graphene.String()
    credit_card_info = graphene.Field(CreditCard)
    metadata = graphene.List(graphene.NonNull("marketplace.graphql.inputs.MetadataItem"), required=True)
