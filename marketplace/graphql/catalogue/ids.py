"""Relay global ids as Saleor writes them: base64 of "Type:id". A malformed or foreign id is the client's error."""

import math

from graphql import GraphQLError
from graphql_relay import from_global_id

from marketplace.core.errors import DomainError
from marketplace.graphql import core


def _resolve(global_id: str) -> tuple[str, str]:
    try:
        resolved = from_global_id(global_id)
    except Exception:  # graphql-relay raises whatever base64 or UTF-8 decoding raises
        return "", ""
    return resolved.type, resolved.id


def pk_from_global_id(global_id: str, type_name: str) -> int:
    """The primary key inside a Relay global id of the given type: the mutations' parser (graphql.core), its
    refusal said as a query's error."""
    try:
        return core.pk_from_global_id(global_id, type_name, field=None)
    except DomainError:
        raise GraphQLError(f"Invalid {type_name} ID: {global_id}.", extensions={"code": "GRAPHQL_ERROR"}) from None


def pks_from_global_ids(global_ids, type_name: str) -> list[int]:
    return [pk_from_global_id(global_id, type_name) for global_id in global_ids or ()]


def key_from_global_id(global_id: str, type_name: str) -> str:
    """The text key inside a global id whose key is not a number (our attributes: "Attribute:ocop-stars")."""
    kind, key = _resolve(global_id)
    if kind != type_name or not key:
        raise GraphQLError(f"Invalid {type_name} ID: {global_id}.", extensions={"code": "GRAPHQL_ERROR"})
    return key


def check_text_arguments(arguments) -> None:
    """Refuse a NUL character anywhere in the arguments (PostgreSQL text cannot hold one), as the client's error
    rather than a database error whose text would reach the client."""
    stack = [arguments]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise GraphQLError("Text arguments must not contain the NUL character.")
        elif isinstance(value, dict):
            stack.extend(dict.values(value))  # not value.values(): an input may have a field "values"
        elif isinstance(value, list | tuple):
            stack.extend(value)


def whole_amount(value, *, up: bool) -> int:
    """A price bound (Float or Decimal) as whole đồng, rounded towards the inside of the range."""
    try:
        return math.ceil(value) if up else math.floor(value)
    except (ValueError, OverflowError, ArithmeticError):
        raise GraphQLError(f"Invalid price: {value}.") from None
