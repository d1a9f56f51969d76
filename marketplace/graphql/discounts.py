"""Saleor's gift cards, order discounts and invoices: types our shop has no data for.

Xứ Quảng Market sells no gift cards, grants no vouchers or promotions and issues no invoices through the API (a
VAT invoice is the back office's). A storefront generated from Saleor's schema still queries these fields, so
they exist with Saleor's names and shapes, and every list of them answers empty: what Saleor answers for an order
or a checkout that has none.
"""

import graphene
from graphene import relay

from marketplace.graphql.core import Money, PositiveDecimal
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


class OrderDiscount(graphene.ObjectType):
    type = graphene.Field(OrderDiscountType, required=True)
    name = graphene.String()
    translated_name = graphene.String()
    value_type = graphene.Field(DiscountValueTypeEnum, required=True)
    value = graphene.Field(PositiveDecimal, required=True)
    reason = graphene.String()
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

    class Meta:
        interfaces = (relay.Node,)
