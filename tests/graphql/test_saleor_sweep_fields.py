"""Fields, arguments and input fields added so that every type reachable from our Query and Mutation fields has what
Saleor's has (tests/graphql/test_schema_completeness.py): their values, and Saleor's inputs we cannot honour (a
line's price, metadata) refused as errors, never silently dropped and never a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.checkout.models import Checkout, ShippingMethod
from tests.graphql.checkout_api import SAIGON_ADDRESS, create, sign_in, variant_id

pytestmark = pytest.mark.django_db


def post(client, text, *, refused_ok=False, **variables):
    response = client.post("/graphql/", {"query": text, "variables": variables}, content_type="application/json")
    assert response.status_code in ((200, 400) if refused_ok else (200,)), response.content[:300]
    return response.json()


SHOP = """query($channel: String!, $address: AddressInput, $currency: String, $gateways: String) {
  shop { allowStorefrontTraffic companyAddress { id } customerSetPasswordUrl availableExternalAuthentications { id }
    availablePaymentGateways(channel: $gateways, currency: $currency) { id currencies }
    availableShippingMethods(channel: $channel, address: $address) { id name type price { amount }
      minimumOrderPrice { amount } maximumOrderWeight { value } } } }"""


def test_shop_lists_the_channels_gateways_and_delivery_methods(client, channel):
    shop = post(client, SHOP, channel=channel.slug)["data"]["shop"]
    assert shop["allowStorefrontTraffic"] is True
    assert (shop["companyAddress"], shop["customerSetPasswordUrl"], shop["availableExternalAuthentications"]) == (
        None,
        None,
        [],
    )
    gateways = shop["availablePaymentGateways"]
    assert gateways and all(gateway["currencies"] == ["VND"] for gateway in gateways)
    methods = ShippingMethod.objects.filter(channel=channel, is_active=True)
    shown = shop["availableShippingMethods"]
    assert sorted(each["name"] for each in shown) == sorted(method.name for method in methods) and shown
    assert all(each["type"] == "PRICE" and each["minimumOrderPrice"] is None for each in shown)
    assert {each["price"]["amount"] for each in shown} == {method.price_amount for method in methods}


@pytest.mark.parametrize(
    "variables",
    [
        {"channel": "khong-co"},
        {"channel": "\x00"},
        {"channel": "sieu-thi-hcm", "address": {"country": "US"}},
        {"channel": "sieu-thi-hcm", "gateways": "khong-co"},
        {"channel": "sieu-thi-hcm", "currency": "USD"},
    ],
)
def test_shop_lists_nothing_for_unknown_channels_currencies_or_addresses_abroad(client, channel, variables):
    result = post(client, SHOP, refused_ok=True, **variables)
    if "\x00" in variables["channel"]:
        assert result["errors"] and not result.get("data")  # the view refuses a NUL: 400, errors as data
        return
    assert "errors" not in result, result["errors"]
    shop = result["data"]["shop"]
    if "gateways" in variables or "currency" in variables:
        assert shop["availablePaymentGateways"] == [] and shop["availableShippingMethods"]
    else:
        assert shop["availableShippingMethods"] == []


def test_local_currency_prices_and_translation_description_json(client, variant):
    text = """query($id: ID!) { productVariant(id: $id, channel: "sieu-thi-hcm") {
      pricing { price { gross { amount } } priceLocalCurrency { gross { amount } } discountLocalCurrency { currency } }
      product { pricing { priceRangeLocalCurrency { start { gross { amount } } } discountLocalCurrency { currency } }
        translation(languageCode: EN) { descriptionJson } category { translation(languageCode: EN) { descriptionJson } }
      } } }"""
    result = post(client, text, id=variant_id(variant))
    assert "errors" not in result, result["errors"]
    shown = result["data"]["productVariant"]
    assert shown["pricing"]["priceLocalCurrency"] == shown["pricing"]["price"] == {"gross": {"amount": 120_000}}
    assert shown["pricing"]["discountLocalCurrency"] is None
    assert shown["product"]["pricing"]["priceRangeLocalCurrency"]["start"]["gross"]["amount"] == 120_000
    assert shown["product"]["pricing"]["discountLocalCurrency"] is None


CREATE = """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
  checkout { id } errors { field code addressType } } }"""


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"metadata": [{"key": "nguon", "value": "app"}]}, "metadata"),
        ({"privateMetadata": [{"key": "k", "value": "v"}]}, "privateMetadata"),
        ({"shippingAddress": {**SAIGON_ADDRESS, "metadata": [{"key": "k", "value": "v"}]}}, "metadata"),
        ({"lineMetadata": [{"key": "k", "value": "v"}]}, "metadata"),
    ],
)
def test_metadata_we_cannot_keep_is_an_invalid_error_and_nothing_is_made(client, variant, extra, field):
    line = {"variantId": variant_id(variant), "quantity": 1}
    if "lineMetadata" in extra:
        line["metadata"] = extra.pop("lineMetadata")
    payload = post(client, CREATE, input={"channel": "sieu-thi-hcm", "lines": [line], **extra})["data"]
    assert payload["checkoutCreate"]["checkout"] is None
    assert payload["checkoutCreate"]["errors"] == [{"field": field, "code": "INVALID", "addressType": None}]
    assert not Checkout.objects.exists()


def test_empty_metadata_is_accepted(client, variant):
    line = {"variantId": variant_id(variant), "quantity": 1, "metadata": []}
    payload = post(client, CREATE, input={"channel": "sieu-thi-hcm", "lines": [line], "metadata": []})["data"]
    assert payload["checkoutCreate"]["errors"] == [] and payload["checkoutCreate"]["checkout"]["id"]


@pytest.mark.parametrize("override", [{"price": "1"}, {"priceOverrideReason": "giảm"}, {"price": "0"}])
def test_a_line_price_set_by_the_client_is_permission_denied(client, variant, override):
    checkout = create(client, (variant, 1))
    for text, lines in (
        (
            """mutation($id: ID, $lines: [CheckoutLineInput!]!) { checkoutLinesAdd(id: $id, lines: $lines) {
              checkout { lines { quantity totalPrice { gross { amount } } } } errors { code } } }""",
            [{"variantId": variant_id(variant), "quantity": 1, **override}],
        ),
        (
            """mutation($id: ID, $lines: [CheckoutLineUpdateInput!]!) { checkoutLinesUpdate(id: $id, lines: $lines) {
              checkout { id } errors { code } } }""",
            [{"variantId": variant_id(variant), "quantity": 3, **override}],
        ),
    ):
        result = post(client, text, id=checkout["id"], lines=lines)
        assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    line = Checkout.objects.get().lines.get()
    assert line.quantity == 1  # neither mutation changed anything


def test_checkout_complete_refuses_metadata_and_places_nothing(client, variant):
    checkout = create(client, (variant, 1), email="lan@example.com")
    text = """mutation($id: ID, $metadata: [MetadataInput!]) { checkoutComplete(id: $id, metadata: $metadata) {
      order { id } errors { field code } } }"""
    payload = post(client, text, id=checkout["id"], metadata=[{"key": "k", "value": "v"}])["data"]["checkoutComplete"]
    assert payload == {"order": None, "errors": [{"field": "metadata", "code": "INVALID"}]}
    assert Checkout.objects.filter(pk=Checkout.objects.get().pk).exists()


def test_an_account_address_with_metadata_is_refused(client, django_user_model):
    from marketplace.accounts.services import create_user

    user = create_user(email="lan@example.com", password="mat-khau-dai-1", role="shopper")
    sign_in(client, user)
    text = """mutation($input: AddressInput!) { accountAddressCreate(input: $input) { address { id }
      errors { field code } } }"""
    payload = post(client, text, input={**SAIGON_ADDRESS, "metadata": [{"key": "k", "value": "v"}]})["data"]
    assert payload["accountAddressCreate"]["address"] is None
    assert [error["code"] for error in payload["accountAddressCreate"]["errors"]] == ["INVALID"]


def test_shop_delivery_methods_cost_one_statement(client, channel):
    text = 'query { shop { availableShippingMethods(channel: "sieu-thi-hcm") { id name price { amount } } } }'
    with CaptureQueriesContext(connection) as queries:
        post(client, text)
    assert len([q for q in queries if "checkout_shippingmethod" in q["sql"]]) == 1


def test_account_register_and_update_refuse_metadata(client):
    from marketplace.accounts.models import User
    from marketplace.accounts.services import create_user

    text = """mutation($input: AccountRegisterInput!) { accountRegister(input: $input) { user { email }
      errors { field code } } }"""
    account = {"email": "moi@example.com", "password": "mat-khau-dai-1", "metadata": [{"key": "k", "value": "v"}]}
    payload = post(client, text, input=account)["data"]["accountRegister"]
    assert payload == {"user": None, "errors": [{"field": "metadata", "code": "INVALID"}]}
    assert not User.objects.filter(email="moi@example.com").exists()

    user = create_user(email="lan@example.com", password="mat-khau-dai-1", role="shopper", first_name="Lan")
    sign_in(client, user)
    text = """mutation($input: AccountInput!) { accountUpdate(input: $input) { user { firstName }
      errors { field code } } }"""
    payload = post(client, text, input={"firstName": "Hoa", "metadata": [{"key": "k", "value": "v"}]})["data"]
    assert payload["accountUpdate"] == {"user": None, "errors": [{"field": "metadata", "code": "INVALID"}]}
    user.refresh_from_db()
    assert user.first_name == "Lan"


PAGE = """query($slug: String) { page(slug: $slug) { slug attributes { attribute { slug } }
  assignedAttributes(limit: 5) { attribute { slug } } attribute(slug: "x") { attribute { slug } }
  assignedAttribute(slug: "x") { attribute { slug } } pageType { attributes { slug }
  availableAttributes(first: 5) { totalCount } } } }"""


@pytest.mark.parametrize("who", ["anonymous", "manager"])
def test_content_pages_have_no_attributes_and_available_ones_are_for_staff(client, who):
    from marketplace.accounts.services import create_user
    from marketplace.content import services as content

    page_type = content.create_page_type(name="Chính sách")
    page = content.create_page(
        page_type=page_type, title="Đổi trả", slug="doi-tra", content="7 ngày", is_published=True
    )
    if who == "manager":
        client.force_login(create_user(email="quanly@example.com", password="mat-khau-dai-1", role="manager"))
    result = post(client, PAGE, slug=page.slug)
    shown = result["data"]["page"]
    assert (shown["attributes"], shown["assignedAttributes"], shown["attribute"], shown["assignedAttribute"]) == (
        [],
        [],
        None,
        None,
    )
    assert shown["pageType"]["attributes"] == []
    if who == "manager":
        assert "errors" not in result and shown["pageType"]["availableAttributes"] == {"totalCount": 0}
    else:
        assert [error["extensions"]["exception"]["code"] for error in result["errors"]] == ["PermissionDenied"]
        assert shown["pageType"]["availableAttributes"] is None


def test_a_translation_leads_back_to_its_translatable_content(client, variant):
    from marketplace.catalogue.models import Category, Product, ProductVariant

    Product.objects.filter(pk=variant.product_id).update(name_en="Bich Hoa fish sauce", description_en="Aged.")
    ProductVariant.objects.filter(pk=variant.pk).update(name_en="500 ml bottle")
    Category.objects.filter(pk=variant.product.category_id).update(name_en="Food")
    text = """query($id: ID!) { productVariant(id: $id, channel: "sieu-thi-hcm") {
      translation(languageCode: EN) { name translatableContent { productVariantId name } }
      product { translation(languageCode: EN) { name description descriptionJson
          translatableContent { productId name } }
        category { translation(languageCode: EN) { name translatableContent { categoryId name } } } } } }"""
    result = post(client, text, id=variant_id(variant))
    assert "errors" not in result, result["errors"]
    shown = result["data"]["productVariant"]
    assert shown["translation"]["translatableContent"] == {
        "productVariantId": variant_id(variant),
        "name": "Chai 500 ml",
    }
    product = shown["product"]["translation"]
    assert (
        product["translatableContent"]["name"] == "Nước mắm làng Bích Họa" and product["name"] == "Bich Hoa fish sauce"
    )
    assert product["descriptionJson"] == product["description"] and "Aged." in str(product["description"])
    category = shown["product"]["category"]["translation"]
    assert category == {
        "name": "Food",
        "translatableContent": {"categoryId": category["translatableContent"]["categoryId"], "name": "Thực phẩm"},
    }
