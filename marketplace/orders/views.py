"""The order page a guest reaches from the private link in the confirmation email."""

from django.http import Http404
from django.shortcuts import render

from marketplace.orders.selectors import order_by_token


def detail(request, token):
    order = order_by_token(token)
    if order is None:
        raise Http404
    response = render(request, "orders/detail.html", {"order": order})
    # The link is a secret: keep it out of referrers and search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
