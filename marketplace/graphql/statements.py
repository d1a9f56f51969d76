"""Statements compiled once and run with new values.

Django compiles a queryset's SQL anew every time it runs. For the catalogue's fixed-shape reads (a product by its
slug or id: visibility in the channel, priced there, its group and the group's parent joined; its variants: price,
stock sums and the gift-set rule; the channel with the catalogue version) compiling costs several times what
PostgreSQL spends running them: about 4.5 ms of CPU of a 10 ms `product(slug)` request (docs/performance.md,
"Catalogue API").

A KeptStatement is built from a queryset made with marker values in place of the values that change from one run
to the next (a slug, an id, the current moment). It compiles the queryset once, remembers where each marker sits
among the statement's parameters, and each run puts the real values there and hands the rows to Django's own
iterable: the SQL text, its columns and the way rows become model instances (select_related, annotations) are the
ORM's, only the compilation is not repeated. A marker that does not reach the parameters untouched (a LIKE pattern
made of it, a value converted on its way) is refused when the statement is built, so a run can never bind a value
somewhere it does not belong.

The compiled text holds everything else the queryset was built from (the channel's slug, a day the kinds compare
certificates with): callers keep a statement under a key naming all of it (see `kept`).
"""

import copy
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# Kept statements per cache; a cache that grows past this many shapes (channels × days × shapes) starts over.
MAX_KEPT = 64


class KeptStatement:
    def __init__(self, queryset: QuerySet, **markers: Any):
        if queryset._prefetch_related_lookups:
            raise ValueError("A kept statement runs one statement: prefetch separately.")
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        slots = {}
        for name, marker in markers.items():
            # (position, the type Django gave the value there: psycopg's Int4 for a Value(int), say), every place
            slots[name] = [
                (index, type(value))
                for index, value in enumerate(params)
                if isinstance(value, type(marker)) and value == marker
            ]
            changed = isinstance(marker, str) and any(
                isinstance(value, str) and marker in value and value != marker for value in params
            )
            if not slots[name] or changed:
                raise ValueError(f"The marker for {name!r} does not reach the statement's parameters unchanged.")
        self._queryset = queryset
        self._compiler = compiler
        self._sql = sql
        self._params = tuple(params)
        self._slots = slots

    def run(self, **values: Any) -> list:
        """The queryset's results (model instances, or the rows of a values() queryset) with these values."""
        params = list(self._params)
        for name, positions in self._slots.items():
            for position, kind in positions:
                value = values[name]
                params[position] = value if type(value) is kind else kind(value)
        # A compiler of this run: the kept one's columns and row readers, this thread's connection, the kept text.
        compiler = copy.copy(self._compiler)
        compiler.connection = connections[self._queryset.db]
        compiler.as_sql = lambda *args, **kwargs: (self._sql, params)
        queryset = self._queryset.all()
        # This clone of the query is read by this run alone and never leaves this function.
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)


def kept(statements: dict, key, build: Callable[[], KeptStatement]) -> KeptStatement:
    """The statement kept in `statements` under `key` (which must name everything its text was built from)."""
    statement = statements.get(key)
    if statement is None:
        if len(statements) >= MAX_KEPT:
            statements.clear()
        statement = statements[key] = build()
    return statement
