"""Reads of a shopper's own things: only ever filtered by their account, so another shopper's IDs find nothing."""

from django.shortcuts import get_object_or_404

from marketplace.accounts.models import Address, User
from marketplace.core.numbers import parse_whole_number
from marketplace.orders.models import Order
from marketplace.orders.selectors import orders_for_user


def shopper_username_for_phone(phone: str) -> str | None:
    """The sign-in name of the one shopper account with this phone number (already cleaned); None when no
    account, or more than one, has it: a phone shared by two accounts cannot say which one signs in."""
    names = list(User.objects.filter(phone=phone, role=User.Role.SHOPPER).values_list("username", flat=True)[:2])
    return names[0] if len(names) == 1 else None


def addresses_for(user):
    return Address.objects.filter(user=user)


def address_for(user, address_id: int) -> Address:
    """The shopper's address with this ID; 404 for anyone else's."""
    return get_object_or_404(addresses_for(user), pk=address_id)


def default_address_for(user) -> Address | None:
    return addresses_for(user).filter(is_default=True).first()


def order_for(user, number: int) -> Order:
    """The shopper's order with this number; 404 for anyone else's."""
    return get_object_or_404(orders_for_user(user).only("token"), number=number)


def checkout_address_for(user, picked_id: str | None = None) -> Address | None:
    """The address that pre-fills a shopper's checkout: the one they picked from their book (an ID that is not
    theirs is ignored), else their default."""
    addresses = addresses_for(user)
    picked_pk = parse_whole_number(picked_id)
    if picked_pk is not None:
        picked = addresses.filter(pk=picked_pk).first()
        if picked is not None:
            return picked
    return addresses.filter(is_default=True).first()
