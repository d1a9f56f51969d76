"""Shoppers' order pages: the private order page (the link in every email) and a signed-in shopper's list."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.core.errors import DomainError
from marketplace.orders.selectors import order_by_token, orders_for_user
from marketplace.orders.services import cancel_order_by_customer
from marketplace.payments.selectors import transfer_instructions


def detail(request, token):
    order = order_by_token(token)
    if order is None:
        raise Http404
    transfer = transfer_instructions(order)
    context = {
        "order": order,
        "transfer": transfer,
        # An inline SVG: the QR shows without JavaScript and without a second request.
        "transfer_qr": segno.make(transfer.payload, error="m").svg_inline(scale=5, border=2) if transfer else "",
        "may_cancel": order.is_open and order.charge_status == "none",
    }
    response = render(request, "orders/detail.html", context)
    # The link is a secret: keep it out of referrers and search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def cancel(request, token):
    """Whoever holds the private link may cancel the order before it ships, as the account holder may."""
    order = order_by_token(token)
    if order is None:
        raise Http404
    try:
        cancel_order_by_customer(order, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã hủy đơn hàng #%(number)d.") % {"number": order.number})
    return redirect("orders:detail", token=order.token)


@login_required
def my_orders(request):
    return render(request, "orders/list.html", {"orders": orders_for_user(request.user)})
