"""Cart and checkout pages. Plain forms and redirects: every step works without JavaScript."""

import uuid

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.accounts.selectors import checkout_address_for
from marketplace.catalogue.models import ProductVariant
from marketplace.checkout.forms import (
    AddToCartForm,
    CheckoutDetailsForm,
    LineQuantityForm,
    PlaceOrderForm,
    quantity_error,
)
from marketplace.checkout.selectors import checkout_totals, line_photos, shipping_methods_for
from marketplace.checkout.services import (
    add_to_checkout,
    complete_checkout,
    reserve_checkout,
    set_checkout_details,
    set_line_quantity,
)
from marketplace.checkout.session import SESSION_KEY, current_checkout, remember_cart_quantity
from marketplace.core.errors import DomainError
from marketplace.core.forms import add_domain_error
from marketplace.orders.selectors import last_delivery_for, order_from_checkout
from marketplace.payments.models import PaymentMethod
from marketplace.payments.selectors import payment_methods_for


def cart(request):
    checkout = current_checkout(request)
    totals = checkout_totals(checkout) if checkout is not None else None
    remember_cart_quantity(request, totals.quantity if totals else 0)
    photos = line_photos(totals) if totals else {}
    return render(request, "checkout/cart.html", {"checkout": checkout, "totals": totals, "photos": photos})


def _note_quantity(request, checkout) -> None:
    remember_cart_quantity(request, sum(checkout.lines.values_list("quantity", flat=True)))


def _say_capped(request, variant, line, wanted: int) -> bool:
    """Tell the shopper when their cart got fewer than they asked for, because that is all that is left."""
    if line is None or line.quantity >= wanted:
        return False
    messages.warning(
        request,
        _("Chỉ còn %(available)d %(product)s: giỏ hàng của bạn có %(available)d (bạn chọn %(wanted)d).")
        % {"available": line.quantity, "product": variant.product.name, "wanted": wanted},
    )
    return True


@require_POST
def add(request):
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, quantity_error(form))
        return redirect("checkout:cart")
    variant = get_object_or_404(ProductVariant.objects.select_related("product"), pk=form.cleaned_data["variant_id"])
    checkout = current_checkout(request, create=True)
    held = checkout.lines.filter(variant=variant).values_list("quantity", flat=True).first() or 0
    wanted = held + form.cleaned_data["quantity"]
    try:
        line = add_to_checkout(
            checkout, variant=variant, quantity=form.cleaned_data["quantity"], user=request.user, up_to_stock=True
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if not _say_capped(request, variant, line, wanted):
            messages.success(request, _("Đã thêm %(product)s vào giỏ hàng.") % {"product": variant.product.name})
    _note_quantity(request, checkout)
    return redirect("checkout:cart")


@require_POST
def update_line(request, variant_id):
    checkout = current_checkout(request)
    form = LineQuantityForm(request.POST)
    if checkout is None:
        return redirect("checkout:cart")
    if not form.is_valid():
        messages.error(request, quantity_error(form))
        return redirect("checkout:cart")
    variant = get_object_or_404(ProductVariant.objects.select_related("product"), pk=variant_id)
    wanted = form.cleaned_data["quantity"]
    try:
        line = set_line_quantity(checkout, variant=variant, quantity=wanted, user=request.user, up_to_stock=True)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if line is None:
            messages.success(request, _("Đã bỏ %(product)s khỏi giỏ hàng.") % {"product": variant.product.name})
        elif not _say_capped(request, variant, line, wanted):
            messages.success(
                request,
                _("Đã cập nhật %(product)s: %(quantity)d.") % {"product": variant.product.name, "quantity": wanted},
            )
    _note_quantity(request, checkout)
    return redirect("checkout:cart")


def _initial_details(request, checkout):
    initial = {
        "email": checkout.email,
        "phone": checkout.phone,
        "full_name": checkout.shipping_full_name,
        "street_address": checkout.shipping_street_address,
        "ward_code": checkout.shipping_ward_code,
        "shipping_method": checkout.shipping_method_id,
        "customer_note": checkout.customer_note,
    }
    if not request.user.is_authenticated:
        return initial
    picked = request.GET.get("address")
    if checkout.shipping_ward_code and not picked:
        return initial
    # The address picked from the shopper's address book, else their default one (accounts).
    saved = checkout_address_for(request.user, picked)
    if saved is not None:
        initial.update(
            email=checkout.email or request.user.email,
            phone=saved.phone,
            full_name=saved.shipping_full_name,
            street_address=saved.shipping_street_address,
            ward_code=saved.shipping_ward_code,
        )
    elif not checkout.shipping_ward_code:
        # A returning shopper without an address book starts from where their last order went.
        last = last_delivery_for(request.user)
        initial.update(
            email=request.user.email,
            phone=last.user_phone if last else request.user.phone,
            full_name=last.shipping_full_name if last else request.user.get_full_name(),
            street_address=last.shipping_street_address if last else "",
            ward_code=last.shipping_ward_code if last else "",
        )
    return initial


@require_http_methods(["GET", "POST"])
def details(request):
    checkout = current_checkout(request)
    if checkout is None or not checkout.lines.exists():
        return redirect("checkout:cart")
    methods = shipping_methods_for(checkout)
    if request.method == "POST":
        form = CheckoutDetailsForm(request.POST, shipping_methods=methods)
        if form.is_valid():
            data = form.cleaned_data
            try:
                set_checkout_details(
                    checkout,
                    email=data["email"],
                    phone=data["phone"],
                    full_name=data["full_name"],
                    street_address=data["street_address"],
                    ward_code=data["ward_code"],
                    shipping_method_id=data["shipping_method"],
                    customer_note=data["customer_note"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return redirect("checkout:summary")
    else:
        form = CheckoutDetailsForm(initial=_initial_details(request, checkout), shipping_methods=methods)
    totals = checkout_totals(checkout)
    context = {"form": form, "totals": totals, "methods": methods, "photos": line_photos(totals)}
    # The form shown again with its errors answers 400, as the portal's and the till's forms do.
    return render(request, "checkout/details.html", context, status=400 if form.errors else 200)


def _order_already_placed(request):
    """A second click on "Đặt hàng" after the first placed the order (the cart is gone): that order, if the cart
    it came from was this visitor's (their account's, or the one their session names)."""
    try:
        token = uuid.UUID(request.POST.get("checkout_token", ""))
    except ValueError:
        return None
    order = order_from_checkout(token)
    if order is None:
        return None
    if request.user.is_authenticated:
        return order if order.user_id == request.user.pk else None
    return order if request.session.get(SESSION_KEY) == str(token) else None


def _after_placing(order, payment_method: str):
    if payment_method == PaymentMethod.STRIPE:
        return redirect("orders:pay_card", token=order.token)
    return redirect("orders:placed", token=order.token)


@require_http_methods(["GET", "POST"])
def summary(request):
    checkout = current_checkout(request)
    if (checkout is None or not checkout.lines.exists()) and request.method == "POST":
        order = _order_already_placed(request)
        if order is not None:
            return _after_placing(order, request.POST.get("payment_method", ""))
    if checkout is None or not checkout.lines.exists():
        return redirect("checkout:cart")
    if not checkout.shipping_method_id:
        return redirect("checkout:details")
    methods = payment_methods_for(checkout.channel)
    error = None
    if request.method == "POST":
        form = PlaceOrderForm(request.POST, payment_methods=methods)
        if form.is_valid():
            try:
                order = complete_checkout(
                    checkout,
                    user=request.user,
                    expected_total=form.cleaned_data["expected_total"],
                    payment_method=form.cleaned_data["payment_method"],
                )
            except DomainError as refused:
                error = refused.message
            else:
                remember_cart_quantity(request, 0)
                return _after_placing(order, form.cleaned_data["payment_method"])
        else:
            error = _("Vui lòng chọn cách thanh toán.")
    if error is None:
        try:
            reserve_checkout(checkout)
        except DomainError as refused:
            error = refused.message
    totals = checkout_totals(checkout)
    form = PlaceOrderForm(initial={"expected_total": totals.total}, payment_methods=methods)
    context = {"checkout": checkout, "totals": totals, "form": form, "error": error, "photos": line_photos(totals)}
    # An order that could not be placed (no payment method, out of stock, a changed total) answers 400 with the
    # summary and its reason, as the delivery step does; a summary shown with a stock warning before any attempt, 200.
    return render(request, "checkout/summary.html", context, status=400 if request.method == "POST" else 200)
