"""What PostgreSQL knows of a table: for the tests of the jobs that vacuum and analyse (core.maintenance)."""

from django.db import connection


def pages_not_all_visible(model) -> tuple[int, int]:
    """(pages of the table, pages of it that VACUUM has not marked all-visible)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_relation_size(oid) / current_setting('block_size')::int, relallvisible FROM pg_class"
            " WHERE oid = %s::regclass",
            [model._meta.db_table],
        )
        pages, all_visible = cursor.fetchone()
    return pages, pages - all_visible


def columns_with_statistics(model) -> int:
    """How many of the table's columns ANALYZE has described (pg_stats)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [model._meta.db_table])
        return cursor.fetchone()[0]


def maintenance_counts(model) -> tuple[int, int]:
    """(times the table was vacuumed, times it was analysed) by hand or by a job, not by autovacuum. VACUUM and
    ANALYZE report their runs to the shared statistics as they finish; the snapshot of this transaction is cleared
    first so a second read in it sees them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT vacuum_count, analyze_count FROM pg_stat_user_tables WHERE relid = %s::regclass",
            [model._meta.db_table],
        )
        return cursor.fetchone()
