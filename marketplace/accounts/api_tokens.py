"""The API's sign-in tokens: JSON Web Tokens (HS256, PyJWT), as Saleor's storefronts expect them.

A sign-in (tokenCreate) gives a short-lived access token, sent as `Authorization: Bearer …` with each request, and
a long-lived refresh token that only tokenRefresh accepts, for a new access token. Both are signed with
settings.XQ_JWT_SIGNING_KEY (a secret of its own; tokens signed with a key of XQ_JWT_SIGNING_KEY_FALLBACKS are still
accepted while a rotation is under way) and carry the account's `api_token_key`: giving the account a new key
(tokensDeactivateAll, a password set from a reset link) makes every token it had invalid at once.

The payload has Saleor's claims: `type` ("access" or "refresh"), `user_id` (the account's Relay ID), `email`,
`token` (the account's key), `iat`, `exp`, `iss`.
"""

import base64

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

ALGORITHM = "HS256"
ACCESS = "access"
REFRESH = "refresh"


class TokenError(Exception):
    """A token that cannot be used. `code` is Saleor's AccountErrorCode; `exception_code` the name Saleor's API
    gives such a token in an error's extensions (storefronts refresh their token on "ExpiredSignatureError")."""

    def __init__(self, code: str, exception_code: str, message: str):
        super().__init__(message)
        self.code = code
        self.exception_code = exception_code
        self.message = message


EXPIRED = ("JWT_SIGNATURE_EXPIRED", "ExpiredSignatureError", "Signature has expired")
INVALID = ("JWT_INVALID_TOKEN", "InvalidTokenError", "Invalid token")
UNREADABLE = ("JWT_DECODE_ERROR", "DecodeError", "Error decoding signature")


def _issuer() -> str:
    return settings.XQ_SITE_URL + "/graphql/"


def user_global_id(user) -> str:
    """The account's Relay global ID ("User:<pk>", base64), as Saleor's tokens name their user."""
    return base64.b64encode(f"User:{user.pk}".encode()).decode()


def _encode(user, token_type: str, lifetime) -> str:
    now = timezone.now()
    payload = {
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "iss": _issuer(),
        "type": token_type,
        "user_id": user_global_id(user),
        "email": user.email,
        "token": user.api_token_key,
    }
    return jwt.encode(payload, settings.XQ_JWT_SIGNING_KEY, algorithm=ALGORITHM)


def access_token(user) -> str:
    return _encode(user, ACCESS, settings.XQ_JWT_ACCESS_TTL)


def refresh_token(user) -> str:
    return _encode(user, REFRESH, settings.XQ_JWT_REFRESH_TTL)


def decode(token: str) -> dict:
    """The payload of a token this shop signed (with the current key or a fallback) that has not expired."""
    if not token:
        raise TokenError(*INVALID)
    options = {"require": ["exp", "iat", "iss", "type", "user_id", "token"]}
    for key in (settings.XQ_JWT_SIGNING_KEY, *settings.XQ_JWT_SIGNING_KEY_FALLBACKS):
        try:
            # Only HS256: a token naming another algorithm ("none" included) is refused, whatever key it uses.
            return jwt.decode(token, key, algorithms=[ALGORITHM], issuer=_issuer(), options=options)
        except jwt.InvalidSignatureError:
            continue
        except jwt.ExpiredSignatureError as error:
            raise TokenError(*EXPIRED) from error
        except jwt.DecodeError as error:
            raise TokenError(*UNREADABLE) from error
        except jwt.InvalidTokenError as error:
            raise TokenError(*INVALID) from error
    raise TokenError(*INVALID)


def user_from_token(token: str, token_type: str):
    """The active account a token of this type names, while the account's key is the one the token carries."""
    payload = decode(token)
    if payload.get("type") != token_type:
        raise TokenError(*INVALID)
    try:
        kind, _, pk = base64.b64decode(str(payload["user_id"]), validate=True).decode().partition(":")
    except (ValueError, UnicodeDecodeError) as error:
        raise TokenError(*INVALID) from error
    if kind != "User" or not pk.isdigit():
        raise TokenError(*INVALID)
    user = get_user_model().objects.filter(pk=int(pk), is_active=True).first()
    if user is None or user.api_token_key != payload["token"]:
        raise TokenError(*INVALID)
    return user
