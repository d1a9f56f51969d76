"""Relay pages, as Saleor's API gives them: `first`/`after` or `last`/`before`, at most 100 a page.

Products and variants page by keyset: a cursor holds the sort key of the row it points at (and its id), and the
next page is `WHERE (key…, id) > (cursor…) ORDER BY key…, id LIMIT n + 1`, which walks an index instead of
counting rows off an offset; deep pages cost what the first does. Short lists already in memory (a product's
variants, the OCOP groups) are paged by position.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass

from django.db.models import BooleanField, Expression, F, QuerySet, Value
from graphene import relay
from graphene_django import DjangoConnectionField
from graphql import GraphQLError
from graphql_relay import connection_from_array

MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class PageRequest:
    size: int
    forward: bool
    cursor: str | None


def page_request(args: dict) -> PageRequest:
    """Check first/last/after/before as Saleor does: one of first or last, 0 to 100."""
    first, last = args.get("first"), args.get("last")
    if first is None and last is None:
        raise GraphQLError("You must provide a `first` or `last` value to properly paginate the connection.")
    if first is not None and last is not None:
        raise GraphQLError("Including a `first` and `last` value is not supported.")
    size = first if first is not None else last
    if not 0 <= size <= MAX_PAGE_SIZE:
        raise GraphQLError(f"`first` and `last` take a value from 0 to {MAX_PAGE_SIZE}.")
    forward = first is not None
    return PageRequest(size=size, forward=forward, cursor=args.get("after") if forward else args.get("before"))


@dataclass(frozen=True)
class SortKey:
    """A field or annotation the rows are ordered by, and how its value travels in a cursor."""

    name: str
    kind: type  # str, int, float or datetime.datetime


class RowCompare(Expression):
    """`(a, b, …) > (x, y, …)`: PostgreSQL's row comparison, which an index on (a, b, …) answers directly."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, lhs: list, operator: str, rhs: list):
        super().__init__()
        self.lhs, self.operator, self.rhs = lhs, operator, rhs

    def get_source_expressions(self):
        return [*self.lhs, *self.rhs]

    def set_source_expressions(self, exprs):
        self.lhs, self.rhs = exprs[: len(self.lhs)], exprs[len(self.lhs) :]

    def as_sql(self, compiler, connection):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        half = len(self.lhs)
        return f"({', '.join(parts[:half])}) {self.operator} ({', '.join(parts[half:])})", params


def _encode(values: list) -> str:
    plain = [value.isoformat() if isinstance(value, datetime.datetime) else value for value in values]
    return base64.urlsafe_b64encode(json.dumps(plain, ensure_ascii=False).encode()).decode()


def _decode(cursor: str, keys: list[SortKey]) -> list:
    invalid = GraphQLError("Received cursor is invalid.")
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, binascii.Error, UnicodeError):
        raise invalid from None
    if not isinstance(values, list) or len(values) != len(keys):
        raise invalid
    decoded = []
    for value, key in zip(values, keys, strict=True):
        if key.kind is datetime.datetime:
            if not isinstance(value, str):
                raise invalid
            try:
                value = datetime.datetime.fromisoformat(value)
            except ValueError:
                raise invalid from None
        elif key.kind is float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise invalid
            value = float(value)
        elif key.kind is int:
            if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**63:
                raise invalid
        elif not isinstance(value, key.kind) or "\x00" in value:
            raise invalid
        decoded.append(value)
    return decoded


def _value(row, name: str):
    value = row
    for part in name.split("__"):
        value = getattr(value, part)
    return value


def page_statement(queryset: QuerySet, keys: list[SortKey], descending: bool, request: PageRequest, values):
    """The statement of one keyset page: `queryset` ordered by `keys` in the direction it is read, after the
    cursor's sort key `values` (None without a cursor), size + 1 rows."""
    reverse = descending != (not request.forward)  # the direction the statement reads in
    fields = [F(key.name) for key in keys]
    ordered = queryset.order_by(*[field.desc() if reverse else field.asc() for field in fields])
    if values is not None:
        ordered = ordered.filter(RowCompare(fields, "<" if reverse else ">", [Value(value) for value in values]))
    return ordered[: request.size + 1]


def keyset_page(queryset: QuerySet, keys: list[SortKey], descending: bool, request: PageRequest, fetch=None):
    """One page of `queryset` ordered by `keys` (the last must be unique, e.g. the id), all in one direction.

    Returns (rows, cursors, page_info): one SQL statement of LIMIT size + 1 rows. `fetch(request, values)`, when
    given, reads those rows instead (a caller that keeps page_statement's statement compiled; `queryset` unused).
    """
    backwards = not request.forward
    values = _decode(request.cursor, keys) if request.cursor is not None else None
    if fetch is not None:
        rows = fetch(request, values)
    else:
        rows = list(page_statement(queryset, keys, descending, request, values))
    more = len(rows) > request.size
    rows = rows[: request.size]
    if backwards:
        rows.reverse()
    cursors = [_encode([_value(row, key.name) for key in keys]) for row in rows]
    page_info = relay.PageInfo(
        has_next_page=more if request.forward else request.cursor is not None,
        has_previous_page=more if backwards else request.cursor is not None,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )
    return rows, cursors, page_info


def keyset_connection(connection_type, queryset, keys, descending, args, *, count, after_fetch=None, fetch=None):
    """A Relay connection of one keyset page; `count` (a callable) runs only when totalCount is asked for."""
    request = page_request(args)
    rows, cursors, page_info = keyset_page(queryset, keys, descending, request, fetch)
    if after_fetch is not None:
        after_fetch(rows)
    edges = [connection_type.Edge(node=row, cursor=cursor) for row, cursor in zip(rows, cursors, strict=True)]
    connection = connection_type(edges=edges, page_info=page_info)
    connection.count = count
    return connection


def list_connection(connection_type, items: list, args: dict):
    """A Relay connection over a list already in memory (cursors by position)."""
    page_request(args)
    connection = connection_from_array(
        items,
        args,
        connection_type=lambda edges, pageInfo: connection_type(edges=edges, page_info=pageInfo),
        edge_type=lambda node, cursor: connection_type.Edge(node=node, cursor=cursor),
        page_info_type=lambda **kwargs: relay.PageInfo(
            has_next_page=kwargs["hasNextPage"],
            has_previous_page=kwargs["hasPreviousPage"],
            start_cursor=kwargs["startCursor"],
            end_cursor=kwargs["endCursor"],
        ),
    )
    connection.count = lambda: len(items)
    return connection


def queryset_connection(connection_type, args: dict, queryset):
    """A Relay page of a queryset paged by offset (a shopper's orders, collections, content pages), its
    `first`/`last` checked as Saleor checks them."""
    page_request(args)
    return DjangoConnectionField.resolve_connection(connection_type, args, queryset, max_limit=MAX_PAGE_SIZE)
