"""Storefront-style catalogue operations, written the way a Saleor 3 storefront queries (tests/graphql/operations/
catalogue/*.graphql): each must validate against Saleor's schema and ours, and answer our catalogue's data."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from graphene import relay
from graphql import build_schema, parse, validate

from marketplace.accounts.services import create_user
from marketplace.catalogue.services import edit_product, edit_variant, set_variant_price, update_category
from marketplace.graphql.schema import schema
from tests.storefront import catalogue_data

pytestmark = pytest.mark.usefixtures("media_root")

OPERATIONS = Path(__file__).parent / "operations" / "catalogue"
CHANNEL = "sieu-thi-hcm"


def _saleor_schema_path() -> Path | None:
    """Saleor 3's printed schema, the contract: ../shared/reference/ beside the checkout (or a worktree's parents)."""
    for folder in Path(settings.BASE_DIR).resolve().parents:
        candidate = folder / "shared" / "reference" / "saleor-schema.graphql"
        if candidate.exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def saleor_schema():
    path = _saleor_schema_path()
    if path is None:
        pytest.skip("Saleor's reference schema (../shared/reference/saleor-schema.graphql) is not on this machine.")
    return build_schema(path.read_text())


def operation(name: str) -> str:
    return (OPERATIONS / f"{name}.graphql").read_text()


ALL_OPERATIONS = sorted(path.stem for path in OPERATIONS.glob("*.graphql"))


def test_there_are_operations_for_every_catalogue_page():
    assert {
        "ProductList",
        "ProductListWhere",
        "ProductDetails",
        "CategoryPage",
        "Categories",
        "Translations",
        "ProductVariants",
    } <= set(ALL_OPERATIONS)


@pytest.mark.parametrize("name", ALL_OPERATIONS)
def test_operation_is_valid_in_saleors_schema_and_ours(name, saleor_schema):
    document = parse(operation(name))
    assert validate(saleor_schema, document) == []
    assert validate(schema.graphql_schema, document) == []


def run(client, name, **variables):
    response = client.post(
        "/graphql/", {"query": operation(name), "variables": variables}, content_type="application/json"
    )
    assert response.status_code == 200
    result = response.json()
    assert "errors" not in result, result.get("errors")
    return result["data"]


def nodes(connection):
    return [edge["node"] for edge in connection["edges"]]


def gid(kind, pk):
    return relay.Node.to_global_id(kind, pk)


def test_product_list_pages_filters_sorts_and_searches(client, catalogue):
    first = run(client, "ProductList", first=4, channel=CHANNEL, sortBy={"field": "NAME", "direction": "ASC"})
    page = first["products"]
    assert page["totalCount"] == 10
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["hasPreviousPage"] is False
    names = [node["name"] for node in nodes(page)]
    second = run(client, "ProductList", first=4, after=page["pageInfo"]["endCursor"], channel=CHANNEL)["products"]
    assert second["pageInfo"]["hasPreviousPage"] is True
    together = names + [node["name"] for node in nodes(second)]
    assert len(set(together)) == 8
    assert together == sorted(together)

    node = next(node for node in nodes(page) if node["slug"] == catalogue["banh_trang_hai_an"].slug)
    assert node["category"]["slug"] == "banh-va-mi"
    assert node["productType"]["name"] == "Thực phẩm"  # the top-level OCOP group is the product type
    assert node["pricing"]["priceRange"]["start"]["gross"] == {"amount": 40000.0, "currency": "VND"}
    assert node["thumbnail"]["url"].endswith("/512/")
    assert node["isAvailable"] is True

    food = gid("Category", catalogue["hoa_tien"].category_id)
    in_food = run(client, "ProductList", first=20, channel=CHANNEL, filter={"categories": [food]})["products"]
    assert in_food["totalCount"] == 6  # the group and its two subgroups

    by_price = run(client, "ProductList", first=2, channel=CHANNEL, sortBy={"field": "PRICE", "direction": "DESC"})
    assert [node["slug"] for node in nodes(by_price["products"])][0] == catalogue["saphraton"].slug

    found = run(client, "ProductList", first=10, channel=CHANNEL, search="nuoc mam")["products"]
    assert {node["name"] for node in nodes(found)} == {"Nước mắm Cửa Khe Hai Hiền", "Nước mắm làng Bích Họa"}
    assert found["totalCount"] == 2

    out_of_stock = run(client, "ProductList", first=10, channel=CHANNEL, filter={"stockAvailability": "OUT_OF_STOCK"})
    assert [node["slug"] for node in nodes(out_of_stock["products"])] == [catalogue["tra_sam"].slug]


def test_where_filters_attributes_prices_and_or_and_pages_backwards(client, catalogue):
    four_stars = run(
        client,
        "ProductListWhere",
        first=20,
        channel=CHANNEL,
        where={"attributes": [{"slug": "ocop-stars", "values": ["4-sao"]}]},
    )["products"]
    assert {node["name"] for node in nodes(four_stars)} == {
        "Nước mắm Cửa Khe Hai Hiền",
        "Nước mắm làng Bích Họa",
        "Bánh tráng lề Địch Yên",
        "Nước cốt chanh Thu Vân",
    }
    assert {node["assignedAttribute"]["value"]["slug"] for node in nodes(four_stars)} == {"4-sao"}

    at_least_four = run(
        client,
        "ProductListWhere",
        first=20,
        channel=CHANNEL,
        where={"attributes": [{"slug": "ocop-stars", "value": {"numeric": {"range": {"gte": 4}}}}]},
    )["products"]
    assert at_least_four["totalCount"] == 5  # the four 4-star products and the 5-star ginseng

    priced = run(
        client,
        "ProductListWhere",
        first=20,
        channel=CHANNEL,
        where={"price": {"range": {"gte": 100000, "lte": 160000}}},
    )["products"]
    assert {node["name"] for node in nodes(priced)} == {
        "Trà túi lọc sâm Ngọc Linh",
        "Nước mắm Cửa Khe Hai Hiền",
        "Nước mắm làng Bích Họa",
    }

    either = run(
        client,
        "ProductListWhere",
        first=20,
        channel=CHANNEL,
        where={"OR": [{"slug": {"eq": catalogue["cao_lau"].slug}}, {"name": {"eq": "Trà hoa vàng"}}]},
    )["products"]
    assert {node["name"] for node in nodes(either)} == {"Mì Cao Lầu Tô Văn Bình", "Trà hoa vàng"}

    everything = [
        node["name"] for node in nodes(run(client, "ProductListWhere", first=50, channel=CHANNEL)["products"])
    ]
    last_two = run(client, "ProductListWhere", last=2, channel=CHANNEL)["products"]
    assert [node["name"] for node in nodes(last_two)] == everything[-2:]
    assert last_two["pageInfo"]["hasPreviousPage"] is True
    assert last_two["pageInfo"]["hasNextPage"] is False
    before = run(client, "ProductListWhere", last=2, before=last_two["pageInfo"]["startCursor"], channel=CHANNEL)
    assert [node["name"] for node in nodes(before["products"])] == everything[-4:-2]
    assert before["products"]["pageInfo"]["hasNextPage"] is True


def test_product_details_show_attributes_media_variants_and_prices(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        product = run(client, "ProductDetails", slug=catalogue["saphraton"].slug, channel=CHANNEL)["product"]
    assert product["name"] == "Sâm Ngọc Linh SAPHRATON"
    assert product["channel"] == CHANNEL
    blocks = json.loads(product["description"])["blocks"]
    assert blocks[0]["type"] == "paragraph"
    assert blocks[0]["data"]["text"] == "Sâm Ngọc Linh trồng dưới tán rừng núi Ngọc Linh."
    assert product["seoTitle"] == product["name"]
    assert product["category"]["level"] == 0
    assert product["productType"]["name"] == "Dược liệu"
    assert "ocop-stars" in [attribute["slug"] for attribute in product["productType"]["productAttributes"]]
    assert len(product["media"]) == 2
    assert product["media"][0]["type"] == "IMAGE"
    assert product["pricing"]["priceRange"]["start"]["gross"]["amount"] == 1500000.0
    values = {
        entry["attribute"]["slug"]: [value["name"] for value in entry["values"]] for entry in product["attributes"]
    }
    assert values["ocop-stars"] == ["5 sao"]
    assert values["ocop-group"] == ["Dược liệu"]
    assert values["origin"] == ["Nam Trà My"]
    assert values["net-content"] == ["100 g"]
    assert values["ingredients"] == ["Củ sâm Ngọc Linh 5 năm tuổi"]
    assigned = {entry["attribute"]["slug"]: entry for entry in product["assignedAttributes"]}
    assert assigned["ocop-stars"]["choice"]["slug"] == "5-sao"
    assert assigned["shelf-life"]["text"] == "24 tháng"
    [variant] = product["variants"]
    assert variant["quantityAvailable"] == 10
    assert variant["pricing"]["price"]["gross"] == {"amount": 1500000.0, "currency": "VND"}
    assert variant["product"]["id"] == product["id"]
    assert variant["attributes"][0]["attribute"]["slug"] == "pack-size"
    assert variant["attributes"][0]["values"][0]["name"] == "Quy cách 1"
    assert product["defaultVariant"]["id"] == variant["id"]
    assert product["productVariants"]["totalCount"] == 1


def test_product_description_is_escaped_for_storefronts_that_render_it_as_html(client, catalogue):
    manager = create_user(email="quanly@xuquang.vn", password="mat-khau-dai-1", role="manager")
    edit_product(product=catalogue["chanh"], user=manager, description="Chanh <b>tươi</b> & muối\nhạt")
    product = run(client, "ProductDetails", slug=catalogue["chanh"].slug, channel=CHANNEL)["product"]
    text = json.loads(product["description"])["blocks"][0]["data"]["text"]
    assert text == "Chanh &lt;b&gt;tươi&lt;/b&gt; &amp; muối<br>hạt"


def test_category_page_with_children_and_products_by_price(client, catalogue):
    food = catalogue["hoa_tien"].category
    update_category(category=food, description="Đặc sản ăn được.", seo_title="Thực phẩm xứ Quảng")
    category = run(client, "CategoryPage", slug="thuc-pham", channel=CHANNEL, first=3)["category"]
    assert category["level"] == 0
    assert category["parent"] is None
    assert category["seoTitle"] == "Thực phẩm xứ Quảng"
    assert category["seoDescription"] == "Đặc sản ăn được."
    assert json.loads(category["description"])["blocks"][0]["data"]["text"] == "Đặc sản ăn được."
    assert category["backgroundImage"] is None
    assert [node["slug"] for node in nodes(category["children"])] == ["banh-va-mi", "gia-vi"]
    assert {node["level"] for node in nodes(category["children"])} == {1}
    products = category["products"]
    assert products["totalCount"] == 6
    assert [node["name"] for node in nodes(products)] == [
        "Bánh tráng Hải An",
        "Mì Cao Lầu Tô Văn Bình",
        "Bánh tráng lề Địch Yên",
    ]
    sub = run(client, "CategoryPage", slug="gia-vi", channel=CHANNEL, first=10)["category"]
    assert sub["level"] == 1
    assert sub["parent"]["slug"] == "thuc-pham"
    assert sub["products"]["totalCount"] == 2


def test_categories_by_level(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):  # the catalogue version (answer cache), the categories
        top = run(client, "Categories", first=10, level=0)["categories"]
    assert top["totalCount"] == 4
    assert [node["name"] for node in nodes(top)] == ["Dược liệu", "Thủ công mỹ nghệ", "Thực phẩm", "Đồ uống"]
    food = next(node for node in nodes(top) if node["slug"] == "thuc-pham")
    assert {child["slug"] for child in nodes(food["children"])} == {"gia-vi", "banh-va-mi"}
    assert run(client, "Categories", first=10, level=1)["categories"]["totalCount"] == 2


def test_english_translations_of_product_variant_attributes_and_category(client, catalogue):
    manager = create_user(email="quanly@xuquang.vn", password="mat-khau-dai-1", role="manager")
    product = catalogue["saphraton"]
    edit_product(
        product=product,
        user=manager,
        name_en="Ngoc Linh ginseng SAPHRATON",
        description_en="Ngoc Linh ginseng grown under the forest canopy.",
    )
    edit_variant(variant=product.variants.get(), user=manager, name_en="Pack 1")
    update_category(category=product.category, name_en="Medicinal herbs", description_en="Herbs of the mountains.")

    english = run(client, "Translations", slug=product.slug, channel=CHANNEL, language="EN")["product"]
    assert english["name"] == "Sâm Ngọc Linh SAPHRATON"  # the source stays Vietnamese
    translation = english["translation"]
    assert translation["name"] == "Ngoc Linh ginseng SAPHRATON"
    assert translation["language"] == {"code": "EN", "language": "English"}
    assert json.loads(translation["description"])["blocks"][0]["data"]["text"] == (
        "Ngoc Linh ginseng grown under the forest canopy."
    )
    assert english["category"]["translation"]["name"] == "Medicinal herbs"
    assert english["variants"][0]["translation"]["name"] == "Pack 1"
    stars = next(entry for entry in english["attributes"] if entry["attribute"]["name"] == "Hạng sao OCOP")
    assert stars["attribute"]["translation"]["name"] == "OCOP stars"
    assert stars["values"][0]["translation"]["name"] == "5 stars"

    american = run(client, "Translations", slug=product.slug, channel=CHANNEL, language="EN_US")["product"]
    assert american["translation"]["name"] == "Ngoc Linh ginseng SAPHRATON"
    french = run(client, "Translations", slug=product.slug, channel=CHANNEL, language="FR")["product"]
    assert french["translation"] is None
    assert french["category"]["translation"] is None
    untranslated = run(client, "Translations", slug=catalogue["chanh"].slug, channel=CHANNEL, language="EN")
    assert untranslated["product"]["translation"] is None


def test_variants_by_ids_and_by_sku(client, catalogue):
    variants = list(catalogue["cua_khe"].variants.order_by("pk"))
    data = run(
        client,
        "ProductVariants",
        ids=[gid("ProductVariant", v.pk) for v in variants],
        channel=CHANNEL,
        sku=variants[1].sku,
    )
    page = data["productVariants"]
    assert page["totalCount"] == 2
    assert [node["sku"] for node in nodes(page)] == [v.sku for v in variants]
    assert [node["pricing"]["price"]["gross"]["amount"] for node in nodes(page)] == [150000.0, 95000.0]
    assert {node["product"]["slug"] for node in nodes(page)} == {catalogue["cua_khe"].slug}
    assert data["productVariant"]["product"]["slug"] == catalogue["cua_khe"].slug
    draft_variant = catalogue["draft"].variants.get()
    hidden = run(
        client, "ProductVariants", ids=[gid("ProductVariant", draft_variant.pk)], channel=CHANNEL, sku=draft_variant.sku
    )
    assert hidden["productVariants"]["totalCount"] == 0
    assert hidden["productVariant"] is None


def test_a_price_edit_and_a_new_product_show_at_once(client, catalogue):
    """totalCount is cached under the catalogue version: any catalogue write must show in the next answer."""
    before = run(client, "ProductList", first=50, channel=CHANNEL)["products"]
    assert before["totalCount"] == 10
    variant = catalogue["chanh"].variants.get()
    set_variant_price(variant=variant, channel=catalogue_data.online_channel(), price_amount=57_000)
    group, maker = catalogue["chanh"].category, catalogue["chanh"].producer
    catalogue_data.product(name="Nước cốt chanh muối", group=group, maker=maker, price=65_000)
    after = run(client, "ProductList", first=50, channel=CHANNEL)["products"]
    assert after["totalCount"] == 11
    chanh = next(node for node in nodes(after) if node["slug"] == catalogue["chanh"].slug)
    assert chanh["pricing"]["priceRange"]["start"]["gross"]["amount"] == 57000.0


BY_ID = '{ product(id: "$id") { name } }'


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (BY_ID.replace("$id", gid("Product", "abc")), "Invalid Product ID"),
        (BY_ID.replace("$id", gid("Category", 1)), "Invalid Product ID"),
        ('{ product(id: "////") { name } }', "Invalid Product ID"),
        ('{ category(id: "\\u0000") { name } }', "NUL"),
        ('{ category(id: "////") { name } }', "Invalid Category ID"),
        ('{ products(first: 2, after: "bm90IGpzb24=") { totalCount } }', "cursor is invalid"),
        ('{ products(first: 2, after: "WyJ4Il0=") { totalCount } }', "cursor is invalid"),
        ('{ products(first: 2, where: {ids: ["x"]}) { totalCount } }', "Invalid Product ID"),
        (
            BY_ID.replace("product(", "productVariant(").replace("$id", gid("ProductVariant", "9" * 30)),
            "Invalid ProductVariant ID",
        ),
        ('{ products(first: 2, filter: {collections: ["x"]}) { totalCount } }', "Invalid Collection ID"),
        ('{ products(first: 2, where: {name: {eq: "a\\u0000"}}) { totalCount } }', "NUL"),
        ('{ product(slug: "a\\u0000") { name } }', "NUL"),
        ('{ products(first: 2, channel: "\\u0000") { totalCount } }', "NUL"),
        ('{ productVariants(first: 2, where: {sku: {eq: "\\u0000"}}) { totalCount } }', "NUL"),
        ('{ products(first: 2, where: {price: {eq: "NaN"}}) { totalCount } }', "Invalid price"),
        ('{ products(first: 2, where: {minimalPrice: {range: {gte: "Infinity"}}}) { totalCount } }', "Invalid price"),
        ('{ products(first: 2, after: "WyJhXHUwMDAwIiwgMV0=") { totalCount } }', "cursor is invalid"),
    ],
)
def test_bad_ids_and_cursors_are_error_entries_not_crashes(client, catalogue, query, message):
    response = client.post("/graphql/", {"query": query}, content_type="application/json")
    # 400: refused before running (the view's text limits catch a NUL in the query text); 200: an error entry.
    assert response.status_code in (200, 400)
    errors = response.json()["errors"]
    assert message in errors[0]["message"]
