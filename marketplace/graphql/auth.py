"""Who is asking the API.

A request with `Authorization: Bearer <access token>` (or Saleor's older `JWT <token>`) is its token's account,
whatever cookie it also sends. A request without one is the shop session's account only when it passes Django's
CSRF check (the endpoint itself is CSRF-exempt, as an API for other sites' storefronts must be): the shop's own
pages may call the API with their session and CSRF token, while a page on another site that makes a signed-in
shopper's browser post to /graphql/ acts as an anonymous guest.

authenticate_request runs before each GraphQL request (SchemaView) and sets request.user. A token that is expired,
forged or revoked is remembered rather than refused at once, so public queries and tokenRefresh still work; a
resolver that needs the account calls `viewer(info)`, which raises Saleor's error for it (message "Signature has
expired", extensions.exception.code "ExpiredSignatureError", …).
"""

from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import CsrfViewMiddleware
from graphql import GraphQLError

from marketplace.accounts.api_tokens import ACCESS, TokenError, user_from_token

BEARER_SCHEMES = ("bearer", "jwt")


def _passes_csrf_check(request) -> bool:
    # The check of a view that is not exempt: None means accepted (a safe method, or a valid token and origin).
    return CsrfViewMiddleware(lambda _request: None).process_view(request, None, (), {}) is None


def authenticate_request(request) -> None:
    request.api_token_error = None
    header = request.META.get("HTTP_AUTHORIZATION", "").strip()
    scheme, _, token = header.partition(" ")
    if scheme.lower() in BEARER_SCHEMES:
        try:
            request.user = user_from_token(token.strip(), ACCESS)
        except TokenError as error:
            request.user = AnonymousUser()
            request.api_token_error = error
    elif not hasattr(request, "user"):
        request.user = AnonymousUser()  # a request that came through no authentication middleware
    elif request.user.is_authenticated and not _passes_csrf_check(request):
        request.user = AnonymousUser()


def token_error(error: TokenError) -> GraphQLError:
    return GraphQLError(error.message, extensions={"exception": {"code": error.exception_code}})


def viewer(info):
    """The signed-in account, or None for a request without a token; a token that cannot be used is an error."""
    request = info.context
    error = getattr(request, "api_token_error", None)
    if error is not None:
        raise token_error(error)
    user = request.user
    return user if user.is_authenticated else None


def require_viewer(info):
    """The signed-in account; without one, Saleor's PermissionDenied error."""
    user = viewer(info)
    if user is None:
        raise GraphQLError(
            "To access this path, you need to be signed in.",
            extensions={"exception": {"code": "PermissionDenied"}},
        )
    return user


def require_manager(info, permissions: str):
    """The signed-in manager (the shop's staff, who hold every Saleor permission the API knows); anyone else gets
    Saleor's PermissionDenied, naming the permissions Saleor would ask for."""
    user = require_viewer(info)
    if not user.is_manager:
        raise GraphQLError(
            f"You need one of the following permissions: {permissions}",
            extensions={"exception": {"code": "PermissionDenied"}},
        )
    return user
