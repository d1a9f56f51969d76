"""Saleor's ShippingMethod, Warehouse and the DeliveryMethod union of the two, for the delivery method of an order
(and of a checkout). Every delivery is a shipping method of the channel; no warehouse offers click and collect,
but Warehouse is here so that a storefront's `deliveryMethod { ... on Warehouse { … } }` is a valid query. A
warehouse is also where a parcel left from (Fulfillment.warehouse) and where an order line's units are held.
"""

import graphene
from graphene import relay

from inventory.selectors import stocks_at_warehouse
from marketplace.core import richtext
from marketplace.graphql.addresses import AddressData, e164
from marketplace.graphql.auth import require_manager
from marketplace.graphql.catalogue import response_cache
from marketplace.graphql.catalogue.pagination import queryset_connection
from marketplace.graphql.catalogue.types import Stock
from marketplace.graphql.core import CountableConnection, Money
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
    address = graphene.Field("marketplace.graphql.addresses.Address", required=True)
    # Saleor's MANAGE_PRODUCTS, MANAGE_ORDERS: what each place holds is the staff's.
    stocks = graphene.Field(
        lambda: StockCountableConnection,
        before=graphene.String(),
        after=graphene.String(),
        first=graphene.Int(),
        last=graphene.Int(),
    )
    external_reference = graphene.String(description="Always null: no outside system names our places.")

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_address(root, info):
        """The place's own address in our two-tier form: its ward as `city`, its city or province as
        `countryArea`, the place's name as `companyName` (as Saleor gives a warehouse's)."""
        return AddressData(
            id=f"warehouse-{root.pk}",
            first_name="",
            company_name=root.name,
            street_address1=root.street_address,
            city=root.ward,
            country_area=root.province,
            phone=e164(root.phone),
        )

    @staticmethod
    def resolve_stocks(root, info, **args):
        # Never kept in the answer cache, whose key does not hold the viewer.
        response_cache.not_cacheable(info)
        require_manager(info, "MANAGE_PRODUCTS, MANAGE_ORDERS")
        # A page of orders names the same few places again and again (each parcel's, each held line's): each
        # place's page is read once per request, so the cost follows the number of places, not of orders.
        pages = info.context.__dict__.setdefault("api_warehouse_stocks", {})
        key = (root.pk, tuple(sorted(args.items())))
        if key not in pages:
            pages[key] = queryset_connection(StockCountableConnection, args, stocks_at_warehouse(root.pk))
        return pages[key]

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


class StockCountableConnection(CountableConnection):
    class Meta:
        node = Stock
        strict_types = True


class DeliveryMethod(graphene.Union):
    class Meta:
        types = (Warehouse, ShippingMethod)

    @classmethod
    def resolve_type(cls, instance, info):
        return Warehouse if instance.__class__.__name__ == "Warehouse" else ShippingMethod
