"""The order page a guest reaches from the private link in the confirmation email."""

import segno
from django.http import Http404
from django.shortcuts import render

from marketplace.orders.selectors import order_by_token
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
    }
    response = render(request, "orders/detail.html", context)
    # The link is a secret: keep it out of referrers and search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
