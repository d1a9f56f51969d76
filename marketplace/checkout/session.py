"""Which cart belongs to a request: a signed-in shopper's account cart, else the guest cart named in the session."""

import uuid

from django.conf import settings

from marketplace.channels.models import Channel
from marketplace.checkout.models import Checkout
from marketplace.checkout.services import create_checkout
from marketplace.core.models import LanguageCode

SESSION_KEY = "checkout_token"
# How many items the cart holds, for the header's cart icon: kept in the session by the pages that change or show
# the cart, so no page pays a query for it.
QUANTITY_KEY = "cart_quantity"


def storefront_channel() -> Channel:
    return Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)


def _session_token(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.session.get(SESSION_KEY, ""))
    except (TypeError, ValueError):
        return None


def _language_of(request) -> str:
    """The language the shopper reads the shop in (the language switch's choice; Vietnamese first)."""
    language = getattr(request, "LANGUAGE_CODE", "") or ""
    return LanguageCode.EN if language.startswith("en") else LanguageCode.VI


def current_checkout(request, *, create: bool = False) -> Checkout | None:
    channel = storefront_channel()
    checkouts = Checkout.objects.select_related("channel", "shipping_method")
    if request.user.is_authenticated:
        checkout = checkouts.filter(user=request.user, channel=channel).first()
    else:
        token = _session_token(request)
        checkout = checkouts.filter(pk=token, user__isnull=True).first() if token else None
    if checkout is None and create:
        checkout = create_checkout(channel=channel, user=request.user, language_code=_language_of(request))
        if not request.user.is_authenticated:
            request.session[SESSION_KEY] = str(checkout.pk)
    return checkout


def guest_checkout(request) -> Checkout | None:
    """The guest cart the session names, if any (used when the shopper signs in)."""
    token = _session_token(request)
    if token is None:
        return None
    return Checkout.objects.filter(pk=token, user__isnull=True).first()


def remember_cart_quantity(request, quantity: int) -> None:
    """Note the cart's item count for the header (read by the `cart_quantity` template tag)."""
    if request.session.get(QUANTITY_KEY, 0) != quantity:
        request.session[QUANTITY_KEY] = quantity


def cart_quantity(request) -> int:
    """The item count last noted for this visitor: 0 for a visitor without a session (no query for them)."""
    session = getattr(request, "session", None)
    if session is None:
        return 0
    return session.get(QUANTITY_KEY, 0)
