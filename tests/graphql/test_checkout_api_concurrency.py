"""Fifty storefronts complete their checkouts through the API at the same moment, for ten units: ten orders."""

import functools

import pytest
from django.test import Client

from inventory.models import Stock
from inventory.selectors import ledger_discrepancies
from marketplace.orders.models import Order
from tests.concurrency import race
from tests.graphql.checkout_api import create, ready_for_delivery, send

# serialized_rollback restores the locations, channels, VAT rates and delivery methods a flush would empty.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOPPERS = 50
UNITS = 10


def _complete(checkout_id: str) -> dict:
    return send(Client(), "CheckoutComplete", id=checkout_id)["checkoutComplete"]


def test_fifty_api_checkouts_racing_for_ten_units_place_exactly_ten_orders(make_variant, standard_delivery):
    variant = make_variant("Yến sào Đất Quảng", sku="YEN-RACE", price=900_000, stock=UNITS)
    client = Client()
    checkouts = [
        ready_for_delivery(client, create(client, (variant, 1)), standard_delivery, email=f"khach{n}@example.com")
        for n in range(SHOPPERS)
    ]

    results = race([functools.partial(_complete, checkout["id"]) for checkout in checkouts])

    assert not [result for result in results if isinstance(result, BaseException)]
    placed = [result for result in results if result["order"] is not None]
    refused = [result for result in results if result["order"] is None]
    assert len(placed) == UNITS == Order.objects.count()
    assert len(refused) == SHOPPERS - UNITS
    assert {error["code"] for result in refused for error in result["errors"]} == {"INSUFFICIENT_STOCK"}
    stock = Stock.objects.get(product_variant=variant)
    assert (stock.quantity, stock.quantity_allocated) == (UNITS, UNITS)
    assert ledger_discrepancies() == []
