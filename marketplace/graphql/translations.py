"""Saleor's `translations(kind)` and `translation(id, kind)`: every translatable item of a kind with its source text
(Vietnamese) and its translation, for the people who translate. Staff only, as in Saleor (MANAGE_TRANSLATIONS: our
managers); never cached (the catalogue's answer cache serves catalogue root fields only).

Items of the kinds we keep: products, variants, categories, collections, attributes and their values, content pages,
menu items and delivery methods. The kinds we have nothing of (vouchers, promotions, sales) answer an empty list.
A page costs a fixed number of statements: the items, and their translations where they are rows beside them
(collections, pages, menu items); products, variants, categories and delivery methods keep their English in `*_en`
columns.
"""

import graphene
from graphene import relay

from marketplace.catalogue.models import Category as CategoryModel
from marketplace.catalogue.models import Collection as CollectionModel
from marketplace.catalogue.models import Product as ProductModel
from marketplace.catalogue.models import ProductVariant as VariantModel
from marketplace.checkout.models import ShippingMethod as ShippingMethodModel
from marketplace.content.models import MenuItem as MenuItemModel
from marketplace.content.models import Page as PageModel
from marketplace.graphql.auth import require_manager
from marketplace.graphql.catalogue import attributes as attrs
from marketplace.graphql.catalogue import types
from marketplace.graphql.catalogue.ids import key_from_global_id, pk_from_global_id
from marketplace.graphql.catalogue.pagination import list_connection, queryset_connection
from marketplace.graphql.content import (
    CollectionNode,
    CollectionTranslationNode,
    MenuItemNode,
    MenuItemTranslationNode,
    PageNode,
    PageTranslationNode,
    _rich_text,
    _translation_for,
)
from marketplace.graphql.core import CountableConnection
from marketplace.graphql.discounts import (
    PromotionRuleTranslatableContent,
    PromotionTranslatableContent,
    SaleTranslatableContent,
    VoucherTranslatableContent,
)
from marketplace.graphql.languages import LanguageCodeEnum
from marketplace.graphql.shipping_methods import ShippingMethodTranslatableContent

PERMISSION = "MANAGE_TRANSLATIONS"


class TranslatableKinds(graphene.Enum):
    ATTRIBUTE = "ATTRIBUTE"
    ATTRIBUTE_VALUE = "ATTRIBUTE_VALUE"
    CATEGORY = "CATEGORY"
    COLLECTION = "COLLECTION"
    MENU_ITEM = "MENU_ITEM"
    PAGE = "PAGE"
    PRODUCT = "PRODUCT"
    PROMOTION = "PROMOTION"
    PROMOTION_RULE = "PROMOTION_RULE"
    SALE = "SALE"
    SHIPPING_METHOD = "SHIPPING_METHOD"
    VARIANT = "VARIANT"
    VOUCHER = "VOUCHER"


def _language_arg():
    return {"language_code": graphene.Argument(LanguageCodeEnum, required=True)}


def _global(kind: str):
    return lambda root, info: relay.Node.to_global_id(kind, root.pk)


_MODEL_FIELDS_GONE = "Get model fields from the root level queries."


class AttributeTranslatableContent(graphene.ObjectType):
    attribute_id = graphene.ID(required=True)
    name = graphene.String(required=True)
    translation = graphene.Field(attrs.AttributeTranslation, **_language_arg())
    attribute = graphene.Field(attrs.Attribute, deprecation_reason=_MODEL_FIELDS_GONE)

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_id(root: attrs.AttributeDef, info):
        return root.slug

    @staticmethod
    def resolve_attribute_id(root: attrs.AttributeDef, info):
        return relay.Node.to_global_id("Attribute", root.slug)

    @staticmethod
    def resolve_translation(root, info, language_code):
        return attrs.Attribute.resolve_translation(root, info, language_code)

    @staticmethod
    def resolve_attribute(root, info):
        return getattr(root, "_item", root)


class AttributeValueTranslatableContent(graphene.ObjectType):
    attribute_value_id = graphene.ID(required=True)
    name = graphene.String(required=True)
    rich_text = graphene.JSONString()
    plain_text = graphene.String()
    translation = graphene.Field(attrs.AttributeValueTranslation, **_language_arg())
    attribute_value = graphene.Field(attrs.AttributeValue, deprecation_reason=_MODEL_FIELDS_GONE)
    attribute = graphene.Field(AttributeTranslatableContent)

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_id(root: attrs.ValueDef, info):
        return f"{root.attribute.slug}:{root.slug}"

    @staticmethod
    def resolve_attribute_value_id(root: attrs.ValueDef, info):
        return relay.Node.to_global_id("AttributeValue", f"{root.attribute.slug}:{root.slug}")

    @staticmethod
    def resolve_rich_text(root, info):
        return None

    @staticmethod
    def resolve_plain_text(root: attrs.ValueDef, info):
        return attrs.AttributeValue.resolve_plain_text(root, info)

    @staticmethod
    def resolve_translation(root, info, language_code):
        return attrs.AttributeValue.resolve_translation(root, info, language_code)

    @staticmethod
    def resolve_attribute_value(root, info):
        return getattr(root, "_item", root)

    @staticmethod
    def resolve_attribute(root: attrs.ValueDef, info):
        return root.attribute


def _attribute_values():
    # The products' own values (origin, ingredients…) are their text, translated with the product; so are
    # theirs here: the list stays empty, and the choice values are items of ATTRIBUTE_VALUE.
    return graphene.NonNull(graphene.List(graphene.NonNull(AttributeValueTranslatableContent)))


class _Described:
    """seoTitle, seoDescription, slug, name, description and descriptionJson of a row with those columns."""

    seo_title = graphene.String()
    seo_description = graphene.String()
    slug = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString()
    description_json = graphene.JSONString(deprecation_reason="Use the `description` field instead.")

    @staticmethod
    def resolve_description(root, info):
        return _rich_text(root.description)

    @staticmethod
    def resolve_description_json(root, info):
        return _rich_text(root.description)


class ProductTranslatableContent(_Described, graphene.ObjectType):
    product_id = graphene.ID(required=True)
    translation = graphene.Field(types.ProductTranslation, **_language_arg())
    product = graphene.Field(types.Product, deprecation_reason=_MODEL_FIELDS_GONE)
    attribute_values = _attribute_values()

    class Meta:
        interfaces = (relay.Node,)

    resolve_product_id = _global("Product")

    @staticmethod
    def resolve_translation(root, info, language_code):
        return types.Product.resolve_translation(root, info, language_code)

    @staticmethod
    def resolve_product(root, info):
        return None  # read the product (as shoppers see it, in a channel) from `product(id:)`

    @staticmethod
    def resolve_attribute_values(root, info):
        return []


class ProductVariantTranslatableContent(graphene.ObjectType):
    product_variant_id = graphene.ID(required=True)
    name = graphene.String(required=True)
    translation = graphene.Field(types.ProductVariantTranslation, **_language_arg())
    product_variant = graphene.Field(types.ProductVariant, deprecation_reason=_MODEL_FIELDS_GONE)
    attribute_values = _attribute_values()

    class Meta:
        interfaces = (relay.Node,)

    resolve_product_variant_id = _global("ProductVariant")

    @staticmethod
    def resolve_translation(root, info, language_code):
        return types.ProductVariant.resolve_translation(root, info, language_code)

    @staticmethod
    def resolve_product_variant(root, info):
        return None  # read it from `productVariant(id:)`

    @staticmethod
    def resolve_attribute_values(root, info):
        return []


class CategoryTranslatableContent(_Described, graphene.ObjectType):
    category_id = graphene.ID(required=True)
    translation = graphene.Field(types.CategoryTranslation, **_language_arg())
    category = graphene.Field(types.Category, deprecation_reason=_MODEL_FIELDS_GONE)

    class Meta:
        interfaces = (relay.Node,)

    resolve_category_id = _global("Category")

    @staticmethod
    def resolve_translation(root, info, language_code):
        return types.Category.resolve_translation(root, info, language_code)

    @staticmethod
    def resolve_category(root, info):
        return types.all_categories(info).get(root.pk)


class CollectionTranslatableContent(_Described, graphene.ObjectType):
    collection_id = graphene.ID(required=True)
    translation = graphene.Field(CollectionTranslationNode, **_language_arg())
    collection = graphene.Field(CollectionNode, deprecation_reason=_MODEL_FIELDS_GONE)

    class Meta:
        interfaces = (relay.Node,)

    resolve_collection_id = _global("Collection")

    @staticmethod
    def resolve_translation(root, info, language_code):
        return _translation_for(root, language_code)

    @staticmethod
    def resolve_collection(root, info):
        return root


class PageTranslatableContent(graphene.ObjectType):
    page_id = graphene.ID(required=True)
    seo_title = graphene.String()
    seo_description = graphene.String()
    slug = graphene.String()
    title = graphene.String(required=True)
    content = graphene.JSONString()
    content_json = graphene.JSONString(deprecation_reason="Use the `content` field instead.")
    translation = graphene.Field(PageTranslationNode, **_language_arg())
    page = graphene.Field(PageNode, deprecation_reason=_MODEL_FIELDS_GONE)
    attribute_values = _attribute_values()

    class Meta:
        interfaces = (relay.Node,)

    resolve_page_id = _global("Page")

    @staticmethod
    def resolve_content(root, info):
        return _rich_text(root.content)

    resolve_content_json = resolve_content

    @staticmethod
    def resolve_translation(root, info, language_code):
        return _translation_for(root, language_code)

    @staticmethod
    def resolve_page(root, info):
        return root

    @staticmethod
    def resolve_attribute_values(root, info):
        return []


class MenuItemTranslatableContent(graphene.ObjectType):
    menu_item_id = graphene.ID(required=True)
    name = graphene.String(required=True)
    translation = graphene.Field(MenuItemTranslationNode, **_language_arg())
    menu_item = graphene.Field(MenuItemNode, deprecation_reason=_MODEL_FIELDS_GONE)

    class Meta:
        interfaces = (relay.Node,)

    resolve_menu_item_id = _global("MenuItem")

    @staticmethod
    def resolve_translation(root, info, language_code):
        return _translation_for(root, language_code)

    @staticmethod
    def resolve_menu_item(root, info):
        return root


# kind -> (its content type, the type named in its items' global ids)
_CONTENT = {
    "PRODUCT": (ProductTranslatableContent, "Product"),
    "VARIANT": (ProductVariantTranslatableContent, "ProductVariant"),
    "CATEGORY": (CategoryTranslatableContent, "Category"),
    "COLLECTION": (CollectionTranslatableContent, "Collection"),
    "PAGE": (PageTranslatableContent, "Page"),
    "MENU_ITEM": (MenuItemTranslatableContent, "MenuItem"),
    "ATTRIBUTE": (AttributeTranslatableContent, "Attribute"),
    "ATTRIBUTE_VALUE": (AttributeValueTranslatableContent, "AttributeValue"),
    "SHIPPING_METHOD": (ShippingMethodTranslatableContent, "ShippingMethod"),
}


class TranslatableItem(graphene.Union):
    class Meta:
        # The vouchers', promotions' and sales' members are never returned (see SaleTranslatableContent).
        types = tuple(content for content, _ in _CONTENT.values()) + (
            VoucherTranslatableContent,
            PromotionTranslatableContent,
            PromotionRuleTranslatableContent,
            SaleTranslatableContent,
        )

    @classmethod
    def resolve_type(cls, instance, info):
        return instance.api_content_type


def _rows(kind: str):
    """Every item of a kind that is a table's rows, in a stable order, with what their translation reads."""
    if kind == "PRODUCT":
        return ProductModel.objects.order_by("pk").defer("search_vector", "search_tone", "search_plain")
    if kind == "VARIANT":
        return VariantModel.objects.order_by("pk")
    if kind == "CATEGORY":
        return CategoryModel.objects.order_by("pk")
    if kind == "COLLECTION":
        return CollectionModel.objects.order_by("pk").prefetch_related("translations")
    if kind == "PAGE":
        return PageModel.objects.order_by("pk").prefetch_related("translations")
    if kind == "MENU_ITEM":
        return MenuItemModel.objects.order_by("pk").prefetch_related("translations")
    if kind == "SHIPPING_METHOD":
        return ShippingMethodModel.objects.order_by("pk")  # every channel's, inactive ones too
    return None


def _values() -> list:
    """Every predefined value of our choice attributes (the OCOP stars, groups, kinds and pack sizes)."""
    found = []
    for attribute in attrs.ATTRIBUTES_BY_SLUG.values():
        found.extend(attrs.choices_of(attribute) or ())
    return found


class _Tagged:
    """An in-memory item (attribute or value) with the content type it stands for; the dataclasses are frozen."""

    def __init__(self, item, content_type):
        self._item, self.api_content_type = item, content_type

    def __getattr__(self, name):
        return getattr(self._item, name)


def _tag(items, kind: str) -> list:
    content_type = _CONTENT[kind][0]
    if kind in ("ATTRIBUTE", "ATTRIBUTE_VALUE"):
        return [_Tagged(item, content_type) for item in items]
    for item in items:
        item.api_content_type = content_type
    return items


class TranslatableItemConnection(CountableConnection):
    class Meta:
        node = TranslatableItem
        strict_types = True


def _tag_page(connection, kind: str):
    _tag([edge.node for edge in connection.edges], kind)
    return connection


class TranslationQueries(graphene.ObjectType):
    translations = graphene.Field(
        TranslatableItemConnection,
        kind=graphene.Argument(TranslatableKinds, required=True),
        before=graphene.String(),
        after=graphene.String(),
        first=graphene.Int(),
        last=graphene.Int(),
        description="Every translatable item of a kind. Staff only (MANAGE_TRANSLATIONS).",
    )
    translation = graphene.Field(
        TranslatableItem,
        id=graphene.ID(required=True),
        kind=graphene.Argument(TranslatableKinds, required=True),
        description="One translatable item by its id. Staff only (MANAGE_TRANSLATIONS).",
    )

    @staticmethod
    def resolve_translations(root, info, kind, **args):
        require_manager(info, PERMISSION)
        kind = getattr(kind, "value", kind)
        if kind not in _CONTENT:
            return list_connection(TranslatableItemConnection, [], args)
        if kind == "ATTRIBUTE":
            items = _tag(list(attrs.ATTRIBUTES_BY_SLUG.values()), kind)
            return list_connection(TranslatableItemConnection, items, args)
        if kind == "ATTRIBUTE_VALUE":
            return list_connection(TranslatableItemConnection, _tag(_values(), kind), args)
        return _tag_page(queryset_connection(TranslatableItemConnection, args, _rows(kind)), kind)

    @staticmethod
    def resolve_translation(root, info, id, kind):
        require_manager(info, PERMISSION)
        kind = getattr(kind, "value", kind)
        if kind not in _CONTENT:
            return None
        type_name = _CONTENT[kind][1]
        if kind == "ATTRIBUTE":
            found = attrs.ATTRIBUTES_BY_SLUG.get(key_from_global_id(id, type_name))
        elif kind == "ATTRIBUTE_VALUE":
            key = key_from_global_id(id, type_name)
            found = next((value for value in _values() if f"{value.attribute.slug}:{value.slug}" == key), None)
        else:
            found = _rows(kind).filter(pk=pk_from_global_id(id, type_name)).first()
        return _tag([found], kind)[0] if found is not None else None
