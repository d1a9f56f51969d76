"""Statements compiled once (marketplace/core/statements.py) give what Django's own run of the queryset gives,
with each run's values, and refuse a marker that would not land where it belongs."""

import datetime

import pytest
from django.utils import timezone
from graphene import relay

from marketplace.catalogue import selectors
from marketplace.catalogue.models import Product
from marketplace.channels.models import ProductChannelListing
from marketplace.core.statements import ModelRows, Statement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

CHANNEL = "sieu-thi-hcm"
SLUG_MARKER = "\x00slug-marker"
MOMENT_MARKER = datetime.datetime(1901, 1, 1, tzinfo=datetime.UTC)

PRODUCT = """
query($slug: String, $id: ID) {
  product(slug: $slug, id: $id, channel: "sieu-thi-hcm") {
    id name slug description seoTitle
    category { id name slug parent { slug } level }
    thumbnail(size: 1024) { url alt }
    media { url alt type }
    pricing { priceRange { start { gross { amount currency } net { amount } } stop { gross { amount } } } }
    variants { id name sku quantityAvailable pricing { price { gross { amount currency } } } }
  }
}
"""


def _products(moment):
    return selectors.api_products(CHANNEL, in_listings=False, facts=("ocop_stars",), moment=moment).prefetch_related(
        None
    )


def _fields(product) -> tuple:
    return (product.pk, product.name, product.ocop_stars, product.category.slug, product.category.parent)


def test_each_run_binds_its_own_values_and_reads_what_django_reads(catalogue):
    statement = ModelRows(
        _products(MOMENT_MARKER).filter(slug=SLUG_MARKER),
        related=("category", "category__parent", "producer"),
        defer=selectors.UNREAD_BY_THE_API,
        moment=MOMENT_MARKER,
        value=SLUG_MARKER,
    )
    now = timezone.now()
    for product in (catalogue["cua_khe"], catalogue["saphraton"]):
        [kept] = statement.run(moment=now, value=product.slug)
        [django] = _products(now).filter(slug=product.slug)
        assert _fields(kept) == _fields(django)
        assert (kept.producer.pk, kept.producer.name) == (django.producer.pk, django.producer.name)
        assert kept.get_deferred_fields() == django.get_deferred_fields() == set(selectors.UNREAD_BY_THE_API)
    assert statement.run(moment=now, value=catalogue["draft"].slug) == []

    # The moment is bound at each run, not the one of the first: a listing published tomorrow shows tomorrow.
    tomorrow = now + datetime.timedelta(days=1)
    ProductChannelListing.objects.filter(product=catalogue["cua_khe"], channel__slug=CHANNEL).update(
        published_at=tomorrow
    )
    assert statement.run(moment=now, value=catalogue["cua_khe"].slug) == []
    [later] = statement.run(moment=tomorrow + datetime.timedelta(seconds=1), value=catalogue["cua_khe"].slug)
    assert later.pk == catalogue["cua_khe"].pk


def test_rows_of_a_values_queryset(catalogue):
    statement = Statement(Product.objects.filter(slug=SLUG_MARKER).values_list("pk", "name"), slug=SLUG_MARKER)
    product = catalogue["saphraton"]
    assert statement.rows(slug=product.slug) == [(product.pk, product.name)]


def test_a_marker_that_would_not_land_unchanged_is_refused(db):
    with pytest.raises(ValueError, match="unchanged"):
        Statement(Product.objects.filter(name__icontains=SLUG_MARKER), name=SLUG_MARKER)
    with pytest.raises(ValueError, match="unchanged"):
        Statement(Product.objects.filter(slug="a"), slug=SLUG_MARKER)
    with pytest.raises(ValueError, match="prefetch"):
        Statement(Product.objects.prefetch_related("variants").filter(slug=SLUG_MARKER), slug=SLUG_MARKER)


def test_a_product_costs_five_statements_by_slug_or_id(client, catalogue, django_assert_num_queries):
    """The answer cache's version, the channel with the VAT rate, the product, its variants, its photos: the same
    for every product (the statements are kept compiled once, for the first)."""
    answers = []
    for product in (catalogue["cua_khe"], catalogue["saphraton"]):
        with django_assert_num_queries(5):
            variables = {"slug": product.slug}
            response = client.post("/graphql/", {"query": PRODUCT, "variables": variables}, "application/json")
        answers.append(response.json())
        assert "errors" not in answers[-1]
        assert answers[-1]["data"]["product"]["slug"] == product.slug
    by_id = client.post(
        "/graphql/", {"query": PRODUCT, "variables": {"id": answers[1]["data"]["product"]["id"]}}, "application/json"
    ).json()
    assert by_id == answers[1]
    saphraton = answers[1]["data"]["product"]
    assert len(saphraton["media"]) == 2
    assert saphraton["variants"] and saphraton["pricing"]["priceRange"]["start"]["gross"]["currency"] == "VND"


WALK = """
query($first: Int, $last: Int, $after: String, $before: String, $sortBy: ProductOrder, $filter: ProductFilterInput) {
  products(first: $first, last: $last, after: $after, before: $before, sortBy: $sortBy, filter: $filter) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { slug variants { sku } thumbnail { url } } }
  }
}
"""


def _walk(client, sort_by, backwards: bool, **filtered) -> list:
    """Every page of 2 in turn, forward (first/after) or backward (last/before)."""
    pages, cursor = [], None
    while True:
        variables = {"sortBy": sort_by, **filtered}
        variables |= {"last": 2, "before": cursor} if backwards else {"first": 2, "after": cursor}
        answer = client.post("/graphql/", {"query": WALK, "variables": variables}, "application/json").json()
        assert "errors" not in answer, answer
        connection = answer["data"]["products"]
        pages.append(connection)
        more = connection["pageInfo"]["hasPreviousPage" if backwards else "hasNextPage"]
        cursor = connection["pageInfo"]["startCursor" if backwards else "endCursor"]
        if not more:
            return pages


@pytest.mark.parametrize("field", ["NAME", "PRICE", "RATING", "TYPE"])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
def test_kept_pages_walk_as_django_built_ones_do(client, catalogue, field, direction):
    """A listing without conditions reads its pages through a kept statement; the same listing with a condition
    that keeps every product (all their ids) is built by Django at each request: the walks agree, both ways."""
    sort_by = {"field": field, "direction": direction}
    everything = {
        "filter": {
            "ids": [relay.Node.to_global_id("Product", pk) for pk in Product.objects.values_list("pk", flat=True)]
        }
    }
    for backwards in (False, True):
        kept_walk = _walk(client, sort_by, backwards)
        assert len(kept_walk) > 2
        assert kept_walk == _walk(client, sort_by, backwards, **everything)
