"""A gift set with no parts cannot be made, so it is sold nowhere: nothing would move and its takings would go to
nobody (docs/gift-sets.md, "A set without parts")."""

import uuid

import pytest

from inventory.pos.models import Sale
from inventory.pos.services import record_sale
from inventory.selectors import available_quantity_for_channel
from marketplace.catalogue.models import GiftSetComponent, Product
from marketplace.catalogue.services import remove_gift_set_component
from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout
from marketplace.core.errors import DomainError
from marketplace.orders.models import Order
from tests.pos.builders import cash, line

pytestmark = pytest.mark.django_db


def _empty(gift_set):
    """The set's parts taken out behind the services' back (the services refuse the last part of a listed set):
    the sale paths must refuse the box all the same."""
    GiftSetComponent.objects.filter(gift_set=gift_set.product).delete()


def test_a_set_without_parts_is_not_available_online(gift_set, stocked, online):
    _empty(gift_set)
    assert available_quantity_for_channel([gift_set], online) == {gift_set.pk: 0}


def test_a_set_without_parts_cannot_go_into_a_cart(channel, gift_set, stocked):
    _empty(gift_set)
    checkout = create_checkout(channel=channel)
    with pytest.raises(DomainError) as refused:
        add_to_checkout(checkout, variant=gift_set, quantity=1)
    assert (refused.value.code, refused.value.field) == ("gift_set_empty", "variant")
    assert "chưa có thành phần" in str(refused.value.message)
    assert not checkout.lines.exists()


def test_a_set_emptied_while_in_a_cart_cannot_be_ordered(channel, fill_details, gift_set, stocked):
    checkout = create_checkout(channel=channel)
    add_to_checkout(checkout, variant=gift_set, quantity=1)
    fill_details(checkout)
    _empty(gift_set)
    with pytest.raises(DomainError) as refused:
        complete_checkout(checkout)
    assert refused.value.code == "gift_set_empty"
    assert not Order.objects.exists()


def test_the_till_refuses_a_line_of_a_set_without_parts(gift_set, parts, stocked, hoi_an, staff_hoi_an):
    _empty(gift_set)
    with pytest.raises(DomainError) as refused:
        record_sale(
            kiosk=hoi_an,
            staff=staff_hoi_an,
            client_uuid=uuid.uuid4(),
            lines=[line(parts["tea"], 1), line(gift_set, 1)],
            payments=[cash(90_000 + 280_000)],
        )
    assert (refused.value.code, refused.value.field) == ("gift_set_empty", "lines.1.variant_id")
    assert not Sale.objects.exists()


def test_the_last_part_of_a_published_set_cannot_be_removed(gift_set, manager):
    entries = list(GiftSetComponent.objects.filter(gift_set=gift_set.product).order_by("pk"))
    for entry in entries[:-1]:
        remove_gift_set_component(entry=entry, user=manager)
    with pytest.raises(DomainError) as refused:
        remove_gift_set_component(entry=entries[-1], user=manager)
    assert (refused.value.code, refused.value.field) == ("gift_set_last_component", "component")
    assert GiftSetComponent.objects.filter(gift_set=gift_set.product).count() == 1


def test_the_last_part_of_an_unpublished_set_may_be_removed(gift_set, manager):
    Product.objects.filter(pk=gift_set.product_id).update(status=Product.Status.DRAFT)
    for entry in GiftSetComponent.objects.filter(gift_set=gift_set.product):
        remove_gift_set_component(entry=entry, user=manager)
    assert not GiftSetComponent.objects.filter(gift_set=gift_set.product).exists()
