"""Product, ProductVariant, Category, ProductType and ProductMedia in Saleor's shapes, plus our OCOP fields.

Every resolver reads what the query's few statements already loaded (marketplace.catalogue.selectors.api_products:
sale facts, group, variants, photos, certificates), so a page of products costs the same statements whatever its
size. Per-request facts (VAT rate, thumbnail URL prefix, the OCOP groups) are read once and kept on the request.
"""

import json
import uuid

import graphene
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from graphene import relay

from marketplace.catalogue import selectors
from marketplace.catalogue.images import snap_size
from marketplace.catalogue.models import Category as CategoryModel
from marketplace.graphql.addresses import AddressInput, CountryCode
from marketplace.graphql.auth import require_manager
from marketplace.graphql.catalogue import attributes as attrs
from marketplace.graphql.catalogue import response_cache, staff
from marketplace.graphql.catalogue.filter_inputs import (
    MediaSortingInput,
    ProductVariantFilterInput,
    ProductVariantSortingInput,
    ProductVariantWhereInput,
    product_list_args,
)
from marketplace.graphql.catalogue.pagination import list_connection
from marketplace.graphql.core import CountableConnection, TaxedMoney, TaxedMoneyRange
from marketplace.graphql.inputs import ObjectWithMetadataFields, PositiveInt
from marketplace.graphql.languages import LanguageCodeEnum, LanguageDisplay, code_of, is_english
from marketplace.taxes.selectors import vat_rate_on

DEFAULT_THUMBNAIL_SIZE = 256
# Editor.js, whose JSON Saleor's description fields hold; a fixed version string as Saleor's editor writes one.
EDITORJS_VERSION = "2.24.3"


def request_memo(info, name: str, compute):
    """A value computed once per request (kept on the request object)."""
    request = info.context
    key = f"_catalogue_api_{name}"
    if not hasattr(request, key):
        setattr(request, key, compute())
    return getattr(request, key)


def vat_rate(info):
    return request_memo(info, "vat_rate", lambda: vat_rate_on(timezone.localdate()))


def _currency(info) -> str:
    # Every channel sells in VND (a database constraint says so).
    return "VND"


def thumbnail_url(info, media_id: int, size: int | None) -> str:
    # One stable URL per size; the thumbnail view picks AVIF or WebP from the client's Accept header.
    prefix = request_memo(
        info, "thumbnail_prefix", lambda: info.context.build_absolute_uri(reverse("thumbnail", args=[1, 1])[:-4])
    )
    return f"{prefix}{media_id}/{snap_size(size or DEFAULT_THUMBNAIL_SIZE)}/"


def editorjs(text: str) -> str | None:
    """Saleor's description: Editor.js JSON, one paragraph block per paragraph of our plain text (HTML-escaped,
    since storefronts render a block's text as HTML); None for no text."""
    paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
    if not paragraphs:
        return None
    blocks = [
        {
            "id": uuid.uuid5(uuid.NAMESPACE_URL, part).hex[:10],
            "type": "paragraph",
            "data": {"text": escape(part).replace("\n", "<br>")},
        }
        for part in paragraphs
    ]
    return json.dumps({"time": 0, "blocks": blocks, "version": EDITORJS_VERSION}, ensure_ascii=False)


class Image(graphene.ObjectType):
    url = graphene.String(required=True)
    alt = graphene.String()


class ProductMediaType(graphene.Enum):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"


class ThumbnailFormatEnum(graphene.Enum):
    ORIGINAL = "ORIGINAL"
    AVIF = "AVIF"
    WEBP = "WEBP"


def _thumbnail_args():
    return {"size": graphene.Int(), "format": graphene.Argument(ThumbnailFormatEnum, default_value="ORIGINAL")}


class ProductMedia(ObjectWithMetadataFields, graphene.ObjectType):
    sort_order = graphene.Int()
    alt = graphene.String(required=True)
    type = graphene.Field(ProductMediaType, required=True)
    oembed_data = graphene.JSONString(required=True)
    url = graphene.String(required=True, **_thumbnail_args())
    product_id = graphene.ID()

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_type(root, info):
        return ProductMediaType.IMAGE

    @staticmethod
    def resolve_oembed_data(root, info):
        return {}

    @staticmethod
    def resolve_url(root, info, size=None, format=None):
        return thumbnail_url(info, root.pk, size)

    @staticmethod
    def resolve_product_id(root, info):
        return relay.Node.to_global_id("Product", root.product_id)


class ProductImage(graphene.ObjectType):
    """Saleor's older image type (deprecated there in favour of ProductMedia): our photos again."""

    id = graphene.ID(required=True)
    alt = graphene.String()
    sort_order = graphene.Int()
    url = graphene.String(required=True, **_thumbnail_args())

    @staticmethod
    def resolve_id(root, info):
        return relay.Node.to_global_id("ProductImage", root.pk)

    @staticmethod
    def resolve_url(root, info, size=None, format=None):
        return thumbnail_url(info, root.pk, size)


_PREORDER_GONE = (
    "Preorder is deprecated and will be removed. Model pre-sales with regular stock instead: create the planned "
    "quantity in a warehouse, or set `trackInventory` to false to sell without a stock limit."
)


class PreorderData(graphene.ObjectType):
    global_threshold = graphene.Int(deprecation_reason=_PREORDER_GONE)
    global_sold_units = graphene.Int(required=True, deprecation_reason=_PREORDER_GONE)
    end_date = graphene.DateTime(deprecation_reason=_PREORDER_GONE)


class TaxType(graphene.ObjectType):
    description = graphene.String()
    tax_code = graphene.String()


class Stock(graphene.ObjectType):
    """A variant's balance at one place (Saleor's Stock): staff only, as in Saleor."""

    warehouse = graphene.Field("marketplace.graphql.shipping.Warehouse", required=True)
    product_variant = graphene.Field(lambda: ProductVariant, required=True)
    quantity = graphene.Int(required=True)
    quantity_allocated = graphene.Int(required=True)
    quantity_reserved = graphene.Int(required=True)

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_quantity_reserved(root, info):
        return root.api_reserved


WeightUnitsEnum = graphene.Enum("WeightUnitsEnum", [(name, name) for name in ("G", "LB", "OZ", "KG", "TONNE")])


class Weight(graphene.ObjectType):
    unit = graphene.Field(WeightUnitsEnum, required=True)
    value = graphene.Float(required=True)


class VariantPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean()
    discount = graphene.Field(TaxedMoney)
    discount_prior = graphene.Field(TaxedMoney)
    price = graphene.Field(TaxedMoney)
    price_undiscounted = graphene.Field(TaxedMoney)
    price_prior = graphene.Field(TaxedMoney)
    # Every address we deliver to is in Việt Nam, whose currency the channels sell in: the local price is the price.
    discount_local_currency = graphene.Field(TaxedMoney)
    price_local_currency = graphene.Field(TaxedMoney)

    @staticmethod
    def resolve_discount_local_currency(root, info):
        return root.discount

    @staticmethod
    def resolve_price_local_currency(root, info):
        return root.price


class ProductPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean()
    discount = graphene.Field(TaxedMoney)
    discount_prior = graphene.Field(TaxedMoney)
    display_gross_prices = graphene.Boolean(required=True)
    price_range = graphene.Field(TaxedMoneyRange)
    price_range_undiscounted = graphene.Field(TaxedMoneyRange)
    price_range_prior = graphene.Field(TaxedMoneyRange)
    # As VariantPricingInfo's: the local currency (VND) is the channel's.
    discount_local_currency = graphene.Field(TaxedMoney)
    price_range_local_currency = graphene.Field(TaxedMoneyRange)

    @staticmethod
    def resolve_discount_local_currency(root, info):
        return root.discount

    @staticmethod
    def resolve_price_range_local_currency(root, info):
        return root.price_range


class OcopRating(graphene.ObjectType):
    """OCOP recognition (an extension to Saleor's schema): only a certificate valid today is shown."""

    stars = graphene.Int(required=True)
    score = graphene.Float(required=True)
    decision_number = graphene.String(required=True)
    decision_date = graphene.Date(required=True)
    authority = graphene.String(required=True)
    expires_on = graphene.Date(required=True)


class GiftSetPart(graphene.ObjectType):
    """One part of a gift set ("Quà tặng xứ Quảng", an extension to Saleor's schema, which has no sets): the part's
    variant and how many units of it each box holds."""

    variant_id = graphene.ID(required=True, description="The part's ProductVariant ID.")
    sku = graphene.String(required=True)
    name = graphene.String(required=True, description="The part's product name (Vietnamese, as on the box).")
    product_slug = graphene.String(required=True)
    quantity = graphene.Int(required=True, description="Units of the part in each box.")

    @staticmethod
    def resolve_variant_id(root, info):
        return relay.Node.to_global_id("ProductVariant", root.component_id)

    @staticmethod
    def resolve_sku(root, info):
        return root.component.sku

    @staticmethod
    def resolve_name(root, info):
        return root.component.product.name

    @staticmethod
    def resolve_product_slug(root, info):
        return root.component.product.slug


class Producer(graphene.ObjectType):
    """The OCOP "chủ thể" who makes the product (an extension to Saleor's schema)."""

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    legal_form = graphene.String(required=True)
    address = graphene.String(required=True)
    legacy_address = graphene.String(required=True)
    story = graphene.String(required=True)

    @staticmethod
    def resolve_legal_form(root, info):
        return root.get_legal_form_display()

    @staticmethod
    def resolve_address(root, info):
        return root.address_line


def _translation_id(kind: str, pk: int, language_code) -> str:
    return f"{kind}:{pk}:{code_of(language_code)}"


class _Translation(graphene.ObjectType):
    """What every translation answers: its language and the row it translates (`api_source`, set where the
    translation is made)."""

    language = graphene.Field(LanguageDisplay, required=True)

    @staticmethod
    def resolve_translatable_content(root, info):
        return root.api_source

    class Meta:
        abstract = True


class _DescribedTranslation(_Translation):
    """A translated product or category: names, SEO texts and description (Saleor's older descriptionJson too)."""

    seo_title = graphene.String()
    seo_description = graphene.String()
    slug = graphene.String()
    name = graphene.String()
    description = graphene.JSONString()
    description_json = graphene.JSONString(deprecation_reason="Use the `description` field instead.")

    @staticmethod
    def resolve_description_json(root, info):
        return root.description

    class Meta:
        abstract = True


class ProductTranslation(_DescribedTranslation):
    translatable_content = graphene.Field("marketplace.graphql.translations.ProductTranslatableContent")

    class Meta:
        interfaces = (relay.Node,)


class ProductVariantTranslation(_Translation):
    name = graphene.String(required=True)
    translatable_content = graphene.Field("marketplace.graphql.translations.ProductVariantTranslatableContent")

    class Meta:
        interfaces = (relay.Node,)


class CategoryTranslation(_DescribedTranslation):
    translatable_content = graphene.Field("marketplace.graphql.translations.CategoryTranslatableContent")

    class Meta:
        interfaces = (relay.Node,)


def _english(root, kind, language_code, **fields):
    """English of a product or category (None unless the language is English and a name in English exists)."""
    if not (is_english(language_code) and root.name_en):
        return None
    description = editorjs(root.description_en)
    translation = kind(
        id=_translation_id(kind._meta.name, root.pk, language_code),
        language=LanguageDisplay.of(language_code),
        name=root.name_en,
        slug=None,
        seo_title=root.name_en,
        seo_description=root.description_en[:300] or None,
        description=json.loads(description) if description else None,
        **fields,
    )
    translation.api_source = root
    return translation


def _language_arg():
    return {"language_code": graphene.Argument(LanguageCodeEnum, required=True)}


class ProductTypeKindEnum(graphene.Enum):
    NORMAL = "NORMAL"
    GIFT_CARD = "GIFT_CARD"


class ProductType(ObjectWithMetadataFields, graphene.ObjectType):
    """Saleor's product type, derived: each top-level OCOP group is one, with our attrs."""

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    has_variants = graphene.Boolean(required=True)
    is_shipping_required = graphene.Boolean(required=True)
    kind = graphene.Field(ProductTypeKindEnum, required=True)
    product_attributes = graphene.List(graphene.NonNull(attrs.Attribute))
    variant_attributes = graphene.List(
        graphene.NonNull(attrs.Attribute), variant_selection=attrs.VariantAttributeScope()
    )
    assigned_variant_attributes = graphene.List(
        graphene.NonNull(attrs.AssignedVariantAttribute), variant_selection=attrs.VariantAttributeScope()
    )
    available_attributes = graphene.Field(
        attrs.AttributeCountableConnection,
        filter=graphene.Argument(attrs.AttributeFilterInput),
        where=graphene.Argument(attrs.AttributeWhereInput),
        search=graphene.String(),
        **{name: graphene.String() for name in ("before", "after")},
        **{name: graphene.Int() for name in ("first", "last")},
        description="Attributes that could still be given to the type: none, each type has all of ours. Staff only.",
    )
    weight = graphene.Field(lambda: Weight)
    tax_type = graphene.Field(TaxType)
    tax_class = graphene.Field(
        "marketplace.graphql.discounts.TaxClass", description="Always null (no tax classes: one VAT rate). Staff only."
    )
    products = graphene.Field(
        lambda: ProductCountableConnection,
        channel=graphene.String(),
        **{name: graphene.String() for name in ("before", "after")},
        **{name: graphene.Int() for name in ("first", "last")},
    )

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_available_attributes(root, info, filter=None, where=None, search=None, **args):
        response_cache.not_cacheable(info)  # staff only: never served to another viewer from the cache
        require_manager(info, "MANAGE_PRODUCTS")
        return list_connection(attrs.AttributeCountableConnection, [], args)

    @staticmethod
    def resolve_weight(root, info):
        return None  # each variant says its own weight

    @staticmethod
    def resolve_tax_type(root, info):
        return None  # the VAT rate is the shop's one rate (Product.pricing carries it)

    @staticmethod
    def resolve_tax_class(root, info):
        return staff.tax_class(info)

    @staticmethod
    def resolve_assigned_variant_attributes(root, info, variant_selection=None):
        return [
            attrs.AssignedVariantAttribute(attribute=attribute, variant_selection=attribute.variant_selection)
            for attribute in ProductType.resolve_variant_attributes(root, info, variant_selection)
        ]

    @staticmethod
    def resolve_products(root, info, channel=None, **args):
        """The type's products shown in the channel: a product type is a top-level OCOP group, so its products are
        the group's and its subgroups' (the same query as Category.products)."""
        from marketplace.graphql.catalogue.listing import Conditions, product_connection

        in_group = Conditions("").in_groups([root.id])
        args = {**args, "channel": channel}
        return product_connection(info, args, base_q=in_group, cache_scope=("product-type", root.id))

    @staticmethod
    def resolve_has_variants(root, info):
        return True

    resolve_is_shipping_required = resolve_has_variants

    @staticmethod
    def resolve_kind(root, info):
        return "NORMAL"

    @staticmethod
    def resolve_product_attributes(root, info):
        return list(attrs.PRODUCT_ATTRIBUTES)

    @staticmethod
    def resolve_variant_attributes(root, info, variant_selection=None):
        scope = getattr(variant_selection, "value", variant_selection)
        return [
            attribute
            for attribute in attrs.VARIANT_ATTRIBUTES
            if scope in (None, "ALL") or attribute.variant_selection == (scope == "VARIANT_SELECTION")
        ]


class ProductTypeCountableConnection(CountableConnection):
    class Meta:
        node = ProductType
        strict_types = True


def product_type_of(group: CategoryModel) -> ProductType:
    """The product type a top-level OCOP group stands for."""
    return ProductType(id=group.pk, name=group.name, slug=group.slug)


def product_types(info) -> list[ProductType]:
    """Every product type: the top-level groups, in the categories' order (no query beyond all_categories)."""
    return [product_type_of(group) for group in all_categories(info).values() if group.parent_id is None]


def all_categories(info) -> dict[int, CategoryModel]:
    """Every category by id, read once per request: the OCOP groups are a few dozen rows."""

    def load():
        categories = {category.pk: category for category in CategoryModel.objects.order_by("sort_order", "name", "pk")}
        for category in categories.values():
            category.api_children = []
        for category in categories.values():
            if category.parent_id in categories:
                categories[category.parent_id].api_children.append(category)
        return categories

    return request_memo(info, "categories", load)


def _parent(info, category):
    """The parent group: the one joined to the row when it was (select_related), else from all_categories."""
    if category.parent_id is None:
        return None
    if CategoryModel.parent.is_cached(category):
        return category.parent
    return all_categories(info).get(category.parent_id)


def _connection_args():
    return {
        "before": graphene.String(),
        "after": graphene.String(),
        "first": graphene.Int(),
        "last": graphene.Int(),
    }


class Category(ObjectWithMetadataFields, graphene.ObjectType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString()
    description_json = graphene.JSONString(deprecation_reason="Use the `description` field instead.")
    slug = graphene.String(required=True)
    parent = graphene.Field(lambda: Category)
    level = graphene.Int(required=True)
    updated_at = graphene.DateTime(required=True)
    ancestors = graphene.Field(lambda: CategoryCountableConnection, **_connection_args())
    children = graphene.Field(lambda: CategoryCountableConnection, **_connection_args())
    background_image = graphene.Field(Image, **_thumbnail_args())
    translation = graphene.Field(CategoryTranslation, **_language_arg())
    products = graphene.Field(lambda: ProductCountableConnection, **product_list_args())

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_seo_title(root, info):
        return root.seo_title or root.name

    @staticmethod
    def resolve_seo_description(root, info):
        return root.seo_description or root.description[:300]

    @staticmethod
    def resolve_description(root, info):
        text = editorjs(root.description)
        return json.loads(text) if text else None

    @staticmethod
    def resolve_description_json(root, info):
        return Category.resolve_description(root, info)

    @staticmethod
    def resolve_parent(root, info):
        return _parent(info, root)

    @staticmethod
    def resolve_level(root, info):
        level, node = 0, _parent(info, root)
        while node is not None:
            level, node = level + 1, _parent(info, node)
        return level

    @staticmethod
    def resolve_ancestors(root, info, **args):
        categories, chain, parent = all_categories(info), [], root.parent_id
        while parent is not None and parent in categories:
            chain.append(categories[parent])
            parent = categories[parent].parent_id
        return list_connection(CategoryCountableConnection, chain, args)

    @staticmethod
    def resolve_children(root, info, **args):
        category = all_categories(info).get(root.pk)
        return list_connection(CategoryCountableConnection, category.api_children if category else [], args)

    @staticmethod
    def resolve_background_image(root, info, size=None, format=None):
        if not root.background_image:
            return None
        return Image(
            url=info.context.build_absolute_uri(root.background_image.url), alt=root.background_image_alt or root.name
        )

    @staticmethod
    def resolve_translation(root, info, language_code):
        return _english(root, CategoryTranslation, language_code)

    @staticmethod
    def resolve_products(root, info, **args):
        from marketplace.graphql.catalogue.listing import Conditions, product_connection

        in_group = Conditions("").in_groups([root.pk])
        return product_connection(info, args, base_q=in_group, cache_scope=("category", root.pk))


class CategoryCountableConnection(CountableConnection):
    class Meta:
        node = Category
        strict_types = True


def _variant_pairs(variant):
    return attrs.variant_values(variant)


def _product_pairs(product):
    return attrs.product_values(product)


class ProductVariant(ObjectWithMetadataFields, graphene.ObjectType):
    name = graphene.String(required=True)
    sku = graphene.String()
    product = graphene.Field(lambda: Product, required=True)
    track_inventory = graphene.Boolean(required=True)
    quantity_limit_per_customer = graphene.Int()
    channel = graphene.String()
    pricing = graphene.Field(VariantPricingInfo, address=graphene.Argument(AddressInput))
    attributes = graphene.NonNull(
        graphene.List(graphene.NonNull(attrs.SelectedAttribute)),
        variant_selection=attrs.VariantAttributeScope(),
    )
    assigned_attribute = graphene.Field(attrs.AssignedAttribute, slug=graphene.String(required=True))
    assigned_attributes = graphene.NonNull(
        graphene.List(graphene.NonNull(attrs.AssignedAttribute)), limit=PositiveInt(default_value=100)
    )
    media = graphene.List(graphene.NonNull(ProductMedia))
    images = graphene.List(graphene.NonNull(ProductImage), deprecation_reason="Use the `media` field instead.")
    translation = graphene.Field(ProductVariantTranslation, **_language_arg())
    stocks = graphene.List(
        graphene.NonNull(Stock),
        address=graphene.Argument(AddressInput),
        country_code=graphene.Argument(CountryCode),
        description="The variant's stock at each of the channel's places. Staff only.",
    )
    quantity_available = graphene.Int(
        address=graphene.Argument(AddressInput),
        country_code=graphene.Argument(CountryCode),
        description="Units that can still be ordered in the channel.",
    )
    preorder = graphene.Field(PreorderData, description="Always null: we sell from stock, never on preorder.")
    channel_listings = graphene.List(
        graphene.NonNull(staff.ProductVariantChannelListing),
        description="The variant's price (and cost) in every channel. Staff only.",
    )
    margin = graphene.Int(description="Gross margin in percent in the channel of the query. Staff only.")
    quantity_ordered = graphene.Int(
        description="Units ordered in the channel of the query (not counting drafts, cancelled or expired orders). "
        "Staff only."
    )
    revenue = graphene.Field(
        TaxedMoney,
        period=graphene.Argument(staff.ReportingPeriod),
        description="Sales of the variant in the channel of the query since the period began (null: ever). Staff only.",
    )
    weight = graphene.Field(Weight)
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    external_reference = graphene.String()

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_channel(root, info):
        return getattr(root.product, "api_channel", None)

    @staticmethod
    def resolve_pricing(root, info, address=None):
        # Every address we deliver to pays the same VAT: the address changes nothing.
        price = TaxedMoney.from_gross(root.price, vat_rate(info), _currency(info))
        return VariantPricingInfo(on_sale=False, price=price, price_undiscounted=price)

    @staticmethod
    def resolve_attributes(root, info, variant_selection=None):
        scope = getattr(variant_selection, "value", variant_selection)
        pairs = [
            (attribute, values)
            for attribute, values in _variant_pairs(root)
            if scope in (None, "ALL") or attribute.variant_selection == (scope == "VARIANT_SELECTION")
        ]
        return attrs.selected(pairs)

    @staticmethod
    def resolve_assigned_attribute(root, info, slug):
        return attrs.assigned_one(_variant_pairs(root), slug)

    @staticmethod
    def resolve_assigned_attributes(root, info, limit=100):
        return attrs.assigned_list(_variant_pairs(root), limit)

    @staticmethod
    def resolve_media(root, info):
        # Photos belong to the product here (Saleor can pin some to a variant); every variant shows them.
        return getattr(root.product, "gallery", [])

    resolve_images = resolve_media

    @staticmethod
    def resolve_stocks(root, info, address=None, country_code=None):
        # Never kept in the answer cache, whose key does not hold the viewer: a shopper sending a manager's query
        # text must not be served the manager's answer (nor a stale stock figure).
        response_cache.not_cacheable(info)
        require_manager(info, "MANAGE_PRODUCTS, MANAGE_ORDERS")
        if _outside_delivery_area(address, country_code):
            return []
        return _stocks_of(info, root)

    @staticmethod
    def resolve_preorder(root, info):
        return None

    @staticmethod
    def resolve_channel_listings(root, info):
        return staff.variant_channel_listings(info, root)

    @staticmethod
    def resolve_margin(root, info):
        return staff.variant_margin(info, root)

    @staticmethod
    def resolve_quantity_ordered(root, info):
        return staff.variant_quantity_ordered(info, root)

    @staticmethod
    def resolve_revenue(root, info, period=None):
        return staff.variant_revenue(info, root, period)

    @staticmethod
    def resolve_translation(root, info, language_code):
        if not (is_english(language_code) and root.name_en):
            return None
        translation = ProductVariantTranslation(
            id=_translation_id("ProductVariantTranslation", root.pk, language_code),
            language=LanguageDisplay.of(language_code),
            name=root.name_en,
        )
        translation.api_source = root
        return translation

    @staticmethod
    def resolve_quantity_available(root, info, address=None, country_code=None):
        if _outside_delivery_area(address, country_code):
            return 0  # as Saleor answers for a country no warehouse of the channel ships to
        units = getattr(root, "available", None)
        if units is not None:
            response_cache.variant_stock_shown(info, root.product.api_channel, root.pk, units)
        return units

    @staticmethod
    def resolve_weight(root, info):
        return Weight(unit="G", value=float(root.weight_grams)) if root.weight_grams else None

    @staticmethod
    def resolve_created(root, info):
        return root.product.created_at

    @staticmethod
    def resolve_updated_at(root, info):
        return root.product.updated_at

    @staticmethod
    def resolve_external_reference(root, info):
        return None


def _outside_delivery_area(address, country_code) -> bool:
    """A country other than Việt Nam, where no place of ours delivers (the address's, or the code given)."""
    country = country_code or (address or {}).get("country")
    return country is not None and getattr(country, "value", country) != "VN"


def _stocks_of(info, variant) -> list:
    """The variant's stock rows at its channel's places. Read at the first ask for every variant of the products
    read with its product (`api_batch`): one statement for a page of products or of variants."""
    product = variant.product
    loaded = getattr(product, "api_stocks_by_variant", None)
    if loaded is None or variant.pk not in loaded:
        from inventory.selectors import api_stocks

        products = getattr(product, "api_batch", None) or [product]
        ids = {item.pk for each in products for item in getattr(each, "sellable_variants", ())} | {variant.pk}
        loaded = {pk: [] for pk in ids}
        for stock in api_stocks(ids, channel_slug=getattr(product, "api_channel", None)):
            loaded[stock.product_variant_id].append(stock)
        for each in (*products, product):
            each.api_stocks_by_variant = loaded
    stocks = loaded[variant.pk]
    for stock in stocks:
        stock.product_variant = variant
    return stocks


class ProductVariantCountableConnection(CountableConnection):
    class Meta:
        node = ProductVariant
        strict_types = True


class Product(ObjectWithMetadataFields, graphene.ObjectType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString()
    description_json = graphene.JSONString(deprecation_reason="Use the `description` field instead.")
    product_type = graphene.Field(ProductType, required=True)
    slug = graphene.String(required=True)
    category = graphene.Field(Category)
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    default_variant = graphene.Field(ProductVariant)
    rating = graphene.Float()
    channel = graphene.String()
    thumbnail = graphene.Field(Image, **_thumbnail_args())
    pricing = graphene.Field(ProductPricingInfo, address=graphene.Argument(AddressInput))
    is_available = graphene.Boolean(address=graphene.Argument(AddressInput))
    tax_type = graphene.Field(TaxType)
    charge_taxes = graphene.Boolean(
        required=True,
        deprecation_reason="Use `Channel.taxConfiguration` field to determine whether tax collection is enabled.",
    )
    assigned_attribute = graphene.Field(attrs.AssignedAttribute, slug=graphene.String(required=True))
    assigned_attributes = graphene.NonNull(
        graphene.List(graphene.NonNull(attrs.AssignedAttribute)), limit=PositiveInt(default_value=100)
    )
    attribute = graphene.Field(
        attrs.SelectedAttribute,
        slug=graphene.String(required=True),
        deprecation_reason="Use the `assignedAttribute` field instead.",
    )
    attributes = graphene.NonNull(
        graphene.List(graphene.NonNull(attrs.SelectedAttribute)),
        deprecation_reason="Use the `assignedAttributes` field instead.",
    )
    media_by_id = graphene.Field(ProductMedia, id=graphene.ID(required=True))
    image_by_id = graphene.Field(
        ProductImage, id=graphene.ID(required=True), deprecation_reason="Use the `mediaById` field instead."
    )
    variants = graphene.List(
        graphene.NonNull(ProductVariant), deprecation_reason="Use `productVariants` field instead."
    )
    product_variants = graphene.Field(
        ProductVariantCountableConnection,
        filter=graphene.Argument(ProductVariantFilterInput, deprecation_reason="Use `where` filter instead."),
        where=graphene.Argument(ProductVariantWhereInput),
        sort_by=graphene.Argument(ProductVariantSortingInput),
        **_connection_args(),
    )
    media = graphene.List(graphene.NonNull(ProductMedia), sort_by=graphene.Argument(MediaSortingInput))
    images = graphene.List(graphene.NonNull(ProductImage), deprecation_reason="Use the `media` field instead.")
    collections = graphene.List(
        graphene.NonNull("marketplace.graphql.content.CollectionNode"),
        description="The collections published in the product's channel that hold it.",
    )
    translation = graphene.Field(ProductTranslation, **_language_arg())
    available_for_purchase_at = graphene.DateTime()
    available_for_purchase = graphene.Date(deprecation_reason="Use `availableForPurchaseAt` instead.")
    # A product's weight is its pack's: each variant says its own.
    weight = graphene.Field(Weight)
    is_available_for_purchase = graphene.Boolean()
    external_reference = graphene.String()
    channel_listings = graphene.List(
        graphene.NonNull(staff.ProductChannelListing),
        description="Where the product is published, in every channel. Staff only.",
    )
    tax_class = graphene.Field(
        "marketplace.graphql.discounts.TaxClass", description="Always null (no tax classes: one VAT rate). Staff only."
    )
    # Extensions to Saleor's schema.
    producer = graphene.Field(Producer, required=True)
    ocop_rating = graphene.Field(OcopRating)
    gift_set_parts = graphene.List(
        graphene.NonNull(GiftSetPart),
        description="A gift set's parts in the box's order; null for a product that is not a gift set.",
    )

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_seo_title(root, info):
        return root.seo_title or root.name

    @staticmethod
    def resolve_seo_description(root, info):
        return root.seo_description or root.description[:300]

    @staticmethod
    def resolve_description(root, info):
        text = editorjs(root.description)
        return json.loads(text) if text else None

    @staticmethod
    def resolve_description_json(root, info):
        return Product.resolve_description(root, info)

    @staticmethod
    def resolve_product_type(root, info):
        return product_type_of(root.category.parent or root.category)

    @staticmethod
    def resolve_tax_type(root, info):
        return None

    @staticmethod
    def resolve_channel_listings(root, info):
        return staff.product_channel_listings(info, root)

    @staticmethod
    def resolve_tax_class(root, info):
        return staff.tax_class(info)

    @staticmethod
    def resolve_charge_taxes(root, info):
        return True  # prices include VAT

    @staticmethod
    def resolve_collections(root, info):
        from marketplace.graphql.content import collections_of_product

        return collections_of_product(info, root)

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_default_variant(root, info):
        return root.sellable_variants[0] if root.sellable_variants else None

    @staticmethod
    def resolve_rating(root, info):
        return None

    @staticmethod
    def resolve_channel(root, info):
        return getattr(root, "api_channel", None)

    @staticmethod
    def resolve_thumbnail(root, info, size=None, format=None):
        if not hasattr(root, "gallery"):
            # A product read outside the catalogue's queries (a cart line's): its photos are fetched on first ask,
            # for every product read with it (`api_batch`), in one query.
            prefetch_related_objects(getattr(root, "api_batch", [root]), selectors.gallery_prefetch())
        first = root.gallery[0] if root.gallery else None
        if first is None:
            return None
        return Image(url=thumbnail_url(info, first.pk, size), alt=first.alt or root.name)

    @staticmethod
    def resolve_pricing(root, info, address=None):
        prices = [variant.price for variant in root.sellable_variants]
        if not prices:
            return None
        rate, currency = vat_rate(info), _currency(info)
        price_range = TaxedMoneyRange(
            start=TaxedMoney.from_gross(min(prices), rate, currency),
            stop=TaxedMoney.from_gross(max(prices), rate, currency),
        )
        return ProductPricingInfo(
            on_sale=False, display_gross_prices=True, price_range=price_range, price_range_undiscounted=price_range
        )

    @staticmethod
    def resolve_is_available(root, info, address=None):
        # Saleor: available for purchase and in stock in the channel.
        if _outside_delivery_area(address, None):
            return False
        in_stock = root.available > 0
        response_cache.product_stock_shown(info, root.api_channel, root.pk, in_stock)
        return in_stock

    @staticmethod
    def resolve_is_available_for_purchase(root, info):
        # Saleor: the channel sells it now (stock aside); every product the API shows is published in the channel.
        return True

    @staticmethod
    def resolve_available_for_purchase_at(root, info):
        return None

    resolve_available_for_purchase = resolve_available_for_purchase_at

    @staticmethod
    def resolve_weight(root, info):
        return None

    @staticmethod
    def resolve_assigned_attribute(root, info, slug):
        return attrs.assigned_one(_product_pairs(root), slug)

    @staticmethod
    def resolve_assigned_attributes(root, info, limit=100):
        return attrs.assigned_list(_product_pairs(root), limit)

    @staticmethod
    def resolve_attribute(root, info, slug):
        return attrs.selected_one(_product_pairs(root), slug)

    @staticmethod
    def resolve_attributes(root, info):
        return attrs.selected(_product_pairs(root))

    @staticmethod
    def resolve_media_by_id(root, info, id):
        from marketplace.graphql.catalogue.ids import pk_from_global_id

        pk = pk_from_global_id(id, "ProductMedia")
        return next((media for media in root.gallery if media.pk == pk), None)

    @staticmethod
    def resolve_image_by_id(root, info, id):
        from marketplace.graphql.catalogue.ids import pk_from_global_id

        pk = pk_from_global_id(id, "ProductImage")
        return next((media for media in root.gallery if media.pk == pk), None)

    @staticmethod
    def resolve_variants(root, info):
        return root.sellable_variants

    @staticmethod
    def resolve_product_variants(root, info, filter=None, where=None, sort_by=None, **args):
        variants = list(root.sellable_variants)
        if filter and filter.get("sku"):
            variants = [variant for variant in variants if variant.sku in filter["sku"]]
        if sort_by and getattr(sort_by["direction"], "value", None) == "DESC":
            variants.reverse()
        return list_connection(ProductVariantCountableConnection, variants, args)

    @staticmethod
    def resolve_media(root, info, sort_by=None):
        if sort_by:
            descending = getattr(sort_by["direction"], "value", None) == "DESC"
            return sorted(root.gallery, key=lambda media: media.pk, reverse=descending)
        return root.gallery

    @staticmethod
    def resolve_images(root, info):
        return root.gallery

    @staticmethod
    def resolve_translation(root, info, language_code):
        return _english(root, ProductTranslation, language_code)

    @staticmethod
    def resolve_external_reference(root, info):
        return None

    @staticmethod
    def resolve_gift_set_parts(root, info):
        if not root.is_gift_set:
            return None
        parts = getattr(root, "gift_set_parts", None)
        if parts is None:
            parts = list(root.set_components.select_related("component__product").order_by("sort_order", "pk"))
        return parts

    @staticmethod
    def resolve_ocop_rating(root, info):
        certificate, valid = selectors.certificate_to_show(root)
        if certificate is None or not valid:
            return None
        return OcopRating(
            stars=certificate.stars,
            score=certificate.score,
            decision_number=certificate.decision_number,
            decision_date=certificate.decision_date,
            authority=certificate.authority,
            expires_on=certificate.expires_on,
        )


class ProductCountableConnection(CountableConnection):
    class Meta:
        node = Product
        strict_types = True
