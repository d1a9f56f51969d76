"""Reads of orders: the private link, a shopper's orders, what a customer already bought."""

import enum

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Q, Subquery, Sum, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.urls import reverse

from inventory.models import Allocation
from marketplace.catalogue.selectors import gallery_prefetch
from marketplace.orders.models import (
    FulfillmentLine,
    Order,
    OrderChargeStatus,
    OrderLine,
    OrderReturn,
    OrderReturnLine,
    OrderStatus,
)
from marketplace.payments.models import PaymentMethod, TransactionItem


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


def order_from_checkout(checkout_token) -> Order | None:
    """The order a checkout became, if it was placed."""
    return Order.objects.filter(checkout_token=checkout_token).first()


def orders_for_user(user):
    return Order.objects.filter(user=user).order_by("-number")


def with_details(orders):
    """Orders with everything an order's detail shows (the API's Order): the channel, the delivery method, the
    lines with their variant, product and the product's photos, the parcels. A fixed number of queries, whatever
    the number of orders."""
    lines = OrderLine.objects.select_related("variant__product").prefetch_related(
        Prefetch("variant__product__media", queryset=gallery_prefetch().queryset, to_attr="gallery")
    )
    return (
        orders.select_related("channel", "shipping_method")
        .prefetch_related(Prefetch("lines", queryset=lines), "fulfillments")
        .annotate(**{name: _transactions_sum(field) for name, field in TRANSACTION_TOTALS.items()})
    )


def prefetch_allocations(lines) -> None:
    """The stock each order line holds, with its warehouse, for all the lines in one query."""
    prefetch_related_objects(lines, Prefetch("allocations", Allocation.objects.select_related("stock__warehouse")))


def prefetch_fulfillment_lines(fulfillments) -> None:
    """The lines of the parcels, each with the stock row it left and that row's warehouse, in one query."""
    prefetch_related_objects(
        fulfillments, Prefetch("lines", FulfillmentLine.objects.select_related("stock__warehouse").order_by("pk"))
    )


# The sums over an order's payment transactions that the API's Order shows, as `with_details` annotates them.
TRANSACTION_TOTALS = {
    "authorized_total": "authorized_amount",
    "refunded_total": "refunded_amount",
    "canceled_total": "canceled_amount",
    "charge_pending_total": "charge_pending_amount",
}


def _transactions_sum(field: str):
    per_order = TransactionItem.objects.filter(order=OuterRef("pk")).order_by().values("order")
    return Coalesce(Subquery(per_order.annotate(total=Sum(field)).values("total")), 0)


def transaction_totals(order: Order) -> dict[str, int]:
    """The transaction sums of TRANSACTION_TOTALS: annotated by `with_details`, else read once (one query) and kept
    on the order as the annotation would be."""
    if not all(hasattr(order, name) for name in TRANSACTION_TOTALS):
        sums = {name: Coalesce(Sum(field), 0) for name, field in TRANSACTION_TOTALS.items()}
        for name, total in order.transactions.aggregate(**sums).items():
            setattr(order, name, total)
    return {name: getattr(order, name) for name in TRANSACTION_TOTALS}


def last_delivery_for(user) -> Order | None:
    """The shopper's most recent order, whose contact and address pre-fill their next checkout."""
    return orders_for_user(user).first()


def quantities_bought(variant_ids, *, user=None, email: str = "", phone: str = "") -> dict[int, int]:
    """Units of each variant a customer (account, or the same email as a guest; the same phone for a guest who
    gave no email) has in orders not canceled."""
    who = Q(order__user_email__iexact=email) if email else Q(pk__in=[])
    if phone:
        who |= Q(order__user_phone=phone)
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


class OrderAction(enum.StrEnum):
    """What may be done to an order next. The shop's steps are also the slugs of the admin's step pages."""

    FULFILL = "fulfill"
    CANCEL = "cancel"
    COLLECT_CASH = "cash"
    RECORD_TRANSFER = "transfer"
    REFUND_CARD = "refund"
    RETURN = "return"
    REFUND_RETURN = "refund-return"
    # The shopper's own actions, from the order page.
    CANCEL_BY_CUSTOMER = "cancel-by-customer"
    PAY_CARD = "pay-card"


# The states whose delivered goods may come back (orders.services.return_order_lines checks again, locked).
RETURN_STATUSES = (OrderStatus.FULFILLED, OrderStatus.PARTIALLY_FULFILLED, OrderStatus.PARTIALLY_RETURNED)


# The states only a return leads to.
RETURNED_ORDER_STATUSES = (OrderStatus.PARTIALLY_RETURNED, OrderStatus.RETURNED)


def returnable_lines(order: Order) -> list[OrderLine]:
    """The order's lines with delivered units not yet back, in the order's order (one query)."""
    return [line for line in order.lines.all() if line.quantity_returnable > 0]


def returns_to_refund(order: Order) -> list[OrderReturn]:
    """The order's returns whose refund is still owed, oldest first (one query, none once prefetch_returns read
    them)."""
    if hasattr(order, "recorded_returns"):
        return [each for each in order.recorded_returns if each.status == OrderReturn.Status.RETURNED]
    return list(order.returns.filter(status=OrderReturn.Status.RETURNED).order_by("return_order"))


def prefetch_returns(orders) -> None:
    """Each order's returns, oldest first, each with its lines and their order lines, as `order.recorded_returns`.
    Only a return makes an order (partially) returned, so orders in any other state read nothing; else two queries
    for all the orders at once."""
    returned = [order for order in orders if order.status in RETURNED_ORDER_STATUSES]
    for order in orders:
        if order.status not in RETURNED_ORDER_STATUSES:
            order.recorded_returns = []
    lines = OrderReturnLine.objects.select_related("order_line").order_by("pk")
    returns = OrderReturn.objects.order_by("return_order").prefetch_related(Prefetch("lines", lines))
    prefetch_related_objects(returned, Prefetch("returns", returns, to_attr="recorded_returns"))


def returns_with_lines(order: Order) -> list[OrderReturn]:
    """The order's returns for the shopper's page (see prefetch_returns)."""
    prefetch_returns([order])
    return order.recorded_returns


def allowed_actions(order: Order) -> list[OrderAction]:
    """The actions the order's state allows, in the order the admin lists them. The services check again under
    a row lock; this says which buttons to show. Reads the order's transactions (prefetched or one query)."""
    items = list(order.transactions.all())
    methods = {item.method for item in items}
    unpaid = order.charge_status == OrderChargeStatus.NONE
    rules = {
        OrderAction.FULFILL: order.status == OrderStatus.UNFULFILLED,
        OrderAction.CANCEL: order.is_open,
        OrderAction.COLLECT_CASH: PaymentMethod.CASH_ON_DELIVERY in methods and unpaid,
        OrderAction.RECORD_TRANSFER: PaymentMethod.VIETQR in methods
        and order.charge_status in (OrderChargeStatus.NONE, OrderChargeStatus.PARTIAL),
        OrderAction.REFUND_CARD: any(
            item.method == PaymentMethod.STRIPE and item.charged_amount > item.refunded_amount for item in items
        ),
        OrderAction.RETURN: order.status in RETURN_STATUSES,
        OrderAction.REFUND_RETURN: order.status in (OrderStatus.PARTIALLY_RETURNED, OrderStatus.RETURNED)
        and bool(returns_to_refund(order)),
        # Once money was received, the shop cancels (and refunds): see cancel_order_by_customer.
        OrderAction.CANCEL_BY_CUSTOMER: order.is_open and unpaid,
        OrderAction.PAY_CARD: order.status == OrderStatus.UNCONFIRMED and unpaid,
    }
    return [action for action, allowed in rules.items() if allowed]


def order_for_checkout(checkout_token, *, user=None) -> Order | None:
    """The order a checkout became, for whoever may still name that checkout: a guest order by the checkout's token,
    an account's order by that account only."""
    order = Order.objects.select_related("channel").filter(checkout_token=checkout_token).first()
    if order is None or (order.user_id is not None and (user is None or order.user_id != user.pk)):
        return None
    return order


# Orders that count as sales in the staff's figures (Saleor's non-draft orders, less those that never went through).
NOT_SALES = (OrderStatus.DRAFT, OrderStatus.CANCELED, OrderStatus.EXPIRED)


def variant_sales(variant_ids, *, channel_slug: str, since=None) -> dict[int, tuple[int, int, int]]:
    """{variant id: (units ordered, gross amount, VAT in it)} over the channel's orders placed since `since` (an
    aware datetime; None: ever), drafts, cancelled and expired orders left out. One statement for all variants."""
    lines = OrderLine.objects.filter(variant_id__in=list(variant_ids), order__channel__slug=channel_slug).exclude(
        order__status__in=NOT_SALES
    )
    if since is not None:
        lines = lines.filter(order__created_at__gte=since)
    rows = lines.values("variant_id").annotate(
        units=Sum("quantity"), gross=Sum("total_price_amount"), vat=Sum("vat_amount")
    )
    found = dict.fromkeys(variant_ids, (0, 0, 0))
    for row in rows:
        found[row["variant_id"]] = (row["units"], row["gross"], row["vat"])
    return found
