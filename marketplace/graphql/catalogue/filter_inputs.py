"""Saleor's input types for the catalogue's lists: filter, where and sortBy of products, variants, categories."""

import graphene

from marketplace.graphql.inputs import (
    ContainsFilterInput,
    DateRangeInput,
    DateTimeFilterInput,
    DateTimeRangeInput,
    DecimalFilterInput,
    GlobalIDFilterInput,
    IntRangeInput,
    MetadataFilter,
    OrderDirection,
    PriceRangeInput,
    StringFilterInput,
)


class ProductOrderField(graphene.Enum):
    NAME = "NAME"
    RANK = "RANK"
    PRICE = "PRICE"
    MINIMAL_PRICE = "MINIMAL_PRICE"
    LAST_MODIFIED = "LAST_MODIFIED"
    DATE = "DATE"
    TYPE = "TYPE"
    PUBLISHED = "PUBLISHED"
    PUBLICATION_DATE = "PUBLICATION_DATE"
    PUBLISHED_AT = "PUBLISHED_AT"
    LAST_MODIFIED_AT = "LAST_MODIFIED_AT"
    COLLECTION = "COLLECTION"
    RATING = "RATING"
    CREATED_AT = "CREATED_AT"


class ProductOrder(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")
    attribute_id = graphene.ID()
    field = graphene.Field(ProductOrderField)


class StockAvailability(graphene.Enum):
    IN_STOCK = "IN_STOCK"
    OUT_OF_STOCK = "OUT_OF_STOCK"


class ProductStockFilterInput(graphene.InputObjectType):
    warehouse_ids = graphene.List(graphene.NonNull(graphene.ID))
    quantity = graphene.Field(IntRangeInput)


class AssignedAttributeReferenceInput(graphene.InputObjectType):
    referenced_ids = graphene.Field(ContainsFilterInput)
    page_slugs = graphene.Field(ContainsFilterInput)
    product_slugs = graphene.Field(ContainsFilterInput)
    product_variant_skus = graphene.Field(ContainsFilterInput)
    category_slugs = graphene.Field(ContainsFilterInput)
    collection_slugs = graphene.Field(ContainsFilterInput)


class AssignedAttributeValueInput(graphene.InputObjectType):
    slug = graphene.Field(StringFilterInput)
    name = graphene.Field(StringFilterInput)
    numeric = graphene.Field(DecimalFilterInput)
    date = graphene.Field(DateRangeInput)
    date_time = graphene.Field(DateTimeRangeInput)
    boolean = graphene.Boolean()
    reference = graphene.Field(
        AssignedAttributeReferenceInput,
        description="None of our attributes refers to another object: a reference asked for matches nothing.",
    )


class AttributeInput(graphene.InputObjectType):
    slug = graphene.String()
    value = graphene.Field(AssignedAttributeValueInput)
    values = graphene.List(graphene.NonNull(graphene.String))
    values_range = graphene.Field(IntRangeInput)
    date_time = graphene.Field(DateTimeRangeInput)
    date = graphene.Field(DateRangeInput)
    boolean = graphene.Boolean()


class ProductFilterInput(graphene.InputObjectType):
    is_published = graphene.Boolean()
    collections = graphene.List(graphene.NonNull(graphene.ID))
    categories = graphene.List(graphene.NonNull(graphene.ID))
    has_category = graphene.Boolean()
    attributes = graphene.List(graphene.NonNull(AttributeInput))
    stock_availability = graphene.Field(StockAvailability)
    stocks = graphene.Field(ProductStockFilterInput)
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    published_from = graphene.DateTime()
    is_available = graphene.Boolean()
    available_from = graphene.DateTime()
    is_visible_in_listing = graphene.Boolean()
    price = graphene.Field(PriceRangeInput)
    minimal_price = graphene.Field(PriceRangeInput)
    updated_at = graphene.Field(DateTimeRangeInput)
    product_types = graphene.List(graphene.NonNull(graphene.ID))
    gift_card = graphene.Boolean()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    has_preordered_variants = graphene.Boolean()
    slugs = graphene.List(graphene.NonNull(graphene.String))
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")
    # An extension to Saleor's schema.
    ocop_stars = graphene.Int(description="At least this many OCOP stars, on a certificate valid today.")


class ProductWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    name = graphene.Field(StringFilterInput)
    slug = graphene.Field(StringFilterInput)
    product_type = graphene.Field(GlobalIDFilterInput)
    category = graphene.Field(GlobalIDFilterInput)
    collection = graphene.Field(GlobalIDFilterInput)
    is_available = graphene.Boolean()
    is_published = graphene.Boolean()
    is_visible_in_listing = graphene.Boolean()
    published_from = graphene.DateTime()
    available_from = graphene.DateTime()
    has_category = graphene.Boolean()
    price = graphene.Field(DecimalFilterInput)
    minimal_price = graphene.Field(DecimalFilterInput)
    attributes = graphene.List(graphene.NonNull(AttributeInput))
    stock_availability = graphene.Field(StockAvailability)
    stocks = graphene.Field(ProductStockFilterInput)
    gift_card = graphene.Boolean()
    has_preordered_variants = graphene.Boolean()
    updated_at = graphene.Field(DateTimeFilterInput)
    AND = graphene.List(graphene.NonNull(lambda: ProductWhereInput), name="AND")
    OR = graphene.List(graphene.NonNull(lambda: ProductWhereInput), name="OR")


class AssignedAttributeWhereInput(graphene.InputObjectType):
    slug = graphene.String()
    value = graphene.Field(AssignedAttributeValueInput)


class ProductVariantFilterInput(graphene.InputObjectType):
    search = graphene.String()
    sku = graphene.List(graphene.NonNull(graphene.String))
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    is_preorder = graphene.Boolean()
    updated_at = graphene.Field(DateTimeRangeInput)


class ProductVariantWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    sku = graphene.Field(StringFilterInput)
    updated_at = graphene.Field(DateTimeRangeInput)
    attributes = graphene.List(graphene.NonNull(AssignedAttributeWhereInput))
    stock_availability = graphene.Field(StockAvailability)
    stocks = graphene.Field(ProductStockFilterInput)
    AND = graphene.List(graphene.NonNull(lambda: ProductVariantWhereInput), name="AND")
    OR = graphene.List(graphene.NonNull(lambda: ProductVariantWhereInput), name="OR")


class ProductVariantSortField(graphene.Enum):
    LAST_MODIFIED_AT = "LAST_MODIFIED_AT"


class ProductVariantSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(ProductVariantSortField, required=True)


class CategoryFilterInput(graphene.InputObjectType):
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))
    updated_at = graphene.Field(DateTimeRangeInput)


class CategoryWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    AND = graphene.List(graphene.NonNull(lambda: CategoryWhereInput), name="AND")
    OR = graphene.List(graphene.NonNull(lambda: CategoryWhereInput), name="OR")


class CategorySortField(graphene.Enum):
    NAME = "NAME"
    PRODUCT_COUNT = "PRODUCT_COUNT"
    SUBCATEGORY_COUNT = "SUBCATEGORY_COUNT"


class CategorySortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")
    field = graphene.Field(CategorySortField, required=True)


def product_list_args() -> dict:
    """The arguments of every product list (products, Category.products), as Saleor names them."""
    return {
        "filter": graphene.Argument(ProductFilterInput, deprecation_reason="Use `where` filter instead."),
        "where": graphene.Argument(ProductWhereInput),
        "sort_by": graphene.Argument(ProductOrder),
        "search": graphene.String(),
        "channel": graphene.String(),
        "before": graphene.String(),
        "after": graphene.String(),
        "first": graphene.Int(),
        "last": graphene.Int(),
    }


class MediaChoicesSortField(graphene.Enum):
    ID = "ID"


class MediaSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(MediaChoicesSortField, required=True)


class ProductTypeConfigurable(graphene.Enum):
    CONFIGURABLE = "CONFIGURABLE"
    SIMPLE = "SIMPLE"


class ProductTypeEnum(graphene.Enum):
    SHIPPABLE = "SHIPPABLE"


class ProductTypeFilterInput(graphene.InputObjectType):
    search = graphene.String()
    configurable = graphene.Field(
        ProductTypeConfigurable,
        deprecation_reason=(
            "The field has no effect on the API behavior. This is a leftover from the past Simple/Configurable "
            "product distinction. Products can have multiple variants regardless of this setting."
        ),
    )
    product_type = graphene.Field(ProductTypeEnum)
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    kind = graphene.Field(lambda: _product_type_kind())
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


def _product_type_kind():
    from marketplace.graphql.catalogue.types import ProductTypeKindEnum

    return ProductTypeKindEnum


class ProductTypeSortField(graphene.Enum):
    NAME = "NAME"
    SHIPPING_REQUIRED = "SHIPPING_REQUIRED"


class ProductTypeSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(ProductTypeSortField, required=True)
