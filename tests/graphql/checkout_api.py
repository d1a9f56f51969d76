"""Helpers for the checkout API tests: the storefront-style operations under operations/checkout/, sent over HTTP."""

import re
from pathlib import Path

from graphene import relay
from graphql import parse, print_ast

from marketplace.accounts.api_tokens import access_token
from marketplace.core.hcmc_wards import HCMC_PROVINCE_NAME

OPERATIONS = Path(__file__).with_name("operations") / "checkout"

# A Saleor storefront's address form, filled the way a shopper in Hồ Chí Minh City does since 07/2025: the ward as
# the city, the province as the country area (see docs/checkout-and-payments.md).
SAIGON_ADDRESS = {
    "firstName": "Nguyễn Thị",
    "lastName": "Lan",
    "streetAddress1": "12 Lê Lợi",
    "city": "Phường Sài Gòn",
    "countryArea": HCMC_PROVINCE_NAME,
    "country": "VN",
    "postalCode": "",
    "phone": "+84901234567",
}


def _fragments() -> dict[str, str]:
    document = parse((OPERATIONS / "fragments.graphql").read_text())
    return {definition.name.value: print_ast(definition) for definition in document.definitions}


FRAGMENTS = _fragments()
_SPREAD = re.compile(r"\.\.\.\s*([_A-Za-z][_0-9A-Za-z]*)")


def operation(name: str) -> str:
    """The operation in `name`.graphql with the shared fragments it spreads, directly or through another fragment."""
    text = (OPERATIONS / f"{name}.graphql").read_text()
    needed, pending = [], [text]
    while pending:
        for spread in _SPREAD.findall(pending.pop()):
            if spread in FRAGMENTS and spread not in needed:
                needed.append(spread)
                pending.append(FRAGMENTS[spread])
    return "\n\n".join([text, *(FRAGMENTS[fragment] for fragment in needed)])


def operation_names() -> list[str]:
    return sorted(path.stem for path in OPERATIONS.glob("*.graphql") if path.stem != "fragments")


def send(client, name: str, **variables) -> dict:
    """POST one operation to /graphql/ as a storefront does; a 5xx fails the test."""
    response = client.post(
        "/graphql/", {"query": operation(name), "variables": variables}, content_type="application/json"
    )
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def sign_in(client, user):
    """Act as `user` from now on: the API reads who asks from a bearer token only (marketplace.graphql.auth)."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {access_token(user)}"
    return client


def variant_id(variant) -> str:
    return relay.Node.to_global_id("ProductVariant", variant.pk)


def method_id(method) -> str:
    return relay.Node.to_global_id("ShippingMethod", method.pk)


def checkout_id(checkout) -> str:
    return relay.Node.to_global_id("Checkout", checkout.pk)


def codes(payload) -> list[str]:
    return [error["code"] for error in payload["errors"]]


def create(client, *lines, email=None) -> dict:
    """checkoutCreate with (variant, quantity) lines; returns the checkout."""
    data = send(
        client,
        "CheckoutCreate",
        channel="sieu-thi-hcm",
        lines=[{"variantId": variant_id(variant), "quantity": quantity} for variant, quantity in lines],
        email=email,
    )["checkoutCreate"]
    assert data["errors"] == [], data["errors"]
    return data["checkout"]


def ready_for_delivery(client, checkout: dict, method, *, email="lan@example.com") -> dict:
    """Email, address and delivery method, as a storefront's checkout page sets them one by one."""
    send(client, "CheckoutEmailUpdate", id=checkout["id"], email=email)
    data = send(client, "CheckoutShippingAddressUpdate", id=checkout["id"], address=SAIGON_ADDRESS)
    assert data["checkoutShippingAddressUpdate"]["errors"] == []
    data = send(client, "CheckoutDeliveryMethodUpdate", id=checkout["id"], deliveryMethodId=method_id(method))
    payload = data["checkoutDeliveryMethodUpdate"]
    assert payload["errors"] == [], payload["errors"]
    return payload["checkout"]
