"""Products, variants, categories and media, in Saleor's shapes, plus OCOP fields of our own.

Resolvers are thin: the querysets come from marketplace.catalogue.selectors, prefetched for everything a
product node can show, so a page of products costs a fixed number of queries whatever its size.
"""

import json

import graphene
from django.urls import reverse
from django.utils import timezone
from graphene import relay
from graphene_django import DjangoConnectionField, DjangoObjectType
from graphql import GraphQLError
from graphql_relay import from_global_id

from marketplace.catalogue import selectors
from marketplace.catalogue.images import snap_size
from marketplace.catalogue.models import Category, Product, ProductMedia, ProductVariant
from marketplace.catalogue.search import parse_query, search_products
from marketplace.channels.models import Channel
from marketplace.graphql.core import CountableConnection, TaxedMoney, TaxedMoneyRange
from marketplace.taxes.selectors import vat_rate_on

DEFAULT_THUMBNAIL_SIZE = 256


def _request_vat_rate(info):
    """The VAT rate of today, read once per request."""
    request = info.context
    if not hasattr(request, "_vat_rate_today"):
        request._vat_rate_today = vat_rate_on(timezone.localdate())
    return request._vat_rate_today


def _channel_currency(info) -> str:
    # Every channel sells in VND (a database constraint says so).
    return "VND"


def _editorjs(text: str) -> str:
    """Saleor's description is Editor.js JSON: one paragraph block per paragraph of our plain text."""
    paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
    return json.dumps({"blocks": [{"type": "paragraph", "data": {"text": part}} for part in paragraphs]})


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


def _thumbnail_url(info, media_id: int, size: int | None) -> str:
    # One stable URL per size; the thumbnail view picks AVIF or WebP from the client's Accept header.
    path = reverse("thumbnail", args=[media_id, snap_size(size or DEFAULT_THUMBNAIL_SIZE)])
    return info.context.build_absolute_uri(path)


class ProductMediaNode(DjangoObjectType):
    type = graphene.Field(ProductMediaType, required=True)
    url = graphene.String(
        required=True, size=graphene.Int(), format=graphene.Argument(ThumbnailFormatEnum, default_value="ORIGINAL")
    )
    alt = graphene.String(required=True)
    product_id = graphene.ID()

    class Meta:
        model = ProductMedia
        name = "ProductMedia"
        interfaces = (relay.Node,)
        fields = ("id", "sort_order", "alt")

    @staticmethod
    def resolve_type(root, info):
        return ProductMediaType.IMAGE

    @staticmethod
    def resolve_url(root, info, size=None, format=None):
        return _thumbnail_url(info, root.pk, size)

    @staticmethod
    def resolve_product_id(root, info):
        return relay.Node.to_global_id("Product", root.product_id)


class VariantPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean()
    price = graphene.Field(TaxedMoney)
    price_undiscounted = graphene.Field(TaxedMoney)


class ProductVariantNode(DjangoObjectType):
    quantity_available = graphene.Int(description="Units that can still be ordered in the channel.")
    pricing = graphene.Field(VariantPricingInfo)

    class Meta:
        model = ProductVariant
        name = "ProductVariant"
        interfaces = (relay.Node,)
        fields = ("id", "name", "sku", "track_inventory", "quantity_limit_per_customer")

    @staticmethod
    def resolve_quantity_available(root, info):
        return getattr(root, "available", None)

    @staticmethod
    def resolve_pricing(root, info):
        price = TaxedMoney.from_gross(root.price, _request_vat_rate(info), _channel_currency(info))
        return VariantPricingInfo(on_sale=False, price=price, price_undiscounted=price)


class ProductPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean()
    display_gross_prices = graphene.Boolean(required=True)
    price_range = graphene.Field(TaxedMoneyRange)
    price_range_undiscounted = graphene.Field(TaxedMoneyRange)


class OcopRating(graphene.ObjectType):
    """OCOP recognition (an extension to Saleor's schema): only a certificate valid today is shown."""

    stars = graphene.Int(required=True)
    score = graphene.Float(required=True)
    decision_number = graphene.String(required=True)
    decision_date = graphene.Date(required=True)
    authority = graphene.String(required=True)
    expires_on = graphene.Date(required=True)


class ProducerNode(graphene.ObjectType):
    """The OCOP "chủ thể" who makes the product (an extension to Saleor's schema)."""

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    legal_form = graphene.String(required=True)
    address = graphene.String(required=True)
    legacy_address = graphene.String(required=True)
    story = graphene.String(required=True)

    class Meta:
        name = "Producer"

    @staticmethod
    def resolve_legal_form(root, info):
        return root.get_legal_form_display()

    @staticmethod
    def resolve_address(root, info):
        return root.address_line


class CategoryNode(DjangoObjectType):
    level = graphene.Int(required=True)

    class Meta:
        model = Category
        name = "Category"
        interfaces = (relay.Node,)
        fields = ("id", "name", "slug", "parent")

    @staticmethod
    def resolve_level(root, info):
        return 0 if root.parent_id is None else 1


class ProductNode(DjangoObjectType):
    description = graphene.JSONString()
    seo_title = graphene.String()
    seo_description = graphene.String()
    created = graphene.DateTime(required=True)
    thumbnail = graphene.Field(
        Image, size=graphene.Int(), format=graphene.Argument(ThumbnailFormatEnum, default_value="ORIGINAL")
    )
    media = graphene.List(graphene.NonNull(ProductMediaNode))
    variants = graphene.List(graphene.NonNull(ProductVariantNode))
    pricing = graphene.Field(ProductPricingInfo)
    is_available_for_purchase = graphene.Boolean()
    producer = graphene.Field(ProducerNode, required=True)
    ocop_rating = graphene.Field(OcopRating)

    class Meta:
        model = Product
        name = "Product"
        interfaces = (relay.Node,)
        fields = ("id", "name", "slug", "category", "updated_at")

    @staticmethod
    def resolve_description(root, info):
        return json.loads(_editorjs(root.description))

    @staticmethod
    def resolve_seo_title(root, info):
        return root.name

    @staticmethod
    def resolve_seo_description(root, info):
        return root.description[:300]

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_thumbnail(root, info, size=None, format=None):
        first = root.gallery[0] if root.gallery else None
        if first is None:
            return None
        return Image(url=_thumbnail_url(info, first.pk, size), alt=first.alt or root.name)

    @staticmethod
    def resolve_media(root, info):
        return root.gallery

    @staticmethod
    def resolve_variants(root, info):
        return root.sellable_variants

    @staticmethod
    def resolve_pricing(root, info):
        prices = [variant.price for variant in root.sellable_variants]
        if not prices:
            return None
        rate, currency = _request_vat_rate(info), _channel_currency(info)
        price_range = TaxedMoneyRange(
            start=TaxedMoney.from_gross(min(prices), rate, currency),
            stop=TaxedMoney.from_gross(max(prices), rate, currency),
        )
        return ProductPricingInfo(
            on_sale=False, display_gross_prices=True, price_range=price_range, price_range_undiscounted=price_range
        )

    @staticmethod
    def resolve_is_available_for_purchase(root, info):
        return root.available > 0

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
        node = ProductNode


class CategoryCountableConnection(CountableConnection):
    class Meta:
        node = CategoryNode


class ProductOrderField(graphene.Enum):
    NAME = "name"
    PRICE = "price"
    CREATED_AT = "created_at"
    RANK = "rank"


class OrderDirection(graphene.Enum):
    ASC = "ASC"
    DESC = "DESC"


class ProductOrder(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(ProductOrderField)


class ProductFilterInput(graphene.InputObjectType):
    search = graphene.String()
    categories = graphene.List(graphene.NonNull(graphene.ID))
    is_available = graphene.Boolean()
    minimal_price = graphene.Int(description="Lowest price in VND.")
    maximal_price = graphene.Int(description="Highest price in VND.")
    ocop_stars = graphene.Int(description="At least this many OCOP stars, on a certificate valid today.")


_SORTS = {
    ("name", "ASC"): "name",
    ("price", "ASC"): "price_asc",
    ("price", "DESC"): "price_desc",
    ("created_at", "DESC"): "newest",
}


def _sort_key(sort_by) -> str:
    if not sort_by:
        return "relevance"
    # graphene hands input enums over as members of the Python Enum behind them.
    field = sort_by.field.value if sort_by.field else "rank"
    return _SORTS.get((field, sort_by.direction.value), "relevance")


MAX_PAGE_SIZE = 100


def _paginate(connection_type, args: dict, queryset):
    """Slice a queryset into a Relay page, as Saleor does: `first` or `last` is required, at most 100."""
    size = args.get("first") if args.get("first") is not None else args.get("last")
    if size is None:
        raise GraphQLError("You must provide a `first` or `last` value to properly paginate the connection.")
    if not 0 <= size <= MAX_PAGE_SIZE:
        raise GraphQLError(f"`first` and `last` take a value from 0 to {MAX_PAGE_SIZE}.")
    return DjangoConnectionField.resolve_connection(connection_type, args, queryset, max_limit=MAX_PAGE_SIZE)


def _products_with_everything(products, channel_slug: str):
    return selectors.annotate_sale_facts(products, channel_slug).prefetch_related(
        selectors.sellable_variants_prefetch(channel_slug),
        selectors.gallery_prefetch(),
        selectors.certificates_prefetch(),
    )


def _channel_slug(channel: str | None) -> str:
    slug = channel or selectors.storefront_channel_slug()
    if not Channel.objects.filter(slug=slug, is_active=True).exists():
        raise GraphQLError(f"Channel with '{slug}' slug does not exist.")
    return slug


def _pk_from_global_id(global_id: str, type_name: str) -> int:
    """The primary key inside a Relay global ID of the given type; anything else is the client's error."""
    resolved = from_global_id(global_id)
    if resolved.type != type_name or not resolved.id.isdigit():
        raise GraphQLError(f"Invalid {type_name.lower()} ID: {global_id}.")
    return int(resolved.id)


class CatalogueQueries(graphene.ObjectType):
    products = relay.ConnectionField(
        ProductCountableConnection,
        channel=graphene.String(description="Slug of a channel; the HCMC online supermarket when omitted."),
        search=graphene.String(),
        filter=ProductFilterInput(),
        sort_by=ProductOrder(),
    )
    product = graphene.Field(ProductNode, id=graphene.ID(), slug=graphene.String(), channel=graphene.String())
    categories = relay.ConnectionField(CategoryCountableConnection, level=graphene.Int())
    category = graphene.Field(CategoryNode, id=graphene.ID(), slug=graphene.String())

    @staticmethod
    def resolve_products(root, info, channel=None, search=None, filter=None, sort_by=None, **args):
        channel_slug = _channel_slug(channel)
        filter = filter or {}
        products = selectors.visible_products(channel_slug=channel_slug)
        query = search if search is not None else filter.get("search")
        if query is not None:
            products = search_products(products, parse_query(query))
        category = None
        if filter.get("categories"):
            category = Category.objects.filter(
                pk__in=[_pk_from_global_id(c, "Category") for c in filter["categories"]]
            ).first()
        listing_filters = selectors.ListingFilters(
            stars=filter.get("ocop_stars"),
            category=category,
            price_min=filter.get("minimal_price"),
            price_max=filter.get("maximal_price"),
            in_stock=bool(filter.get("is_available")),
        )
        products = selectors.apply_sort(
            selectors.apply_filters(
                _products_with_everything(products, channel_slug), listing_filters, channel_slug=channel_slug
            ),
            _sort_key(sort_by),
        )
        return _paginate(ProductCountableConnection, args, products)

    @staticmethod
    def resolve_product(root, info, id=None, slug=None, channel=None):
        if (id is None) == (slug is None):
            raise GraphQLError("Provide exactly one of `id` or `slug`.")
        channel_slug = _channel_slug(channel)
        products = _products_with_everything(
            selectors.visible_products(channel_slug=channel_slug, in_listings=False), channel_slug
        )
        if id is not None:
            return products.filter(pk=_pk_from_global_id(id, "Product")).first()
        return products.filter(slug=slug).first()

    @staticmethod
    def resolve_categories(root, info, level=None, **args):
        categories = Category.objects.order_by("sort_order", "name", "pk")
        if level == 0:
            categories = categories.filter(parent__isnull=True)
        elif level == 1:
            categories = categories.filter(parent__isnull=False)
        return _paginate(CategoryCountableConnection, args, categories)

    @staticmethod
    def resolve_category(root, info, id=None, slug=None):
        if (id is None) == (slug is None):
            raise GraphQLError("Provide exactly one of `id` or `slug`.")
        if id is not None:
            return Category.objects.filter(pk=_pk_from_global_id(id, "Category")).first()
        return Category.objects.filter(slug=slug).first()
