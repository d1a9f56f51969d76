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
from marketplace.graphql.catalogue.ids import check_text_arguments, key_from_global_id
from marketplace.graphql.catalogue.pagination import list_connection
from marketplace.graphql.core import CountableConnection
from marketplace.graphql.inputs import (
    MetadataFilter,
    ObjectWithMetadataFields,
    OrderDirection,
    PositiveInt,
    StringFilterInput,
)
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


MEASUREMENT_UNITS = [
    "MM",
    "CM",
    "DM",
    "M",
    "KM",
    "FT",
    "YD",
    "INCH",
    "SQ_MM",
    "SQ_CM",
    "SQ_DM",
    "SQ_M",
    "SQ_KM",
    "SQ_FT",
    "SQ_YD",
    "SQ_INCH",
    "CUBIC_MILLIMETER",
    "CUBIC_CENTIMETER",
    "CUBIC_DECIMETER",
    "CUBIC_METER",
    "LITER",
    "CUBIC_FOOT",
    "CUBIC_INCH",
    "CUBIC_YARD",
    "QT",
    "PINT",
    "FL_OZ",
    "ACRE_IN",
    "ACRE_FT",
    "G",
    "LB",
    "OZ",
    "KG",
    "TONNE",
]
MeasurementUnitsEnum = graphene.Enum("MeasurementUnitsEnum", [(unit, unit) for unit in MEASUREMENT_UNITS])


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
    unit: str | None = None


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
WEIGHT = AttributeDef("weight-grams", "Khối lượng (g)", "Weight (g)", "NUMERIC", unit="G")

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
    # The attribute translated (an AttributeDef), which is its own translatable content.
    translatable_content = graphene.Field("marketplace.graphql.translations.AttributeTranslatableContent")

    class Meta:
        interfaces = (relay.Node,)


class AttributeValueTranslation(graphene.ObjectType):
    id = graphene.ID(required=True)
    language = graphene.Field(LanguageDisplay, required=True)
    name = graphene.String(required=True)
    plain_text = graphene.String()
    rich_text = graphene.JSONString()
    # The value translated (a ValueDef), which is its own translatable content.
    translatable_content = graphene.Field("marketplace.graphql.translations.AttributeValueTranslatableContent")

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
    unit = graphene.Field(MeasurementUnitsEnum)
    reference_types = graphene.List(
        graphene.NonNull("marketplace.graphql.content.ReferenceType"),
        limit=PositiveInt(default_value=100),
    )
    choices = graphene.Field(
        lambda: AttributeValueCountableConnection,
        sort_by=graphene.Argument(lambda: AttributeChoicesSortingInput),
        filter=graphene.Argument(lambda: AttributeValueFilterInput),
        where=graphene.Argument(lambda: AttributeValueWhereInput),
        search=graphene.String(),
        before=graphene.String(),
        after=graphene.String(),
        first=graphene.Int(),
        last=graphene.Int(),
    )
    product_types = graphene.Field(
        graphene.NonNull("marketplace.graphql.catalogue.types.ProductTypeCountableConnection"),
        before=graphene.String(),
        after=graphene.String(),
        first=graphene.Int(),
        last=graphene.Int(),
    )
    product_variant_types = graphene.Field(
        graphene.NonNull("marketplace.graphql.catalogue.types.ProductTypeCountableConnection"),
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
    def resolve_choices(root: AttributeDef, info, search=None, filter=None, where=None, sort_by=None, **args):
        """The values a shopper may pick from (a filter's options), for the attributes with predefined choices;
        none (null, as Saleor) for text and numbers. `search`/`filter.search` match a name (without diacritics)
        or slug; `filter`/`where` pick by ids, slugs and names; `sortBy` orders by name or slug."""
        values = choices_of(root)
        if values is None:
            return None
        check_text_arguments([search, filter, where, args])
        for words in (search, (filter or {}).get("search")):
            if words:
                values = [value for value in values if _value_matches(value, words)]
        if filter:
            values = [value for value in values if _value_passes(value, filter)]
        if where:
            values = [value for value in values if _value_where(value, where)]
        if sort_by:
            field = getattr(sort_by["field"], "value", sort_by["field"])
            descending = getattr(sort_by["direction"], "value", None) == "DESC"
            key = (lambda value: plain_key(value.name)) if field == "NAME" else (lambda value: value.slug)
            values = sorted(values, key=key, reverse=descending)
        return list_connection(AttributeValueCountableConnection, values, args)

    @staticmethod
    def resolve_unit(root: AttributeDef, info):
        return root.unit

    @staticmethod
    def resolve_reference_types(root, info, limit=100):
        return []  # none of our attributes refers to other objects

    @staticmethod
    def resolve_product_types(root: AttributeDef, info, **args):
        """Every product type (each OCOP group) carries every product attribute, and every variant attribute."""
        from marketplace.graphql.catalogue.types import ProductTypeCountableConnection, product_types

        wanted = root in PRODUCT_ATTRIBUTES
        return list_connection(ProductTypeCountableConnection, product_types(info) if wanted else [], args)

    @staticmethod
    def resolve_product_variant_types(root: AttributeDef, info, **args):
        from marketplace.graphql.catalogue.types import ProductTypeCountableConnection, product_types

        wanted = root in VARIANT_ATTRIBUTES
        return list_connection(ProductTypeCountableConnection, product_types(info) if wanted else [], args)

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
            id=f"{root.slug}:{language_code.value}",
            language=LanguageDisplay.of(language_code),
            name=root.name_en,
            translatable_content=root,
        )


class AssignedVariantAttribute(graphene.ObjectType):
    attribute = graphene.Field(Attribute, required=True)
    variant_selection = graphene.Boolean(required=True)


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
    file = graphene.Field(lambda: File)
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
    resolve_external_reference = resolve_file = _none

    @staticmethod
    def resolve_translation(root: ValueDef, info, language_code):
        if not (is_english(language_code) and root.name_en):
            return None
        return AttributeValueTranslation(
            id=f"{root.attribute.slug}:{root.slug}:{language_code.value}",
            language=LanguageDisplay.of(language_code),
            name=root.name_en,
            plain_text=root.name_en if root.attribute.input_type == "PLAIN_TEXT" else None,
            translatable_content=root,
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


class File(graphene.ObjectType):
    url = graphene.String(required=True)
    content_type = graphene.String()


# --- Filtering, where and sorting of attributes and their choices (Saleor's inputs) ---------------------------------


class AttributeChoicesSortField(graphene.Enum):
    NAME = "NAME"
    SLUG = "SLUG"


class AttributeChoicesSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(AttributeChoicesSortField, required=True)


class AttributeValueFilterInput(graphene.InputObjectType):
    search = graphene.String()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class AttributeValueWhereInput(graphene.InputObjectType):
    ids = graphene.List(graphene.NonNull(graphene.ID))
    name = graphene.Field(StringFilterInput)
    slug = graphene.Field(StringFilterInput)
    AND = graphene.List(graphene.NonNull(lambda: AttributeValueWhereInput), name="AND")
    OR = graphene.List(graphene.NonNull(lambda: AttributeValueWhereInput), name="OR")


class AttributeSortField(graphene.Enum):
    NAME = "NAME"
    SLUG = "SLUG"
    VALUE_REQUIRED = "VALUE_REQUIRED"
    IS_VARIANT_ONLY = "IS_VARIANT_ONLY"
    VISIBLE_IN_STOREFRONT = "VISIBLE_IN_STOREFRONT"
    FILTERABLE_IN_STOREFRONT = "FILTERABLE_IN_STOREFRONT"
    FILTERABLE_IN_DASHBOARD = "FILTERABLE_IN_DASHBOARD"
    STOREFRONT_SEARCH_POSITION = "STOREFRONT_SEARCH_POSITION"
    AVAILABLE_IN_GRID = "AVAILABLE_IN_GRID"

    @property
    def deprecation_reason(self):
        if self.name in ("FILTERABLE_IN_STOREFRONT", "STOREFRONT_SEARCH_POSITION", "AVAILABLE_IN_GRID"):
            return _NOT_USED_STOREFRONT
        if self.name == "FILTERABLE_IN_DASHBOARD":
            return _NOT_USED_DASHBOARD
        return None


_NOT_USED_STOREFRONT = (
    "This flag is not used by Saleor. Keep the logic in the storefront or use `Attribute` metadata instead."
)
_NOT_USED_DASHBOARD = (
    "This flag is not used by Saleor. Keep the logic in the dashboard or use `Attribute` metadata instead."
)


class AttributeSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(AttributeSortField, required=True)


def _enum_filter(name: str, enum):
    return type(
        name, (graphene.InputObjectType,), {"eq": graphene.Field(enum), "one_of": graphene.List(graphene.NonNull(enum))}
    )


AttributeInputTypeEnumFilterInput = _enum_filter("AttributeInputTypeEnumFilterInput", AttributeInputTypeEnum)
AttributeEntityTypeEnumFilterInput = _enum_filter("AttributeEntityTypeEnumFilterInput", AttributeEntityTypeEnum)
AttributeTypeEnumFilterInput = _enum_filter("AttributeTypeEnumFilterInput", AttributeTypeEnum)
MeasurementUnitsEnumFilterInput = _enum_filter("MeasurementUnitsEnumFilterInput", MeasurementUnitsEnum)


class AttributeFilterInput(graphene.InputObjectType):
    value_required = graphene.Boolean()
    is_variant_only = graphene.Boolean()
    visible_in_storefront = graphene.Boolean()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    search = graphene.String()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    type = graphene.Field(AttributeTypeEnum)
    in_collection = graphene.ID()
    in_category = graphene.ID()
    slugs = graphene.List(graphene.NonNull(graphene.String))
    filterable_in_storefront = graphene.Boolean(deprecation_reason=_NOT_USED_STOREFRONT)
    available_in_grid = graphene.Boolean(deprecation_reason=_NOT_USED_STOREFRONT)
    filterable_in_dashboard = graphene.Boolean(deprecation_reason=_NOT_USED_DASHBOARD)
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")


class AttributeWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    name = graphene.Field(StringFilterInput)
    slug = graphene.Field(StringFilterInput)
    with_choices = graphene.Boolean()
    input_type = graphene.Field(AttributeInputTypeEnumFilterInput)
    entity_type = graphene.Field(AttributeEntityTypeEnumFilterInput)
    type = graphene.Field(AttributeTypeEnumFilterInput)
    unit = graphene.Field(MeasurementUnitsEnumFilterInput)
    in_collection = graphene.ID()
    in_category = graphene.ID()
    value_required = graphene.Boolean()
    visible_in_storefront = graphene.Boolean()
    filterable_in_dashboard = graphene.Boolean(deprecation_reason=_NOT_USED_DASHBOARD)
    AND = graphene.List(graphene.NonNull(lambda: AttributeWhereInput), name="AND")
    OR = graphene.List(graphene.NonNull(lambda: AttributeWhereInput), name="OR")


def _value_id(value: ValueDef) -> str:
    return relay.Node.to_global_id("AttributeValue", f"{value.attribute.slug}:{value.slug}")


def _attribute_id(attribute: AttributeDef) -> str:
    return relay.Node.to_global_id("Attribute", attribute.slug)


def _ids_match(own_id: str, ids, type_name: str) -> bool:
    """Whether an object's id is among the ids asked for; an id that is not one of `type_name`'s is refused."""
    for global_id in ids:
        key_from_global_id(global_id, type_name)
    return own_id in ids


def _string_matches(text: str, condition) -> bool:
    """Saleor's StringFilterInput: `eq` and/or `oneOf`."""
    if not condition:
        return True
    if condition.get("eq") is not None and text != condition["eq"]:
        return False
    return condition.get("one_of") is None or text in condition["one_of"]


def _enum_matches(value, condition) -> bool:
    if not condition:
        return True
    if condition.get("eq") is not None and value != getattr(condition["eq"], "value", condition["eq"]):
        return False
    one_of = condition.get("one_of")
    return one_of is None or value in [getattr(item, "value", item) for item in one_of]


def _value_matches(value: ValueDef, words: str) -> bool:
    key = plain_key(words)
    return key in plain_key(value.name) or key in plain_key(value.name_en) or key in value.slug


def _value_passes(value: ValueDef, flt) -> bool:
    if flt.get("ids") is not None and not _ids_match(_value_id(value), flt["ids"], "AttributeValue"):
        return False
    return flt.get("slugs") is None or value.slug in flt["slugs"]


def _value_where(value: ValueDef, where) -> bool:
    if where.get("ids") is not None and not _ids_match(_value_id(value), where["ids"], "AttributeValue"):
        return False
    if not (_string_matches(value.name, where.get("name")) and _string_matches(value.slug, where.get("slug"))):
        return False
    if not all(_value_where(value, part) for part in where.get("AND") or ()):
        return False
    return not where.get("OR") or any(_value_where(value, part) for part in where["OR"])


def attribute_matches(attribute: AttributeDef, words: str) -> bool:
    key = plain_key(words)
    return key in plain_key(attribute.name) or key in plain_key(attribute.name_en) or key in attribute.slug


def _with_choices(attribute: AttributeDef) -> bool:
    return attribute.input_type in ("DROPDOWN", "MULTISELECT")


def attribute_passes(attribute: AttributeDef, flt) -> bool:
    """Saleor's AttributeFilterInput over our attributes. Ours are all product-type attributes, visible in the
    storefront, in every category and collection; none carries metadata."""
    if flt.get("metadata"):
        return False
    if flt.get("search") and not attribute_matches(attribute, flt["search"]):
        return False
    if flt.get("ids") is not None and not _ids_match(_attribute_id(attribute), flt["ids"], "Attribute"):
        return False
    if flt.get("slugs") is not None and attribute.slug not in flt["slugs"]:
        return False
    if flt.get("value_required") is not None and flt["value_required"] != (attribute is OCOP_GROUP):
        return False
    if flt.get("is_variant_only") is not None and flt["is_variant_only"] != (attribute in VARIANT_ATTRIBUTES):
        return False
    if flt.get("visible_in_storefront") is False:
        return False
    if flt.get("type") is not None and getattr(flt["type"], "value", flt["type"]) != "PRODUCT_TYPE":
        return False
    for flag in ("filterable_in_storefront", "filterable_in_dashboard"):
        if flt.get(flag) is not None and flt[flag] != _with_choices(attribute):
            return False
    return flt.get("available_in_grid") is not False


def attribute_where(attribute: AttributeDef, where) -> bool:
    if where.get("metadata"):
        return False
    if where.get("ids") is not None and not _ids_match(_attribute_id(attribute), where["ids"], "Attribute"):
        return False
    if not (_string_matches(attribute.name, where.get("name")) and _string_matches(attribute.slug, where.get("slug"))):
        return False
    if where.get("with_choices") is not None and where["with_choices"] != _with_choices(attribute):
        return False
    if not _enum_matches(attribute.input_type, where.get("input_type")):
        return False
    if where.get("entity_type") and not _enum_matches(None, where["entity_type"]):
        return False
    if not _enum_matches("PRODUCT_TYPE", where.get("type")):
        return False
    if where.get("unit") and not _enum_matches(attribute.unit, where["unit"]):
        return False
    if where.get("value_required") is not None and where["value_required"] != (attribute is OCOP_GROUP):
        return False
    if where.get("visible_in_storefront") is False:
        return False
    if where.get("filterable_in_dashboard") is not None and where["filterable_in_dashboard"] != _with_choices(
        attribute
    ):
        return False
    if not all(attribute_where(attribute, part) for part in where.get("AND") or ()):
        return False
    return not where.get("OR") or any(attribute_where(attribute, part) for part in where["OR"])


def attribute_sort_key(field: str):
    """The order of AttributeSortField over our attributes (the name, then the slug, breaks ties)."""
    flags = {
        "VALUE_REQUIRED": lambda attribute: attribute is OCOP_GROUP,
        "IS_VARIANT_ONLY": lambda attribute: attribute in VARIANT_ATTRIBUTES,
        "FILTERABLE_IN_STOREFRONT": _with_choices,
        "FILTERABLE_IN_DASHBOARD": _with_choices,
    }
    if field == "SLUG":
        return lambda attribute: attribute.slug
    flag = flags.get(field, lambda attribute: 0)
    return lambda attribute: (flag(attribute), plain_key(attribute.name), attribute.slug)
