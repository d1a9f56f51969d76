"""Shoppers' account pages: sign up, sign in and out, password reset, address book, their orders.

Plain forms and redirects: every page works without JavaScript. Signing in goes through django.contrib.auth's
login(), whose user_logged_in signal joins the guest cart to the account (checkout.signals).
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.accounts import selectors, services
from marketplace.accounts.forms import AddressForm, PasswordResetForm, ShopperAuthenticationForm, SignUpForm
from marketplace.core.errors import DomainError
from marketplace.core.forms import add_domain_error
from marketplace.orders import views as order_views
from marketplace.orders.selectors import orders_for_user

# How many recent orders the account page lists before linking to all of them.
RECENT_ORDERS = 5


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _status(form) -> int:
    """400 for a form shown again with its errors (the till's, the portal's and checkout's forms answer the same)."""
    return 400 if form.errors else 200


@require_http_methods(["GET", "POST"])
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.sign_up_shopper(
                email=data["email"], full_name=data["full_name"], phone=data["phone"], password=data["password1"]
            )
        except DomainError as error:
            add_domain_error(form, error, field_map={"password": "password1"})
        else:
            # Through login(): its signal brings the guest cart into the new account.
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Chào mừng %(name)s! Tài khoản của bạn đã được tạo.") % {"name": user.first_name}
            )
            return redirect(_safe_next(request, reverse_lazy("accounts:home")))
    # A form shown again with its errors answers 400, as every other form of the shop does.
    return render(
        request, "accounts/sign_up.html", {"form": form, "next": _safe_next(request, "")}, status=_status(form)
    )


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = ShopperAuthenticationForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("accounts:home")


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("storefront:home")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    title = gettext_lazy("Quên mật khẩu")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    title = gettext_lazy("Đã gửi email đặt lại mật khẩu")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    title = gettext_lazy("Đặt mật khẩu mới")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    title = gettext_lazy("Đã đặt mật khẩu mới")


@login_required
def home(request):
    context = {
        "recent_orders": orders_for_user(request.user)[:RECENT_ORDERS],
        "default_address": selectors.default_address_for(request.user),
    }
    return render(request, "accounts/home.html", context)


@login_required
def order_detail(request, number):
    """The shopper's own order by its number: the orders app's page, 404 for anyone else's number."""
    return order_views.detail(request, selectors.order_for(request.user, number).token)


@login_required
def address_list(request):
    return render(request, "accounts/addresses.html", {"addresses": selectors.addresses_for(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request, address_id=None):
    address = selectors.address_for(request.user, address_id) if address_id else None
    initial = (
        AddressForm.initial_for(address)
        if address
        else {"full_name": request.user.get_full_name(), "phone": request.user.phone}
    )
    form = AddressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_address(
                user=request.user,
                address=address,
                full_name=data["full_name"],
                phone=data["phone"],
                street_address=data["street_address"],
                ward_code=data["ward_code"],
                make_default=data["make_default"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã lưu địa chỉ."))
            return redirect(_safe_next(request, reverse_lazy("accounts:addresses")))
    context = {"form": form, "address": address, "next": _safe_next(request, "")}
    return render(request, "accounts/address_form.html", context, status=_status(form))


@login_required
@require_POST
def address_delete(request, address_id):
    services.delete_address(user=request.user, address=selectors.address_for(request.user, address_id))
    messages.success(request, _("Đã xóa địa chỉ."))
    return redirect("accounts:addresses")


@login_required
@require_POST
def address_make_default(request, address_id):
    services.set_default_address(user=request.user, address=selectors.address_for(request.user, address_id))
    messages.success(request, _("Đã đặt làm địa chỉ mặc định."))
    return redirect(_safe_next(request, reverse_lazy("accounts:addresses")))
