"""Saleor's Order as checkoutComplete and the transactions give it back: what a storefront shows on its order
confirmation. The order's Relay ID carries its token (as Saleor's does), so holding the ID is holding the private
link to the order, no more.
"""

import graphene
from graphene import relay

from marketplace.graphql.addresses import address_from_delivery
from marketplace.graphql.channels import ChannelNode
from marketplace.graphql.core import Money, TaxedMoney
from marketplace.orders.models import OrderChargeStatus, OrderStatus

OrderStatusEnum = graphene.Enum("OrderStatus", [(value.upper(), value.upper()) for value in OrderStatus.values])
OrderChargeStatusEnum = graphene.Enum(
    "OrderChargeStatusEnum", [(value.upper(), value.upper()) for value in OrderChargeStatus.values]
)


def _lines(order) -> list:
    """The order's lines, read once per request however many fields need them."""
    if not hasattr(order, "_api_lines"):
        order._api_lines = list(order.lines.all())
    return order._api_lines


class OrderLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    product_sku = graphene.String()
    quantity = graphene.Int(required=True)
    quantity_fulfilled = graphene.Int(required=True)
    unit_price = graphene.Field(TaxedMoney, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    tax_rate = graphene.Float(required=True)

    @staticmethod
    def resolve_id(root, info):
        return relay.Node.to_global_id("OrderLine", root.pk)

    @staticmethod
    def resolve_unit_price(root, info):
        return TaxedMoney.from_gross(root.unit_price_amount, root.vat_rate, "VND")

    @staticmethod
    def resolve_total_price(root, info):
        return TaxedMoney.of(root.total_price_amount, root.vat_amount, "VND")

    @staticmethod
    def resolve_tax_rate(root, info):
        return float(root.vat_rate / 100)


class Order(graphene.ObjectType):
    id = graphene.ID(required=True)
    token = graphene.UUID(required=True)
    number = graphene.String(required=True)
    created = graphene.DateTime(required=True, source="created_at")
    updated_at = graphene.DateTime(required=True)
    status = graphene.Field(OrderStatusEnum, required=True)
    charge_status = graphene.Field(OrderChargeStatusEnum, required=True)
    is_paid = graphene.Boolean(required=True)
    user_email = graphene.String()
    channel = graphene.Field(ChannelNode, required=True)
    customer_note = graphene.String(required=True)
    shipping_method_name = graphene.String()
    shipping_address = graphene.Field("marketplace.graphql.addresses.Address")
    billing_address = graphene.Field("marketplace.graphql.addresses.Address")
    lines = graphene.List(graphene.NonNull(OrderLine), required=True)
    subtotal = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    total = graphene.Field(TaxedMoney, required=True)
    total_charged = graphene.Field(Money, required=True)
    total_balance = graphene.Field(Money, required=True)
    is_shipping_required = graphene.Boolean(required=True, default_value=True)
    checkout_id = graphene.ID()
    transactions = graphene.List(graphene.NonNull("marketplace.graphql.payments.TransactionItemType"), required=True)

    @staticmethod
    def resolve_id(root, info):
        return relay.Node.to_global_id("Order", root.token)

    @staticmethod
    def resolve_number(root, info):
        return str(root.number)

    @staticmethod
    def resolve_status(root, info):
        return root.status.upper()

    @staticmethod
    def resolve_charge_status(root, info):
        return root.charge_status.upper()

    @staticmethod
    def resolve_is_paid(root, info):
        return root.charge_status in (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED)

    @staticmethod
    def resolve_shipping_address(root, info):
        return address_from_delivery(root, id=f"order-{root.pk}", phone=root.user_phone)

    # We invoice to the delivery address: the order keeps one address.
    resolve_billing_address = resolve_shipping_address

    @staticmethod
    def resolve_lines(root, info):
        return _lines(root)

    @staticmethod
    def resolve_subtotal(root, info):
        return TaxedMoney.of(root.subtotal_amount, sum(line.vat_amount for line in _lines(root)), root.currency)

    @staticmethod
    def resolve_shipping_price(root, info):
        return TaxedMoney.from_gross(root.shipping_price_amount, root.shipping_vat_rate, root.currency)

    @staticmethod
    def resolve_total(root, info):
        return TaxedMoney.of(root.total_amount, root.vat_amount, root.currency)

    @staticmethod
    def resolve_total_charged(root, info):
        return Money.of(root.total_charged_amount, root.currency)

    @staticmethod
    def resolve_total_balance(root, info):
        return Money.of(root.total_charged_amount - root.total_amount, root.currency)

    @staticmethod
    def resolve_checkout_id(root, info):
        return relay.Node.to_global_id("Checkout", root.checkout_token) if root.checkout_token else None

    @staticmethod
    def resolve_transactions(root, info):
        return root.transactions.all()
