from django.db import migrations

# 0017 fills catalogue_listedproduct (19,195 rows on the 20,000-product bench) after the server last analysed and
# vacuumed its tables. Until autovacuum comes (never on a server run with it off, as the shared bench server is) the
# planner has no statistics for the table, guesses 1 matching row everywhere and picks nested loops that probe the
# stock and the certificates once per product (a group page with filters: 57 ms for its count instead of 7 ms), and
# no page is all-visible, so the covering index's "index-only" scans still visit the table for every row
# (docs/performance.md, "Storefront pages"). VACUUM (ANALYZE) gives both at once; it cannot run in a transaction,
# hence a migration of its own that is not atomic. Inside a transaction anyway (a caller's atomic block) ANALYZE
# alone gives the statistics.


def analyze_listed_products(apps, schema_editor):
    connection = schema_editor.connection
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} catalogue_listedproduct")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("catalogue", "0017_listed_products_kept_by_triggers")]

    operations = [migrations.RunPython(analyze_listed_products, migrations.RunPython.noop, elidable=True)]
