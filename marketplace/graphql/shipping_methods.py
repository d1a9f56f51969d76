"""A delivery method's translatable content (the source of its ShippingMethodTranslation, graphql/shipping.py) and
Saleor's ShippingMethodType, which that content names as the method it translates.

A method belongs to one channel and has no price or weight limits, postal code rules,
excluded products or tax class: ShippingMethodType answers one channel listing and Saleor's empty values for those.
"""

import graphene
from graphene import relay

from marketplace.graphql.catalogue.pagination import list_connection
from marketplace.graphql.catalogue.staff import staff_only
from marketplace.graphql.catalogue.types import ProductCountableConnection, Weight
from marketplace.graphql.content import _rich_text
from marketplace.graphql.core import Money
from marketplace.graphql.inputs import ObjectWithMetadataFields
from marketplace.graphql.languages import LanguageCodeEnum
from marketplace.graphql.shipping import ShippingMethod, ShippingMethodTranslation, ShippingMethodTypeEnum


def _language_arg():
    return {"language_code": graphene.Argument(LanguageCodeEnum, required=True)}


PostalCodeRuleInclusionTypeEnum = graphene.Enum(
    "PostalCodeRuleInclusionTypeEnum", [("INCLUDE", "include"), ("EXCLUDE", "exclude")]
)


class ShippingMethodPostalCodeRule(graphene.ObjectType):
    start = graphene.String()
    end = graphene.String()
    inclusion_type = graphene.Field(PostalCodeRuleInclusionTypeEnum)

    class Meta:
        interfaces = (relay.Node,)


class ShippingMethodChannelListing(graphene.ObjectType):
    """The method's price in its one channel."""

    channel = graphene.Field("marketplace.graphql.channels.ChannelNode", required=True)
    maximum_order_price = graphene.Field(Money)
    minimum_order_price = graphene.Field(Money)
    price = graphene.Field(Money)

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_id(root, info):
        return root.pk

    @staticmethod
    def resolve_channel(root, info):
        return root.channel

    @staticmethod
    def resolve_maximum_order_price(root, info):
        return None  # every delivery method takes every order

    resolve_minimum_order_price = resolve_maximum_order_price

    @staticmethod
    def resolve_price(root, info):
        return Money.of(root.price_amount, "VND")


class ShippingMethodType(ObjectWithMetadataFields, graphene.ObjectType):
    name = graphene.String(required=True)
    description = graphene.JSONString()
    type = graphene.Field(ShippingMethodTypeEnum)
    translation = graphene.Field(ShippingMethodTranslation, **_language_arg())
    channel_listings = graphene.List(
        graphene.NonNull(ShippingMethodChannelListing), description="Staff only (MANAGE_SHIPPING)."
    )
    maximum_order_price = graphene.Field(Money)
    minimum_order_price = graphene.Field(Money)
    postal_code_rules = graphene.List(graphene.NonNull(ShippingMethodPostalCodeRule))
    excluded_products = graphene.Field(
        ProductCountableConnection,
        before=graphene.String(),
        after=graphene.String(),
        first=graphene.Int(),
        last=graphene.Int(),
        description="Staff only (MANAGE_SHIPPING); none is excluded.",
    )
    minimum_order_weight = graphene.Field(Weight)
    maximum_order_weight = graphene.Field(Weight)
    maximum_delivery_days = graphene.Int()
    minimum_delivery_days = graphene.Int()
    tax_class = graphene.Field("marketplace.graphql.discounts.TaxClass", description="Staff only.")

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_description(root, info):
        return _rich_text(root.description)

    # The same method as ShippingMethod, seen from the translators' side.
    resolve_type = staticmethod(ShippingMethod.resolve_type)
    resolve_translation = staticmethod(ShippingMethod.resolve_translation)

    @staticmethod
    def resolve_channel_listings(root, info):
        staff_only(info, "MANAGE_SHIPPING")
        return [root]

    @staticmethod
    def resolve_maximum_order_price(root, info):
        return None

    resolve_minimum_order_price = resolve_maximum_order_price
    resolve_minimum_order_weight = resolve_maximum_order_weight = resolve_maximum_order_price

    @staticmethod
    def resolve_postal_code_rules(root, info):
        return []  # a method delivers to every ward of its city: no postal code rule

    @staticmethod
    def resolve_excluded_products(root, info, **args):
        staff_only(info, "MANAGE_SHIPPING")
        return list_connection(ProductCountableConnection, [], args)

    @staticmethod
    def resolve_tax_class(root, info):
        staff_only(info, "AUTHENTICATED_STAFF_USER, AUTHENTICATED_APP")
        return None  # the delivery fee carries the day's VAT rate, not a tax class


class ShippingMethodTranslatableContent(graphene.ObjectType):
    shipping_method_id = graphene.ID(required=True)
    name = graphene.String(required=True)
    description = graphene.JSONString()
    translation = graphene.Field(ShippingMethodTranslation, **_language_arg())
    shipping_method = graphene.Field(
        ShippingMethodType, deprecation_reason="Get model fields from the root level queries."
    )

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_shipping_method_id(root, info):
        return relay.Node.to_global_id("ShippingMethod", root.pk)

    @staticmethod
    def resolve_description(root, info):
        return _rich_text(root.description)

    resolve_translation = staticmethod(ShippingMethod.resolve_translation)

    @staticmethod
    def resolve_shipping_method(root, info):
        return root
