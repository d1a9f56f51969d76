"""Saleor's ShippingMethod, Warehouse and the DeliveryMethod union of the two, for the delivery method of an order
(and of a checkout). Every delivery is a shipping method of the channel; no warehouse offers click and collect,
but Warehouse is here so that a storefront's `deliveryMethod { ... on Warehouse { … } }` is a valid query.
"""

import graphene
from graphene import relay

from marketplace.core import richtext
from marketplace.graphql.core import Money
from marketplace.graphql.inputs import ObjectWithMetadataFields
from marketplace.graphql.languages import LanguageCodeEnum, LanguageDisplay, code_of, is_english

WarehouseClickAndCollectOptionEnum = graphene.Enum(
    "WarehouseClickAndCollectOptionEnum", [("DISABLED", "disabled"), ("LOCAL", "local"), ("ALL", "all")]
)


ShippingMethodTypeEnum = graphene.Enum("ShippingMethodTypeEnum", [("PRICE", "PRICE"), ("WEIGHT", "WEIGHT")])


class ShippingMethod(ObjectWithMetadataFields, graphene.ObjectType):
    """A checkout.ShippingMethod; `price` is its price, or the price an order paid for it when it is given."""

    name = graphene.String(required=True)
    description = graphene.JSONString()
    minimum_delivery_days = graphene.Int()
    maximum_delivery_days = graphene.Int()
    price = graphene.Field(Money, required=True)
    active = graphene.Boolean(required=True)
    message = graphene.String()
    type = graphene.Field(ShippingMethodTypeEnum, description="PRICE: a delivery's price is fixed, not by weight.")
    # No thresholds: every delivery method takes every order (null, as Saleor answers for a method without them).
    minimum_order_price = graphene.Field(Money)
    maximum_order_price = graphene.Field(Money)
    minimum_order_weight = graphene.Field("marketplace.graphql.catalogue.types.Weight")
    maximum_order_weight = graphene.Field("marketplace.graphql.catalogue.types.Weight")
    translation = graphene.Field(
        lambda: ShippingMethodTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True)
    )

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_type(root, info):
        return "PRICE"

    @staticmethod
    def resolve_translation(root, info, language_code):
        return english_of(root, language_code)

    @staticmethod
    def resolve_description(root, info):
        return None

    @staticmethod
    def resolve_price(root, info):
        return Money.of(getattr(root, "paid_price", root.price_amount), "VND")

    @staticmethod
    def resolve_active(root, info):
        return root.is_active

    @staticmethod
    def resolve_message(root, info):
        return root.description or None


class ShippingMethodTranslation(graphene.ObjectType):
    """A delivery method's English, which a manager writes beside its Vietnamese (`name_en`, `description_en`);
    Vietnamese is the source, so it has no translation, and a method nobody translated has none either."""

    language = graphene.Field(LanguageDisplay, required=True)
    name = graphene.String()
    description = graphene.JSONString()
    translatable_content = graphene.Field("marketplace.graphql.shipping_methods.ShippingMethodTranslatableContent")

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_translatable_content(root, info):
        return root.api_source


def english_of(method, language_code) -> ShippingMethodTranslation | None:
    """The method's English when English is asked and a manager wrote it; else None."""
    if not (is_english(language_code) and method.name_en):
        return None
    translation = ShippingMethodTranslation(
        id=f"{method.pk}:{code_of(language_code)}",
        language=LanguageDisplay.of(language_code),
        name=method.name_en,
        description=richtext.to_editorjs(method.description_en) if method.description_en else None,
    )
    translation.api_source = method
    return translation


class Warehouse(ObjectWithMetadataFields, graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    email = graphene.String(required=True)
    is_private = graphene.Boolean(required=True)
    company_name = graphene.String(required=True)
    click_and_collect_option = graphene.Field(WarehouseClickAndCollectOptionEnum, required=True)

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_email(root, info):
        return ""

    @staticmethod
    def resolve_is_private(root, info):
        return True

    @staticmethod
    def resolve_company_name(root, info):
        return ""

    @staticmethod
    def resolve_click_and_collect_option(root, info):
        return "disabled"


class DeliveryMethod(graphene.Union):
    class Meta:
        types = (Warehouse, ShippingMethod)

    @classmethod
    def resolve_type(cls, instance, info):
        return Warehouse if instance.__class__.__name__ == "Warehouse" else ShippingMethod
