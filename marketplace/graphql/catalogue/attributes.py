"""Our product facts as Saleor attributes: OCOP stars and group, origin, net content, shelf life, ingredients on
products; pack size and weight on variants.

We keep these as columns (and the stars as certificates), not in Saleor's attribute tables, so the attributes are
defined here and their values read from the rows already loaded for a product: showing them costs no query.
Attribute ids are Relay ids of the attribute's slug ("Attribute:ocop-stars"), value ids of slug and value.
"""

from dataclasses import dataclass
from typing import Any

import graphene
from django.utils.text import slugify
from graphene import relay

from marketplace.catalogue import selectors
from marketplace.catalogue.models import Category, Product, ProductVariant
from marketplace.core.text import plain_key
from marketplace.graphql.catalogue.ids import check_text_arguments
from marketplace.graphql.catalogue.pagination import list_connection
from marketplace.graphql.core import CountableConnection
from marketplace.graphql.inputs import ObjectWithMetadataFields, PositiveInt
from marketplace.graphql.languages import LanguageCodeEnum, LanguageDisplay, is_english
from marketplace.producers.models import OcopCertificate


class AttributeInputTypeEnum(graphene.Enum):
    DROPDOWN = "DROPDOWN"
    MULTISELECT = "MULTISELECT"
    FILE = "FILE"
    REFERENCE = "REFERENCE"
    SINGLE_REFERENCE = "SINGLE_REFERENCE"
    NUMERIC = "NUMERIC"
    RICH_TEXT = "RICH_TEXT"
    PLAIN_TEXT = "PLAIN_TEXT"
    SWATCH = "SWATCH"
    BOOLEAN = "BOOLEAN"
    DATE = "DATE"
    DATE_TIME = "DATE_TIME"


class AttributeTypeEnum(graphene.Enum):
    PRODUCT_TYPE = "PRODUCT_TYPE"
    PAGE_TYPE = "PAGE_TYPE"
    CUSTOMER_TYPE = "CUSTOMER_TYPE"


class AttributeEntityTypeEnum(graphene.Enum):
    PAGE = "PAGE"
    PRODUCT = "PRODUCT"
    PRODUCT_VARIANT = "PRODUCT_VARIANT"
    CATEGORY = "CATEGORY"
    COLLECTION = "COLLECTION"


class VariantAttributeScope(graphene.Enum):
    ALL = "ALL"
    VARIANT_SELECTION = "VARIANT_SELECTION"
    NOT_VARIANT_SELECTION = "NOT_VARIANT_SELECTION"


@dataclass(frozen=True)
class AttributeDef:
    slug: str
    name: str
    name_en: str
    input_type: str
    variant_selection: bool = False


@dataclass(frozen=True)
class ValueDef:
    attribute: AttributeDef
    slug: str
    name: str
    name_en: str = ""
    numeric: float | None = None


OCOP_STARS = AttributeDef("ocop-stars", "Hạng sao OCOP", "OCOP stars", "DROPDOWN")
OCOP_GROUP = AttributeDef("ocop-group", "Nhóm sản phẩm OCOP", "OCOP product group", "DROPDOWN")
ORIGIN = AttributeDef("origin", "Nơi sản xuất", "Place of origin", "PLAIN_TEXT")
NET_CONTENT = AttributeDef("net-content", "Khối lượng/thể tích", "Net content", "PLAIN_TEXT")
SHELF_LIFE = AttributeDef("shelf-life", "Hạn sử dụng", "Shelf life", "PLAIN_TEXT")
INGREDIENTS = AttributeDef("ingredients", "Thành phần", "Ingredients", "PLAIN_TEXT")
PACK_SIZE = AttributeDef("pack-size", "Quy cách", "Pack size", "DROPDOWN", variant_selection=True)
WEIGHT = AttributeDef("weight-grams", "Khối lượng (g)", "Weight (g)", "NUMERIC")

# The programme's three kinds of product (catalogue.selectors.kinds_of), for a Saleor client to show and filter.
PRODUCT_KIND = AttributeDef("product-kind", "Loại sản phẩm", "Product kind", "MULTISELECT")
KIND_VALUES = {
    selectors.KIND_STARTUP: ValueDef(PRODUCT_KIND, "khoi-nghiep", "Khởi nghiệp", "Startup"),
    selectors.KIND_OCOP: ValueDef(PRODUCT_KIND, "ocop", "OCOP", "OCOP"),
    selectors.KIND_RURAL_INDUSTRY: ValueDef(PRODUCT_KIND, "cnnt-tieu-bieu", "CNNT tiêu biểu", "Typical rural-industry"),
}
KIND_BY_VALUE_SLUG = {value.slug: kind for kind, value in KIND_VALUES.items()}

PRODUCT_ATTRIBUTES = (OCOP_STARS, OCOP_GROUP, PRODUCT_KIND, ORIGIN, NET_CONTENT, SHELF_LIFE, INGREDIENTS)
VARIANT_ATTRIBUTES = (PACK_SIZE, WEIGHT)
ATTRIBUTES_BY_SLUG = {attribute.slug: attribute for attribute in PRODUCT_ATTRIBUTES + VARIANT_ATTRIBUTES}


def stars_value(stars: int) -> ValueDef:
    return ValueDef(OCOP_STARS, f"{stars}-sao", f"{stars} sao", f"{stars} stars", numeric=float(stars))


def stars_from_value_slug(slug: str) -> int | None:
    """3 from "3-sao" (or "3"); None for anything else."""
    number = slug.removesuffix("-sao")
    return int(number) if number.isdigit() and len(number) == 1 else None


def _text(attribute: AttributeDef, text: str) -> list[ValueDef]:
    return [ValueDef(attribute, slugify(plain_key(text))[:100], text)] if text else []


def product_values(product) -> list[tuple[AttributeDef, list[ValueDef]]]:
    """Every product attribute with the product's values (an empty list where it has none)."""
    group = product.category.parent or product.category
    stars = getattr(product, "ocop_stars", None)
    return [
        (OCOP_STARS, [stars_value(stars)] if stars else []),
        (OCOP_GROUP, [ValueDef(OCOP_GROUP, group.slug, group.name, group.name_en)]),
        (PRODUCT_KIND, [KIND_VALUES[kind] for kind in selectors.kinds_of(product)]),
        (ORIGIN, _text(ORIGIN, product.origin_place)),
        (NET_CONTENT, _text(NET_CONTENT, product.net_quantity)),
        (SHELF_LIFE, _text(SHELF_LIFE, product.shelf_life)),
        (INGREDIENTS, _text(INGREDIENTS, product.ingredients)),
    ]


def variant_values(variant) -> list[tuple[AttributeDef, list[ValueDef]]]:
    pack = [ValueDef(PACK_SIZE, slugify(plain_key(variant.name))[:100], variant.name, variant.name_en)]
    weight = variant.weight_grams
    return [
        (PACK_SIZE, pack if variant.name else []),
        (WEIGHT, [ValueDef(WEIGHT, str(weight), str(weight), numeric=float(weight))] if weight else []),
    ]


class AttributeTranslation(graphene.ObjectType):
    id = graphene.ID(required=True)
    language = graphene.Field(LanguageDisplay, required=True)
    name = graphene.String(required=True)

    class Meta:
        interfaces = (relay.Node,)


class AttributeValueTranslation(graphene.ObjectType):
    id = graphene.ID(required=True)
    language = graphene.Field(LanguageDisplay, required=True)
    name = graphene.String(required=True)
    plain_text = graphene.String()
    rich_text = graphene.JSONString()

    class Meta:
        interfaces = (relay.Node,)


class Attribute(ObjectWithMetadataFields, graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    type = graphene.Field(AttributeTypeEnum, required=True)
    input_type = graphene.Field(AttributeInputTypeEnum)
    entity_type = graphene.Field(AttributeEntityTypeEnum)
    value_required = graphene.Boolean(required=True)
    visible_in_storefront = graphene.Boolean(required=True)
    filterable_in_storefront = graphene.Boolean(required=True)
    filterable_in_dashboard = graphene.Boolean(required=True)
    available_in_grid = graphene.Boolean(required=True)
    storefront_search_position = graphene.Int(required=True)
    with_choices = graphene.Boolean(required=True)
    external_reference = graphene.String()
    translation = graphene.Field(AttributeTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True))
    choices = graphene.Field(
        lambda: AttributeValueCountableConnection,
        search=graphene.String(),
        before=graphene.String(),
        after=graphene.String(),
        first=graphene.Int(),
        last=graphene.Int(),
    )

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_id(root: AttributeDef, info):
        return root.slug

    @staticmethod
    def resolve_choices(root: AttributeDef, info, search=None, **args):
        """The values a shopper may pick from (a filter's options), for the attributes with predefined choices;
        none (null, as Saleor) for text and numbers."""
        values = choices_of(root)
        if values is None:
            return None
        check_text_arguments({"search": search})
        if search:
            words = plain_key(search)
            values = [value for value in values if words in plain_key(value.name) or words in value.slug]
        return list_connection(AttributeValueCountableConnection, values, args)

    @staticmethod
    def resolve_type(root, info):
        return AttributeTypeEnum.PRODUCT_TYPE

    @staticmethod
    def resolve_input_type(root: AttributeDef, info):
        return root.input_type

    @staticmethod
    def resolve_entity_type(root, info):
        return None

    @staticmethod
    def resolve_value_required(root, info):
        return root.slug == OCOP_GROUP.slug

    @staticmethod
    def resolve_visible_in_storefront(root, info):
        return True

    @staticmethod
    def resolve_filterable_in_storefront(root: AttributeDef, info):
        return root.input_type in ("DROPDOWN", "MULTISELECT")

    resolve_filterable_in_dashboard = resolve_filterable_in_storefront

    @staticmethod
    def resolve_available_in_grid(root, info):
        return True

    @staticmethod
    def resolve_storefront_search_position(root, info):
        return 0

    @staticmethod
    def resolve_with_choices(root: AttributeDef, info):
        return root.input_type in ("DROPDOWN", "MULTISELECT")

    @staticmethod
    def resolve_external_reference(root, info):
        return None

    @staticmethod
    def resolve_translation(root: AttributeDef, info, language_code):
        if not is_english(language_code):
            return None
        return AttributeTranslation(
            id=f"{root.slug}:{language_code.value}", language=LanguageDisplay.of(language_code), name=root.name_en
        )


class AttributeCountableConnection(CountableConnection):
    class Meta:
        node = Attribute
        strict_types = True


def choices_of(attribute: AttributeDef) -> list[ValueDef] | None:
    """The predefined values of a choice attribute (one query at most), or None for a text or numeric one."""
    if attribute is OCOP_STARS:
        return [stars_value(stars) for stars in OcopCertificate.Stars.values]
    if attribute is PRODUCT_KIND:
        return list(KIND_VALUES.values())
    if attribute is OCOP_GROUP:
        groups = Category.objects.filter(parent__isnull=True).order_by("sort_order", "name", "pk")
        return [ValueDef(OCOP_GROUP, group.slug, group.name, group.name_en) for group in groups]
    if attribute is PACK_SIZE:
        # The pack sizes of the products on sale, each name once.
        names = (
            ProductVariant.objects.filter(product__status=Product.Status.PUBLISHED)
            .exclude(name="")
            .order_by("name")
            .values_list("name", "name_en")
            .distinct("name")
        )
        return [ValueDef(PACK_SIZE, slugify(plain_key(name))[:100], name, name_en) for name, name_en in names]
    return None


class AttributeValue(graphene.ObjectType):
    name = graphene.String()
    slug = graphene.String()
    value = graphene.String()
    input_type = graphene.Field(AttributeInputTypeEnum)
    reference = graphene.ID()
    rich_text = graphene.JSONString()
    plain_text = graphene.String()
    boolean = graphene.Boolean()
    date = graphene.Date()
    date_time = graphene.DateTime()
    external_reference = graphene.String()
    translation = graphene.Field(
        AttributeValueTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True)
    )

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_id(root: ValueDef, info):
        return f"{root.attribute.slug}:{root.slug}"

    @staticmethod
    def resolve_value(root: ValueDef, info):
        return ""

    @staticmethod
    def resolve_input_type(root: ValueDef, info):
        return root.attribute.input_type

    @staticmethod
    def resolve_plain_text(root: ValueDef, info):
        return root.name if root.attribute.input_type == "PLAIN_TEXT" else None

    @staticmethod
    def _none(root, info):
        return None

    resolve_reference = resolve_rich_text = resolve_boolean = resolve_date = resolve_date_time = _none
    resolve_external_reference = _none

    @staticmethod
    def resolve_translation(root: ValueDef, info, language_code):
        if not (is_english(language_code) and root.name_en):
            return None
        return AttributeValueTranslation(
            id=f"{root.attribute.slug}:{root.slug}:{language_code.value}",
            language=LanguageDisplay.of(language_code),
            name=root.name_en,
            plain_text=root.name_en if root.attribute.input_type == "PLAIN_TEXT" else None,
        )


class AttributeValueCountableConnection(CountableConnection):
    class Meta:
        node = AttributeValue
        strict_types = True


class SelectedAttribute(graphene.ObjectType):
    attribute = graphene.Field(Attribute, required=True)
    values = graphene.NonNull(graphene.List(graphene.NonNull(AttributeValue)))


def _translation_of(value: ValueDef | None, language_code) -> str | None:
    return value.name_en or None if value is not None and is_english(language_code) else None


class AssignedAttribute(graphene.Interface):
    attribute = graphene.Field(Attribute, required=True)


class AssignedChoiceAttributeValue(graphene.ObjectType):
    name = graphene.String()
    slug = graphene.String()
    translation = graphene.String(language_code=graphene.Argument(LanguageCodeEnum, required=True))

    @staticmethod
    def resolve_translation(root: ValueDef, info, language_code):
        return _translation_of(root, language_code)


class AssignedSingleChoiceAttribute(graphene.ObjectType):
    value = graphene.Field(AssignedChoiceAttributeValue)

    class Meta:
        interfaces = (AssignedAttribute,)


class AssignedPlainTextAttribute(graphene.ObjectType):
    value = graphene.String()
    translation = graphene.String(language_code=graphene.Argument(LanguageCodeEnum, required=True))

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_translation(root, info, language_code):
        return _translation_of(root.choice, language_code)


class AssignedNumericAttribute(graphene.ObjectType):
    value = graphene.Float()

    class Meta:
        interfaces = (AssignedAttribute,)


class AssignedMultiChoiceAttribute(graphene.ObjectType):
    value = graphene.NonNull(
        graphene.List(graphene.NonNull(AssignedChoiceAttributeValue)), limit=PositiveInt(default_value=100)
    )

    class Meta:
        interfaces = (AssignedAttribute,)

    @staticmethod
    def resolve_value(root, info, limit=100):
        return root.value[:limit]


ASSIGNED_TYPES = (
    AssignedSingleChoiceAttribute,
    AssignedMultiChoiceAttribute,
    AssignedPlainTextAttribute,
    AssignedNumericAttribute,
)


def assigned(attribute: AttributeDef, values: list[ValueDef]) -> Any:
    """The Assigned…Attribute of Saleor's newer API for one attribute and its values."""
    value = values[0] if values else None
    if attribute.input_type == "NUMERIC":
        return AssignedNumericAttribute(attribute=attribute, value=value.numeric if value else None)
    if attribute.input_type == "MULTISELECT":
        return AssignedMultiChoiceAttribute(attribute=attribute, value=values)
    if attribute.input_type == "PLAIN_TEXT":
        result = AssignedPlainTextAttribute(attribute=attribute, value=value.name if value else None)
        result.choice = value
        return result
    return AssignedSingleChoiceAttribute(attribute=attribute, value=value)


def selected(pairs) -> list[SelectedAttribute]:
    return [SelectedAttribute(attribute=attribute, values=values) for attribute, values in pairs]


def assigned_list(pairs, limit: int) -> list:
    return [assigned(attribute, values) for attribute, values in pairs if values][:limit]


def assigned_one(pairs, slug: str):
    return next((assigned(attribute, values) for attribute, values in pairs if attribute.slug == slug), None)


def selected_one(pairs, slug: str):
    return next((SelectedAttribute(attribute=a, values=v) for a, v in pairs if a.slug == slug), None)
