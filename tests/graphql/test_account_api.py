"""Accounts and orders over the API, driven by the storefront-style operations in operations/account/.

Each operation is checked against our schema and Saleor's, then run over HTTP with `Authorization: Bearer …` as a
Saleor storefront sends it. The forbidden paths are tried: another shopper's address and order, a token that is
expired, forged, unsigned (alg "none"), revoked or of the wrong kind, a session cookie instead of a token.
"""

import base64
import datetime
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from graphene import relay
from graphql import build_schema, parse, validate

from marketplace.accounts import services
from marketplace.accounts.models import Address, User
from marketplace.accounts.services import create_user
from marketplace.graphql.schema import schema
from marketplace.orders.models import Order
from tests.jobs import run_deferred_jobs

pytestmark = pytest.mark.django_db

OPERATIONS = Path(__file__).parent / "operations" / "account"
PASSWORD = "Ca-phe-sua-da-2026"
NEW_PASSWORD = "Mi-Quang-ga-2027"
BEN_THANH = "26743"  # Phường Bến Thành
STOREFRONT = "https://cho.example.com/tai-khoan/"


def saleor_reference() -> Path:
    """Saleor's schema, from shared/ beside the repository (CI) or the workplace's copy."""
    for candidate in (
        Path(settings.BASE_DIR).parent / "shared" / "reference" / "saleor-schema.graphql",
        Path("/work/shared/reference/saleor-schema.graphql"),
    ):
        if candidate.exists():
            return candidate
    raise AssertionError("Saleor's reference schema (shared/reference/saleor-schema.graphql) is missing.")


@pytest.fixture(scope="module")
def saleor_schema():
    return build_schema(saleor_reference().read_text())


@pytest.fixture(autouse=True)
def api_settings(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.XQ_LOGIN_ADDRESS_FAILURE_LIMIT = 20
    settings.XQ_STOREFRONT_HOSTS = ["cho.example.com"]


FRAGMENT_FILES = {path.stem: path.read_text() for path in (OPERATIONS / "fragments").glob("*.graphql")}
# Each fragment's name → the file that defines it.
FRAGMENTS = {
    name: stem for stem, text in FRAGMENT_FILES.items() for name in re.findall(r"^fragment (\w+) on", text, re.M)
}


def operation(name: str) -> str:
    """An operation with the shared fragments it spreads, as a storefront's code generator puts them together."""
    parts = [(OPERATIONS / f"{name}.graphql").read_text()]
    files: list[str] = []
    for text in parts:  # grows while fragments bring in the fragments they spread
        for spread in re.findall(r"\.\.\.(\w+)", text):
            if spread in FRAGMENTS and FRAGMENTS[spread] not in files:
                files.append(FRAGMENTS[spread])
                parts.append(FRAGMENT_FILES[FRAGMENTS[spread]])
    return "\n".join(parts)


class Storefront:
    """A Saleor storefront talking to /graphql/ over HTTP, with the shopper's access token once signed in."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def post(self, query, variables=None, *, bearer=None):
        headers = {}
        bearer = bearer or self.token
        if bearer:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {bearer}"
        response = self.client.post(
            "/graphql/", {"query": query, "variables": variables or {}}, content_type="application/json", **headers
        )
        assert response.status_code == 200, response.content
        return response.json()

    def run(self, name, bearer=None, **variables):
        result = self.post(operation(name), variables, bearer=bearer)
        assert "Traceback" not in str(result)
        return result

    def data(self, name, **variables):
        result = self.run(name, **variables)
        assert "errors" not in result, result
        return result["data"]

    def sign_in(self, email, password=PASSWORD):
        answer = self.data("SignIn", email=email, password=password)["tokenCreate"]
        assert answer["errors"] == [], answer
        self.token = answer["token"]
        return answer


@pytest.fixture
def storefront(client):
    return Storefront(client)


@pytest.fixture
def shopper():
    user = create_user(email="lan@example.com", password=PASSWORD, role=User.Role.SHOPPER, first_name="Nguyễn Thị Lan")
    user.phone = "0905123456"
    user.save(update_fields=["phone"])
    return user


@pytest.fixture
def other_shopper():
    return create_user(email="binh@example.com", password=PASSWORD, role=User.Role.SHOPPER, first_name="Trần Bình")


def address_input(**overrides):
    return {
        "firstName": "Nguyễn Thị Lan",
        "streetAddress1": "12 Lê Lợi",
        "city": "Phường Sài Gòn",
        "countryArea": "Thành phố Hồ Chí Minh",
        "country": "VN",
        "phone": "+84905123456",
    } | overrides


def global_id(kind, key):
    return relay.Node.to_global_id(kind, key)


# --- The operations are Saleor's -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(OPERATIONS.glob("*.graphql")), ids=lambda path: path.stem)
def test_storefront_operations_validate_against_our_schema_and_saleors(path, saleor_schema):
    document = parse(operation(path.stem))
    assert validate(schema.graphql_schema, document) == []
    assert validate(saleor_schema, document) == []


def test_our_account_types_are_saleors_field_for_field(saleor_schema):
    """Every field and argument of the account and order types we serve has Saleor's name, type and nullability."""
    ours = schema.graphql_schema
    names = [
        "User", "Address", "AddressInput", "AccountError", "AccountErrorCode", "AccountRegisterInput",
        "AccountInput", "CreateToken", "RefreshToken", "VerifyToken", "Order", "OrderLine",
        "OrderCountableConnection", "OrderCountableEdge", "ShippingMethod", "Fulfillment", "UserPermission",
        "Group", "Permission", "PermissionEnum", "CustomerEvent", "CustomerEventsEnum", "CustomerType", "App",
        "CustomerOrderWhereInput",
    ]  # fmt: skip
    differences = []
    for name in names:
        our_type, saleor_type = ours.type_map[name], saleor_schema.type_map[name]
        if hasattr(our_type, "values"):
            differences += [f"{name}.{value}" for value in our_type.values if value not in saleor_type.values]
            continue
        for field_name, field in our_type.fields.items():
            saleor_field = saleor_type.fields.get(field_name)
            if saleor_field is None or str(saleor_field.type) != str(field.type):
                differences.append(f"{name}.{field_name}: {field.type}")
                continue
            for arg, value in getattr(field, "args", {}).items():
                if arg not in saleor_field.args or str(saleor_field.args[arg].type) != str(value.type):
                    differences.append(f"{name}.{field_name}({arg})")
    for name in ["Mutation", "Query"]:
        for field_name in ours.type_map[name].fields:
            if field_name.startswith(("token", "account", "me", "order", "password", "confirm", "set", "request")):
                our_field = ours.type_map[name].fields[field_name]
                saleor_field = saleor_schema.type_map[name].fields[field_name]
                assert str(our_field.type) == str(saleor_field.type), field_name
                assert {a: str(v.type) for a, v in our_field.args.items()} == {
                    a: str(v.type) for a, v in saleor_field.args.items() if a in our_field.args
                }, field_name
                assert {a for a, v in saleor_field.args.items() if str(v.type).endswith("!")} <= set(our_field.args)
    assert differences == []


# --- Registering, signing in, tokens ----------------------------------------------------------------------------


def test_register_then_sign_in_and_read_me(storefront):
    registered = storefront.data(
        "Register",
        input={
            "email": "Mai@Example.com",
            "password": PASSWORD,
            "firstName": "Lê",
            "lastName": "Mai",
            "languageCode": "VI",
            "channel": "sieu-thi-hcm",
        },
    )["accountRegister"]
    assert registered["errors"] == []
    assert registered["requiresConfirmation"] is False
    assert registered["user"] == {"email": "mai@example.com", "firstName": "Lê Mai"}

    signed_in = storefront.sign_in("mai@example.com")
    assert signed_in["user"]["email"] == "mai@example.com"
    me = storefront.data("CurrentUser")["me"]
    assert me["email"] == "mai@example.com"
    assert me["isStaff"] is False and me["isConfirmed"] is True
    assert me["languageCode"] == "VI"
    assert me["defaultShippingAddress"] is None


def test_register_refusals_are_data(storefront, shopper):
    taken = storefront.data("Register", input={"email": "LAN@example.com", "password": PASSWORD})["accountRegister"]
    assert taken["errors"] == [{"field": "email", "code": "UNIQUE", "message": taken["errors"][0]["message"]}]
    weak = storefront.data("Register", input={"email": "moi@example.com", "password": "123"})["accountRegister"]
    assert [(e["field"], e["code"]) for e in weak["errors"]] == [("password", "INVALID_PASSWORD")]
    not_an_email = storefront.data("Register", input={"email": "khong-phai-email", "password": PASSWORD})
    assert not_an_email["accountRegister"]["errors"][0]["code"] == "INVALID"
    nul = storefront.data("Register", input={"email": "a\x00@example.com", "password": PASSWORD})["accountRegister"]
    assert nul["errors"][0]["code"] == "INVALID"
    assert "NUL" not in str(nul)
    assert User.objects.count() == 1


def test_sign_in_with_the_phone_number_as_on_the_sign_in_page(storefront, shopper):
    signed_in = storefront.sign_in("0905 123 456")
    assert signed_in["user"]["email"] == "lan@example.com"
    assert storefront.data("CurrentUser")["me"]["email"] == "lan@example.com"
    # A number two accounts share names neither.
    twin = create_user(email="lan2@example.com", password=PASSWORD, role=User.Role.SHOPPER)
    User.objects.filter(pk=twin.pk).update(phone=shopper.phone)
    shared = storefront.data("SignIn", email="+84905123456", password=PASSWORD)["tokenCreate"]
    assert shared["token"] is None and shared["errors"][0]["code"] == "INVALID_CREDENTIALS"


def test_wrong_password_and_other_faces_accounts_are_refused(storefront, shopper):
    wrong = storefront.data("SignIn", email="lan@example.com", password="sai")["tokenCreate"]
    assert wrong["token"] is None
    assert [(e["field"], e["code"]) for e in wrong["errors"]] == [("email", "INVALID_CREDENTIALS")]
    create_user(email="quanly@example.com", password=PASSWORD, role=User.Role.MANAGER)
    manager = storefront.data("SignIn", email="quanly@example.com", password=PASSWORD)["tokenCreate"]
    assert manager["token"] is None
    assert manager["errors"][0]["code"] == "INVALID_CREDENTIALS"


def test_api_and_page_sign_in_share_one_lockout(storefront, client, shopper):
    # Three failures on the shop's page, two over the API: the fifth locks both.
    for _attempt in range(3):
        assert client.post("/tai-khoan/dang-nhap/", {"username": shopper.email, "password": "sai"}).status_code == 200
    for _attempt in range(2):
        answer = storefront.data("SignIn", email=shopper.email, password="sai")["tokenCreate"]
    assert answer["errors"][0]["code"] == "LOGIN_ATTEMPT_DELAYED"
    right_but_locked = storefront.data("SignIn", email=shopper.email, password=PASSWORD)["tokenCreate"]
    assert right_but_locked["token"] is None
    assert right_but_locked["errors"][0]["code"] == "LOGIN_ATTEMPT_DELAYED"
    # The phone number is the same account, hence the same lock.
    by_phone = storefront.data("SignIn", email="0905123456", password=PASSWORD)["tokenCreate"]
    assert by_phone["errors"][0]["code"] == "LOGIN_ATTEMPT_DELAYED"
    assert client.post("/tai-khoan/dang-nhap/", {"username": shopper.email, "password": PASSWORD}).status_code == 429


def test_api_failures_alone_lock_the_page_too(storefront, client, shopper):
    for _attempt in range(5):
        storefront.data("SignIn", email=shopper.email, password="sai")
    assert client.post("/tai-khoan/dang-nhap/", {"username": shopper.email, "password": PASSWORD}).status_code == 429


def test_refresh_and_verify(storefront, shopper):
    signed_in = storefront.sign_in(shopper.email)
    refreshed = storefront.data("TokenRefresh", refreshToken=signed_in["refreshToken"])["tokenRefresh"]
    assert refreshed["errors"] == []
    assert storefront.data("CurrentUser", bearer=refreshed["token"])["me"]["email"] == shopper.email

    verified = storefront.data("TokenVerify", token=refreshed["token"])["tokenVerify"]
    assert verified["isValid"] is True
    assert verified["user"] == {"email": shopper.email}
    assert verified["payload"]["type"] == "access"
    assert verified["payload"]["email"] == shopper.email
    assert verified["payload"]["exp"] - verified["payload"]["iat"] == 300

    # A refresh token is not an access token, nor the other way round.
    assert storefront.run("CurrentUser", bearer=signed_in["refreshToken"])["errors"][0]["message"] == "Invalid token"
    wrong_kind = storefront.data("TokenRefresh", refreshToken=signed_in["token"])["tokenRefresh"]
    assert wrong_kind["token"] is None
    assert wrong_kind["errors"][0]["code"] == "JWT_INVALID_TOKEN"
    invalid = storefront.data("TokenVerify", token="abc")["tokenVerify"]
    assert invalid["isValid"] is False
    assert invalid["errors"][0]["code"] == "JWT_DECODE_ERROR"


def _payload(user, **overrides):
    now = int(datetime.datetime.now(datetime.UTC).timestamp())
    return {
        "iat": now,
        "exp": now + 300,
        "iss": settings.XQ_SITE_URL + "/graphql/",
        "type": "access",
        "user_id": global_id("User", user.pk),
        "email": user.email,
        "token": user.api_token_key,
    } | overrides


def _unsigned(payload) -> str:
    def part(data):
        return base64.urlsafe_b64encode(__import__("json").dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(payload)}."


@pytest.mark.parametrize(
    "make_token, message, code",
    [
        (
            lambda user: jwt.encode(_payload(user, iat=1, exp=2), settings.XQ_JWT_SIGNING_KEY, algorithm="HS256"),
            "Signature has expired",
            "ExpiredSignatureError",
        ),
        (
            lambda user: jwt.encode(_payload(user), "a-key-that-is-not-ours-0123456789abcdef", algorithm="HS256"),
            "Invalid token",
            "InvalidTokenError",
        ),
        (lambda user: _unsigned(_payload(user)), "Invalid token", "InvalidTokenError"),
        (
            lambda user: jwt.encode(_payload(user, token="old"), settings.XQ_JWT_SIGNING_KEY, algorithm="HS256"),
            "Invalid token",
            "InvalidTokenError",
        ),
        (lambda user: "not.a.token", "Error decoding signature", "DecodeError"),
        (lambda user: "\u00e9\u00e9", "Error decoding signature", "DecodeError"),
    ],
    ids=["expired", "forged", "alg-none", "revoked-key", "garbage", "not-ascii"],
)
def test_a_token_that_cannot_be_used_is_saleors_error_never_a_500(storefront, shopper, make_token, message, code):
    result = storefront.run("CurrentUser", bearer=make_token(shopper))
    assert result["data"] == {"me": None}
    assert result["errors"][0]["message"] == message
    assert result["errors"][0]["extensions"]["exception"]["code"] == code
    # A public query still works with it, as does tokenRefresh (the storefront's way out).
    assert "errors" not in storefront.post("{ channels { slug } }", bearer=make_token(shopper))


def test_deactivating_all_tokens_revokes_access_and_refresh_tokens(storefront, shopper):
    first = storefront.sign_in(shopper.email)
    second = Storefront(storefront.client).sign_in(shopper.email)
    assert storefront.data("SignOutEverywhere")["tokensDeactivateAll"]["errors"] == []
    for token in (first["token"], second["token"]):
        assert storefront.run("CurrentUser", bearer=token)["errors"][0]["message"] == "Invalid token"
    refreshed = storefront.data("TokenRefresh", refreshToken=second["refreshToken"])["tokenRefresh"]
    assert refreshed["errors"][0]["code"] == "JWT_INVALID_TOKEN"
    # Signing in again works.
    storefront.sign_in(shopper.email)
    assert storefront.data("CurrentUser")["me"]["email"] == shopper.email


def test_deactivating_tokens_needs_a_signed_in_shopper(storefront):
    result = storefront.run("SignOutEverywhere")
    assert result["data"] == {"tokensDeactivateAll": None}
    assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_rotating_the_signing_key_keeps_tokens_signed_with_a_fallback(storefront, shopper, settings):
    old = storefront.sign_in(shopper.email)
    settings.XQ_JWT_SIGNING_KEY_FALLBACKS = [settings.XQ_JWT_SIGNING_KEY]
    settings.XQ_JWT_SIGNING_KEY = "the-new-signing-key-after-rotation-0123456789"
    assert storefront.data("CurrentUser", bearer=old["token"])["me"]["email"] == shopper.email
    fresh = storefront.data("TokenRefresh", refreshToken=old["refreshToken"])["tokenRefresh"]["token"]
    assert jwt.decode(fresh, settings.XQ_JWT_SIGNING_KEY, algorithms=["HS256"], options={"verify_iss": False})
    settings.XQ_JWT_SIGNING_KEY_FALLBACKS = []
    assert storefront.run("CurrentUser", bearer=old["token"])["errors"][0]["message"] == "Invalid token"
    assert storefront.data("CurrentUser", bearer=fresh)["me"]["email"] == shopper.email


def test_a_shop_session_reaches_the_api_only_with_its_csrf_token(shopper):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(shopper)
    # Another site making the signed-in shopper's browser post: no CSRF token, so a guest.
    assert Storefront(browser).data("CurrentUser")["me"] is None
    # The shop's own page, sending the token of its cookie.
    csrf = browser.get("/tai-khoan/dia-chi/them/").cookies["csrftoken"].value
    answer = browser.post(
        "/graphql/",
        {"query": operation("CurrentUser")},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert answer.json()["data"]["me"]["email"] == shopper.email
    # A bearer token decides over the cookie, whoever the cookie names.
    assert Storefront(browser).run("CurrentUser", bearer="not.a.token")["errors"][0]["message"] == (
        "Error decoding signature"
    )


# --- Passwords ----------------------------------------------------------------------------------------------------


def test_password_change(storefront, shopper):
    storefront.sign_in(shopper.email)
    wrong = storefront.data("PasswordChange", oldPassword="sai", newPassword=NEW_PASSWORD)["passwordChange"]
    assert [(e["field"], e["code"]) for e in wrong["errors"]] == [("oldPassword", "INVALID_CREDENTIALS")]
    weak = storefront.data("PasswordChange", oldPassword=PASSWORD, newPassword="123")["passwordChange"]
    assert [(e["field"], e["code"]) for e in weak["errors"]] == [("newPassword", "INVALID_PASSWORD")]
    changed = storefront.data("PasswordChange", oldPassword=PASSWORD, newPassword=NEW_PASSWORD)["passwordChange"]
    assert changed == {"user": {"email": shopper.email}, "errors": []}
    storefront.sign_in(shopper.email, NEW_PASSWORD)


def _emailed_link() -> str:
    return re.search(r"https?://\S+", mail.outbox[-1].body).group(0)


def test_password_reset_through_the_storefront(storefront, shopper):
    old = storefront.sign_in(shopper.email)
    asked = storefront.data("RequestPasswordReset", email="LAN@example.com", redirectUrl=STOREFRONT + "dat-lai")
    assert asked["requestPasswordReset"]["errors"] == []
    assert run_deferred_jobs() == ["marketplace.accounts.tasks.send_password_reset_email"]
    link = urlsplit(_emailed_link())
    assert f"{link.scheme}://{link.netloc}{link.path}" == STOREFRONT + "dat-lai"
    params = parse_qs(link.query)
    assert params["email"] == [shopper.email]

    reset = storefront.data("SetPassword", email=shopper.email, token=params["token"][0], password=NEW_PASSWORD)
    assert reset["setPassword"]["errors"] == []
    assert storefront.data("CurrentUser", bearer=reset["setPassword"]["token"])["me"]["email"] == shopper.email
    # The tokens of before are revoked, and the link works once.
    assert storefront.run("CurrentUser", bearer=old["token"])["errors"][0]["message"] == "Invalid token"
    again = storefront.data("SetPassword", email=shopper.email, token=params["token"][0], password=PASSWORD)
    assert [(e["field"], e["code"]) for e in again["setPassword"]["errors"]] == [("token", "INVALID")]
    storefront.sign_in(shopper.email, NEW_PASSWORD)


def test_password_reset_tells_nothing_and_sends_only_to_allowed_storefronts(storefront, shopper):
    unknown = storefront.data("RequestPasswordReset", email="ai@example.com", redirectUrl=STOREFRONT)
    assert unknown["requestPasswordReset"]["errors"] == []
    elsewhere = storefront.data("RequestPasswordReset", email=shopper.email, redirectUrl="https://evil.example/")
    assert [(e["field"], e["code"]) for e in elsewhere["requestPasswordReset"]["errors"]] == [
        ("redirectUrl", "INVALID")
    ]
    assert run_deferred_jobs() == []
    assert mail.outbox == []


def test_confirm_account(storefront, shopper):
    token = services.confirmation_tokens.make_token(shopper)
    confirmed = storefront.data("ConfirmAccount", email=shopper.email, token=token)["confirmAccount"]
    assert confirmed == {"user": {"email": shopper.email, "isActive": True, "isConfirmed": True}, "errors": []}
    wrong = storefront.data("ConfirmAccount", email=shopper.email, token="1-abc")["confirmAccount"]
    assert wrong["errors"][0]["code"] == "INVALID"


# --- The address book ---------------------------------------------------------------------------------------------


def test_address_book(storefront, shopper):
    storefront.sign_in(shopper.email)
    first = storefront.data("AddressCreate", address=address_input())["accountAddressCreate"]
    assert first["errors"] == []
    assert first["address"] == {
        "id": first["address"]["id"],
        "firstName": "Nguyễn Thị Lan",
        "streetAddress1": "12 Lê Lợi",
        "city": "Phường Sài Gòn",
        "countryArea": "Thành phố Hồ Chí Minh",
        "phone": "+84905123456",
        "isDefaultShippingAddress": True,  # the first address becomes the default
    }
    # A Western form: city = Hồ Chí Minh City, the ward in cityArea, name split in two, no diacritics.
    second = storefront.data(
        "AddressCreate",
        address=address_input(
            firstName="An", lastName="Trần", city="Ho Chi Minh", cityArea="ben thanh", streetAddress2="Tầng 3"
        ),
        type="SHIPPING",
    )["accountAddressCreate"]
    assert second["errors"] == []
    assert second["address"]["city"] == "Phường Bến Thành"
    assert second["address"]["firstName"] == "An Trần"
    assert second["address"]["streetAddress1"] == "12 Lê Lợi, Tầng 3"
    assert second["address"]["isDefaultShippingAddress"] is True

    book = storefront.data("AddressBook")["me"]
    assert [a["id"] for a in book["addresses"]] == [second["address"]["id"], first["address"]["id"]]
    assert book["defaultShippingAddress"]["id"] == book["defaultBillingAddress"]["id"] == second["address"]["id"]
    assert book["addresses"][0]["country"] == {"code": "VN", "country": "Việt Nam"}

    # An update changes only what it sends.
    updated = storefront.data("AddressUpdate", id=first["address"]["id"], address={"streetAddress1": "5 Pasteur"})
    assert updated["accountAddressUpdate"]["address"] == {
        "id": first["address"]["id"],
        "firstName": "Nguyễn Thị Lan",
        "streetAddress1": "5 Pasteur",
        "city": "Phường Sài Gòn",
        "phone": "+84905123456",
    }
    made_default = storefront.data("SetDefaultAddress", id=first["address"]["id"], type="BILLING")
    assert made_default["accountSetDefaultAddress"]["user"]["defaultShippingAddress"]["id"] == first["address"]["id"]

    deleted = storefront.data("AddressDelete", id=first["address"]["id"])["accountAddressDelete"]
    assert deleted["address"]["id"] == first["address"]["id"]
    assert deleted["user"]["addresses"] == [{"id": second["address"]["id"], "isDefaultShippingAddress": True}]


@pytest.mark.parametrize(
    "overrides, field, code",
    [
        ({"city": "Quận 1"}, "city", "INVALID"),
        ({"city": ""}, "city", "REQUIRED"),
        ({"firstName": ""}, "firstName", "REQUIRED"),
        ({"phone": "12345"}, "phone", "INVALID"),
        ({"country": "FR"}, "country", "INVALID"),
        ({"countryArea": "Đà Nẵng"}, "countryArea", "INVALID"),
        ({"streetAddress1": "x" * 300}, "streetAddress1", "INVALID"),
        ({"streetAddress1": "12\x00 Lê Lợi"}, "streetAddress1", "INVALID"),
    ],
    ids=["district", "no-ward", "no-name", "phone", "country", "province", "too-long", "nul"],
)
def test_address_refusals_are_data_on_saleors_field(storefront, shopper, overrides, field, code):
    storefront.sign_in(shopper.email)
    answer = storefront.data("AddressCreate", address=address_input(**overrides))["accountAddressCreate"]
    assert answer["address"] is None
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [(field, code)]
    assert "PostgreSQL" not in str(answer)
    assert not Address.objects.exists()


def test_another_shoppers_address_is_out_of_reach(storefront, shopper, other_shopper):
    theirs = services.save_address(
        user=other_shopper, full_name="Trần Bình", phone="0909000111", street_address="1 Hai Bà Trưng",
        ward_code=BEN_THANH,
    )  # fmt: skip
    their_id = global_id("Address", theirs.pk)
    storefront.sign_in(shopper.email)
    for name, variables in [
        ("AddressUpdate", {"id": their_id, "address": {"streetAddress1": "Đổi"}}),
        ("AddressDelete", {"id": their_id}),
        ("SetDefaultAddress", {"id": their_id, "type": "SHIPPING"}),
    ]:
        answer = next(iter(storefront.data(name, **variables).values()))
        assert [(e["field"], e["code"]) for e in answer["errors"]] == [("id", "NOT_FOUND")], name
    theirs.refresh_from_db()
    assert theirs.shipping_street_address == "1 Hai Bà Trưng"
    for malformed in ("abc", global_id("Order", theirs.pk), global_id("Address", "1 OR 1=1")):
        answer = storefront.data("AddressDelete", id=malformed)["accountAddressDelete"]
        assert [(e["field"], e["code"]) for e in answer["errors"]] == [("id", "INVALID")]
    assert Address.objects.filter(pk=theirs.pk).exists()


def test_address_book_needs_a_signed_in_shopper(storefront):
    result = storefront.run("AddressCreate", address=address_input())
    assert result["data"] == {"accountAddressCreate": None}
    assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert storefront.data("AddressBook") == {"me": None}


def test_account_update(storefront, shopper, other_shopper):
    storefront.sign_in(shopper.email)
    updated = storefront.data(
        "AccountUpdate", input={"firstName": "Nguyễn Thị Lan Anh", "defaultShippingAddress": address_input()}
    )["accountUpdate"]
    assert updated["errors"] == []
    assert updated["user"]["firstName"] == "Nguyễn Thị Lan Anh"
    assert updated["user"]["defaultShippingAddress"]["city"] == "Phường Sài Gòn"
    refused = storefront.data("AccountUpdate", input={"defaultShippingAddress": address_input(city="Quận 3")})
    assert [(e["field"], e["code"]) for e in refused["accountUpdate"]["errors"]] == [("city", "INVALID")]
    # Naming another customer is a staff feature of Saleor's: refused.
    other = storefront.post(
        'mutation($id: ID) { accountUpdate(customerId: $id, input: {firstName: "X"}) { errors { code } } }',
        {"id": global_id("User", other_shopper.pk)},
    )
    assert other["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    other_shopper.refresh_from_db()
    assert other_shopper.first_name == "Trần Bình"


def test_closing_an_account(storefront, shopper, variant, place_order):
    order = place_order([(variant, 1)], email=shopper.email, user=shopper)
    storefront.sign_in(shopper.email)
    asked = storefront.data("RequestDeletion", redirectUrl=STOREFRONT + "dong")["accountRequestDeletion"]
    assert asked["errors"] == []
    assert "marketplace.accounts.tasks.send_account_deletion_email" in run_deferred_jobs()
    token = parse_qs(urlsplit(_emailed_link()).query)["token"][0]
    assert storefront.data("DeleteAccount", token="sai")["accountDelete"]["errors"][0]["code"] == "INVALID"
    assert storefront.data("DeleteAccount", token=token)["accountDelete"]["errors"] == []
    assert not User.objects.filter(pk=shopper.pk).exists()
    order.refresh_from_db()
    assert order.user is None and order.user_email == shopper.email


# --- Orders -------------------------------------------------------------------------------------------------------


@pytest.fixture
def orders_of(variant, second_variant, place_order):
    def make(user, count):
        return [place_order([(variant, 1), (second_variant, 2)], email=user.email, user=user) for _ in range(count)]

    return make


def test_order_history_and_details(storefront, shopper, orders_of, standard_delivery):
    first, second = orders_of(shopper, 2)
    storefront.sign_in(shopper.email)
    history = storefront.data("OrderHistory", first=1)["me"]["orders"]
    assert history["totalCount"] == 2
    assert history["pageInfo"]["hasNextPage"] is True
    newest = history["edges"][0]["node"]
    assert newest["number"] == str(second.number)
    assert newest["status"] == "UNFULFILLED"
    assert newest["paymentStatus"] == "NOT_CHARGED"
    assert newest["total"]["gross"] == {"amount": second.total_amount, "currency": "VND"}
    assert [(line["productName"], line["quantity"]) for line in newest["lines"]] == [
        ("Nước mắm làng Bích Họa", 1),
        ("Bánh tráng Hải An", 2),
    ]
    rest = storefront.data("OrderHistory", first=5, after=history["pageInfo"]["endCursor"])["me"]["orders"]
    assert [edge["node"]["number"] for edge in rest["edges"]] == [str(first.number)]

    details = storefront.data("OrderDetails", id=newest["id"])["order"]
    assert details["deliveryMethod"]["__typename"] == "ShippingMethod"
    assert details["deliveryMethod"]["name"] == standard_delivery.name
    assert details["deliveryMethod"]["price"]["amount"] == second.shipping_price_amount
    assert details["shippingAddress"]["city"] == "Phường Sài Gòn"
    assert details["shippingAddress"]["phone"] == "+84901234567"
    assert details["subtotal"]["gross"]["amount"] == second.subtotal_amount
    assert details["total"]["tax"]["amount"] == second.vat_amount
    assert details["shippingPrice"]["gross"]["amount"] == second.shipping_price_amount
    assert details["totalBalance"]["amount"] == -second.total_amount
    assert details["lines"][1]["totalPrice"]["gross"]["amount"] == 90_000


def test_an_order_is_answered_to_its_owner_only(storefront, shopper, other_shopper, orders_of):
    (theirs,) = orders_of(other_shopper, 1)
    their_id = global_id("Order", theirs.token)
    storefront.sign_in(shopper.email)
    assert storefront.data("OrderDetails", id=their_id) == {"order": None}
    storefront.token = None
    assert storefront.data("OrderDetails", id=their_id) == {"order": None}
    # Holding the private link's token is holding the order: the guest's confirmation page.
    guest = storefront.data("GuestOrderDetails", token=str(theirs.token))["orderByToken"]
    assert guest["number"] == str(theirs.number)
    assert storefront.data("GuestOrderDetails", token="00000000-0000-0000-0000-000000000000") == {"orderByToken": None}


@pytest.mark.parametrize("malformed", ["abc", "T3JkZXI6MQ==", "T3JkZXI6bm90LWEtdXVpZA=="])
def test_a_malformed_order_id_is_an_error_without_internal_text(storefront, shopper, malformed):
    storefront.sign_in(shopper.email)
    result = storefront.run("OrderDetails", id=malformed)
    assert result["data"] == {"order": None}
    message = result["errors"][0]["message"]
    assert message.startswith("Couldn't resolve id")
    assert "badly formed" not in message and "invalid literal" not in message


def test_order_history_costs_the_same_queries_for_any_page_size(
    storefront, shopper, orders_of, django_assert_num_queries
):
    storefront.sign_in(shopper.email)
    orders_of(shopper, 2)
    # The token's account, the count, the page, its lines (with variants and products), their photos, parcels.
    with django_assert_num_queries(6) as small:
        assert len(storefront.data("OrderHistory", first=20)["me"]["orders"]["edges"]) == 2
    orders_of(shopper, 6)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(storefront.data("OrderHistory", first=20)["me"]["orders"]["edges"]) == 8
    assert Order.objects.filter(user=shopper).count() == 8


# --- Hostile input ------------------------------------------------------------------------------------------------


def test_hostile_values_are_answered_without_a_500_or_internal_text(storefront, shopper):
    nul = storefront.data("SignIn", email="lan\x00@example.com", password=PASSWORD)["tokenCreate"]
    assert nul["token"] is None and [(e["field"], e["code"]) for e in nul["errors"]] == [("email", "INVALID")]
    long = storefront.data("SignIn", email="a" * 5000 + "@example.com", password="x" * 5000)["tokenCreate"]
    assert long["errors"][0]["code"] == "INVALID_CREDENTIALS"
    storefront.sign_in(shopper.email)
    for hostile in (global_id("Address", "9" * 40), global_id("Address", "-1"), "", "QWRk\x00"):
        answer = storefront.data("AddressDelete", id=hostile)["accountAddressDelete"]
        assert [(e["field"], e["code"]) for e in answer["errors"]] == [("id", "INVALID")]
    huge = storefront.run("OrderDetails", id=global_id("Order", "9" * 40))
    assert huge["data"] == {"order": None}
    assert "out of range" not in str(huge) and "Traceback" not in str(huge)
    bad_page = storefront.client.post(
        "/graphql/",
        {"query": operation("OrderHistory"), "variables": {"first": 101}},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {storefront.token}",
    )
    assert bad_page.status_code == 400 and "100" in bad_page.json()["errors"][0]["message"]  # refused before running
    response = storefront.client.post(
        "/graphql/",
        {"query": operation("GuestOrderDetails"), "variables": {"token": "not-a-uuid"}},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_the_address_book_and_an_orders_details_cost_fixed_queries(
    storefront, shopper, orders_of, django_assert_num_queries
):
    for street in ("1 Lê Lợi", "2 Lê Lợi", "3 Lê Lợi"):
        services.save_address(
            user=shopper, full_name="Lan", phone="0905123456", street_address=street, ward_code=BEN_THANH
        )
    (order,) = orders_of(shopper, 1)
    storefront.sign_in(shopper.email)
    # The token's account, then its addresses once for the list and both defaults.
    with django_assert_num_queries(2):
        assert len(storefront.data("AddressBook")["me"]["addresses"]) == 3
    # The account, the order, its lines (variants, products), their photos, its parcels.
    with django_assert_num_queries(5):
        assert len(storefront.data("OrderDetails", id=global_id("Order", order.token))["order"]["lines"]) == 2
