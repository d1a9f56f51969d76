"""Reservations: the goods of a checkout under review are held for its shopper for a while, then free again."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.models import Reservation
from marketplace.checkout.services import (
    RESERVATION_MINUTES,
    add_to_checkout,
    complete_checkout,
    create_checkout,
    reserve_checkout,
    set_line_quantity,
)
from marketplace.checkout.tasks import delete_expired_reservations
from marketplace.core.errors import DomainError
from tests.jobs import run_deferred_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def scarce(make_variant):
    return make_variant("Mật ong dú Kỳ Tân", sku="KT-MO-01", price=200_000, stock=5)


@pytest.fixture
def cart_for(channel, fill_details):
    def make(variant, quantity, email):
        checkout = create_checkout(channel=channel)
        add_to_checkout(checkout, variant=variant, quantity=quantity)
        fill_details(checkout, email=email)
        return checkout

    return make


def test_reserved_units_are_kept_for_their_shopper(cart_for, scarce):
    first = cart_for(scarce, 4, "a@example.com")
    second = cart_for(scarce, 2, "b@example.com")

    reserve_checkout(first)
    assert first.reserved_until > timezone.now() + timedelta(minutes=RESERVATION_MINUTES - 1)

    with pytest.raises(DomainError) as refused:
        reserve_checkout(second)
    assert refused.value.code == "insufficient_stock" and "còn 1" in refused.value.message
    with pytest.raises(DomainError) as refused:
        complete_checkout(second)
    assert refused.value.code == "insufficient_stock"

    order = complete_checkout(first)  # its own reservation is its to use
    assert order.lines.get().allocations.get().quantity_allocated == 4
    assert not Reservation.objects.exists()  # gone with the checkout


def test_an_expired_reservation_holds_nothing(cart_for, scarce):
    first = cart_for(scarce, 4, "a@example.com")
    second = cart_for(scarce, 2, "b@example.com")
    reserve_checkout(first)
    Reservation.objects.update(reserved_until=timezone.now() - timedelta(seconds=1))

    reserve_checkout(second)
    assert complete_checkout(second).total_amount == 430_000  # 2 × 200.000 ₫ + 30.000 ₫ delivery


def test_changing_the_cart_releases_its_reservation(cart_for, scarce):
    first = cart_for(scarce, 4, "a@example.com")
    reserve_checkout(first)
    set_line_quantity(first, variant=scarce, quantity=3)
    first.refresh_from_db()
    assert first.reserved_until is None
    assert not Reservation.objects.exists()


def test_the_summary_page_reserves_and_says_until_when(client, scarce, standard_delivery):
    client.post(reverse("checkout:add"), {"variant_id": scarce.pk, "quantity": 2})
    client.post(
        reverse("checkout:details"),
        {
            "email": "lan@example.com",
            "phone": "0901234567",
            "full_name": "Nguyễn Thị Lan",
            "street_address": "12 Lê Lợi",
            "ward_code": "26740",
            "shipping_method": standard_delivery.pk,
        },
    )
    page = client.get(reverse("checkout:summary")).content.decode()
    assert "Hàng được giữ cho bạn đến" in page
    assert Reservation.objects.get().quantity_reserved == 2


def test_the_periodic_clean_up_removes_only_expired_holds(cart_for, scarce, make_variant):
    other = make_variant("Trà sâm dây", sku="TSD-01", price=90_000, stock=5)
    stale = reserve_checkout(cart_for(scarce, 2, "a@example.com"))
    running = reserve_checkout(cart_for(other, 1, "b@example.com"))
    Reservation.objects.filter(checkout_line__checkout=stale).update(
        reserved_until=timezone.now() - timedelta(seconds=1)
    )

    delete_expired_reservations.defer(timestamp=0)
    assert run_deferred_jobs() == ["marketplace.checkout.tasks.delete_expired_reservations"]

    assert list(Reservation.objects.values_list("checkout_line__checkout", flat=True)) == [running.pk]
    # The shopper whose hold ran out reserves again from the summary page.
    reserve_checkout(stale)
    assert Reservation.objects.filter(checkout_line__checkout=stale).get().quantity_reserved == 2


def test_a_failed_order_releases_its_reservations_at_once(scarce, cart_for):
    """Issue 9: a shopper whose order failed does not keep the units until the hold expires."""
    mine = cart_for(scarce, 3, "lan@example.com")
    reserve_checkout(mine)
    assert Reservation.objects.filter(checkout_line__checkout=mine).exists()
    with pytest.raises(DomainError) as refused:
        complete_checkout(mine, expected_total=1)  # the shopper saw another total: nothing is ordered
    assert refused.value.code == "total_changed"
    assert not Reservation.objects.filter(checkout_line__checkout=mine).exists()
    mine.refresh_from_db()
    assert mine.reserved_until is None
    # The units are free again: another shopper can hold all five now.
    other = cart_for(scarce, 5, "binh@example.com")
    reserve_checkout(other)
