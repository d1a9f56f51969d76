"""A translation's `translatableContent` (collections, pages, menu items, attributes and their values) leads back to
the source it translates; pages take Saleor's `where` metadata and attributes filters; an attribute value filter may
ask for a reference."""

import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphene import relay

from marketplace.catalogue import services as catalogue
from marketplace.channels.models import Channel
from marketplace.content import services as content
from tests.storefront import catalogue_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

COLLECTIONS = """query($first: Int) { collections(first: $first, channel: "%s") { edges { node {
  translation(languageCode: EN) { name translatableContent {
    id collectionId name translation(languageCode: EN) { name } collection { slug } } } } } } }"""


@pytest.fixture
def online(db):
    return Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)


@pytest.fixture
def returns_page(db):
    policies = content.create_page_type(name="Chính sách")
    page = content.create_page(
        page_type=policies, title="Chính sách đổi trả", slug="doi-tra", content="Đổi trong 7 ngày.", is_published=True
    )
    content.set_page_translation(page=page, language_code="en", title="Returns policy")
    content.create_page(page_type=policies, title="Chính sách bảo mật", slug="bao-mat", is_published=True)
    return page


def run(client, text, **variables):
    response = client.post("/graphql/", {"query": text, "variables": variables}, content_type="application/json")
    assert response.status_code == 200, response.content
    result = response.json()
    assert "errors" not in result, result["errors"]
    return result["data"]


def _collections(online, count):
    made = []
    for number in range(count):
        collection = catalogue.create_collection(name=f"Bộ sưu tập {number}")
        catalogue.set_collection_channel_listing(collection=collection, channel=online)
        catalogue.set_collection_translation(collection=collection, language_code="en", name=f"Collection {number}")
        made.append(collection)
    return made


def test_a_collections_translation_leads_back_to_the_collection(client, online):
    (collection,) = _collections(online, 1)
    node = run(client, COLLECTIONS % online.slug, first=5)["collections"]["edges"][0]["node"]
    assert node["translation"] == {
        "name": "Collection 0",
        "translatableContent": {
            "id": relay.Node.to_global_id("CollectionTranslatableContent", collection.pk),
            "collectionId": relay.Node.to_global_id("Collection", collection.pk),
            "name": "Bộ sưu tập 0",
            "translation": {"name": "Collection 0"},
            "collection": {"slug": collection.slug},
        },
    }


def test_a_page_of_collections_with_their_contents_costs_the_same_for_two_or_ten(client, online):
    _collections(online, 10)
    counts = []
    for first in (2, 10):
        with CaptureQueriesContext(connection) as queries:
            edges = run(client, COLLECTIONS % online.slug, first=first)["collections"]["edges"]
        assert [edge["node"]["translation"]["translatableContent"]["name"] for edge in edges] == [
            f"Bộ sưu tập {number}" for number in range(first)
        ]
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_pages_and_a_menu_items_translation_lead_back_to_their_source(client, returns_page):
    page = run(
        client,
        """{ page(slug: "doi-tra") { translation(languageCode: EN) { title translatableContent {
             pageId title content translation(languageCode: EN) { title } } } } }""",
    )["page"]
    assert page["translation"]["title"] == "Returns policy"
    source = page["translation"]["translatableContent"]
    assert source["pageId"] == relay.Node.to_global_id("Page", returns_page.pk)
    assert source["title"] == "Chính sách đổi trả"
    assert json.loads(source["content"])["blocks"] == [{"type": "paragraph", "data": {"text": "Đổi trong 7 ngày."}}]
    assert source["translation"] == {"title": "Returns policy"}

    menu = content.create_menu(name="Chân trang", slug="footer")
    item = content.create_menu_item(menu=menu, name="Đổi trả", page=returns_page)
    content.set_menu_item_translation(item=item, language_code="en", name="Returns")
    items = run(
        client,
        """{ menu(slug: "footer") { items { translation(languageCode: EN) { name
             translatableContent { menuItemId name menuItem { name } } } } } }""",
    )["menu"]["items"]
    assert items == [
        {
            "translation": {
                "name": "Returns",
                "translatableContent": {
                    "menuItemId": relay.Node.to_global_id("MenuItem", item.pk),
                    "name": "Đổi trả",
                    "menuItem": {"name": "Đổi trả"},
                },
            }
        }
    ]


def test_an_attributes_and_its_values_translations_lead_back_to_them(client, db):
    attribute = run(
        client,
        """{ attribute(slug: "ocop-stars") { translation(languageCode: EN) { name
             translatableContent { attributeId name } }
           choices(first: 1) { edges { node { translation(languageCode: EN) { name
             translatableContent { attributeValueId name attribute { name } } } } } } } }""",
    )["attribute"]
    assert attribute["translation"]["translatableContent"] == {
        "attributeId": relay.Node.to_global_id("Attribute", "ocop-stars"),
        "name": "Hạng sao OCOP",
    }
    value = attribute["choices"]["edges"][0]["node"]["translation"]
    assert value["name"] == "3 stars"
    assert value["translatableContent"] == {
        "attributeValueId": relay.Node.to_global_id("AttributeValue", "ocop-stars:3-sao"),
        "name": "3 sao",
        "attribute": {"name": "Hạng sao OCOP"},
    }


PAGES = "query($w: PageWhereInput) { pages(first: 10, where: $w) { edges { node { slug } } } }"


def _slugs(client, where):
    return sorted(edge["node"]["slug"] for edge in run(client, PAGES, w=where)["pages"]["edges"])


def test_pages_where_metadata_or_attributes_find_none_of_our_pages(client, returns_page):
    assert _slugs(client, {}) == ["bao-mat", "doi-tra"]
    # A page keeps no metadata and no attribute values: asking for either finds nothing, asking nothing finds all.
    assert _slugs(client, {"metadata": {"key": "color"}}) == []
    assert _slugs(client, {"metadata": {"key": "color", "value": {"eq": "red"}}}) == []
    assert _slugs(client, {"attributes": [{"slug": "ocop-stars"}]}) == []
    assert _slugs(client, {"attributes": [{"slug": "ocop-stars", "value": {"slug": {"eq": "3-sao"}}}]}) == []
    assert _slugs(client, {"attributes": []}) == ["bao-mat", "doi-tra"]
    either = {"OR": [{"attributes": [{"slug": "ocop-stars"}]}, {"slug": {"eq": "doi-tra"}}]}
    assert _slugs(client, either) == ["doi-tra"]
    both = {"AND": [{"metadata": {"key": "color"}}, {"slug": {"eq": "doi-tra"}}]}
    assert _slugs(client, both) == []


def test_an_attribute_value_asked_by_reference_matches_no_product(client, db):
    catalogue_data.shopper_catalogue()
    query = """query($w: ProductWhereInput) { products(first: 50, channel: "%s", where: $w) { totalCount } }"""
    query %= settings.STOREFRONT_CHANNEL_SLUG

    def count(value):
        return run(client, query, w={"attributes": [{"slug": "ocop-stars", "value": value}]})["products"]["totalCount"]

    assert count({"slug": {"oneOf": ["3-sao", "4-sao", "5-sao"]}}) > 0
    # None of our attributes refers to a page, product or category: a reference matches nothing.
    assert count({"reference": {"referencedIds": {"containsAny": ["UGFnZTox"]}}}) == 0
    # Two value fields at once are the client's error, as Saleor documents ("only one value input field").
    both = {"slug": {"oneOf": ["3-sao", "4-sao", "5-sao"]}, "reference": {"pageSlugs": {"containsAll": []}}}
    variables = {"w": {"attributes": [{"slug": "ocop-stars", "value": both}]}}
    answer = client.post("/graphql/", {"query": query, "variables": variables}, content_type="application/json").json()
    assert answer["data"]["products"] is None
    assert answer["errors"][0]["message"] == "Only one value input field is allowed in an attribute's `value`."
