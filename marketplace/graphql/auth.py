"""Who is asking: the API reads `Authorization: Bearer <access token>` (or Saleor's older `JWT <token>`) and nothing
else, so a shop session cookie gives no access to the API and a page on another site cannot act for a shopper.

authenticate_request runs before each GraphQL request (SchemaView) and sets request.user: the token's account, or
an anonymous user. A token that is expired, forged or revoked is remembered rather than refused at once, so
public queries and tokenRefresh still work; a resolver that needs the account calls `viewer(info)`, which raises
Saleor's error for it (message "Signature has expired", extensions.exception.code "ExpiredSignatureError", …).
"""

from django.contrib.auth.models import AnonymousUser
from graphql import GraphQLError

from marketplace.accounts.api_tokens import ACCESS, TokenError, user_from_token

BEARER_SCHEMES = ("bearer", "jwt")


def authenticate_request(request) -> None:
    request.user = AnonymousUser()
    request.api_token_error = None
    scheme, _, token = request.META.get("HTTP_AUTHORIZATION", "").strip().partition(" ")
    if scheme.lower() not in BEARER_SCHEMES:
        return
    try:
        request.user = user_from_token(token.strip(), ACCESS)
    except TokenError as error:
        request.api_token_error = error


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
