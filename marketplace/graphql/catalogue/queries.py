"""The catalogue's root fields, as Saleor 3 names them: products, product, productVariant(s), categories,
category. Resolvers are thin: they parse arguments, and the reads come from marketplace.catalogue.selectors."""

import graphene
from django.db.models import Q
from graphql import GraphQLError

from marketplace.catalogue import selectors
from marketplace.catalogue.models import Category as CategoryModel
from marketplace.catalogue.models import ProductVariant as VariantModel
from marketplace.core.errors import DomainError
from marketplace.core.text import plain_key
from marketplace.graphql.catalogue import attributes as attrs
from marketplace.graphql.catalogue import filter_inputs as inputs
from marketplace.graphql.catalogue import response_cache
from marketplace.graphql.catalogue.ids import check_text_arguments, pk_from_global_id, pks_from_global_ids
from marketplace.graphql.catalogue.listing import (
    Conditions,
    api_products,
    channel_slug_for,
    loaded,
    one_product,
    product_connection,
    variant_attributes_condition,
)
from marketplace.graphql.catalogue.pagination import SortKey, keyset_connection, list_connection
from marketplace.graphql.catalogue.types import (
    Category,
    CategoryCountableConnection,
    Product,
    ProductCountableConnection,
    ProductType,
    ProductTypeCountableConnection,
    ProductVariant,
    ProductVariantCountableConnection,
    all_categories,
    product_types,
)
from marketplace.graphql.core import parse_global_id
from marketplace.graphql.languages import LanguageCodeEnum


def _exactly_one(**given) -> None:
    check_text_arguments(given)
    if sum(value is not None for value in given.values()) != 1:
        raise GraphQLError(f"Provide exactly one of: {', '.join(f'`{name}`' for name in given)}.")


def _attach_products(info, variants: list, channel_slug: str) -> None:
    """Give variants read on their own their product, with everything a product shows (four statements)."""
    ids = {variant.product_id for variant in variants}
    if not ids:
        return
    products = api_products(info, channel_slug, in_listings=False)
    by_id = {product.pk: product for product in products.filter(pk__in=ids)}
    loaded(channel_slug)(by_id.values())
    for variant in variants:
        VariantModel.product.field.set_cached_value(variant, by_id[variant.product_id])


def _variant_conditions(conditions: Conditions, flt, where) -> Q:
    q = Q()
    for part in (flt or {}, where or {}):
        if part.get("metadata") or part.get("is_preorder"):
            q &= Q(pk__in=[])
        if part.get("stocks"):
            raise GraphQLError("Filtering variants by warehouse stock is not supported.")
    if flt and flt.get("sku"):
        q &= Q(sku__in=flt["sku"])
    if flt and flt.get("search"):
        q &= (
            Q(sku__icontains=flt["search"])
            | Q(name__icontains=flt["search"])
            | Q(product__name__icontains=flt["search"])
        )
    if where:
        if where.get("ids"):
            q &= Q(pk__in=pks_from_global_ids(where["ids"], "ProductVariant"))
        if where.get("sku"):
            sku = where["sku"]
            q &= Q(sku=sku["eq"]) if sku.get("eq") is not None else Q()
            q &= Q(sku__in=sku["one_of"]) if sku.get("one_of") is not None else Q()
        if where.get("stock_availability") is not None:
            conditions.uses_stock = True
            in_stock = Q(available__gt=0)
            q &= in_stock if getattr(where["stock_availability"], "value", None) == "IN_STOCK" else ~in_stock
        for entry in where.get("attributes") or ():
            q &= variant_attributes_condition(entry)
        for part in where.get("AND") or ():
            q &= _variant_conditions(conditions, None, part)
        if where.get("OR"):
            either = Q(pk__in=[])
            for part in where["OR"]:
                either |= _variant_conditions(conditions, None, part)
            q &= either
    return q


def _category_conditions(flt, where) -> Q:
    q = Q()
    for part in (flt or {}, where or {}):
        if part.get("metadata"):
            q &= Q(pk__in=[])
        if part.get("ids"):
            q &= Q(pk__in=pks_from_global_ids(part["ids"], "Category"))
    if flt:
        if flt.get("slugs"):
            q &= Q(slug__in=flt["slugs"])
        if flt.get("search"):
            q &= Q(name__icontains=flt["search"]) | Q(slug__icontains=flt["search"])
        if flt.get("updated_at"):
            if flt["updated_at"].get("gte") is not None:
                q &= Q(updated_at__gte=flt["updated_at"]["gte"])
            if flt["updated_at"].get("lte") is not None:
                q &= Q(updated_at__lte=flt["updated_at"]["lte"])
    if where:
        for part in where.get("AND") or ():
            q &= _category_conditions(None, part)
        if where.get("OR"):
            either = Q(pk__in=[])
            for part in where["OR"]:
                either |= _category_conditions(None, part)
            q &= either
    return q


def _connection_args() -> dict:
    return {"before": graphene.String(), "after": graphene.String(), "first": graphene.Int(), "last": graphene.Int()}


def _attribute_slug(global_id: str) -> str:
    """The slug inside an attribute's ID ("Attribute:<slug>"); anything else is the client's error."""
    try:
        kind, slug = parse_global_id(global_id, field=None)
    except DomainError:
        kind, slug = "", ""
    if kind != "Attribute":
        raise GraphQLError(f"Invalid Attribute ID: {global_id}.", extensions={"code": "GRAPHQL_ERROR"})
    return slug


class CatalogueQueries(graphene.ObjectType):
    products = graphene.Field(ProductCountableConnection, **inputs.product_list_args())
    product = graphene.Field(
        Product,
        id=graphene.ID(),
        slug=graphene.String(),
        slug_language_code=graphene.Argument(LanguageCodeEnum),
        external_reference=graphene.String(),
        channel=graphene.String(description="Slug of a channel; the HCMC online supermarket when omitted."),
    )
    product_variant = graphene.Field(
        ProductVariant,
        id=graphene.ID(),
        sku=graphene.String(),
        external_reference=graphene.String(),
        channel=graphene.String(),
    )
    product_variants = graphene.Field(
        ProductVariantCountableConnection,
        ids=graphene.List(graphene.NonNull(graphene.ID)),
        channel=graphene.String(),
        filter=graphene.Argument(inputs.ProductVariantFilterInput, deprecation_reason="Use `where` filter instead."),
        where=graphene.Argument(inputs.ProductVariantWhereInput),
        search=graphene.String(),
        sort_by=graphene.Argument(inputs.ProductVariantSortingInput),
        **_connection_args(),
    )
    categories = graphene.Field(
        CategoryCountableConnection,
        filter=graphene.Argument(inputs.CategoryFilterInput),
        where=graphene.Argument(inputs.CategoryWhereInput),
        sort_by=graphene.Argument(inputs.CategorySortingInput),
        level=graphene.Int(),
        **_connection_args(),
    )
    category = graphene.Field(
        Category, id=graphene.ID(), slug=graphene.String(), slug_language_code=graphene.Argument(LanguageCodeEnum)
    )

    product_type = graphene.Field(ProductType, id=graphene.ID(required=True))
    product_types = graphene.Field(
        ProductTypeCountableConnection,
        filter=graphene.Argument(inputs.ProductTypeFilterInput),
        sort_by=graphene.Argument(inputs.ProductTypeSortingInput),
        **_connection_args(),
    )
    attribute = graphene.Field(
        attrs.Attribute, id=graphene.ID(), slug=graphene.String(), external_reference=graphene.String()
    )
    attributes = graphene.Field(
        attrs.AttributeCountableConnection,
        filter=graphene.Argument(attrs.AttributeFilterInput),
        where=graphene.Argument(attrs.AttributeWhereInput),
        sort_by=graphene.Argument(attrs.AttributeSortingInput),
        search=graphene.String(),
        channel=graphene.String(),
        **_connection_args(),
    )

    @staticmethod
    def resolve_product_type(root, info, id):
        pk = pk_from_global_id(id, "ProductType")
        return next((product_type for product_type in product_types(info) if product_type.id == pk), None)

    @staticmethod
    def resolve_product_types(root, info, filter=None, sort_by=None, **args):
        check_text_arguments([filter, args])
        found = product_types(info)
        if filter:
            if filter.get("metadata"):
                found = []
            if filter.get("ids") is not None:
                pks = set(pks_from_global_ids(filter["ids"], "ProductType"))
                found = [product_type for product_type in found if product_type.id in pks]
            if filter.get("slugs") is not None:
                found = [product_type for product_type in found if product_type.slug in filter["slugs"]]
            if filter.get("search"):
                words = plain_key(filter["search"])
                found = [t for t in found if words in plain_key(t.name) or words in t.slug]
            if filter.get("kind") is not None and getattr(filter["kind"], "value", filter["kind"]) != "NORMAL":
                found = []
        if sort_by:
            # NAME, or SHIPPING_REQUIRED (every type is shipped: the name orders them then).
            descending = getattr(sort_by["direction"], "value", None) == "DESC"
            found = sorted(found, key=lambda t: (plain_key(t.name), t.id), reverse=descending)
        return list_connection(ProductTypeCountableConnection, found, args)

    @staticmethod
    def resolve_attribute(root, info, id=None, slug=None, external_reference=None):
        _exactly_one(id=id, slug=slug, external_reference=external_reference)
        if id is not None:
            slug = _attribute_slug(id)
        return attrs.ATTRIBUTES_BY_SLUG.get(slug)  # None for an external reference: we keep none

    @staticmethod
    def resolve_attributes(root, info, search=None, channel=None, filter=None, where=None, sort_by=None, **args):
        # The attributes are the same in every channel: `channel` only has to be a well-formed slug.
        check_text_arguments([search, channel, filter, where, args])
        found = list(attrs.ATTRIBUTES_BY_SLUG.values())
        if search:
            found = [attribute for attribute in found if attrs.attribute_matches(attribute, search)]
        if filter:
            for key in ("in_collection", "in_category"):
                if filter.get(key) is not None:
                    pk_from_global_id(filter[key], "Collection" if key == "in_collection" else "Category")
            found = [attribute for attribute in found if attrs.attribute_passes(attribute, filter)]
        if where:
            _check_where_ids(where)
            found = [attribute for attribute in found if attrs.attribute_where(attribute, where)]
        if sort_by:
            field = getattr(sort_by["field"], "value", sort_by["field"])
            descending = getattr(sort_by["direction"], "value", None) == "DESC"
            found = sorted(found, key=attrs.attribute_sort_key(field), reverse=descending)
        return list_connection(attrs.AttributeCountableConnection, found, args)

    @staticmethod
    def resolve_products(root, info, **args):
        return product_connection(info, args)

    @staticmethod
    def resolve_product(root, info, id=None, slug=None, slug_language_code=None, external_reference=None, channel=None):
        _exactly_one(id=id, slug=slug, external_reference=external_reference)
        if external_reference is not None:
            return None  # we keep no external references
        channel_slug = channel_slug_for(info, channel)
        # Slugs are not translated: a slug in any language is the product's one slug.
        if id:
            return one_product(info, channel_slug, pk=pk_from_global_id(id, "Product"))
        return one_product(info, channel_slug, slug=slug)

    @staticmethod
    def resolve_product_variant(root, info, id=None, sku=None, external_reference=None, channel=None):
        _exactly_one(id=id, sku=sku, external_reference=external_reference)
        if external_reference is not None:
            return None
        channel_slug = channel_slug_for(info, channel)
        lookup = {"pk": pk_from_global_id(id, "ProductVariant")} if id else {"sku": sku}
        variant = selectors.api_variants(channel_slug).filter(**lookup).first()
        if variant is not None:
            _attach_products(info, [variant], channel_slug)
        return variant

    @staticmethod
    def resolve_product_variants(
        root, info, ids=None, channel=None, filter=None, where=None, search=None, sort_by=None, **args
    ):
        check_text_arguments([ids, channel, filter, where, search, args])
        channel_slug = channel_slug_for(info, channel)
        conditions = Conditions(channel_slug)
        variants = selectors.api_variants(channel_slug).filter(_variant_conditions(conditions, filter, where))
        if ids:
            variants = variants.filter(pk__in=pks_from_global_ids(ids, "ProductVariant"))
        if search:
            variants = variants.filter(Q(sku__icontains=search) | Q(name__icontains=search))
        if conditions.uses_stock:
            response_cache.not_cacheable(info)
        descending = bool(sort_by) and getattr(sort_by["direction"], "value", None) == "DESC"
        keys = [SortKey("pk", int)]  # variants carry no modification time of their own: LAST_MODIFIED_AT is id order
        return keyset_connection(
            ProductVariantCountableConnection,
            variants,
            keys,
            descending,
            args,
            count=variants.count,
            after_fetch=lambda rows: _attach_products(info, rows, channel_slug),
        )

    @staticmethod
    def resolve_categories(root, info, filter=None, where=None, sort_by=None, level=None, **args):
        check_text_arguments([filter, where, args])
        categories = list(all_categories(info).values())
        conditions = _category_conditions(filter, where)
        if conditions:
            wanted = set(CategoryModel.objects.filter(conditions).values_list("pk", flat=True))
            categories = [category for category in categories if category.pk in wanted]
        if level is not None:
            categories = [category for category in categories if Category.resolve_level(category, info) == level]
        if sort_by:
            field = getattr(sort_by["field"], "value", sort_by["field"])
            reverse = getattr(sort_by["direction"], "value", None) == "DESC"
            if field == "SUBCATEGORY_COUNT":
                key = lambda category: (len(category.api_children), category.name)  # noqa: E731
            elif field == "PRODUCT_COUNT":
                counts = _product_counts()
                key = lambda category: (counts.get(category.pk, 0), category.name)  # noqa: E731
            else:
                key = lambda category: (category.name, category.pk)  # noqa: E731
            categories.sort(key=key, reverse=reverse)
        return list_connection(CategoryCountableConnection, categories, args)

    @staticmethod
    def resolve_category(root, info, id=None, slug=None, slug_language_code=None):
        _exactly_one(id=id, slug=slug)
        categories = all_categories(info).values()
        if id is not None:
            pk = pk_from_global_id(id, "Category")
            return next((category for category in categories if category.pk == pk), None)
        return next((category for category in categories if category.slug == slug), None)


def _check_where_ids(where) -> None:
    """The collection and category ids inside an AttributeWhereInput must be ids of those (every attribute of ours
    is used in every collection and category, so a well-formed id filters nothing out)."""
    for key, type_name in (("in_collection", "Collection"), ("in_category", "Category")):
        if where.get(key) is not None:
            pk_from_global_id(where[key], type_name)
    for part in (*(where.get("AND") or ()), *(where.get("OR") or ())):
        _check_where_ids(part)


def _product_counts() -> dict[int, int]:
    """Visible products per group, a group counting its subgroups' too."""
    counts = {}
    for group in selectors.top_groups_with_counts():
        counts[group.pk] = group.product_count
    return counts
