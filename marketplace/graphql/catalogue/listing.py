"""The product listing behind `products`, `Category.products`: Saleor's filter, where, search and sortBy on our
catalogue, paged by keyset, with a totalCount that does not scan the catalogue on every page.

Every filter is a semi-join or a condition on the product row (selectors.apply_filters' way), so it narrows the
page query without computing a fact for every product. totalCount is cached under the catalogue version (see
CatalogueVersion) and everything the listing was built from, except when a filter reads stock, which the
version does not follow: then it is counted live.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, Subquery, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from graphql import GraphQLError

from marketplace.catalogue import selectors
from marketplace.catalogue.models import Category as CategoryModel
from marketplace.catalogue.models import CollectionProduct, ProductMedia, ProductVariant
from marketplace.catalogue.search import parse_query, search_products
from marketplace.channels.models import ProductChannelListing
from marketplace.core.statements import (
    MARKER_DAY,
    MARKER_ID,
    MARKER_IDS,
    MARKER_MOMENT,
    MARKER_TEXT,
    ModelRows,
    Statement,
    among,
    kept,
)
from marketplace.graphql.catalogue import attributes as attrs
from marketplace.graphql.catalogue import response_cache
from marketplace.graphql.catalogue.ids import check_text_arguments, pks_from_global_ids, whole_amount
from marketplace.graphql.catalogue.pagination import SortKey, keyset_connection, page_request, page_statement
from marketplace.graphql.catalogue.types import ProductCountableConnection, request_memo
from marketplace.taxes.selectors import vat_rate_subquery

NOTHING = Q(pk__in=[])


class Conditions:
    """Turns filter inputs into one Q for a channel; remembers whether stock was read (no cached count then)."""

    def __init__(self, channel_slug: str):
        self.channel_slug = channel_slug
        self.uses_stock = False
        # The sale facts (selectors.SALE_FACTS) the conditions compare: the queryset must annotate them.
        self.facts: tuple[str, ...] = ()

    def _prices(self):
        return selectors._channel_prices(self.channel_slug)

    def in_stock(self) -> Q:
        self.uses_stock = True
        stocks = selectors._channel_stocks(self.channel_slug).filter(quantity__gt=F("quantity_allocated"))
        # A gift set keeps no stock of its own online (only boxes assembled ahead at a kiosk): it is in stock when
        # its parts make at least one (the rule of quantityAvailable, catalogue.selectors._gift_sets_available).
        sets_made = GreaterThan(selectors._gift_sets_available(self.channel_slug, "pk"), 0)
        return Q(Exists(stocks)) | (Q(is_gift_set=True) & Q(sets_made))

    def in_groups(self, category_ids) -> Q:
        ids = list(category_ids)
        return Q(category_id__in=CategoryModel.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids)).values("pk"))

    def price_between(self, low, high) -> Q:
        """Some variant priced within [low, high] (either bound optional)."""
        prices = self._prices()
        if low is not None:
            prices = prices.filter(price_amount__gte=whole_amount(low, up=True))
        if high is not None:
            prices = prices.filter(price_amount__lte=whole_amount(high, up=False))
        return Q(Exists(prices))

    def lowest_price_between(self, low, high) -> Q:
        q = Q()
        if low is not None:
            q &= ~Q(Exists(self._prices().filter(price_amount__lt=whole_amount(low, up=True))))
        if high is not None:
            q &= Q(Exists(self._prices().filter(price_amount__lte=whole_amount(high, up=False))))
        return q

    def published_by(self, moment: datetime.datetime) -> Q:
        listings = ProductChannelListing.objects.filter(
            product=OuterRef("pk"), channel_id=selectors._channel_id(self.channel_slug)
        ).filter(Q(published_at__isnull=True) | Q(published_at__lte=moment))
        return Q(Exists(listings))

    def decimal(self, value, lowest: bool) -> Q:
        """DecimalFilterInput on prices: `lowest` compares the lowest price, else any variant's."""
        between = self.lowest_price_between if lowest else self.price_between
        q = Q()
        if value.get("eq") is not None:
            q &= between(value["eq"], value["eq"])
        if value.get("one_of"):
            options = Q()
            for option in value["one_of"]:
                options |= between(option, option)
            q &= options
        if value.get("range"):
            q &= between(value["range"].get("gte"), value["range"].get("lte"))
        return q

    def attribute(self, entry) -> Q:
        attribute = attrs.ATTRIBUTES_BY_SLUG.get(entry.get("slug") or "")
        asked = AskedValues.of(entry)
        if attribute is None or asked is None:
            return NOTHING
        slugs, names, numeric, low_high = asked.slugs, asked.names, asked.numeric, asked.low_high
        if attribute in attrs.VARIANT_ATTRIBUTES:
            variants = ProductVariant.objects.filter(product=OuterRef("pk"))
            return Q(Exists(variants.filter(variant_attribute(attribute, asked))))
        q = Q()
        if attribute is attrs.OCOP_STARS:
            self.facts += ("ocop_stars",)
            stars = [attrs.stars_from_value_slug(slug) for slug in slugs] + [_int(name) for name in names]
            if slugs or names:
                q &= Q(ocop_stars__in=[star for star in stars if star is not None])
            if numeric.get("eq") is not None:
                q &= Q(ocop_stars=numeric["eq"])
            if low_high.get("gte") is not None:
                q &= Q(ocop_stars__gte=low_high["gte"])
            if low_high.get("lte") is not None:
                q &= Q(ocop_stars__lte=low_high["lte"])
            return q
        if attribute is attrs.PRODUCT_KIND:
            kinds = {attrs.KIND_BY_VALUE_SLUG[slug] for slug in slugs if slug in attrs.KIND_BY_VALUE_SLUG}
            kinds |= {kind for kind, value in attrs.KIND_VALUES.items() if value.name in names}
            if not kinds:
                return NOTHING
            either = Q()
            for kind in sorted(kinds):
                either |= Q(selectors.of_kind(kind))
            return either
        if attribute is attrs.OCOP_GROUP:
            wanted = slugs + names
            return Q(category__slug__in=wanted) | Q(category__parent__slug__in=wanted) | Q(category__name__in=names)
        columns = {
            attrs.ORIGIN.slug: "origin_place",
            attrs.NET_CONTENT.slug: "net_quantity",
            attrs.SHELF_LIFE.slug: "shelf_life",
            attrs.INGREDIENTS.slug: "ingredients",
        }
        # Text values are matched by their exact text (given as a name or as a value).
        return Q(**{f"{columns[attribute.slug]}__in": slugs + names})

    def common(self, flt) -> Q:
        """The fields filter and where share with one meaning."""
        q = Q()
        if flt.get("metadata"):
            q &= NOTHING  # the catalogue keeps no metadata: no product has the key asked for
        if flt.get("is_published") is False or flt.get("is_visible_in_listing") is False:
            q &= NOTHING  # the public API shows published products only
        if flt.get("has_category") is False or flt.get("gift_card") or flt.get("has_preordered_variants"):
            q &= NOTHING  # every product has a group; none is a gift card or on preorder
        for moment in (flt.get("published_from"), flt.get("available_from")):
            if moment is not None:
                q &= self.published_by(moment)
        if flt.get("is_available") is not None:
            q &= self.in_stock() if flt["is_available"] else ~self.in_stock()
        if flt.get("stock_availability") is not None:
            wanted = getattr(flt["stock_availability"], "value", flt["stock_availability"])
            q &= self.in_stock() if wanted == "IN_STOCK" else ~self.in_stock()
        if flt.get("stocks"):
            raise GraphQLError("Filtering products by warehouse stock is not supported.")
        for entry in flt.get("attributes") or ():
            q &= self.attribute(entry)
        if flt.get("ids"):
            q &= Q(pk__in=pks_from_global_ids(flt["ids"], "Product"))
        return q

    def product_filter(self, flt) -> Q:
        if not flt:
            return Q()
        q = self.common(flt)
        if flt.get("collections"):
            q &= in_collections(pks_from_global_ids(flt["collections"], "Collection"))
        if flt.get("categories"):
            q &= self.in_groups(pks_from_global_ids(flt["categories"], "Category"))
        if flt.get("product_types"):
            q &= self.in_groups(pks_from_global_ids(flt["product_types"], "ProductType"))
        if flt.get("price"):
            q &= self.price_between(flt["price"].get("gte"), flt["price"].get("lte"))
        if flt.get("minimal_price"):
            q &= self.lowest_price_between(flt["minimal_price"].get("gte"), flt["minimal_price"].get("lte"))
        if flt.get("updated_at"):
            q &= _datetime_range("updated_at", flt["updated_at"])
        if flt.get("slugs"):
            q &= Q(slug__in=flt["slugs"])
        if flt.get("ocop_stars") is not None:
            q &= Q(selectors.rated_at_least(flt["ocop_stars"]))
        return q

    def where(self, where) -> Q:
        if not where:
            return Q()
        q = self.common(where)
        if where.get("collection"):
            q &= in_collections(_global_id_options(where["collection"], "Collection"))
        if where.get("name"):
            q &= _string_filter("name", where["name"])
        if where.get("slug"):
            q &= _string_filter("slug", where["slug"])
        if where.get("category"):
            q &= self.in_groups(_global_id_options(where["category"], "Category"))
        if where.get("product_type"):
            q &= self.in_groups(_global_id_options(where["product_type"], "ProductType"))
        if where.get("price"):
            q &= self.decimal(where["price"], lowest=False)
        if where.get("minimal_price"):
            q &= self.decimal(where["minimal_price"], lowest=True)
        if where.get("updated_at"):
            value = where["updated_at"]
            if value.get("eq") is not None:
                q &= Q(updated_at=value["eq"])
            if value.get("one_of"):
                q &= Q(updated_at__in=value["one_of"])
            if value.get("range"):
                q &= _datetime_range("updated_at", value["range"])
        for part in where.get("AND") or ():
            q &= self.where(part)
        if where.get("OR"):
            either = NOTHING
            for part in where["OR"]:
                either |= self.where(part)
            q &= either
        return q


@dataclass(frozen=True)
class AskedValues:
    """The values one attribute condition asks for (AttributeInput or AssignedAttributeWhereInput), as value
    slugs, names, numeric equality and a numeric range."""

    slugs: list[str]
    names: list[str]
    numeric: dict
    low_high: dict

    @classmethod
    def of(cls, entry) -> "AskedValues | None":
        """None when the entry asks for a kind of value none of our attributes holds (a boolean, a date, a time,
        a reference to another object): it matches nothing."""
        value = entry.get("value") or {}
        if sum(given is not None for given in value.values()) > 1:
            raise GraphQLError(
                "Only one value input field is allowed in an attribute's `value`.", extensions={"code": "INVALID"}
            )
        if entry.get("boolean") is not None or value.get("boolean") is not None or entry.get("date"):
            return None
        if entry.get("date_time") or value.get("date") or value.get("date_time") or value.get("reference"):
            return None
        numeric = value.get("numeric") or {}
        return cls(
            slugs=list(entry.get("values") or []) + _string_options(value.get("slug")),
            names=_string_options(value.get("name")),
            numeric=numeric,
            low_high=entry.get("values_range") or numeric.get("range") or {},
        )


def variant_attribute(attribute: attrs.AttributeDef, asked: AskedValues) -> Q:
    """A condition on variant rows: the variant holds the variant attribute (pack size, weight) with a value asked
    for; with no value asked, holds it at all. Values are attrs.variant_values': a pack size is the variant's
    name (its value slug is the name's slug), a weight its grams."""
    if attribute is attrs.PACK_SIZE:
        if not (asked.slugs or asked.names):
            return ~Q(name="")
        named = [value.name for value in attrs.choices_of(attrs.PACK_SIZE) if value.slug in asked.slugs]
        return Q(name__in=named + asked.names)
    q = Q(weight_grams__isnull=False)
    if asked.slugs or asked.names:
        q &= Q(weight_grams__in=[grams for text in asked.slugs + asked.names if (grams := _grams(text)) is not None])
    if asked.numeric.get("eq") is not None:
        q &= Q(weight_grams=asked.numeric["eq"])
    if asked.numeric.get("one_of"):
        q &= Q(weight_grams__in=asked.numeric["one_of"])
    if asked.low_high.get("gte") is not None:
        q &= Q(weight_grams__gte=asked.low_high["gte"])
    if asked.low_high.get("lte") is not None:
        q &= Q(weight_grams__lte=asked.low_high["lte"])
    return q


def variant_attributes_condition(entry) -> Q:
    """ProductVariantWhereInput.attributes' entry on variant rows. A variant carries the variant attributes only:
    a product attribute's or an unknown slug matches nothing; with no slug, any variant attribute may match."""
    asked = AskedValues.of(entry)
    if asked is None:
        return NOTHING
    if entry.get("slug") is None:
        either = NOTHING
        for attribute in attrs.VARIANT_ATTRIBUTES:
            either |= variant_attribute(attribute, asked)
        return either
    attribute = attrs.ATTRIBUTES_BY_SLUG.get(entry["slug"])
    if attribute not in attrs.VARIANT_ATTRIBUTES:
        return NOTHING
    return variant_attribute(attribute, asked)


def _int(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 3 else None


def _grams(text: str) -> int | None:
    """A weight value's slug or name ("500"); anything else is no weight ("²".isdigit() is True: ASCII only)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _string_options(value) -> list[str]:
    if not value:
        return []
    return ([value["eq"]] if value.get("eq") is not None else []) + list(value.get("one_of") or [])


def _string_filter(field: str, value) -> Q:
    q = Q()
    if value.get("eq") is not None:
        q &= Q(**{field: value["eq"]})
    if value.get("one_of") is not None:
        q &= Q(**{f"{field}__in": value["one_of"]})
    return q


def _global_id_options(value, type_name: str) -> list[int]:
    return pks_from_global_ids(([value["eq"]] if value.get("eq") else []) + list(value.get("one_of") or []), type_name)


def _datetime_range(field: str, value) -> Q:
    q = Q()
    if value.get("gte") is not None:
        q &= Q(**{f"{field}__gte": value["gte"]})
    if value.get("lte") is not None:
        q &= Q(**{f"{field}__lte": value["lte"]})
    return q


# The sort keys of each order (the id is appended as the last key: keyset pages need a unique order).
_SORTS = {
    "NAME": [SortKey("name", str)],
    "PRICE": [SortKey("price_from", int), SortKey("name", str)],
    "CREATED_AT": [SortKey("created_at", datetime.datetime)],
    "LAST_MODIFIED_AT": [SortKey("updated_at", datetime.datetime)],
    "PUBLISHED_AT": [SortKey("api_published_at", datetime.datetime)],
    "RATING": [SortKey("api_stars", int), SortKey("name", str)],
    "TYPE": [SortKey("api_type", int), SortKey("name", str)],
    "RANK": [SortKey("search_rank", float)],
    "COLLECTION": [SortKey("collection_position", int)],
}
_SORT_ALIASES = {
    "MINIMAL_PRICE": "PRICE",
    "LAST_MODIFIED": "LAST_MODIFIED_AT",
    "DATE": "LAST_MODIFIED_AT",
    "PUBLISHED": "PUBLISHED_AT",
    "PUBLICATION_DATE": "PUBLISHED_AT",
}
# The sale fact (selectors.SALE_FACTS) each sort key compares.
_SORT_FACTS = {"price_from": "price_from", "api_stars": "ocop_stars"}
_SORT_ANNOTATIONS = {
    "api_stars": lambda channel_slug: Coalesce(F("ocop_stars"), Value(0)),
    "api_type": lambda channel_slug: Coalesce(F("category__parent_id"), F("category_id")),
    "api_published_at": lambda channel_slug: Coalesce(
        Subquery(
            ProductChannelListing.objects.filter(
                product=OuterRef("pk"), channel_id=selectors._channel_id(channel_slug)
            ).values("published_at")[:1]
        ),
        F("created_at"),
    ),
}


def in_collections(collection_ids) -> Q:
    """Products in any of the collections (by id, whether or not the collection is shown in the channel)."""
    return Q(pk__in=CollectionProduct.objects.filter(collection_id__in=list(collection_ids)).values("product_id"))


def _collection_position(collection):
    """A product's place in the collection, as set by the manager."""
    entries = CollectionProduct.objects.filter(collection=collection, product=selectors.OuterRef("pk"))
    return selectors.Subquery(entries.values("sort_order")[:1])


def _sort(sort_by, searching: bool, in_collection: bool = False) -> tuple[str, bool]:
    """The sort's name in _SORTS and whether it is descending. Saleor's default: rank for a search, else name;
    a collection's products come in the manager's order (COLLECTION), which only Collection.products offers."""
    if not sort_by:
        if searching:
            return "RANK", True
        return ("COLLECTION", False) if in_collection else ("NAME", False)
    if sort_by.get("attribute_id"):
        raise GraphQLError("Sorting products by an attribute is not supported; use field: RATING for OCOP stars.")
    field = getattr(sort_by.get("field"), "value", sort_by.get("field")) or "NAME"
    field = _SORT_ALIASES.get(field, field)
    if field == "COLLECTION" and not in_collection:
        raise GraphQLError("Sorting by COLLECTION is available only for `Collection.products`.")
    if field == "RANK" and not searching:
        field = "NAME"
    direction = getattr(sort_by["direction"], "value", sort_by["direction"])
    return field, direction == "DESC"


def _freeze(value):
    """A hashable, stable form of GraphQL arguments, for cache keys."""
    if isinstance(value, dict):
        return tuple(sorted((key, _freeze(item)) for key, item in dict.items(value)))
    if isinstance(value, list | tuple):
        return tuple(_freeze(item) for item in value)
    return getattr(value, "value", value)


def channel_slug_for(info, channel: str | None) -> str:
    """The active channel asked for (the HCMC online supermarket by default); its catalogue version is kept on
    the request for cache keys. An unknown channel is the client's error."""
    check_text_arguments(channel)
    slug = channel or selectors.storefront_channel_slug()
    found = request_memo(info, f"channel:{slug}", lambda: _channel_version_and_rate(slug))
    if found is None:
        raise GraphQLError(f"Channel with '{slug}' slug does not exist.")
    if found[2] is not None:
        # Read with the channel, it saves the prices' statement of their own (types.vat_rate).
        request_memo(info, "vat_rate", lambda: found[2])
    return slug


def _channel_version_and_rate(slug: str) -> tuple[int, int, object] | None:
    """The active channel's id, the catalogue version and the VAT rate in force today (None before the first known
    rate: types.vat_rate then refuses as taxes.selectors.vat_rate_on does), in one statement kept compiled; None
    when no such channel is active."""

    def build():
        rows = selectors.active_channel_with_version(MARKER_TEXT).annotate(vat=vat_rate_subquery(MARKER_DAY))
        return Statement(rows.values_list("pk", "version", "vat")[:1], slug=MARKER_TEXT, day=MARKER_DAY)

    found = kept(_CHANNEL_STATEMENTS, None, build).rows(slug=slug, day=timezone.localdate())
    return found[0] if found else None


def catalogue_version(info, channel_slug: str) -> int:
    return request_memo(info, f"channel:{channel_slug}", lambda: None)[1]


def field_names(info) -> frozenset[str]:
    """Every field name the operation selects, fragments included (read once per request)."""

    def collect():
        names, seen, stack = set(), set(), [info.operation.selection_set]
        while stack:
            selection_set = stack.pop()
            for selection in selection_set.selections if selection_set else ():
                if getattr(selection, "name", None) is not None and selection.kind == "field":
                    names.add(selection.name.value)
                if selection.kind == "fragment_spread":
                    if selection.name.value not in seen and selection.name.value in info.fragments:
                        seen.add(selection.name.value)
                        stack.append(info.fragments[selection.name.value].selection_set)
                    continue
                stack.append(selection.selection_set)
        return frozenset(names)

    return request_memo(info, f"fields:{id(info.operation)}", collect)


def needs_certificates(info) -> bool:
    """Certificates are loaded only for an operation that shows them (ocopRating)."""
    return "ocopRating" in field_names(info)


def needs_gift_set_parts(info) -> bool:
    """A gift set's parts are loaded only for an operation that shows them (giftSetParts)."""
    return "giftSetParts" in field_names(info)


# The fields whose resolvers read a sale fact of the product row (types.Product, attributes.product_values): an
# operation that selects none of them gets none of those subqueries in its page statement.
_FIELDS_READING_KINDS = frozenset({"attribute", "attributes", "assignedAttribute", "assignedAttributes"})
_KIND_FACTS = ("ocop_stars", "is_startup", "cnnt_level")


def facts_shown(info) -> tuple[str, ...]:
    """The sale facts (selectors.SALE_FACTS) the operation's fields read: `available` for isAvailable, the kinds
    for the attributes. The lowest price is never read by a field (pricing comes from the variants)."""
    names = field_names(info)
    facts = ("available",) if "isAvailable" in names else ()
    if names & _FIELDS_READING_KINDS:
        facts += _KIND_FACTS
    return facts


def api_products(info, channel_slug: str, *, in_listings: bool = True, facts: tuple[str, ...] = (), moment=None):
    """selectors.api_products with what this operation shows: the sale facts its fields read (plus `facts`, those
    its filters and sort compare), the certificates for ocopRating, the producer for `producer`, a gift set's parts
    for giftSetParts. Not the variants nor the photos: `loaded` reads them once the rows are in."""
    wanted = tuple(dict.fromkeys(facts_shown(info) + facts))
    return selectors.api_products(
        channel_slug,
        in_listings=in_listings,
        certificates=needs_certificates(info),
        facts=wanted,
        producer="producer" in field_names(info),
        gift_set_parts=needs_gift_set_parts(info),
        moment=moment,
        variants_and_photos=False,
    )


_CHANNEL_STATEMENTS: dict = {}
_PRODUCT_STATEMENTS: dict = {}
_VARIANT_STATEMENTS: dict = {}
_PHOTO_STATEMENTS: dict = {}
_PAGE_STATEMENTS: dict = {}


def _of_products(queryset):
    """The queryset's rows of the products whose ids a run gives (a kept statement's `ids`)."""
    return Statement(queryset.filter(product_id__in=among(MARKER_IDS)), ids=MARKER_IDS)


def loaded(channel_slug: str):
    """What to do with the rows of a page (or the one product) once read: give them what api_products' prefetches
    would, `sellable_variants` (each variant knowing its product) and `gallery`, in two statements kept compiled
    per channel (core.statements: building and compiling the variants' price, stock sums and gift-set
    rule cost more CPU than running them), and the channel they were read in."""

    def load(products):
        # api_batch: the products read together, so a field read per product (its collections, its variants'
        # stocks) is loaded for all of them at its first ask.
        products = list(products)
        by_id = {product.pk: product for product in products}
        for product in products:
            product.api_channel = channel_slug
            product.api_batch = products
            product.sellable_variants, product.gallery = [], []
        if not products:
            return
        variants = kept(
            _VARIANT_STATEMENTS,
            channel_slug,
            lambda: _of_products(selectors.sellable_variants_prefetch(channel_slug).queryset),
        )
        for variant in variants.raw(ids=list(by_id)):
            product = by_id[variant.product_id]
            ProductVariant.product.field.set_cached_value(variant, product)
            product.sellable_variants.append(variant)
        photos = kept(_PHOTO_STATEMENTS, None, lambda: _of_products(selectors.gallery_prefetch().queryset))
        for photo in photos.raw(ids=list(by_id)):
            product = by_id[photo.product_id]
            ProductMedia.product.field.set_cached_value(photo, product)
            product.gallery.append(photo)

    return load


def _rarely_asked(info) -> list:
    """The prefetches api_products adds for this operation (certificates for ocopRating, a gift set's parts for
    giftSetParts), for rows a kept statement read without them."""
    wanted = (
        (needs_certificates(info), selectors.certificates_prefetch),
        (needs_gift_set_parts(info), selectors.gift_set_parts_prefetch),
    )
    return [prefetch() for asked, prefetch in wanted if asked]


def _shape(info, facts: tuple[str, ...]) -> tuple:
    """What of the operation a kept product statement's text holds besides its channel: the sale facts computed
    (api_products), the producer's join, and the day when the kinds compare certificates with it."""
    facts = tuple(dict.fromkeys(facts_shown(info) + facts))
    day = timezone.localdate() if set(facts) & set(_KIND_FACTS) else None
    return facts, "producer" in field_names(info), day


def _joined(info) -> dict:
    """What a kept product statement reads besides the product (api_products' select_related and defer): its
    group, the group's parent and the producer when the operation shows it, not the search keys."""
    related = ("category", "category__parent", *(("producer",) if "producer" in field_names(info) else ()))
    return {"related": related, "defer": selectors.UNREAD_BY_THE_API}


def one_product(info, channel_slug: str, *, pk: int | None = None, slug: str | None = None):
    """The product with this id (or slug) visible in the channel by its own page, with what the operation shows
    (api_products, and its variants and photos), or None.

    Its statement is the same for every product but for the slug or id and the moment: it is kept compiled per
    channel and shape (core.statements.ModelRows) instead of being built and compiled by Django at every request,
    which cost more than running it."""
    by, value, marker = ("pk", pk, MARKER_ID) if pk is not None else ("slug", slug, MARKER_TEXT)

    def build():
        products = api_products(info, channel_slug, in_listings=False, moment=MARKER_MOMENT)
        one = products.prefetch_related(None).filter(**{by: marker})
        return ModelRows(one, **_joined(info), moment=MARKER_MOMENT, value=marker)

    statement = kept(_PRODUCT_STATEMENTS, (channel_slug, by, _shape(info, ())), build)
    found = statement.run(moment=timezone.now(), value=value)
    rarely = _rarely_asked(info)
    if found and rarely:
        prefetch_related_objects(found, *rarely)
    loaded(channel_slug)(found)
    return found[0] if found else None


def _key_marker(key: SortKey, index: int):
    return f"\x00kept-statement-key-{index}" if key.kind is str else MARKER_ID - 1 - index


def _kept_page(info, channel_slug: str, compared: tuple[str, ...], sort: str, descending: bool, keys: list):
    """keyset_page's `fetch` for a listing without conditions (the storefront's plain pages): its page statement
    kept compiled (core.statements.ModelRows) per channel, operation shape, sort, direction, page size and cursor
    or not, the moment and the cursor's sort key bound at each run. Building and compiling it (visibility, the
    channel's prices, the group joins, the facts the sort compares) cost about 3 ms of CPU a page."""
    markers = {f"key{index}": _key_marker(key, index) for index, key in enumerate(keys)}

    def fetch(request, values):
        def build():
            products = api_products(info, channel_slug, facts=compared, moment=MARKER_MOMENT).prefetch_related(None)
            extra = {
                key.name: _SORT_ANNOTATIONS[key.name](channel_slug) for key in keys if key.name in _SORT_ANNOTATIONS
            }
            products = products.annotate(**extra) if extra else products
            statement = page_statement(
                products, keys, descending, request, None if values is None else list(markers.values())
            )
            return ModelRows(
                statement, **_joined(info), moment=MARKER_MOMENT, **(markers if values is not None else {})
            )

        shape = (channel_slug, _shape(info, compared), sort, descending, request.forward, request.size, values is None)
        bound = dict(zip(markers, values, strict=True)) if values is not None else {}
        rows = kept(_PAGE_STATEMENTS, shape, build).run(moment=timezone.now(), **bound)
        rarely = _rarely_asked(info)
        if rows and rarely:
            prefetch_related_objects(rows, *rarely)
        return rows

    return fetch


def product_connection(info, args: dict, *, base_q: Q | None = None, cache_scope: tuple = (), collection=None):
    """A page of products for `products(...)`, `Category.products(...)` or `Collection.products(...)` (give the
    collection: its products, with its order as the COLLECTION sort)."""
    check_text_arguments(args)
    page_request(args)
    flt = args.get("filter") or {}
    channel_slug = channel_slug_for(info, args.get("channel") or flt.get("channel"))
    search = args.get("search") if args.get("search") is not None else flt.get("search")
    conditions = Conditions(channel_slug)
    q = conditions.product_filter(flt) & conditions.where(args.get("where")) & (base_q or Q())
    sort, descending = _sort(args.get("sort_by"), searching=search is not None, in_collection=collection is not None)
    keys = [*_SORTS[sort], SortKey("pk", int)]
    compared = conditions.facts + tuple(_SORT_FACTS.get(key.name, "") for key in keys if key.name in _SORT_FACTS)

    def matching():
        products = api_products(info, channel_slug, facts=compared).filter(q)
        if search is not None:
            products = search_products(products, parse_query(search))
        if collection is not None:
            products = products.filter(in_collections([collection.pk]))
        return products

    # Without any condition (the storefront's plain pages) the page statement is kept compiled, and the matching
    # products' queryset is built only for a count not yet cached. The cursor's keys must be text or numbers,
    # bound as they are (Django converts a date on its way).
    ordered = fetch = None
    if not q and search is None and collection is None and all(key.kind in (str, int) for key in keys):
        fetch = _kept_page(info, channel_slug, compared, sort, descending, keys)
    else:
        extra = {key.name: _SORT_ANNOTATIONS[key.name](channel_slug) for key in keys if key.name in _SORT_ANNOTATIONS}
        if sort == "COLLECTION":
            extra["collection_position"] = _collection_position(collection)
        ordered = matching().annotate(**extra) if extra else matching()

    if conditions.uses_stock:
        response_cache.not_cacheable(info)

    def count() -> int:
        if conditions.uses_stock:
            return matching().count()
        key = (
            cache_scope,
            channel_slug,
            catalogue_version(info, channel_slug),
            timezone.localdate().isoformat(),
            search,
            _freeze(flt),
            _freeze(args.get("where") or {}),
        )
        return selectors.cached_count(matching, key)

    return keyset_connection(
        ProductCountableConnection,
        ordered,
        keys,
        descending,
        args,
        count=count,
        after_fetch=loaded(channel_slug),
        fetch=fetch,
    )
