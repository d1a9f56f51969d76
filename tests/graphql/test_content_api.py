"""Collections, pages, menus, the shop and the address form answer the operations a Saleor storefront sends."""

import datetime
import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from graphene import relay

from marketplace.catalogue import services as catalogue
from marketplace.channels.models import Channel
from marketplace.content import services as content
from marketplace.core.hcmc_wards import HCMC_PROVINCE_NAME, HCMC_WARDS
from marketplace.graphql.schema import schema
from tests.graphql.operations import operation, operations_in, saleor_schema, validation_errors
from tests.storefront import catalogue_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

OPERATIONS = [path.stem for path in operations_in("content")]


@pytest.fixture
def products(db):
    return catalogue_data.shopper_catalogue()


@pytest.fixture
def online():
    return Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)


@pytest.fixture
def gifts(products, online):
    """ "Quà tặng xứ Quảng": three products in the manager's order (not alphabetical), shown online."""
    collection = catalogue.create_collection(
        name="Quà tặng xứ Quảng",
        description="Quà cho khách đến thăm **Quảng Nam**.\n\n- sâm\n- nước mắm",
        background_image=catalogue_data.photo(),
        background_image_alt="Hộp quà",
    )
    for key in ("saphraton", "cua_khe", "banh_trang_le"):
        catalogue.add_product_to_collection(collection=collection, product=products[key])
    catalogue.set_collection_channel_listing(collection=collection, channel=online)
    catalogue.set_collection_translation(collection=collection, language_code="en", name="Gifts of Quảng")
    return collection


def post(client, text: str) -> dict:
    response = client.post("/graphql/", {"query": text}, content_type="application/json")
    assert response.status_code in (200, 400)
    return response.json()


def run(client, text, **variables):
    response = client.post("/graphql/", {"query": text, "variables": variables}, content_type="application/json")
    assert response.status_code == 200, response.content
    result = response.json()
    assert "errors" not in result, result["errors"]
    return result["data"]


@pytest.mark.parametrize("name", OPERATIONS)
def test_each_operation_is_valid_against_our_schema_and_saleors(name):
    text = operation("content", name)
    assert validation_errors(schema.graphql_schema, text) == []
    assert validation_errors(saleor_schema(), text) == []


def test_the_operations_cover_menus_collections_pages_shop_and_addresses():
    assert set(OPERATIONS) >= {
        "NavbarMenu",
        "CollectionPage",
        "CollectionList",
        "ContentPage",
        "PageList",
        "ShopInfo",
        "AddressValidationRules",
    }


# --- Collections ---------------------------------------------------------------------------------------------------


def test_a_collection_page_lists_its_products_in_the_managers_order_with_prices(client, gifts, products):
    data = run(client, operation("content", "CollectionPage"), slug=gifts.slug, first=2, locale="EN")
    found = data["collection"]
    assert found["name"] == "Quà tặng xứ Quảng"
    assert found["channel"] == settings.STOREFRONT_CHANNEL_SLUG
    assert found["translation"] == {"name": "Gifts of Quảng", "description": None}
    assert found["backgroundImage"]["alt"] == "Hộp quà"
    assert found["backgroundImage"]["url"].startswith("http://testserver/media/collections/")
    assert json.loads(found["description"]) == {
        "blocks": [
            {"type": "paragraph", "data": {"text": "Quà cho khách đến thăm <strong>Quảng Nam</strong>."}},
            {"type": "list", "data": {"style": "unordered", "items": ["sâm", "nước mắm"]}},
        ]
    }
    assert found["metadata"] == []
    page = found["products"]
    assert page["totalCount"] == 3
    assert [edge["node"]["name"] for edge in page["edges"]] == ["Sâm Ngọc Linh SAPHRATON", "Nước mắm Cửa Khe Hai Hiền"]
    assert page["edges"][1]["node"]["pricing"]["priceRange"]["start"]["gross"] == {"amount": 95000.0, "currency": "VND"}
    assert page["pageInfo"]["hasNextPage"] is True
    following = run(
        client,
        operation("content", "CollectionPage"),
        slug=gifts.slug,
        first=2,
        after=page["pageInfo"]["endCursor"],
        locale="EN",
    )["collection"]["products"]
    assert [edge["node"]["name"] for edge in following["edges"]] == ["Bánh tráng lề Địch Yên"]


def test_moving_a_product_changes_its_place(client, gifts, products):
    entry = gifts.collection_products.get(product=products["banh_trang_le"])
    catalogue.update_collection_entry(entry=entry, sort_order=0)
    catalogue.update_collection_entry(entry=gifts.collection_products.get(product=products["saphraton"]), sort_order=5)
    data = run(client, operation("content", "CollectionPage"), slug=gifts.slug, first=5, locale="VI")
    names = [edge["node"]["name"] for edge in data["collection"]["products"]["edges"]]
    assert names == ["Bánh tráng lề Địch Yên", "Nước mắm Cửa Khe Hai Hiền", "Sâm Ngọc Linh SAPHRATON"]


def test_a_collection_shows_only_products_shoppers_may_see(client, gifts, products):
    for key in ("draft", "kiosk_only"):
        catalogue.add_product_to_collection(collection=gifts, product=products[key])
    data = run(client, operation("content", "CollectionPage"), slug=gifts.slug, first=10, locale="VI")
    assert data["collection"]["products"]["totalCount"] == 3


def test_a_collection_page_costs_the_same_queries_for_two_products_or_eight(client, gifts, products):
    for key in ("bich_hoa", "cao_lau", "hoa_tien", "tra_hoa", "chanh"):
        catalogue.add_product_to_collection(collection=gifts, product=products[key])
    run(client, operation("content", "CollectionPage"), slug=gifts.slug, first=1, locale="EN")  # totalCount cached
    counts = []
    for first in (2, 8):
        with CaptureQueriesContext(connection) as queries:
            data = run(client, operation("content", "CollectionPage"), slug=gifts.slug, first=first, locale="EN")
        assert len(data["collection"]["products"]["edges"]) == first
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_unlisted_hidden_and_future_collections_stay_hidden(client, gifts, online, products):
    hidden = catalogue.create_collection(name="Đặc sản Tết")
    catalogue.set_collection_channel_listing(collection=hidden, channel=online, is_published=False)
    later = catalogue.create_collection(name="OCOP 5 sao")
    catalogue.set_collection_channel_listing(
        collection=later, channel=online, published_at=timezone.now() + datetime.timedelta(days=1)
    )
    catalogue.create_collection(name="Chưa lên kệ")  # listed in no channel
    kiosk_only = catalogue.create_collection(name="Quà ở ki-ốt Hội An")
    catalogue.set_collection_channel_listing(collection=kiosk_only, channel=Channel.objects.get(slug="kiosk-hoi-an"))

    data = run(client, operation("content", "CollectionList"), first=10)
    assert [edge["node"]["name"] for edge in data["collections"]["edges"]] == ["Quà tặng xứ Quảng"]
    for slug in (hidden.slug, later.slug, "chua-len-ke", kiosk_only.slug):
        assert (
            run(client, operation("content", "CollectionPage"), slug=slug, first=1, locale="VI")["collection"] is None
        )
    in_kiosk = run(client, operation("content", "CollectionList"), first=10, channel="kiosk-hoi-an")
    assert [edge["node"]["name"] for edge in in_kiosk["collections"]["edges"]] == ["Quà ở ki-ốt Hội An"]


def test_collections_are_searched_without_diacritics_and_sorted(client, gifts, online):
    tet = catalogue.create_collection(name="Đặc sản Tết")
    catalogue.set_collection_channel_listing(collection=tet, channel=online)
    found = run(client, operation("content", "CollectionList"), first=10, filter={"search": "qua tang"})
    assert [edge["node"]["slug"] for edge in found["collections"]["edges"]] == ["qua-tang-xu-quang"]
    by_count = run(
        client, operation("content", "CollectionList"), first=10, sortBy={"field": "PRODUCT_COUNT", "direction": "DESC"}
    )
    assert [edge["node"]["slug"] for edge in by_count["collections"]["edges"]] == ["qua-tang-xu-quang", "dac-san-tet"]
    by_id = run(
        client,
        operation("content", "CollectionList"),
        first=10,
        filter={"ids": [relay.Node.to_global_id("Collection", tet.pk)]},
    )
    assert by_id["collections"]["totalCount"] == 1


def test_collections_list_costs_the_same_queries_for_one_or_five(client, online):
    counts = []
    for total in (1, 5):
        while catalogue_count() < total:
            made = catalogue.create_collection(name=f"Bộ {catalogue_count()}", background_image=catalogue_data.photo())
            catalogue.set_collection_channel_listing(collection=made, channel=online)
        with CaptureQueriesContext(connection) as queries:
            data = run(client, operation("content", "CollectionList"), first=10)
        assert data["collections"]["totalCount"] == total
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def catalogue_count() -> int:
    from marketplace.catalogue.models import Collection

    return Collection.objects.count()


def test_bad_collection_arguments_are_answered_as_errors(client, gifts):
    errors = post(client, '{ collection(id: "UHJvZHVjdDox") { name } a: collection { name } }')["errors"]
    assert {error["message"] for error in errors} == {
        "Invalid Collection ID: UHJvZHVjdDox.",
        "Provide exactly one of `id`, `slug`.",
    }
    unknown = client.post(
        "/graphql/",
        {"query": '{ collections(first: 1, channel: "khong-co") { totalCount } }'},
        content_type="application/json",
    )
    assert unknown.json()["errors"][0]["message"] == "Channel with 'khong-co' slug does not exist."
    too_many = client.post(
        "/graphql/", {"query": "{ collections(first: 101) { totalCount } }"}, content_type="application/json"
    )
    assert "errors" in too_many.json()


# --- Pages ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def policy_type(db):
    return content.create_page_type(name="Chính sách")


@pytest.fixture
def returns_page(policy_type):
    page = content.create_page(
        page_type=policy_type,
        title="Chính sách đổi trả",
        slug="doi-tra",
        content="## Được đổi khi\n\n- hàng **bể vỡ**\n- giao sai\n\n<script>alert(1)</script>",
        is_published=True,
    )
    content.set_page_translation(page=page, language_code="en", title="Returns policy", content="Within **7 days**.")
    return page


def test_a_content_page_comes_as_editorjs_blocks_with_markup_escaped(client, returns_page):
    data = run(client, operation("content", "ContentPage"), slug="doi-tra", locale="EN")["page"]
    assert data["title"] == "Chính sách đổi trả"
    assert data["isPublished"] is True
    assert data["pageType"]["name"] == "Chính sách"
    assert json.loads(data["content"])["blocks"] == [
        {"type": "header", "data": {"text": "Được đổi khi", "level": 2}},
        {"type": "list", "data": {"style": "unordered", "items": ["hàng <strong>bể vỡ</strong>", "giao sai"]}},
        {"type": "paragraph", "data": {"text": "&lt;script&gt;alert(1)&lt;/script&gt;"}},
    ]
    assert data["seoDescription"].startswith("Được đổi khi hàng bể vỡ giao sai")
    assert data["translation"]["title"] == "Returns policy"
    assert json.loads(data["translation"]["content"])["blocks"] == [
        {"type": "paragraph", "data": {"text": "Within <strong>7 days</strong>."}}
    ]
    assert run(client, operation("content", "ContentPage"), slug="doi-tra", locale="VI")["page"]["translation"] is None


def test_draft_and_future_pages_stay_hidden(client, returns_page, policy_type):
    content.create_page(page_type=policy_type, title="Bản nháp", slug="ban-nhap")
    content.create_page(
        page_type=policy_type,
        title="Sắp có",
        slug="sap-co",
        is_published=True,
        published_at=timezone.now() + datetime.timedelta(hours=1),
    )
    for slug in ("ban-nhap", "sap-co"):
        assert run(client, operation("content", "ContentPage"), slug=slug, locale="VI")["page"] is None
    listed = run(client, operation("content", "PageList"), first=10)["pages"]
    assert [edge["node"]["slug"] for edge in listed["edges"]] == ["doi-tra"]


def test_pages_are_filtered_and_sorted_as_in_saleor(client, returns_page, policy_type):
    content.create_page(page_type=policy_type, title="Chính sách bảo mật", slug="bao-mat", is_published=True)
    by_slug = run(client, operation("content", "PageList"), first=10, filter={"slugs": ["bao-mat"]})["pages"]
    assert [edge["node"]["title"] for edge in by_slug["edges"]] == ["Chính sách bảo mật"]
    searched = run(client, operation("content", "PageList"), first=10, filter={"search": "doi tra"})["pages"]
    assert [edge["node"]["slug"] for edge in searched["edges"]] == ["doi-tra"]
    sorted_desc = run(client, operation("content", "PageList"), first=10, sortBy={"field": "SLUG", "direction": "DESC"})
    assert [edge["node"]["slug"] for edge in sorted_desc["pages"]["edges"]] == ["doi-tra", "bao-mat"]


# --- Menus ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def navbar(gifts, returns_page, products):
    menu = content.create_menu(name="Trình đơn đầu trang", slug="navbar")
    content.create_menu_item(menu=menu, name="Quà tặng", collection=gifts, sort_order=0)
    food = content.create_menu_item(
        menu=menu, name="Thực phẩm", category=products["cua_khe"].category.parent, sort_order=1
    )
    sauces = content.create_menu_item(menu=menu, parent=food, name="Gia vị", category=products["cua_khe"].category)
    content.create_menu_item(
        menu=menu, parent=sauces, name="Nước mắm Cửa Khe", url=f"/san-pham/{products['cua_khe'].slug}/"
    )
    item = content.create_menu_item(menu=menu, name="Đổi trả", page=returns_page, sort_order=2)
    content.set_menu_item_translation(item=item, language_code="en", name="Returns")
    return menu


def test_the_navbar_menu_has_its_items_in_order_with_children_and_links(client, navbar, gifts):
    data = run(client, operation("content", "NavbarMenu"), slug="navbar", locale="EN")["menu"]
    assert data["name"] == "Trình đơn đầu trang"
    items = data["items"]
    assert [item["name"] for item in items] == ["Quà tặng", "Thực phẩm", "Đổi trả"]
    assert items[0]["collection"] == {
        "id": relay.Node.to_global_id("Collection", gifts.pk),
        "slug": gifts.slug,
        "name": "Quà tặng xứ Quảng",
    }
    assert items[1]["category"]["slug"] == "thuc-pham"
    child = items[1]["children"][0]
    assert (child["name"], child["level"], child["category"]["slug"]) == ("Gia vị", 1, "gia-vi")
    grandchild = child["children"][0]
    assert (grandchild["level"], grandchild["url"]) == (2, "/san-pham/nuoc-mam-cua-khe-hai-hien/")
    assert items[2]["page"]["slug"] == "doi-tra"
    assert items[2]["translation"] == {"name": "Returns"}
    assert items[0]["translation"] is None


def test_a_menu_never_links_to_a_hidden_collection_or_page(client, navbar, gifts, returns_page, online):
    catalogue.set_collection_channel_listing(collection=gifts, channel=online, is_published=False)
    content.update_page(page=returns_page, is_published=False)
    items = run(client, operation("content", "NavbarMenu"), slug="navbar", locale="VI")["menu"]["items"]
    assert items[0]["collection"] is None
    assert items[2]["page"] is None


def test_a_menu_costs_the_same_queries_whatever_its_size(client, navbar, returns_page):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            run(client, operation("content", "NavbarMenu"), slug="navbar", locale="EN")
        return len(queries)

    before = count()
    for index in range(6):
        parent = content.create_menu_item(menu=navbar, name=f"Mục {index}", page=returns_page)
        content.create_menu_item(menu=navbar, parent=parent, name=f"Mục con {index}", url="/")
    assert count() == before


def test_menus_are_found_by_id_name_or_slug_and_listed(client, navbar):
    query = "query($id: ID, $name: String) { menu(id: $id, name: $name) { slug } }"
    assert run(client, query, id=relay.Node.to_global_id("Menu", navbar.pk))["menu"] == {"slug": "navbar"}
    assert run(client, query, name="Trình đơn đầu trang")["menu"] == {"slug": "navbar"}
    listed = run(client, '{ menus(first: 5, filter: {slugs: ["navbar"]}) { totalCount edges { node { slug } } } }')
    assert listed["menus"]["totalCount"] == 1


# --- Shop, channel, address form -----------------------------------------------------------------------------------


def test_the_shop_and_its_channel_in_saleors_shape(client):
    data = run(client, operation("content", "ShopInfo"), channel=settings.STOREFRONT_CHANNEL_SLUG, locale="EN")
    shop = data["shop"]
    assert shop["name"] == "Xứ Quảng Market"
    assert shop["countries"] == [{"code": "VN", "country": "Việt Nam"}]
    assert shop["defaultCountry"]["code"] == "VN"
    assert shop["languages"] == [{"code": "VI", "language": "Vietnamese"}, {"code": "EN", "language": "English"}]
    assert shop["channelCurrencies"] == ["VND"]
    assert shop["phonePrefixes"] == ["+84"]
    assert shop["domain"] == {"host": "testserver", "sslEnabled": False, "url": "http://testserver/"}
    assert shop["translation"]["headerText"] == "Quảng Nam OCOP specialities delivered across Hồ Chí Minh City"
    channel = data["channel"]
    assert channel["slug"] == settings.STOREFRONT_CHANNEL_SLUG
    assert channel["currencyCode"] == "VND"
    assert channel["defaultCountry"] == {"code": "VN", "country": "Việt Nam"}
    assert channel["countries"] == [{"code": "VN", "country": "Việt Nam"}]
    assert {c["slug"] for c in data["channels"]} >= {settings.STOREFRONT_CHANNEL_SLUG, "kiosk-hoi-an"}
    by_id = run(client, "query($id: ID) { channel(id: $id) { slug } }", id=channel["id"])
    assert by_id["channel"] == {"slug": settings.STOREFRONT_CHANNEL_SLUG}


def test_the_vietnamese_address_form_has_two_tiers_ward_and_city(client):
    rules = run(client, operation("content", "AddressValidationRules"), countryCode="VN")["addressValidationRules"]
    assert rules["countryCode"] == "VN"
    assert rules["countryAreaChoices"] == [{"raw": HCMC_PROVINCE_NAME, "verbose": HCMC_PROVINCE_NAME}]
    assert rules["cityType"] == "ward"
    assert len(rules["cityChoices"]) == len(HCMC_WARDS) == 168
    assert {"raw": "Phường Sài Gòn", "verbose": "Phường Sài Gòn"} in rules["cityChoices"]
    assert rules["cityAreaChoices"] == [] and rules["cityAreaType"] == ""  # no district since 1 July 2025
    assert "city_area" not in rules["allowedFields"]
    assert set(rules["requiredFields"]) == {"street_address", "city", "country_area"}
    elsewhere = run(
        client, operation("content", "AddressValidationRules"), countryCode="VN", countryArea="Thành phố Đà Nẵng"
    )
    assert elsewhere["addressValidationRules"]["cityChoices"] == []
    same = run(client, operation("content", "AddressValidationRules"), countryCode="VN", countryArea="TP Ho Chi Minh")
    assert len(same["addressValidationRules"]["cityChoices"]) == 168
    assert (
        run(client, operation("content", "AddressValidationRules"), countryCode="FR")["addressValidationRules"] is None
    )


PRODUCTS_IN = """
query($filter: ProductFilterInput, $where: ProductWhereInput) {
  products(first: 10, filter: $filter, where: $where, sortBy: {field: NAME, direction: ASC}) {
    totalCount edges { node { name } }
  }
}
"""


def test_products_are_filtered_by_collection_and_sorted_in_it(client, gifts):
    gifts_id = relay.Node.to_global_id("Collection", gifts.pk)
    expected = ["Bánh tráng lề Địch Yên", "Nước mắm Cửa Khe Hai Hiền", "Sâm Ngọc Linh SAPHRATON"]
    by_filter = run(client, PRODUCTS_IN, filter={"collections": [gifts_id]})["products"]
    assert [edge["node"]["name"] for edge in by_filter["edges"]] == expected
    by_where = run(client, PRODUCTS_IN, where={"collection": {"eq": gifts_id}})["products"]
    assert by_where["totalCount"] == 3
    by_name = run(
        client,
        "query($slug: String) { collection(slug: $slug) { products(first: 5, sortBy: {field: NAME, direction: DESC}) "
        "{ edges { node { name } } } } }",
        slug=gifts.slug,
    )
    assert [edge["node"]["name"] for edge in by_name["collection"]["products"]["edges"]] == expected[::-1]
    in_order = run(
        client,
        "query($slug: String) { collection(slug: $slug) { products(first: 5, sortBy: {field: COLLECTION, direction: "
        "DESC}) { edges { node { name } } } } }",
        slug=gifts.slug,
    )
    names = [edge["node"]["name"] for edge in in_order["collection"]["products"]["edges"]]
    assert names == ["Bánh tráng lề Địch Yên", "Nước mắm Cửa Khe Hai Hiền", "Sâm Ngọc Linh SAPHRATON"]
    refused = post(client, "{ products(first: 2, sortBy: {field: COLLECTION, direction: ASC}) { totalCount } }")
    assert "only for `Collection.products`" in refused["errors"][0]["message"]


def test_the_count_of_a_collection_follows_products_joining_it(client, gifts, products):
    text = operation("content", "CollectionPage")
    assert run(client, text, slug=gifts.slug, first=1, locale="VI")["collection"]["products"]["totalCount"] == 3
    catalogue.add_product_to_collection(collection=gifts, product=products["chanh"])
    assert run(client, text, slug=gifts.slug, first=1, locale="VI")["collection"]["products"]["totalCount"] == 4
    catalogue.remove_product_from_collection(entry=gifts.collection_products.get(product=products["saphraton"]))
    assert run(client, text, slug=gifts.slug, first=1, locale="VI")["collection"]["products"]["totalCount"] == 3


def test_collections_and_pages_take_saleors_where(client, gifts, returns_page, online):
    other = catalogue.create_collection(name="Đặc sản Tết")
    catalogue.set_collection_channel_listing(collection=other, channel=online)
    gifts_id = relay.Node.to_global_id("Collection", gifts.pk)
    found = run(
        client,
        "query($w: CollectionWhereInput) { collections(first: 5, where: $w) { totalCount } }",
        w={"OR": [{"ids": [gifts_id]}, {"ids": [relay.Node.to_global_id("Collection", other.pk)]}]},
    )
    assert found["collections"]["totalCount"] == 2
    only = run(
        client,
        "query($w: CollectionWhereInput) { collections(first: 5, where: $w) { totalCount } }",
        w={"ids": [gifts_id]},
    )
    assert only["collections"]["totalCount"] == 1
    pages = run(
        client,
        "query($w: PageWhereInput) { pages(first: 5, where: $w) { edges { node { slug } } } }",
        w={"slug": {"oneOf": ["doi-tra", "khong-co"]}},
    )
    assert [edge["node"]["slug"] for edge in pages["pages"]["edges"]] == ["doi-tra"]


@pytest.mark.parametrize(
    "query",
    [
        '{ page(slug: "a\\u0000b") { title } }',
        '{ collection(slug: "x\\u0000") { name } }',
        '{ menu(slug: "\\u0000") { name } }',
        '{ pages(first: 2, filter: {search: "\\u0000"}) { totalCount } }',
        '{ collections(first: 2, filter: {slugs: ["\\u0000"]}) { totalCount } }',
        '{ channel(slug: "\\u0000") { slug } }',
        '{ menus(first: 2, filter: {search: "\\u0000"}) { totalCount } }',
    ],
)
def test_a_nul_character_is_the_clients_error_never_a_database_message(client, query):
    errors = post(client, query)["errors"]
    assert [error["message"] for error in errors] == [
        "Text arguments may not contain NUL characters or unpaired surrogates."
    ]


def test_menu_items_and_page_types_are_listed_as_in_saleor(client, navbar, policy_type):
    found = run(
        client,
        '{ menuItems(first: 10, filter: {search: "gia"}, sortBy: {field: NAME, direction: ASC}) '
        "{ totalCount edges { node { name level parent { name } menu { slug } } } } }",
    )["menuItems"]
    assert found["totalCount"] == 1
    assert found["edges"][0]["node"] == {
        "name": "Gia vị",
        "level": 1,
        "parent": {"name": "Thực phẩm"},
        "menu": {"slug": "navbar"},
    }
    item_id = relay.Node.to_global_id("MenuItem", navbar.items.get(name="Gia vị").pk)
    by_id = run(client, "query($id: ID!) { menuItem(id: $id) { name level children { name level } } }", id=item_id)
    assert by_id["menuItem"] == {"name": "Gia vị", "level": 1, "children": [{"name": "Nước mắm Cửa Khe", "level": 2}]}
    types = run(client, '{ pageTypes(first: 5, filter: {slugs: ["chinh-sach"]}) { edges { node { name hasPages } } } }')
    assert types["pageTypes"]["edges"] == [{"node": {"name": "Chính sách", "hasPages": True}}]
