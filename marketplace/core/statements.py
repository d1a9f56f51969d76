"""Statements compiled once and run with new values.

Django compiles a queryset's SQL anew every time it runs. For the catalogue's fixed-shape reads (a product by its
slug or id, a page of a listing, the rows of a page by their ids, their variants and photos) building and compiling
costs several times what PostgreSQL spends running them (docs/performance.md, "Catalogue API", "Storefront pages").

A Statement is built from a queryset made with marker values in place of the values that change from one run to the
next (a slug, an id array, the current moment). It compiles the queryset once through the public
`query.sql_with_params()`, remembers where each marker sits among the parameters, and each run binds the real
values there. A marker that does not reach the parameters untouched (a LIKE pattern made of it, a value converted on
its way) is refused when the statement is built, so a run can never bind a value somewhere it does not belong.

Its rows are read through public APIs: `rows` (the cursor's tuples: a values_list()), `mappings` (by column name:
a values() queryset's), `raw` (the model's raw queryset:
its fields and annotations read by column name; for a queryset without joined models) and ModelRows (every column
of the model and of the joined ones named, instances built with `Model.from_db`).

The compiled text holds everything else the queryset was built from (a channel's slug, the day the kinds compare
certificates with): callers keep a statement under a key naming all of it (see `kept`).
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

# Kept statements per cache; a cache that grows past this many shapes (channels × days × shapes) starts over.
MAX_KEPT = 64

# Markers to build a statement with: no real slug, id, moment or day is one of them.
MARKER_TEXT = "\x00kept-statement-marker"
MARKER_ID = -917_000_000_001
MARKER_IDS = [MARKER_ID]
MARKER_MOMENT = datetime.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
MARKER_DAY = datetime.date(1901, 2, 3)


def among(ids) -> RawSQL:
    """`field__in=among(ids)`: the ids as a subquery of one array parameter, so that the statement's text is the same
    for any number of them (Django writes `IN (%s, %s, …)`, one text per count). Build with MARKER_IDS."""
    return RawSQL("SELECT unnest(%s::bigint[])", (ids,))


class Statement:
    def __init__(self, queryset: QuerySet, **markers: Any):
        if queryset._prefetch_related_lookups:
            raise ValueError("A kept statement runs one statement: prefetch separately.")
        sql, params = queryset.query.sql_with_params()
        slots = {}
        for name, marker in markers.items():
            # (position, the type Django gave the value there: psycopg's Int4 for a Value(int), say), every place
            slots[name] = [
                (index, type(value))
                for index, value in enumerate(params)
                if value is marker or (isinstance(value, type(marker)) and value == marker)
            ]
            changed = isinstance(marker, str) and any(
                isinstance(value, str) and marker in value and value != marker for value in params
            )
            if not slots[name] or changed:
                raise ValueError(f"The marker for {name!r} does not reach the statement's parameters unchanged.")
        self.model = queryset.model
        self.sql = sql
        self._params = tuple(params)
        self._slots = slots

    def bound(self, **values: Any) -> tuple[str, list]:
        """The statement's text and its parameters with these values."""
        params = list(self._params)
        for name, positions in self._slots.items():
            value = values[name]
            for position, kind in positions:
                params[position] = value if type(value) is kind else kind(value)
        return self.sql, params

    def rows(self, **values: Any) -> list[tuple]:
        """The rows as tuples, in the order of the queryset's columns (a values_list() queryset's)."""
        with connection.cursor() as cursor:
            cursor.execute(*self.bound(**values))
            return cursor.fetchall()

    def mappings(self, **values: Any) -> list[dict]:
        """The rows as {column name: value} (an aggregate()'s, by the names it was given)."""
        with connection.cursor() as cursor:
            cursor.execute(*self.bound(**values))
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def raw(self, **values: Any) -> list:
        """The rows as instances of the queryset's model, its fields and annotations read by column name (so for a
        queryset without joined models, whose columns' names could repeat)."""
        return list(self.model._default_manager.raw(*self.bound(**values)))


class ModelRows:
    """A statement whose rows are instances of the queryset's model with the models joined along `related` (paths
    such as "category" or "category__parent", parents before children) set on them, and its annotations as
    attributes: what Django's select_related gives. Every column is named (c0, c1, …), so the rows are read by the
    names the cursor reports, whatever order Django puts them in. `defer`: the model's own fields left unread."""

    def __init__(self, queryset: QuerySet, *, related: tuple[str, ...] = (), defer: tuple[str, ...] = (), **markers):
        layout, columns = [], {}
        for path in ("", *related):
            model = queryset.model
            for name in path.split("__") if path else ():
                model = model._meta.get_field(name).related_model
            fields = [field for field in model._meta.concrete_fields if path or field.name not in defer]
            names = [f"c{len(columns) + offset}" for offset in range(len(fields))]
            prefix = f"{path}__" if path else ""
            columns.update({name: F(f"{prefix}{field.attname}") for name, field in zip(names, fields, strict=True)})
            converters = [
                (index, field.get_db_converters(connection))
                for index, field in enumerate(fields)
                if field.get_db_converters(connection)
            ]
            pk_index = next(index for index, field in enumerate(fields) if field.primary_key)
            layout.append((path, model, [field.attname for field in fields], names, converters, pk_index, fields))
        self.annotations = tuple(queryset.query.annotations)
        self.statement = Statement(queryset.values(*self.annotations, **columns), **markers)
        self._layout = layout

    def run(self, **values: Any) -> list:
        with connection.cursor() as cursor:
            cursor.execute(*self.statement.bound(**values))
            names = [column.name for column in cursor.description]
            found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        instances = []
        for row in found:
            by_path = {}
            for path, model, attnames, columns, converters, pk_index, fields in self._layout:
                values_of = [row[column] for column in columns]
                for index, functions in converters:
                    for function in functions:
                        values_of[index] = function(values_of[index], fields[index], connection)
                instance = None if values_of[pk_index] is None else model.from_db(connection.alias, attnames, values_of)
                if path:
                    parent, _, name = path.rpartition("__")
                    if by_path[parent] is not None:
                        setattr(by_path[parent], name, instance)
                by_path[path] = instance
            for name in self.annotations:
                setattr(by_path[""], name, row[name])
            instances.append(by_path[""])
        return instances


def kept(statements: dict, key, build: Callable[[], Any]):
    """The statement kept in `statements` under `key` (which must name everything its text was built from)."""
    statement = statements.get(key)
    if statement is None:
        if len(statements) >= MAX_KEPT:
            statements.clear()
        statement = statements[key] = build()
    return statement
