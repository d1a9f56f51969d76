"""Saleor catalogue fields added for issue 12: Product.collections (and the cached answers that show them),
ProductVariant.stocks (staff only) and preorder, the older images fields, ProductType.products, the filter, where and
sortBy arguments of attributes and their choices, hostile ids as errors."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from graphene import relay

from inventory import locations
from inventory.models import Stock, Warehouse
from inventory.services import receive_goods
from marketplace.accounts.services import create_user
from marketplace.catalogue import services as catalogue
from marketplace.catalogue.models import Category
from tests.graphql.test_saleor_operations import CHANNEL, operation
from tests.storefront import catalogue_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def products(db):
    cache.clear()
    return catalogue_data.shopper_catalogue()


@pytest.fixture
def gifts(products):
    collection = catalogue.create_collection(name="Quà tặng xứ Quảng")
    for key in ("saphraton", "chanh"):
        catalogue.add_product_to_collection(collection=collection, product=products[key])
    catalogue.set_collection_channel_listing(collection=collection, channel=catalogue_data.online_channel())
    return collection


def post(client, text, *, refused_ok=False, **variables):
    """The answer's JSON; a request the view refuses as a whole (a NUL character: 400) only when refused_ok."""
    response = client.post("/graphql/", {"query": text, "variables": variables}, content_type="application/json")
    assert response.status_code in ((200, 400) if refused_ok else (200,))
    return response.json()


def run(client, text, **variables):
    result = post(client, text, **variables)
    assert "errors" not in result, result["errors"]
    return result["data"]


def nodes(connection):
    return [edge["node"] for edge in connection["edges"]]


def by_slug(data):
    return {node["slug"]: node for node in nodes(data["products"])}


def collections_of(client, slug, **variables):
    data = run(client, operation("ProductCollections"), first=20, channel=CHANNEL, **variables)
    return [collection["name"] for collection in by_slug(data)[slug]["collections"]]


def test_product_collections_lists_the_published_ones_and_old_fields_answer(client, products, gifts):
    data = run(client, operation("ProductCollections"), first=20, channel=CHANNEL)
    found = by_slug(data)
    assert [c["slug"] for c in found[products["saphraton"].slug]["collections"]] == [gifts.slug]
    assert found[products["tra_sam"].slug]["collections"] == []
    node = found[products["saphraton"].slug]
    assert node["chargeTaxes"] is True
    assert json.loads(node["descriptionJson"])["blocks"][0]["type"] == "paragraph"
    assert node["taxType"] is None
    variant = node["variants"][0]
    assert variant["preorder"] is None
    assert [image["id"] for image in variant["images"]] == [image["id"] for image in node["images"]]
    assert all(image["url"].endswith("/256/") for image in node["images"])
    assert isinstance(variant["quantityAvailable"], int)


def test_a_cached_answer_changes_when_a_collection_is_published_renamed_or_emptied(client, products, gifts):
    saphraton = products["saphraton"].slug
    assert collections_of(client, saphraton) == ["Quà tặng xứ Quảng"]
    assert collections_of(client, saphraton) == ["Quà tặng xứ Quảng"]  # from the cache now

    catalogue.update_collection(collection=gifts, name="Quà Tết")
    assert collections_of(client, saphraton) == ["Quà Tết"]

    online = catalogue_data.online_channel()
    catalogue.set_collection_channel_listing(collection=gifts, channel=online, is_published=False)
    assert collections_of(client, saphraton) == []
    catalogue.set_collection_channel_listing(collection=gifts, channel=online, is_published=True)
    assert collections_of(client, saphraton) == ["Quà Tết"]

    catalogue.remove_product_from_collection(entry=gifts.collection_products.get(product=products["saphraton"]))
    assert collections_of(client, saphraton) == []

    tet = catalogue.create_collection(name="Đặc sản Tết")
    catalogue.add_product_to_collection(collection=tet, product=products["saphraton"])
    assert collections_of(client, saphraton) == []  # listed in no channel yet
    listing = catalogue.set_collection_channel_listing(collection=tet, channel=online)
    assert collections_of(client, saphraton) == ["Đặc sản Tết"]
    catalogue.remove_collection_channel_listing(listing=listing)
    assert collections_of(client, saphraton) == []


def test_a_collection_scheduled_later_ends_the_cached_answers_life(client, products, gifts):
    from marketplace.catalogue import selectors

    later = timezone.now() + datetime.timedelta(minutes=3)
    tet = catalogue.create_collection(name="Đặc sản Tết")
    catalogue.set_collection_channel_listing(
        collection=tet, channel=catalogue_data.online_channel(), published_at=later
    )
    _, next_publication = selectors.catalogue_version_and_next_publication(timezone.now())
    assert next_publication == later


def test_product_collections_cost_the_same_queries_for_two_products_or_ten(
    client, products, gifts, django_assert_num_queries
):
    for key in ("tra_sam", "banh_trang_hai_an", "hoa_tien"):
        catalogue.add_product_to_collection(collection=gifts, product=products[key])
    counts = []
    for first in (2, 10):
        cache.clear()

        with CaptureQueriesContext(connection) as queries:
            data = run(client, operation("ProductCollections"), first=first, channel=CHANNEL)
        assert len(data["products"]["edges"]) == first
        counts.append(len(queries))
    # the catalogue version, the page and its count, variants, photos; the collections of the whole page, their
    # translations, channel listings and channels
    assert counts == [9, 9]


def test_variant_stocks_are_for_staff_only_and_batched(client, products):
    tea = products["saphraton"]
    variant = tea.variants.get()
    warehouse = Warehouse.objects.get(slug=locations.FULFILMENT_HCM)
    before = Stock.objects.filter(warehouse=warehouse, product_variant=variant).values_list("quantity", flat=True)
    had = before.first() or 0
    receive_goods(warehouse=warehouse, producer=tea.producer, lines=[(variant, 5)])
    variant_id = relay.Node.to_global_id("ProductVariant", variant.pk)

    result = post(client, operation("VariantStocks"), id=variant_id, channel=CHANNEL)
    assert result["data"]["productVariant"]["stocks"] is None
    assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"

    shopper = create_user(email="khach@example.com", password="mat-khau-dai-1", role="shopper")
    client.force_login(shopper)
    result = post(client, operation("VariantStocks"), id=variant_id, channel=CHANNEL)
    assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"

    manager = create_user(email="quanly@example.com", password="mat-khau-dai-1", role="manager")
    client.force_login(manager)
    stocks = run(client, operation("VariantStocks"), id=variant_id, channel=CHANNEL)["productVariant"]["stocks"]
    mine = [stock for stock in stocks if stock["warehouse"]["slug"] == locations.FULFILMENT_HCM]
    assert mine == [
        {
            "id": mine[0]["id"],
            "warehouse": {"slug": locations.FULFILMENT_HCM, "name": warehouse.name},
            "productVariant": {"sku": variant.sku},
            "quantity": had + 5,
            "quantityAllocated": 0,
            "quantityReserved": 0,
        }
    ]
    abroad = run(client, operation("VariantStocks"), id=variant_id, channel=CHANNEL, countryCode="US")
    assert abroad["productVariant"]["stocks"] == []


def test_a_managers_answer_with_stocks_is_never_served_to_a_shopper_from_the_cache(client, products):
    text = """{ products(first: 3, channel: "sieu-thi-hcm") { edges { node { slug
      variants { sku stocks { quantity } } productType { availableAttributes(first: 1) { totalCount } } } } } }"""
    manager = create_user(email="quanly@example.com", password="mat-khau-dai-1", role="manager")
    client.force_login(manager)
    assert run(client, text) == run(client, text)
    client.logout()
    result = post(client, text)
    assert {error["extensions"]["exception"]["code"] for error in result["errors"]} == {"PermissionDenied"}
    shown = nodes(result["data"]["products"])
    assert shown and all(variant["stocks"] is None for node in shown for variant in node["variants"])
    assert all(node["productType"]["availableAttributes"] is None for node in shown)


def test_stocks_of_a_page_of_products_cost_one_statement(client, products, django_assert_num_queries):
    manager = create_user(email="quanly@example.com", password="mat-khau-dai-1", role="manager")
    client.force_login(manager)
    text = """query($first: Int) { products(first: $first, channel: "sieu-thi-hcm") {
      edges { node { variants { sku stocks { quantity warehouse { slug } } } } } } }"""

    counts = []
    for first in (2, 10):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            run(client, text, first=first)
        counts.append(len(queries))
    assert counts == [7, 7]  # the stock rows of the whole page in one statement


def test_stocks_of_a_page_of_variants_cost_one_statement(client, products):

    client.force_login(create_user(email="quanly@example.com", password="mat-khau-dai-1", role="manager"))
    text = """query($first: Int) { productVariants(first: $first, channel: "sieu-thi-hcm") {
      edges { node { sku stocks { quantity productVariant { sku } } } } } }"""
    counts = []
    for first in (2, 8):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            data = run(client, text, first=first)
        assert len(data["productVariants"]["edges"]) == first
        for edge in data["productVariants"]["edges"]:
            assert {stock["productVariant"]["sku"] for stock in edge["node"]["stocks"]} <= {edge["node"]["sku"]}
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_quantity_available_abroad_is_zero(client, products):
    data = run(client, operation("ProductCollections"), first=20, channel=CHANNEL, countryCode="DE")
    assert {variant["quantityAvailable"] for node in nodes(data["products"]) for variant in node["variants"]} == {0}


def test_product_type_products_are_the_groups(client, products):
    food = Category.objects.get(slug="thuc-pham")
    type_id = relay.Node.to_global_id("ProductType", food.pk)
    data = run(client, operation("ProductTypeProducts"), id=type_id, channel=CHANNEL, first=3, typeSearch="thuc")
    found = data["productType"]
    assert found["name"] == "Thực phẩm"
    assert found["weight"] is None
    assert found["products"]["totalCount"] == 6  # the group and its two subgroups, as Category.products
    assert found["products"]["pageInfo"]["hasNextPage"] is True
    assert len(found["products"]["edges"]) == 3
    assert found["assignedVariantAttributes"] == [{"attribute": {"slug": "pack-size"}, "variantSelection": True}]
    assert [node["slug"] for node in nodes(data["productTypes"])] == ["thuc-pham"]
    all_types = run(client, operation("ProductTypeProducts"), id=type_id, channel=CHANNEL, first=1)["productTypes"]
    slugs = [node["slug"] for node in nodes(all_types)]
    assert slugs == ["thuc-pham", "thu-cong-my-nghe", "duoc-lieu", "do-uong"]  # name descending


def attributes(client, **variables):
    return nodes(run(client, operation("AttributeFilters"), **variables)["attributes"])


def test_attributes_filter_where_search_and_sort(client, products):
    assert [a["slug"] for a in attributes(client, search="sao")] == ["ocop-stars"]
    assert [a["slug"] for a in attributes(client, filter={"search": "thanh phan"})] == ["ingredients"]
    picked = attributes(
        client, filter={"slugs": ["origin", "weight-grams"]}, sortBy={"field": "SLUG", "direction": "DESC"}
    )
    assert [a["slug"] for a in picked] == ["weight-grams", "origin"]
    assert picked[0]["unit"] == "G" and picked[1]["unit"] is None
    assert picked[0]["productTypes"]["totalCount"] == 0 and picked[0]["productVariantTypes"]["totalCount"] == 4
    assert picked[1]["referenceTypes"] == []
    ocop = relay.Node.to_global_id("Attribute", "ocop-stars")
    assert [a["slug"] for a in attributes(client, filter={"ids": [ocop]})] == ["ocop-stars"]
    variant_only = attributes(client, filter={"isVariantOnly": True}, sortBy={"field": "NAME", "direction": "ASC"})
    assert [a["slug"] for a in variant_only] == ["weight-grams", "pack-size"]  # "Khối lượng" before "Quy cách"
    where = {"OR": [{"slug": {"eq": "origin"}}, {"inputType": {"oneOf": ["MULTISELECT"]}}]}
    assert sorted(a["slug"] for a in attributes(client, where=where)) == ["origin", "product-kind"]
    assert [
        a["slug"] for a in attributes(client, where={"withChoices": True, "slug": {"oneOf": ["origin", "ocop-stars"]}})
    ] == ["ocop-stars"]


def test_choices_filter_where_and_sort(client, products):
    stars = {"slugs": ["ocop-stars"]}

    def choices(**variables):
        return [value["slug"] for value in nodes(attributes(client, filter=stars, **variables)[0]["choices"])]

    assert choices() == ["3-sao", "4-sao", "5-sao"]
    assert choices(choicesSortBy={"field": "SLUG", "direction": "DESC"}) == ["5-sao", "4-sao", "3-sao"]
    assert choices(choicesFilter={"slugs": ["4-sao", "9-sao"]}) == ["4-sao"]
    assert choices(choicesFilter={"search": "5"}) == ["5-sao"]
    four = relay.Node.to_global_id("AttributeValue", "ocop-stars:4-sao")
    assert choices(choicesFilter={"ids": [four]}) == ["4-sao"]
    assert choices(choicesWhere={"OR": [{"slug": {"eq": "3-sao"}}, {"name": {"eq": "5 sao"}}]}) == ["3-sao", "5-sao"]


@pytest.mark.parametrize(
    "variables",
    [
        {"filter": {"ids": ["not-an-id"]}},
        {"filter": {"ids": [relay.Node.to_global_id("Product", 1)]}},
        {"where": {"ids": ["%%%"]}},
        {"where": {"inCategory": "Q2F0ZWdvcnk6eA=="}},
        {"filter": {"inCollection": "bad"}},
        {"filter": {"slugs": ["a\u0000b"]}},
        {"search": "\u0000"},
        {"filter": {"slugs": ["ocop-stars"]}, "choicesFilter": {"ids": ["nope"]}},
        {
            "filter": {"slugs": ["ocop-stars"]},
            "choicesWhere": {"AND": [{"ids": [relay.Node.to_global_id("Attribute", "x")]}]},
        },
    ],
)
def test_hostile_arguments_are_errors_as_data(client, products, variables):
    result = post(client, operation("AttributeFilters"), refused_ok=True, **variables)
    assert result["errors"], result
    assert "Traceback" not in str(result) and "invalid literal" not in str(result)


@pytest.mark.parametrize(
    "type_id", ["x", relay.Node.to_global_id("Category", 1), relay.Node.to_global_id("ProductType", "abc")]
)
def test_a_product_type_by_a_bad_id_is_an_error(client, products, type_id):
    result = post(client, operation("ProductTypeProducts"), id=type_id, channel=CHANNEL, first=1)
    assert result["errors"][0]["message"].startswith("Invalid ProductType ID")


def test_available_attributes_are_for_staff(client, products):
    food = relay.Node.to_global_id("ProductType", Category.objects.get(slug="thuc-pham").pk)
    text = "query($id: ID!) { productType(id: $id) { availableAttributes(first: 5) { totalCount } } }"
    result = post(client, text, id=food)
    assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    client.force_login(create_user(email="quanly@example.com", password="mat-khau-dai-1", role="manager"))
    assert run(client, text, id=food)["productType"]["availableAttributes"]["totalCount"] == 0


# --- translations(kind) and translation(id, kind): staff only -------------------------------------------------------


@pytest.fixture
def manager(db):
    return create_user(email="quanly@example.com", password="mat-khau-dai-1", role="manager")


def translations(client, kind, **variables):
    return run(client, operation("TranslatableItems"), kind=kind, languageCode="EN", **variables)["translations"]


@pytest.mark.parametrize("who", [None, "shopper"])
def test_translations_are_for_staff_only(client, products, who):
    if who:
        client.force_login(create_user(email="khach@example.com", password="mat-khau-dai-1", role="shopper"))
    for name, variables in (
        ("TranslatableItems", {"kind": "PRODUCT", "first": 5}),
        ("TranslatableItem", {"kind": "PRODUCT", "id": relay.Node.to_global_id("Product", products["chanh"].pk)}),
    ):
        result = post(client, operation(name), languageCode="EN", **variables)
        assert result["data"] == {"translations" if name == "TranslatableItems" else "translation": None}
        assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
        if who:  # a signed-in shopper is told the permission it lacks; nobody signed in, to sign in
            assert "MANAGE_TRANSLATIONS" in result["errors"][0]["message"]


def test_translations_list_every_item_of_a_kind_with_its_english(client, products, gifts, manager):
    from marketplace.catalogue.services import edit_product

    edit_product(product=products["saphraton"], user=manager, name_en="Ngoc Linh ginseng SAPHRATON")
    catalogue.set_collection_translation(collection=gifts, language_code="en", name="Gifts of Quảng")
    client.force_login(manager)

    all_products = translations(client, "PRODUCT", first=100)
    assert all_products["totalCount"] == len(products)  # hidden and draft products too: translators see all
    found = {node["productId"]: node for node in (edge["node"] for edge in all_products["edges"])}
    ginseng = found[relay.Node.to_global_id("Product", products["saphraton"].pk)]
    assert ginseng["__typename"] == "ProductTranslatableContent"
    assert ginseng["name"] == "Sâm Ngọc Linh SAPHRATON"
    assert ginseng["productTranslation"]["name"] == "Ngoc Linh ginseng SAPHRATON"
    assert found[relay.Node.to_global_id("Product", products["chanh"].pk)]["productTranslation"] is None

    page = translations(client, "PRODUCT", first=3)
    assert len(page["edges"]) == 3 and page["pageInfo"]["hasNextPage"] is True
    rest = translations(client, "PRODUCT", first=100, after=page["pageInfo"]["endCursor"])
    assert len(rest["edges"]) == len(products) - 3

    collections = translations(client, "COLLECTION", first=10)
    assert [(n["node"]["name"], n["node"]["collectionTranslation"]["name"]) for n in collections["edges"]] == [
        ("Quà tặng xứ Quảng", "Gifts of Quảng")
    ]
    values = {
        edge["node"]["name"]: edge["node"] for edge in translations(client, "ATTRIBUTE_VALUE", first=100)["edges"]
    }
    assert values["5 sao"]["attributeValueTranslation"]["name"] == "5 stars"
    assert values["5 sao"]["attribute"]["name"] == "Hạng sao OCOP"
    attributes = translations(client, "ATTRIBUTE", first=100)
    assert attributes["totalCount"] == 9
    categories = translations(client, "CATEGORY", first=100)
    assert {edge["node"]["name"] for edge in categories["edges"]} >= {"Thực phẩm", "Gia vị"}
    # Members of TranslatableItem the client may ask for (the operation's fragments) that nothing ever is.
    for kind in ("VOUCHER", "PROMOTION", "PROMOTION_RULE", "SALE"):
        assert translations(client, kind, first=5) == {
            "totalCount": 0,
            "pageInfo": {"hasNextPage": False, "endCursor": None},
            "edges": [],
        }


def test_no_voucher_promotion_or_sale_is_found_by_its_id(client, manager):
    client.force_login(manager)
    text = """query($id: ID!, $kind: TranslatableKinds!) { translation(id: $id, kind: $kind) {
      ... on SaleTranslatableContent { saleId } ... on PromotionTranslatableContent { promotionId } } }"""
    for kind, type_name in (("SALE", "Sale"), ("PROMOTION", "Promotion"), ("VOUCHER", "Voucher")):
        assert run(client, text, id=relay.Node.to_global_id(type_name, 1), kind=kind) == {"translation": None}


def test_a_page_of_translations_costs_the_same_for_two_items_or_ten(client, products, manager):

    for number in range(12):
        collection = catalogue.create_collection(name=f"Bộ sưu tập {number}")
        catalogue.set_collection_translation(collection=collection, language_code="en", name=f"Collection {number}")
    client.force_login(manager)
    for kind in ("PRODUCT", "VARIANT", "COLLECTION", "PAGE", "MENU_ITEM"):
        counts = []
        for first in (2, 10):
            with CaptureQueriesContext(connection) as queries:
                page = translations(client, kind, first=first)
            if kind == "COLLECTION":
                assert [edge["node"]["collectionTranslation"]["name"] for edge in page["edges"]] == [
                    f"Collection {number}" for number in range(first)
                ]
            counts.append(len(queries))
        assert counts[0] == counts[1], kind


def test_one_translatable_item_by_id(client, products, gifts, manager):
    client.force_login(manager)
    item = run(
        client,
        operation("TranslatableItem"),
        id=relay.Node.to_global_id("Product", products["chanh"].pk),
        kind="PRODUCT",
        languageCode="EN",
    )["translation"]
    assert item["__typename"] == "ProductTranslatableContent" and item["name"] == products["chanh"].name
    value = run(
        client,
        operation("TranslatableItem"),
        id=relay.Node.to_global_id("AttributeValue", "ocop-stars:4-sao"),
        kind="ATTRIBUTE_VALUE",
        languageCode="EN",
    )["translation"]
    assert value["attributeValueTranslation"]["name"] == "4 stars"
    missing = relay.Node.to_global_id("Collection", 999_999)
    assert run(client, operation("TranslatableItem"), id=missing, kind="COLLECTION", languageCode="EN") == {
        "translation": None
    }


@pytest.mark.parametrize(
    "item_id, kind",
    [
        ("garbage", "PRODUCT"),
        (relay.Node.to_global_id("Collection", 1), "PRODUCT"),  # an id of another kind
        (relay.Node.to_global_id("Product", "abc"), "PRODUCT"),
        (relay.Node.to_global_id("Product", "9" * 40), "PRODUCT"),
        ("", "ATTRIBUTE"),
        (relay.Node.to_global_id("Product", 1), "ATTRIBUTE_VALUE"),
    ],
)
def test_a_translatable_item_by_a_bad_id_is_an_error(client, products, manager, item_id, kind):
    client.force_login(manager)
    result = post(client, operation("TranslatableItem"), id=item_id, kind=kind, languageCode="EN")
    assert result["data"] == {"translation": None}
    assert result["errors"][0]["message"].startswith("Invalid ")
