"""Upkeep of tables that triggers or jobs rewrite faster than autovacuum looks at them."""

from django.db import connection


def vacuum_analyze(*models) -> None:
    """VACUUM (ANALYZE) these models' tables: their pages marked all-visible again, so their covering indexes are
    read without a visit to the table for each row, and their statistics current, so the planner does not guess.
    Autovacuum comes only after a fifth of a table has changed, or never on a server run with it off. Only pages
    changed since the last VACUUM are read again; ANALYZE reads a fixed sample. VACUUM cannot run in a transaction:
    inside a caller's atomic block (a test's) ANALYZE alone runs."""
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {tables}")
