"""Reads of a shopper's own things: only ever filtered by their account, so another shopper's IDs find nothing."""

from django.shortcuts import get_object_or_404

from marketplace.accounts.models import Address, User
from marketplace.core.addresses import clean_phone
from marketplace.core.errors import DomainError
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


def sign_in_username(typed: str) -> str:
    """The username whose password a sign-in checks, for what the shopper typed, as the shop's sign-in page reads
    it: an e-mail address (accounts use it, in lower case, as their username), or a phone number that names the
    one shopper account that has it (otherwise the number itself, so that failures count against it)."""
    typed = (typed or "").strip()
    if "@" in typed:
        return typed.lower()
    try:
        phone = clean_phone(typed)
    except DomainError:
        return typed.lower()
    return shopper_username_for_phone(phone) or phone


def users_for_password_reset(email: str):
    """The active accounts of this address that have a password to reset (as Django's reset form finds them)."""
    return [
        user
        for user in User.objects.filter(email__iexact=(email or "").strip(), is_active=True)
        if user.has_usable_password()
    ]
