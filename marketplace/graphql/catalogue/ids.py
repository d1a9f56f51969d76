"""Relay global ids as Saleor writes them: base64 of "Type:id". A malformed or foreign id is the client's error."""

from graphql import GraphQLError
from graphql_relay import from_global_id


def _resolve(global_id: str) -> tuple[str, str]:
    try:
        resolved = from_global_id(global_id)
    except Exception:  # graphql-relay raises whatever base64 or UTF-8 decoding raises
        return "", ""
    return resolved.type, resolved.id


def pk_from_global_id(global_id: str, type_name: str) -> int:
    """The primary key inside a Relay global id of the given type."""
    kind, pk = _resolve(global_id)
    if kind != type_name or not pk.isascii() or not pk.isdigit() or len(pk) > 18:
        raise GraphQLError(f"Invalid {type_name} ID: {global_id}.", extensions={"code": "GRAPHQL_ERROR"})
    return int(pk)


def pks_from_global_ids(global_ids, type_name: str) -> list[int]:
    return [pk_from_global_id(global_id, type_name) for global_id in global_ids or ()]


def key_from_global_id(global_id: str, type_name: str) -> str:
    """The text key inside a global id whose key is not a number (our attributes: "Attribute:ocop-stars")."""
    kind, key = _resolve(global_id)
    if kind != type_name or not key:
        raise GraphQLError(f"Invalid {type_name} ID: {global_id}.", extensions={"code": "GRAPHQL_ERROR"})
    return key
