"""Saleor's Channel fields for the staff (hasOrders, warehouses, stockSettings, orderSettings, checkoutSettings,
paymentSettings, taxConfiguration) and the public availableShippingMethodsPerCountry: what each answers from our
data and behaviour, who may read them, and what a list of channels costs."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphene import relay

from inventory import locations
from inventory.models import Warehouse
from marketplace.accounts.services import create_user
from marketplace.channels.models import Channel
from marketplace.checkout.models import ShippingMethod

pytestmark = pytest.mark.django_db

SETTINGS = """query($slug: String) { channel(slug: $slug) {
  slug hasOrders warehouses { slug name }
  stockSettings { allocationStrategy }
  orderSettings { automaticallyConfirmAllNewOrders automaticallyFulfillNonShippableGiftCard expireOrdersAfter
    markAsPaidStrategy deleteExpiredOrdersAfter allowUnpaidOrders includeDraftOrderInVoucherUsage
    draftOrderLinePriceFreezePeriod useLegacyLineDiscountPropagation }
  checkoutSettings { useLegacyErrorFlow automaticallyCompleteFullyPaidCheckouts automaticCompletionDelay
    automaticCompletionCutOffDate allowLegacyGiftCardUse }
  paymentSettings { defaultTransactionFlowStrategy releaseFundsForExpiredCheckouts checkoutTtlBeforeReleasingFunds
    checkoutReleaseFundsCutOffDate }
  taxConfiguration { id channel { slug } chargeTaxes taxCalculationStrategy displayGrossPrices pricesEnteredWithTax
    countries { country { code } } taxAppId useWeightedTaxForShipping metadata { key } } } }"""

EVERY_CHANNEL = """{ channels { slug hasOrders warehouses { slug } orderSettings { expireOrdersAfter }
  availableShippingMethodsPerCountry { countryCode shippingMethods { name price { amount } } } } }"""

SHIPPING = """query($slug: String, $countries: [CountryCode!]) { channel(slug: $slug) {
  availableShippingMethodsPerCountry(countries: $countries) { countryCode
    shippingMethods { id name minimumDeliveryDays maximumDeliveryDays price { amount currency } } } } }"""

STAFF_FIELDS = (
    "hasOrders",
    "warehouses { slug }",
    "stockSettings { allocationStrategy }",
    "orderSettings { allowUnpaidOrders }",
    "checkoutSettings { useLegacyErrorFlow }",
    "paymentSettings { defaultTransactionFlowStrategy }",
    "taxConfiguration { chargeTaxes }",
)


def post(client, text, **variables):
    response = client.post("/graphql/", {"query": text, "variables": variables}, content_type="application/json")
    assert response.status_code in (200, 400)
    return response.json()


@pytest.fixture
def manager(db):
    return create_user(email="quanly@example.com", password="mat-khau-dai-1", role="manager")


def test_a_manager_reads_the_online_channels_settings_as_the_shop_behaves(client, manager, channel, bank_account):
    client.force_login(manager)
    result = post(client, SETTINGS, slug=channel.slug)
    assert "errors" not in result, result["errors"]
    shown = result["data"]["channel"]
    assert shown["hasOrders"] is False
    assert shown["warehouses"] == [
        {"slug": locations.FULFILMENT_HCM, "name": Warehouse.objects.get(slug=locations.FULFILMENT_HCM).name}
    ]
    assert shown["stockSettings"] == {"allocationStrategy": "PRIORITIZE_HIGH_STOCK"}
    assert shown["orderSettings"] == {
        "automaticallyConfirmAllNewOrders": True,
        "automaticallyFulfillNonShippableGiftCard": False,
        "expireOrdersAfter": 24 * 60,  # the channel's transfer window (no card payments configured)
        "markAsPaidStrategy": "TRANSACTION_FLOW",
        "deleteExpiredOrdersAfter": 0,
        "allowUnpaidOrders": True,
        "includeDraftOrderInVoucherUsage": False,
        "draftOrderLinePriceFreezePeriod": None,
        "useLegacyLineDiscountPropagation": False,
    }
    assert shown["checkoutSettings"] == {
        "useLegacyErrorFlow": False,
        "automaticallyCompleteFullyPaidCheckouts": False,
        "automaticCompletionDelay": None,
        "automaticCompletionCutOffDate": None,
        "allowLegacyGiftCardUse": False,
    }
    assert shown["paymentSettings"] == {
        "defaultTransactionFlowStrategy": "CHARGE",
        "releaseFundsForExpiredCheckouts": False,
        "checkoutTtlBeforeReleasingFunds": None,
        "checkoutReleaseFundsCutOffDate": None,
    }
    assert shown["taxConfiguration"] == {
        "id": relay.Node.to_global_id("TaxConfiguration", channel.pk),
        "channel": {"slug": channel.slug},
        "chargeTaxes": True,
        "taxCalculationStrategy": "FLAT_RATES",
        "displayGrossPrices": True,
        "pricesEnteredWithTax": True,
        "countries": [],
        "taxAppId": None,
        "useWeightedTaxForShipping": False,
        "metadata": [],
    }


def test_has_orders_turns_true_with_the_first_order(client, manager, channel, variant, place_order):
    client.force_login(manager)
    assert post(client, SETTINGS, slug=channel.slug)["data"]["channel"]["hasOrders"] is False
    place_order([(variant, 1)])
    assert post(client, SETTINGS, slug=channel.slug)["data"]["channel"]["hasOrders"] is True


def test_unpaid_orders_expire_after_the_longer_of_the_transfer_and_card_windows(
    client, manager, channel, bank_account, settings
):
    client.force_login(manager)
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_x", "pk_test_x"
    bank_account.payment_window_hours = 1
    bank_account.save(update_fields=["payment_window_hours"])
    expire = "query($slug: String) { channel(slug: $slug) { orderSettings { expireOrdersAfter } } }"
    assert post(client, expire, slug=channel.slug)["data"]["channel"]["orderSettings"]["expireOrdersAfter"] == 120
    bank_account.payment_window_hours = 48
    bank_account.save(update_fields=["payment_window_hours"])
    assert post(client, expire, slug=channel.slug)["data"]["channel"]["orderSettings"]["expireOrdersAfter"] == 2880
    bank_account.is_active = False
    bank_account.save(update_fields=["is_active"])
    settings.STRIPE_SECRET_KEY = ""
    # Cash on delivery alone: its orders never expire.
    assert post(client, expire, slug=channel.slug)["data"]["channel"]["orderSettings"]["expireOrdersAfter"] is None


def test_a_kiosk_channel_lists_its_kiosk_and_no_inactive_or_virtual_place(client, manager):
    client.force_login(manager)
    kiosk = Channel.objects.filter(kind=Channel.Kind.KIOSK).order_by("pk").first()
    places = list(kiosk.warehouses.filter(kind__in=Warehouse.PHYSICAL_KINDS).values_list("slug", flat=True))
    assert places, "the data migrations give each kiosk channel its kiosk"
    shown = post(client, SETTINGS, slug=kiosk.slug)["data"]["channel"]["warehouses"]
    assert [place["slug"] for place in shown] == places
    Warehouse.objects.filter(slug=places[0]).update(is_active=False)
    assert post(client, SETTINGS, slug=kiosk.slug)["data"]["channel"]["warehouses"] == [
        {"slug": slug, "name": Warehouse.objects.get(slug=slug).name} for slug in places[1:]
    ]


@pytest.mark.parametrize("field", STAFF_FIELDS)
@pytest.mark.parametrize("who", ["guest", "shopper", "kiosk"])
def test_the_staff_fields_are_refused_to_anyone_else(client, channel, field, who):
    if who == "shopper":
        client.force_login(create_user(email="lan@example.com", password="mat-khau-dai-1", role="shopper"))
    elif who == "kiosk":
        kiosk = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
        staff = create_user(email="nv@example.com", password="mat-khau-dai-1", role="kiosk_staff", kiosk=kiosk)
        client.force_login(staff)
    result = post(client, f"query($slug: String) {{ channel(slug: $slug) {{ slug {field} }} }}", slug=channel.slug)
    assert result["data"] is None or result["data"]["channel"] is None
    assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_a_staff_answer_is_not_replayed_to_a_guest(client, manager, channel):
    query = "query($slug: String) { channel(slug: $slug) { slug taxConfiguration { chargeTaxes } } }"
    client.force_login(manager)
    assert post(client, query, slug=channel.slug)["data"]["channel"]["taxConfiguration"] == {"chargeTaxes": True}
    client.logout()
    assert post(client, query, slug=channel.slug)["errors"][0]["extensions"]["exception"]["code"] == (
        "PermissionDenied"
    )


def test_shipping_methods_per_country_are_the_channels_active_methods_in_viet_nam(client, channel):
    ShippingMethod.objects.create(
        channel=channel, name="Giao hỏa tốc (ngừng)", slug="hoa-toc-ngung", price_amount=90_000, is_active=False
    )
    active = list(ShippingMethod.objects.filter(channel=channel, is_active=True))
    assert active
    shown = post(client, SHIPPING, slug=channel.slug)["data"]["channel"]["availableShippingMethodsPerCountry"]
    assert shown == [
        {
            "countryCode": "VN",
            "shippingMethods": [
                {
                    "id": relay.Node.to_global_id("ShippingMethod", method.pk),
                    "name": method.name,
                    "minimumDeliveryDays": method.minimum_delivery_days,
                    "maximumDeliveryDays": method.maximum_delivery_days,
                    "price": {"amount": method.price_amount, "currency": "VND"},
                }
                for method in active
            ],
        }
    ]
    asked = post(client, SHIPPING, slug=channel.slug, countries=["VN", "FR"])["data"]["channel"]
    assert asked["availableShippingMethodsPerCountry"] == shown
    abroad = post(client, SHIPPING, slug=channel.slug, countries=["FR"])["data"]["channel"]
    assert abroad["availableShippingMethodsPerCountry"] == []


def _statements(client, query) -> int:
    with CaptureQueriesContext(connection) as queries:
        result = post(client, query)
    assert "errors" not in result, result["errors"]
    return len(queries)


def test_every_channel_costs_the_same_statements_whatever_their_number(client, manager, bank_account):
    client.force_login(manager)
    many = _statements(client, EVERY_CHANNEL)
    assert Channel.objects.filter(is_active=True).count() == 5
    Channel.objects.exclude(pk=bank_account.channel_id).update(is_active=False)
    one = _statements(client, EVERY_CHANNEL)
    # session and user, channels, orders, warehouses, shipping methods, transfer accounts
    assert many == one == 6


SHIPPING_ENGLISH = """query($slug: String, $language: LanguageCodeEnum!) { channel(slug: $slug) {
  availableShippingMethodsPerCountry { shippingMethods { name
    translation(languageCode: $language) { id language { code } name description
      translatableContent { shippingMethodId name description translation(languageCode: $language) { name }
        shippingMethod { name type minimumDeliveryDays maximumDeliveryDays postalCodeRules { start }
          minimumOrderPrice { amount } translation(languageCode: $language) { name } } } } } } } }"""


def test_a_delivery_method_reads_in_english_where_a_manager_wrote_it(client, channel):
    standard = ShippingMethod.objects.get(channel=channel, slug="tieu-chuan")
    express = ShippingMethod.objects.get(channel=channel, slug="nhanh")
    express.name_en = ""
    express.save(update_fields=["name_en"])
    methods = post(client, SHIPPING_ENGLISH, slug=channel.slug, language="EN")["data"]["channel"]
    standard_shown, express_shown = methods["availableShippingMethodsPerCountry"][0]["shippingMethods"]
    assert standard_shown["name"] == "Giao tiêu chuẩn"
    assert express_shown == {"name": "Giao nhanh", "translation": None}  # nobody wrote its English
    translation = standard_shown["translation"]
    assert translation["name"] == "Standard delivery"  # filled by the migration for the HCMC channel
    assert translation["language"] == {"code": "EN"}
    assert json.loads(translation["description"])["blocks"][0]["data"]["text"] == standard.description_en
    source = translation["translatableContent"]
    assert source["shippingMethodId"] == relay.Node.to_global_id("ShippingMethod", standard.pk)
    assert source["name"] == "Giao tiêu chuẩn"
    assert json.loads(source["description"])["blocks"][0]["data"]["text"] == "Giao trong 2–3 ngày tại TP. Hồ Chí Minh"
    assert source["translation"] == {"name": "Standard delivery"}
    assert source["shippingMethod"] == {
        "name": "Giao tiêu chuẩn",
        "type": "PRICE",
        "minimumDeliveryDays": 2,
        "maximumDeliveryDays": 3,
        "postalCodeRules": [],
        "minimumOrderPrice": None,
        "translation": {"name": "Standard delivery"},
    }
    vietnamese = post(client, SHIPPING_ENGLISH, slug=channel.slug, language="VI")["data"]["channel"]
    assert [
        method["translation"] for method in vietnamese["availableShippingMethodsPerCountry"][0]["shippingMethods"]
    ] == [
        None,
        None,
    ]


TRANSLATABLE_METHODS = """{ translations(kind: SHIPPING_METHOD, first: 20) { totalCount edges { node {
  ... on ShippingMethodTranslatableContent { name translation(languageCode: EN) { name }
    shippingMethod { channelListings { channel { slug } price { amount } } excludedProducts(first: 5) { totalCount }
      taxClass { id } } } } } } }"""


def test_translators_list_every_delivery_method_with_its_english(client, manager, channel):
    client.force_login(manager)
    result = post(client, TRANSLATABLE_METHODS)
    assert "errors" not in result, result["errors"]
    items = result["data"]["translations"]
    every = list(ShippingMethod.objects.order_by("pk"))
    assert items["totalCount"] == len(every)
    assert [edge["node"]["name"] for edge in items["edges"]] == [method.name for method in every]
    standard = next(edge["node"] for edge in items["edges"] if edge["node"]["name"] == "Giao tiêu chuẩn")
    assert standard["translation"] == {"name": "Standard delivery"}
    assert standard["shippingMethod"] == {
        "channelListings": [{"channel": {"slug": channel.slug}, "price": {"amount": 30_000}}],
        "excludedProducts": {"totalCount": 0},
        "taxClass": None,
    }


@pytest.mark.parametrize("field", ["channelListings { price { amount } }", "excludedProducts(first: 1) { totalCount }"])
def test_a_delivery_methods_listings_are_the_staffs(client, channel, field):
    query = f"""query($slug: String) {{ channel(slug: $slug) {{ availableShippingMethodsPerCountry {{ shippingMethods {{
      translation(languageCode: EN) {{ translatableContent {{ shippingMethod {{ {field} }} }} }} }} }} }} }}"""
    result = post(client, query, slug=channel.slug)
    assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_one_delivery_method_by_id_for_translators(client, manager, channel):
    client.force_login(manager)
    express = ShippingMethod.objects.get(channel=channel, slug="nhanh")
    query = """query($id: ID!) { translation(id: $id, kind: SHIPPING_METHOD) {
      ... on ShippingMethodTranslatableContent { shippingMethodId name translation(languageCode: EN) { name } } } }"""
    found = post(client, query, id=relay.Node.to_global_id("ShippingMethod", express.pk))["data"]["translation"]
    assert found == {
        "shippingMethodId": relay.Node.to_global_id("ShippingMethod", express.pk),
        "name": "Giao nhanh",
        "translation": {"name": "Express delivery"},
    }
    missing = post(client, query, id=relay.Node.to_global_id("ShippingMethod", 999_999))
    assert missing["data"] == {"translation": None}
