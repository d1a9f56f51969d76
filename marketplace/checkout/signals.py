"""A guest's cart joins the shopper's account cart when they sign in (Saleor merges checkouts the same way)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from marketplace.checkout.selectors import cart_item_count
from marketplace.checkout.services import merge_guest_checkout
from marketplace.checkout.session import SESSION_KEY, guest_checkout, remember_cart_quantity


@receiver(user_logged_in, dispatch_uid="checkout_merge_guest_cart")
def merge_cart_on_sign_in(sender, request, user, **kwargs):
    if request is None:
        return
    guest = guest_checkout(request)
    if guest is not None:
        merge_guest_checkout(guest=guest, user=user)
    remember_cart_quantity(request, cart_item_count(user=user))
    request.session.pop(SESSION_KEY, None)
