"""Shoppers' order pages: the private order page (the link in every email) and a signed-in shopper's list."""

import io

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.core.error_views import domain_error_json, json_error
from marketplace.core.errors import DomainError
from marketplace.orders.models import OrderChargeStatus
from marketplace.orders.selectors import (
    OrderAction,
    allowed_actions,
    order_by_token,
    orders_for_user,
    returns_with_lines,
)
from marketplace.payments.models import PaymentMethod
from marketplace.payments.selectors import transfer_instructions
from marketplace.payments.services import cancel_order_with_payments
from marketplace.payments.stripe_payments import (
    card_form_content_security_policy,
    card_intent_status,
    start_card_payment,
    sync_card_payment,
)


def _order_or_404(token):
    order = order_by_token(token)
    if order is None:
        raise Http404
    return order


def _order_context(order) -> dict:
    transfer = transfer_instructions(order)
    returns = returns_with_lines(order)  # read first: allowed_actions then finds the refunds owed among them
    actions = allowed_actions(order)
    return {
        "order": order,
        "transfer": transfer,
        # An inline SVG: the QR shows without JavaScript and without a second request.
        "transfer_qr": segno.make(transfer.payload, error="m").svg_inline(scale=5, border=2) if transfer else "",
        "returns": returns,
        "may_cancel": OrderAction.CANCEL_BY_CUSTOMER in actions,
        # The card link is a retry: offered on card orders only.
        "may_pay_card": OrderAction.PAY_CARD in actions
        and any(item.method == PaymentMethod.STRIPE for item in order.transactions.all()),
    }


def _private(response):
    # The link is a secret: keep it out of search engines. Referrers leave it only for this site's own pages
    # (settings.SECURE_REFERRER_POLICY, same-origin); "no-referrer" would make Chromium send "Origin: null" with
    # the cancel form, which CSRF protection refuses.
    response["X-Robots-Tag"] = "noindex"
    return response


def detail(request, token):
    order = _order_or_404(token)
    return _private(render(request, "orders/detail.html", _order_context(order)))


def placed(request, token):
    """Where checkout lands, "Đặt hàng thành công": what happens next; for a transfer, the QR and what to copy."""
    order = _order_or_404(token)
    methods = {item.method for item in order.transactions.all()}
    context = {
        **_order_context(order),
        "delivery": order.shipping_method,
        "is_cash": PaymentMethod.CASH_ON_DELIVERY in methods,
        "is_card": PaymentMethod.STRIPE in methods,
    }
    return _private(render(request, "orders/placed.html", context))


def transfer_qr(request, token):
    """The order's VietQR as a PNG to save ("Lưu ảnh QR"): a shopper paying from this phone opens it in their
    bank's app, since they cannot scan their own screen."""
    order = _order_or_404(token)
    transfer = transfer_instructions(order)
    if transfer is None:
        raise Http404
    image = io.BytesIO()
    segno.make(transfer.payload, error="m").save(image, kind="png", scale=10, border=4)
    response = HttpResponse(image.getvalue(), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="vietqr-{transfer.purpose}.png"'
    response["Cache-Control"] = "private, no-store"
    return _private(response)


@require_POST
def cancel(request, token):
    """Whoever holds the private link may cancel the order before it ships, as the account holder may."""
    order = order_by_token(token)
    if order is None:
        raise Http404
    try:
        cancel_order_with_payments(order, user=request.user, by_customer=True)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã hủy đơn hàng #%(number)d.") % {"number": order.number})
    return redirect("orders:detail", token=order.token)


@login_required
def my_orders(request):
    return render(request, "orders/list.html", {"orders": orders_for_user(request.user)})


@require_http_methods(["GET", "POST"])
def pay_card(request, token):
    """The one page that needs JavaScript: Stripe.js collects the card in Stripe's own frame.

    GET only shows the page. The page's script POSTs here when the shopper pays: that creates (or reuses) the
    order's PaymentIntent and answers its client secret as JSON, so a prefetch or a crawler creates nothing.
    """
    order = order_by_token(token)
    if order is None:
        raise Http404
    if request.method == "POST":
        if OrderAction.PAY_CARD not in allowed_actions(order):
            return json_error("not_payable", _("Đơn hàng này không còn chờ thanh toán thẻ."), 409)
        try:
            _item, client_secret = start_card_payment(order)
        except DomainError as error:
            return domain_error_json(error)
        return JsonResponse({"clientSecret": client_secret})
    if OrderAction.PAY_CARD not in allowed_actions(order):
        return redirect("orders:detail", token=order.token)
    context = {
        "order": order,
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "stripe_js_url": settings.STRIPE_JS_URL,
    }
    response = render(request, "orders/pay_card.html", context)
    response._csp_update = card_form_content_security_policy()  # read by django-csp's middleware
    return response


@require_http_methods(["GET", "POST"])
def card_return(request, token):
    """Where the shopper comes back from paying: the server asks Stripe what happened, never the browser.

    GET (Stripe's redirect after a bank's check, a reload) only reads: it shows what Stripe says of the payment and
    changes nothing. POST (the payment page's script once Stripe.js confirmed, or the button on this page) records
    Stripe's answer through sync_card_payment, which is idempotent like the webhook that records it anyway.
    """
    order = order_by_token(token)
    if order is None:
        raise Http404
    item = order.transactions.filter(method=PaymentMethod.STRIPE).order_by("-pk").first()
    if request.method == "POST":
        if item is not None:
            try:
                sync_card_payment(item)
            except DomainError as error:
                messages.error(request, error.message)
            order.refresh_from_db()
        if order.charge_status == OrderChargeStatus.FULL:
            messages.success(request, _("Đã thanh toán thẻ thành công. Cảm ơn bạn!"))
        elif item is not None:
            messages.error(request, _("Thẻ chưa được thanh toán. Bạn có thể thử lại với thẻ khác."))
        return redirect("orders:detail", token=order.token)
    if item is None:
        return redirect("orders:detail", token=order.token)
    stripe_status = ""
    if order.charge_status != OrderChargeStatus.FULL:
        try:
            stripe_status = card_intent_status(item)
        except DomainError as error:
            messages.error(request, error.message)
    return render(request, "orders/card_return.html", {"order": order, "stripe_status": stripe_status})
