"""Saleor's User fields beyond the storefront's basics: the account's language (a real column, vi or en, set by
accountRegister and accountUpdate, and the default of the account's new API checkouts), and the staff side
(userPermissions, permissionGroups, editableGroups, accessibleChannels, restrictedAccessToChannels, events,
customerType) mapped onto our roles. The operations are under operations/account/ (validated against both schemas
by test_account_api)."""

import pytest
from django.db import IntegrityError, transaction
from graphene import relay

from inventory import locations
from inventory.models import Warehouse
from marketplace.accounts.api_tokens import access_token
from marketplace.accounts.models import User
from marketplace.accounts.services import MANAGER_GROUP_NAME, create_user
from marketplace.channels.models import Channel
from marketplace.checkout.services import create_checkout_with
from marketplace.payments.services import record_cash_collected
from marketplace.producers.services import create_producer
from tests.graphql.test_account_api import operation

pytestmark = pytest.mark.django_db

PASSWORD = "Ca-phe-sua-da-2026"


def gid(kind, key):
    return relay.Node.to_global_id(kind, key)


def post(client, query, user=None, **variables):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {access_token(user)}"} if user is not None else {}
    response = client.post(
        "/graphql/", {"query": query, "variables": variables}, content_type="application/json", **headers
    )
    assert response.status_code < 500, response.content[:500]
    body = response.json()
    assert "Traceback" not in str(body) and "PostgreSQL" not in str(body) and "psycopg" not in str(body)
    return body


def data(client, name, user=None, **variables):
    body = post(client, operation(name), user, **variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


@pytest.fixture
def shopper(db):
    return create_user(email="lan@example.com", password=PASSWORD, role=User.Role.SHOPPER, first_name="Lan")


@pytest.fixture
def manager(db):
    return create_user(email="quanly@example.com", password=PASSWORD, role=User.Role.MANAGER, first_name="Quản lý")


@pytest.fixture
def kiosk_staff(db):
    kiosk = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    return create_user(email="nv@example.com", password=PASSWORD, role=User.Role.KIOSK_STAFF, kiosk=kiosk)


@pytest.fixture
def producer_member(db):
    producer = create_producer(name="HTX Thử nghiệm", legal_form="cooperative", tax_code="4000000002")
    return create_user(email="ocop@example.com", password=PASSWORD, role=User.Role.PRODUCER, producer=producer)


# --- languageCode ------------------------------------------------------------------------------------------------


REGISTER = """
mutation Register($input: AccountRegisterInput!) {
  accountRegister(input: $input) { user { email languageCode } errors { field message code } }
}
"""


@pytest.mark.parametrize(("sent", "kept"), [(None, "vi"), ("VI", "vi"), ("EN", "en"), ("EN_US", "en"), ("VI_VN", "vi")])
def test_register_keeps_the_language_the_storefront_sends(client, sent, kept):
    account = {"email": "mai@example.com", "password": PASSWORD} | ({"languageCode": sent} if sent else {})
    answer = post(client, REGISTER, input=account)["data"]["accountRegister"]
    assert answer["errors"] == []
    assert answer["user"]["languageCode"] == kept.upper()
    assert User.objects.get(email="mai@example.com").language_code == kept


def test_a_language_the_shop_does_not_speak_is_refused_as_data_and_nothing_is_created(client):
    answer = post(client, REGISTER, input={"email": "mai@example.com", "password": PASSWORD, "languageCode": "FR"})
    assert answer["data"]["accountRegister"]["errors"] == [
        {"field": "languageCode", "message": "Cửa hàng chỉ có tiếng Việt và tiếng Anh.", "code": "INVALID"}
    ]
    assert answer["data"]["accountRegister"]["user"] is None
    assert not User.objects.filter(email="mai@example.com").exists()


def test_account_update_changes_the_language_and_the_accounts_new_checkouts_start_in_it(client, shopper):
    assert data(client, "CurrentUser", shopper)["me"]["languageCode"] == "VI"
    answer = data(client, "LanguageUpdate", shopper, languageCode="EN")["accountUpdate"]
    assert answer == {"user": {"id": gid("User", shopper.pk), "languageCode": "EN"}, "errors": []}
    shopper.refresh_from_db()
    assert shopper.language_code == "en"
    assert data(client, "CurrentUser", shopper)["me"]["languageCode"] == "EN"
    channel = Channel.objects.get(kind=Channel.Kind.ONLINE)
    assert create_checkout_with(channel=channel, user=shopper).language_code == "en"
    assert create_checkout_with(channel=channel, user=None).language_code == "vi"


@pytest.mark.parametrize("hostile", ["FR", "XX", "vi\x00", "\x00", "EN' OR 1=1", "A" * 10_000, 7, None])
def test_hostile_language_codes_are_errors_and_change_nothing(client, shopper, hostile):
    body = post(client, operation("LanguageUpdate"), shopper, languageCode=hostile)
    assert all(error["message"] != "Internal Server Error" for error in body.get("errors", ())), body
    if hostile == "FR":  # a real language code the shop does not speak: Saleor's AccountError, as data
        assert body["data"]["accountUpdate"]["errors"][0]["code"] == "INVALID"
        assert body["data"]["accountUpdate"]["errors"][0]["field"] == "languageCode"
    else:  # not a LanguageCodeEnum value at all: GraphQL's own error
        assert body["errors"] and not body.get("data")
    shopper.refresh_from_db()
    assert shopper.language_code == "vi"


def test_the_database_refuses_a_language_the_shop_does_not_speak(shopper):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=shopper.pk).update(language_code="fr")


# --- The staff side ------------------------------------------------------------------------------------------------


def test_a_shopper_gets_what_saleor_gives_a_customer(client, shopper):
    me = data(client, "UserAccess", shopper)["me"]
    assert me == {
        "id": gid("User", shopper.pk),
        "email": "lan@example.com",
        "isStaff": False,
        "languageCode": "VI",
        "userPermissions": [],
        "permissionGroups": [],
        "editableGroups": [],
        "accessibleChannels": [],
        "restrictedAccessToChannels": True,
    }


def test_the_staff_only_fields_are_refused_to_a_shopper_as_saleor_does(client, shopper):
    body = post(client, operation("UserStaffDetails"), shopper)
    assert [error["path"] for error in body["errors"]] == [["me", "events"]]
    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert "MANAGE_USERS" in body["errors"][0]["message"]
    # The rest of the answer stands: the owner may read their (absent) customer type and note.
    assert body["data"]["me"] == {"id": gid("User", shopper.pk), "note": None, "events": None, "customerType": None}


def test_anonymous_callers_get_no_account(client):
    assert post(client, operation("UserAccess"))["data"] == {"me": None}


def test_a_manager_holds_saleors_permissions_of_our_apps_and_every_channel(client, manager, django_assert_num_queries):
    # The token's account, its Django permissions (own, groups'), its groups with their permissions (three),
    # every group with their permissions (three), the channels.
    with django_assert_num_queries(10):
        me = data(client, "UserAccess", manager)["me"]
    codes = [permission["code"] for permission in me["userPermissions"]]
    for code in ("MANAGE_USERS", "MANAGE_STAFF", "MANAGE_PRODUCTS", "MANAGE_ORDERS", "MANAGE_CHANNELS", "MANAGE_PAGES"):
        assert code in codes
    for code in ("MANAGE_GIFT_CARD", "MANAGE_DISCOUNTS", "MANAGE_APPS", "MANAGE_PLUGINS", "IMPERSONATE_USER"):
        assert code not in codes  # nothing of ours behind them
    assert {"code": "MANAGE_ORDERS", "name": "Manage orders."} in me["userPermissions"]
    (group,) = me["permissionGroups"]
    assert group["name"] == MANAGER_GROUP_NAME
    assert group["userCanManage"] is True and group["restrictedAccessToChannels"] is False
    assert sorted(permission["code"] for permission in group["permissions"]) == sorted(codes)
    assert [editable["name"] for editable in me["editableGroups"]] == [MANAGER_GROUP_NAME]
    assert [channel["slug"] for channel in me["accessibleChannels"]] == list(
        Channel.objects.order_by("pk").values_list("slug", flat=True)
    )
    assert me["restrictedAccessToChannels"] is False and me["isStaff"] is True


def test_a_manager_reads_the_staff_only_fields(client, manager):
    me = data(client, "UserStaffDetails", manager)["me"]
    assert me == {"id": gid("User", manager.pk), "note": None, "events": [], "customerType": None}


def test_kiosk_staff_reach_their_kiosks_channels_only_and_hold_no_permission(client, kiosk_staff):
    me = data(client, "UserAccess", kiosk_staff)["me"]
    kiosk_channels = Channel.objects.filter(warehouses=kiosk_staff.kiosk).order_by("pk")
    assert kiosk_channels.exists()
    assert [channel["slug"] for channel in me["accessibleChannels"]] == [c.slug for c in kiosk_channels]
    assert me["restrictedAccessToChannels"] is True
    assert me["userPermissions"] == [] and me["permissionGroups"] == [] and me["editableGroups"] == []
    assert post(client, operation("UserStaffDetails"), kiosk_staff)["errors"][0]["path"] == ["me", "events"]


def test_producer_members_hold_nothing_of_saleors(client, producer_member):
    me = data(client, "UserAccess", producer_member)["me"]
    assert me["userPermissions"] == [] and me["accessibleChannels"] == [] and me["restrictedAccessToChannels"]


SOURCE_GROUPS = """
query Sources($userId: ID!) { me { userPermissions { code sourcePermissionGroups(userId: $userId) { name } } } }
"""


def test_source_permission_groups_are_the_managers_own_and_another_user_is_refused_to_non_staff(
    client, manager, shopper
):
    answer = post(client, SOURCE_GROUPS, manager, userId=gid("User", manager.pk))["data"]["me"]["userPermissions"]
    assert answer and all(item["sourcePermissionGroups"] == [{"name": MANAGER_GROUP_NAME}] for item in answer)
    # A shopper holds no permission, so has nothing to ask about; the field itself is empty for them.
    assert post(client, SOURCE_GROUPS, shopper, userId=gid("User", manager.pk))["data"]["me"]["userPermissions"] == []
    bad = post(client, SOURCE_GROUPS, manager, userId="\x00")
    assert bad["errors"] and "\x00" not in bad["errors"][0]["message"]


def test_me_costs_one_query_whatever_the_role(client, shopper, manager, django_assert_num_queries):
    """The new fields cost nothing unless asked: the storefront's CurrentUser is the token's account and its
    address book, as before."""
    for user in (shopper, manager):
        with django_assert_num_queries(2):
            data(client, "CurrentUser", user)


# --- orders(where: CustomerOrderWhereInput) ------------------------------------------------------------------------


@pytest.fixture
def three_orders(shopper, variant, second_variant, place_order):
    """The shopper's orders: one line, two lines, and a paid one (cash collected)."""
    first = place_order([(variant, 1)], email=shopper.email, user=shopper)
    second = place_order([(variant, 1), (second_variant, 2)], email=shopper.email, user=shopper)
    paid = place_order([(second_variant, 1)], email=shopper.email, user=shopper)
    record_cash_collected(paid)
    return first, second, paid


def numbers(client, user, where):
    answer = data(client, "FilteredOrderHistory", user, first=20, where=where)["me"]["orders"]
    assert answer["totalCount"] == len(answer["edges"])
    return sorted(int(edge["node"]["number"]) for edge in answer["edges"])


def test_orders_where_narrows_the_shoppers_own_orders(client, shopper, three_orders, channel):
    first, second, paid = three_orders
    everyone = sorted(order.number for order in three_orders)
    assert numbers(client, shopper, None) == everyone
    assert numbers(client, shopper, {}) == everyone
    assert numbers(client, shopper, {"ids": [gid("Order", first.token)]}) == [first.number]
    assert numbers(client, shopper, {"number": {"eq": second.number}}) == [second.number]
    assert numbers(client, shopper, {"number": {"range": {"gte": second.number}}}) == [second.number, paid.number]
    assert numbers(client, shopper, {"linesCount": {"eq": 2}}) == [second.number]
    assert numbers(client, shopper, {"chargeStatus": {"eq": "FULL"}}) == [paid.number]
    assert numbers(client, shopper, {"chargeStatus": {"oneOf": ["NONE"]}}) == [first.number, second.number]
    assert numbers(client, shopper, {"authorizeStatus": {"eq": "FULL"}}) == [paid.number]
    assert numbers(client, shopper, {"authorizeStatus": {"eq": "NONE"}}) == [first.number, second.number]
    assert numbers(client, shopper, {"status": {"eq": paid.status.upper()}}) == sorted(
        order.number for order in three_orders if order.status == paid.status
    )
    assert numbers(client, shopper, {"channelId": {"eq": gid("Channel", channel.pk)}}) == everyone
    assert numbers(client, shopper, {"userEmail": {"eq": "someone@example.com"}}) == []
    assert numbers(client, shopper, {"totalGross": {"amount": {"eq": second.total_amount}}}) == [
        order.number for order in three_orders if order.total_amount == second.total_amount
    ]
    assert numbers(client, shopper, {"totalGross": {"amount": {"range": {"gte": 0}}, "currency": "USD"}}) == []
    assert numbers(client, shopper, {"checkoutToken": {"eq": str(first.checkout_token)}}) == [first.number]
    assert numbers(client, shopper, {"isGiftCardUsed": True}) == []
    assert numbers(client, shopper, {"isGiftCardUsed": False}) == everyone
    assert numbers(client, shopper, {"metadata": {"key": "x"}}) == []
    assert numbers(client, shopper, {"shippingAddress": {"country": {"eq": "VN"}}}) == everyone
    assert numbers(client, shopper, {"shippingAddress": {"country": {"notOneOf": ["VN"]}}}) == []
    assert numbers(client, shopper, {"OR": [{"number": {"eq": first.number}}, {"chargeStatus": {"eq": "FULL"}}]}) == [
        first.number,
        paid.number,
    ]
    assert numbers(client, shopper, {"AND": [{"linesCount": {"eq": 1}}, {"chargeStatus": {"eq": "NONE"}}]}) == [
        first.number
    ]


def test_orders_where_never_reaches_another_shoppers_orders(client, shopper, three_orders, variant, place_order):
    other = create_user(email="binh@example.com", password=PASSWORD, role=User.Role.SHOPPER)
    theirs = place_order([(variant, 1)], email=other.email, user=other)
    assert numbers(client, shopper, {"ids": [gid("Order", theirs.token)]}) == []
    assert numbers(client, shopper, {"number": {"eq": theirs.number}}) == []
    assert numbers(client, shopper, {"userEmail": {"eq": other.email}}) == []
    assert numbers(client, other, {"ids": [gid("Order", order.token) for order in three_orders]}) == []


@pytest.mark.parametrize(
    "where",
    [
        {"ids": ["not-an-id"]},
        {"ids": [gid("Product", 1)]},
        {"ids": ["\x00"]},
        {"channelId": {"eq": "\x00"}},
        {"userEmail": {"eq": "lan\x00@example.com"}},
        {"checkoutId": {"eq": gid("Checkout", "not-a-uuid")}},
        {"checkoutToken": {"eq": "not-a-uuid"}},
        {"number": {"eq": 2**40}},
        {"productTypeId": {"oneOf": [gid("ProductType", "x")]}},
        {"OR": [{"OR": [{"OR": [{"OR": [{"OR": [{"OR": [{"OR": [{"number": {"eq": 1}}]}]}]}]}]}]}]},
    ],
)
def test_hostile_order_filters_are_errors_never_500s(client, shopper, three_orders, where):
    body = post(client, operation("FilteredOrderHistory"), shopper, first=5, where=where)
    assert body.get("errors"), body
    assert all(error["message"] != "Internal Server Error" for error in body["errors"]), body
    assert not (body.get("data") or {}).get("me", {}) or body["data"]["me"]["orders"] is None


def test_filtered_order_history_costs_fixed_queries(client, shopper, three_orders, django_assert_num_queries):
    where = {"chargeStatus": {"oneOf": ["NONE", "FULL"]}, "linesCount": {"range": {"gte": 1}}}
    # As the unfiltered history: the token's account, the count, the page, its lines, their photos, parcels.
    with django_assert_num_queries(6):
        assert len(numbers(client, shopper, where)) == 3
