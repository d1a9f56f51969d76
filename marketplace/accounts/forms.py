"""Shoppers' account forms: they parse input; accounts.services decides."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from marketplace.accounts import selectors, services
from marketplace.accounts.models import User
from marketplace.core import addresses
from marketplace.core.addresses import WARD_CHOICES
from marketplace.core.errors import DomainError
from marketplace.core.forms import add_domain_error


def _autocomplete(form, tokens: dict[str, str]) -> None:
    for name, token in tokens.items():
        form.fields[name].widget.attrs["autocomplete"] = token


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    full_name = forms.CharField(label=_("Họ tên"), max_length=150)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, widget=forms.TextInput(attrs={"type": "tel"}))
    password1 = forms.CharField(label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Nhập lại mật khẩu"), strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _autocomplete(
            self,
            {
                "email": "email",
                "full_name": "name",
                "phone": "tel",
                "password1": "new-password",
                "password2": "new-password",
            },
        )

    def clean(self):
        """All the errors at once: the form's own and every check of the sign-up service (accounts.services)."""
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        problems = services.sign_up_problems(
            email=cleaned.get("email", ""),
            full_name=cleaned.get("full_name", ""),
            phone=cleaned.get("phone", ""),
            password=cleaned.get("password1", ""),
        )
        for problem in problems:
            add_domain_error(self, problem, field_map={"password": "password1"})
        return cleaned


class ShopperAuthenticationForm(auth_forms.AuthenticationForm):
    """Sign in with email or phone number, and password. Staff, producers and kiosk staff have their own pages."""

    username = forms.CharField(
        label=_("Email hoặc số điện thoại"), max_length=254, widget=forms.TextInput(attrs={"autofocus": True})
    )
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("Email/số điện thoại hoặc mật khẩu không đúng."),
        "not_shopper": _("Tài khoản này không phải tài khoản khách mua hàng. Hãy đăng nhập ở trang dành cho bạn."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _autocomplete(self, {"username": "username", "password": "current-password"})

    def clean_username(self):
        # Accounts are created with the e-mail address in lower case as their username; a phone number (sign-up
        # asks for it first) names the one shopper account that has it.
        typed = self.cleaned_data["username"].strip()
        if "@" in typed:
            return typed.lower()
        try:
            phone = addresses.clean_phone(typed)
        except DomainError:
            return typed.lower()
        return selectors.shopper_username_for_phone(phone) or phone

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.role != User.Role.SHOPPER or user.is_staff:
            raise forms.ValidationError(self.error_messages["not_shopper"], code="not_shopper")


class AddressForm(forms.Form):
    full_name = forms.CharField(label=_("Họ tên người nhận"), max_length=120)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, widget=forms.TextInput(attrs={"type": "tel"}))
    street_address = forms.CharField(label=_("Số nhà, tên đường"), max_length=255)
    ward_code = forms.ChoiceField(label=_("Phường/xã (TP. Hồ Chí Minh)"), choices=WARD_CHOICES)
    make_default = forms.BooleanField(label=_("Dùng làm địa chỉ mặc định khi đặt hàng"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _autocomplete(self, {"full_name": "name", "phone": "tel", "street_address": "street-address"})

    @classmethod
    def initial_for(cls, address) -> dict:
        return {
            "full_name": address.shipping_full_name,
            "phone": address.phone,
            "street_address": address.shipping_street_address,
            "ward_code": address.shipping_ward_code,
            "make_default": address.is_default,
        }


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, with its email sent by a job: the page answers at once, a mail server that is down is tried
    again, and the link's token is made when the email leaves, never kept in the job's arguments."""

    def save(self, *, request=None, use_https=False, domain_override=None, **_template_options):
        scheme = "https" if use_https else "http"
        services.request_password_reset(
            users=self.get_users(self.cleaned_data["email"]),
            site_url=f"{scheme}://{domain_override or request.get_host()}",
            language=translation.get_language() or "vi",
        )
