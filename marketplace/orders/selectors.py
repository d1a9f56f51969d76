"""Reads of orders: the private link, a shopper's orders, what a customer already bought."""

from django.conf import settings
from django.db.models import Q, Sum
from django.urls import reverse

from marketplace.orders.models import Order, OrderLine, OrderStatus


def order_link(order: Order) -> str:
    """The private address where a guest follows their order: whoever holds the token may read it."""
    return settings.XQ_SITE_URL + reverse("orders:detail", kwargs={"token": order.token})


def order_by_token(token) -> Order | None:
    return (
        Order.objects.select_related("channel")
        .prefetch_related("lines", "events", "fulfillments", "transactions")
        .filter(token=token)
        .first()
    )


def orders_for_user(user):
    return Order.objects.filter(user=user).order_by("-number")


def last_delivery_for(user) -> Order | None:
    """The shopper's most recent order, whose contact and address pre-fill their next checkout."""
    return orders_for_user(user).first()


def quantities_bought(variant_ids, *, user=None, email: str = "") -> dict[int, int]:
    """Units of each variant a customer (account, or the same email as a guest) has in orders not canceled."""
    who = Q(order__user_email__iexact=email) if email else Q(pk__in=[])
    if user is not None and user.is_authenticated:
        who |= Q(order__user=user)
    rows = (
        OrderLine.objects.filter(who, variant_id__in=variant_ids)
        .exclude(order__status__in=[OrderStatus.CANCELED, OrderStatus.EXPIRED])
        .values("variant_id")
        .annotate(bought=Sum("quantity"))
        .values_list("variant_id", "bought")
    )
    return dict(rows)
