"""Saleor's Shop settings for the staff (mail sender, permissions, staff notifications, usage, announcements, tax
apps, switches) and the fields of types we never answer (GiftCard, Voucher, App): the settings are read from our
own data, the staff-only ones are the managers' alone, and a storefront's or dashboard's query asking the never
answered types' fields is valid against both schemas and answers empty."""

import pytest
from graphene import relay

from marketplace.accounts.models import User
from marketplace.accounts.services import create_user
from marketplace.checkout.services import add_to_checkout, create_checkout
from marketplace.graphql.schema import schema
from marketplace.graphql.staff import PERMISSION_NAMES
from tests.graphql.operations import saleor_schema, validation_errors
from tests.graphql.test_user_staff_fields_api import PASSWORD, kiosk_staff, post, producer_member, shopper  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

STAFF_SETTINGS = """
query StaffSettings {
  shop {
    defaultMailSenderName
    defaultMailSenderAddress
    staffNotificationRecipients { id email active user { email } }
    limits {
      currentUsage { channels orders productVariants staffUsers warehouses }
      allowedUsage { channels orders productVariants staffUsers warehouses }
    }
    announcements { title messageHtml importance type extra createdAt updatedAt }
    availableTaxApps {
      id name type breakerState breakerLastStateChange accessToken configurationUrl dataPrivacy
      brand { logo { default(size: 64, format: WEBP) } }
      tokens { id name authToken }
      extensions { id label url mountName targetName settings permissions { code } app { id } }
      problems(limit: 5) { id message key count isCritical dismissed { by userEmail user { email } } }
      webhooks {
        id targetUrl isActive subscriptionQuery customHeaders secretKey
        events { name eventType }
        syncEvents { eventType }
        asyncEvents { eventType }
        eventDeliveries(first: 5, filter: {status: FAILED}, sortBy: {field: CREATED_AT, direction: DESC}) {
          edges { node { id status eventType payload attempts(first: 5) { edges { node { id status } } } } }
        }
      }
    }
  }
}
"""

PUBLIC_SETTINGS = """
query PublicSettings {
  shop {
    permissions { code name }
    useLegacyShippingZoneStockAvailability
    useLegacyUpdateWebhookEmission
    accountConfirmMergeMode
  }
}
"""

STAFF_ONLY_FIELDS = {
    "defaultMailSenderName": "MANAGE_SETTINGS",
    "defaultMailSenderAddress": "MANAGE_SETTINGS",
    "staffNotificationRecipients { id }": "MANAGE_SETTINGS",
    "limits { currentUsage { orders } }": "AUTHENTICATED_STAFF_USER",
    "announcements { title }": "AUTHENTICATED_STAFF_USER",
    "availableTaxApps { id }": "AUTHENTICATED_STAFF_USER, MANAGE_APPS",
}

# What a storefront's account page and cart may ask of gift cards and vouchers, and a dashboard of a customer's
# events' apps: every field Saleor has that we added.
NEVER_ANSWERED = """
query NeverAnswered($checkout: ID!) {
  me {
    giftCards(first: 10) {
      edges {
        node {
          id createdBy { email } usedBy { email } createdByEmail usedByEmail assignedTo { email } assignedToEmail
          lastUsedOn app { id name } product { id name } boughtInChannel user { email } endDate startDate
          tags { id name }
          events(filter: {type: USED_IN_ORDER}) {
            id type date message email orderId orderNumber tags oldTags expiryDate oldExpiryDate
            user { email } app { id }
            balance { initialBalance { amount } currentBalance { amount } oldCurrentBalance { amount } }
            assignedTo { currentAssignedToEmail oldAssignedTo { email } }
          }
        }
      }
    }
    events { app { id type webhooks { id } extensions { id } } }
  }
  checkout(id: $checkout) {
    voucher {
      id
      codes(first: 5) { totalCount edges { node { id code used isActive createdAt } } }
      categories(first: 5) { edges { node { id } } }
      collections(first: 5) { edges { node { id } } }
      products(first: 5) { edges { node { id } } }
      variants(first: 5) { edges { node { id } } }
      translation(languageCode: EN) {
        id name language { code }
        translatableContent { id voucherId name translation(languageCode: EN) { name } }
      }
      channelListings { id channel { slug } discountValue currency minSpent { amount } }
    }
  }
}
"""


@pytest.fixture
def manager(db):
    return create_user(email="quanly@example.com", password=PASSWORD, role=User.Role.MANAGER)


@pytest.mark.parametrize("text", [STAFF_SETTINGS, PUBLIC_SETTINGS, NEVER_ANSWERED])
def test_the_queries_are_valid_against_saleors_schema_and_ours(text):
    assert validation_errors(saleor_schema(), text) == []
    assert validation_errors(schema.graphql_schema, text) == []


@pytest.mark.usefixtures("kiosk_staff", "producer_member", "shopper")
def test_a_manager_reads_the_mail_sender_and_the_shops_usage(client, manager, variant, settings):
    settings.DEFAULT_FROM_EMAIL = "Chợ Xứ Quảng <thu@xuquang.vn>"
    body = post(client, STAFF_SETTINGS, manager)
    assert "errors" not in body, body["errors"]
    shop = body["data"]["shop"]
    assert (shop["defaultMailSenderName"], shop["defaultMailSenderAddress"]) == ("Chợ Xứ Quảng", "thu@xuquang.vn")
    # The programme's 5 channels (online and 4 kiosks), no order yet, the one variant made, the manager and the
    # kiosk's staff (not the producer's member nor the shopper), the HCMC warehouse and 4 kiosks (not the ledger's
    # 6 virtual places).
    assert shop["limits"] == {
        "currentUsage": {"channels": 5, "orders": 0, "productVariants": 1, "staffUsers": 2, "warehouses": 5},
        "allowedUsage": {"channels": None, "orders": None, "productVariants": None, "staffUsers": None,
                         "warehouses": None},
    }  # fmt: skip
    assert shop["staffNotificationRecipients"] == [] and shop["announcements"] == []
    assert shop["availableTaxApps"] == []


def test_a_sender_without_a_name_answers_its_address_alone(client, manager, settings):
    settings.DEFAULT_FROM_EMAIL = "no-reply@xuquang.market"
    shop = post(client, "{ shop { defaultMailSenderName defaultMailSenderAddress } }", manager)["data"]["shop"]
    assert shop == {"defaultMailSenderName": None, "defaultMailSenderAddress": "no-reply@xuquang.market"}


@pytest.mark.parametrize("asker", [None, "shopper", "kiosk_staff", "producer_member"])
@pytest.mark.parametrize(("selection", "permissions"), STAFF_ONLY_FIELDS.items())
def test_only_managers_read_the_staff_settings(client, request, asker, selection, permissions):
    user = request.getfixturevalue(asker) if asker else None
    body = post(client, f"{{ shop {{ {selection} }} }}", user)
    [error] = body["errors"]
    assert error["extensions"]["exception"]["code"] == "PermissionDenied"
    if user is not None:
        assert error["message"] == f"You need one of the following permissions: {permissions}"
    assert body["data"] is None or body["data"]["shop"] is None or set(body["data"]["shop"].values()) == {None}


def test_anyone_reads_the_permissions_and_the_public_switches(client):
    body = post(client, PUBLIC_SETTINGS)
    assert "errors" not in body, body["errors"]
    shop = body["data"]["shop"]
    assert [permission["code"] for permission in shop["permissions"]] == list(PERMISSION_NAMES)
    assert shop["permissions"][0] == {"code": "MANAGE_USERS", "name": "Manage customers."}
    assert shop["useLegacyShippingZoneStockAvailability"] is False
    assert shop["useLegacyUpdateWebhookEmission"] is None
    assert shop["accountConfirmMergeMode"] == "MERGE_DISABLED"


def test_the_usage_costs_the_same_statements_whatever_the_shop_holds(
    client, manager, make_variant, django_assert_num_queries
):
    query = "{ shop { limits { currentUsage { channels orders productVariants staffUsers warehouses } } } }"
    post(client, query, manager)
    # The manager's account with its token, then one count for each of the five figures.
    with django_assert_num_queries(6):
        few = post(client, query, manager)["data"]["shop"]["limits"]["currentUsage"]
    for number in range(3):
        make_variant(f"Trà thảo mộc {number}", sku=f"TTM-{number}", price=50_000)
    with django_assert_num_queries(6):
        more = post(client, query, manager)["data"]["shop"]["limits"]["currentUsage"]
    assert more["productVariants"] == few["productVariants"] + 3


def test_gift_cards_vouchers_and_apps_answer_empty_for_their_new_fields(client, manager, channel, variant):
    cart = create_checkout(channel=channel, user=manager)
    add_to_checkout(cart, variant=variant, quantity=1, user=manager)
    body = post(client, NEVER_ANSWERED, manager, checkout=relay.Node.to_global_id("Checkout", cart.pk))
    assert "errors" not in body, body["errors"]
    assert body["data"]["me"] == {"giftCards": {"edges": []}, "events": []}
    assert body["data"]["checkout"] == {"voucher": None}
