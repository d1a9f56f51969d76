"""Sign-in throttling with django-axes, on every face that signs people in (shop, till, portal, admin).

Every sign-in goes through django.contrib.auth.authenticate() with the request, so axes counts each failure
(its signal handler) and refuses a locked client before any password is checked (its backend, first in
AUTHENTICATION_BACKENDS). Two counts decide, over the cool-off window (AXES_COOLOFF_TIME):

- failures for one username, from anywhere: AXES_FAILURE_LIMIT (a guessed password, tried from many addresses);
- failures from one client address, for any username: XQ_LOGIN_ADDRESS_FAILURE_LIMIT, larger, because many
  honest people share an address (mobile carriers' NAT, a kiosk's router) while one machine trying many
  accounts is password spraying.

This module adds to axes only what is ours: the address limit, the client address behind our proxies, and a
lockout answer in each face's own look (or JSON for a client that asked for JSON).
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext as _

from marketplace.core.error_views import json_error, wants_json


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler, with the larger allowance for a client address than for a username."""

    def get_failures(self, request, credentials=None) -> int:
        # AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"]: one queryset each, in that order.
        by_username, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # axes compares one number with AXES_FAILURE_LIMIT: the address's failures are scaled so that they reach
        # it exactly when they reach the address's own limit.
        user_limit, address_limit = settings.AXES_FAILURE_LIMIT, settings.XQ_LOGIN_ADDRESS_FAILURE_LIMIT
        return max(by_username, by_address * user_limit // address_limit)


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind XQ_TRUSTED_PROXY_COUNT reverse proxies, the address the
    outermost of them saw (each proxy appends the address it received from to X-Forwarded-For, so the entries
    before that one are whatever the client chose to send and are never believed)."""
    proxies = settings.XQ_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


# The lockout page per face, by the URL namespace of the sign-in page that was refused.
LOCKOUT_TEMPLATES = {
    "admin": "admin/locked_out.html",
    "pos": "pos/locked_out.html",
    "portal": "portal/locked_out.html",
}
DEFAULT_LOCKOUT_TEMPLATE = "accounts/locked_out.html"


def lockout_message(request) -> str:
    """What a locked-out client is told, on every face (the API's tokenCreate too)."""
    minutes = max(1, round(get_cool_off(request).total_seconds() / 60))
    return _(
        "Đăng nhập sai quá nhiều lần nên tài khoản hoặc địa chỉ mạng này tạm bị khoá. "
        "Vui lòng thử lại sau %(minutes)d phút."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out client is answered (axes' AXES_LOCKOUT_CALLABLE), with HTTP 429 and Retry-After."""
    cool_off = get_cool_off(request)
    message = lockout_message(request)
    if wants_json(request):
        response = json_error("locked_out", message, 429)
    else:
        namespace = request.resolver_match.namespace if request.resolver_match else ""
        template = LOCKOUT_TEMPLATES.get(namespace, DEFAULT_LOCKOUT_TEMPLATE)
        response = render(request, template, {"message": message, "title": _("Tạm khoá đăng nhập")}, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
