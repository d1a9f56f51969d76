from django.db import migrations

# ListedProduct is kept by these triggers alone, in the transaction of the write that changes one of its facts,
# whatever code runs it (services, admin, imports, the benchmark generator). Statement-level triggers with transition
# tables: a bulk write of 500 products recomputes their rows in one statement. Each trigger collects the ids of the
# products whose facts the statement may have changed and hands them to catalogue_refresh_listed, which recomputes
# exactly those products' rows from the source tables (the one definition of a listed product).
#
# Concurrency: two transactions changing facts of the same product (a price here, the listing there) would each
# compute the row without the other's uncommitted change, and the last to commit would keep a stale row. So the
# refresh first locks the products' rows (FOR NO KEY UPDATE, in id order; it does not block a foreign key's check,
# and a row lock takes no slot of the shared lock table, which a bulk refresh of 20,000 products would exhaust with
# advisory locks): the second refresh waits for the first to commit, and under READ COMMITTED its next statement
# sees that commit.
# The application runs READ COMMITTED (Django's default; marketplace/settings.py sets no other level).
FUNCTIONS_SQL = """
CREATE FUNCTION catalogue_refresh_listed(product_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF product_ids IS NULL OR cardinality(product_ids) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1 FROM catalogue_product WHERE id = ANY (product_ids) ORDER BY id FOR NO KEY UPDATE;
    DELETE FROM catalogue_listedproduct listed
    WHERE listed.product_id = ANY (product_ids)
      AND NOT EXISTS (
        SELECT 1 FROM catalogue_product p
        JOIN channels_productchannellisting pcl ON pcl.product_id = p.id
        WHERE p.id = listed.product_id AND pcl.channel_id = listed.channel_id AND p.status = 'published'
          AND pcl.is_published AND pcl.visible_in_listings
          AND EXISTS (
            SELECT 1 FROM catalogue_productvariant v
            JOIN channels_productvariantchannellisting vl ON vl.variant_id = v.id AND vl.channel_id = pcl.channel_id
            WHERE v.product_id = p.id
          )
      );
    INSERT INTO catalogue_listedproduct AS listed (
        channel_id, product_id, category_id, producer_id, is_featured, name, created_at, published_at, price_from,
        search_tone, search_plain
    )
    SELECT pcl.channel_id, p.id, p.category_id, p.producer_id, p.is_featured, p.name, p.created_at,
           pcl.published_at, prices.lowest, p.search_tone, p.search_plain
    FROM catalogue_product p
    JOIN channels_productchannellisting pcl
      ON pcl.product_id = p.id AND pcl.is_published AND pcl.visible_in_listings
    JOIN LATERAL (
        SELECT min(vl.price_amount) AS lowest
        FROM catalogue_productvariant v
        JOIN channels_productvariantchannellisting vl ON vl.variant_id = v.id AND vl.channel_id = pcl.channel_id
        WHERE v.product_id = p.id
    ) prices ON prices.lowest IS NOT NULL
    WHERE p.id = ANY (product_ids) AND p.status = 'published'
    ON CONFLICT (channel_id, product_id) DO UPDATE SET
        category_id = EXCLUDED.category_id, producer_id = EXCLUDED.producer_id, is_featured = EXCLUDED.is_featured,
        name = EXCLUDED.name, created_at = EXCLUDED.created_at, published_at = EXCLUDED.published_at,
        price_from = EXCLUDED.price_from, search_tone = EXCLUDED.search_tone, search_plain = EXCLUDED.search_plain
    WHERE (listed.category_id, listed.producer_id, listed.is_featured, listed.name, listed.created_at,
           listed.published_at, listed.price_from, listed.search_tone, listed.search_plain)
          IS DISTINCT FROM
          (EXCLUDED.category_id, EXCLUDED.producer_id, EXCLUDED.is_featured, EXCLUDED.name, EXCLUDED.created_at,
           EXCLUDED.published_at, EXCLUDED.price_from, EXCLUDED.search_tone, EXCLUDED.search_plain);
END $$;

-- Products and channel listings: the product ids are in the rows themselves (a product's own "id", a listing's
-- "product_id"): TG_ARGV[0] names the column.
CREATE FUNCTION catalogue_listed_by_product() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE format('SELECT ARRAY(SELECT n.%I FROM new_rows n)', TG_ARGV[0]) INTO ids;
    ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE format('SELECT ARRAY(SELECT n.%I FROM new_rows n UNION SELECT o.%I FROM old_rows o)',
                       TG_ARGV[0], TG_ARGV[0]) INTO ids;
    ELSE
        EXECUTE format('SELECT ARRAY(SELECT o.%I FROM old_rows o)', TG_ARGV[0]) INTO ids;
    END IF;
    PERFORM catalogue_refresh_listed(ids);
    RETURN NULL;
END $$;

-- Variants: a new one has no price yet (its price's insert refreshes); one moved to another product or deleted
-- changes both products' lowest prices.
CREATE FUNCTION catalogue_listed_by_variant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        PERFORM catalogue_refresh_listed(ARRAY(
            SELECT n.product_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.product_id <> n.product_id
            UNION
            SELECT o.product_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.product_id <> n.product_id
        ));
    ELSE
        PERFORM catalogue_refresh_listed(ARRAY(SELECT DISTINCT o.product_id FROM old_rows o));
    END IF;
    RETURN NULL;
END $$;

-- Prices: the product is the variant's. A price deleted with its variant finds no variant here; the variant's own
-- delete trigger refreshes that product.
CREATE FUNCTION catalogue_listed_by_price() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM catalogue_refresh_listed(ARRAY(
            SELECT DISTINCT v.product_id FROM new_rows n JOIN catalogue_productvariant v ON v.id = n.variant_id
        ));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM catalogue_refresh_listed(ARRAY(
            SELECT v.product_id FROM new_rows n JOIN catalogue_productvariant v ON v.id = n.variant_id
            UNION
            SELECT v.product_id FROM old_rows o JOIN catalogue_productvariant v ON v.id = o.variant_id
        ));
    ELSE
        PERFORM catalogue_refresh_listed(ARRAY(
            SELECT DISTINCT v.product_id FROM old_rows o JOIN catalogue_productvariant v ON v.id = o.variant_id
        ));
    END IF;
    RETURN NULL;
END $$;
"""

# (table, function, its argument, events): PostgreSQL allows transition tables only on a trigger of a single event.
TRIGGERS = (
    ("catalogue_product", "catalogue_listed_by_product", "'id'", ("INSERT", "UPDATE", "DELETE")),
    ("channels_productchannellisting", "catalogue_listed_by_product", "'product_id'", ("INSERT", "UPDATE", "DELETE")),
    ("catalogue_productvariant", "catalogue_listed_by_variant", "", ("UPDATE", "DELETE")),
    ("channels_productvariantchannellisting", "catalogue_listed_by_price", "", ("INSERT", "UPDATE", "DELETE")),
)
TRANSITIONS = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}
CREATE_TRIGGERS = "".join(
    f"CREATE TRIGGER catalogue_listed_{event.lower()} AFTER {event} ON {table} REFERENCING {TRANSITIONS[event]} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {function}({argument});\n"
    for table, function, argument, events in TRIGGERS
    for event in events
)
DROP_SQL = "".join(
    f"DROP TRIGGER catalogue_listed_{event.lower()} ON {table};\n"
    for table, _f, _a, events in TRIGGERS
    for event in events
) + (
    "DROP FUNCTION catalogue_listed_by_price(); DROP FUNCTION catalogue_listed_by_variant();\n"
    "DROP FUNCTION catalogue_listed_by_product();\n"
    "DROP FUNCTION catalogue_refresh_listed(bigint[]);\n"
)
# The rows of the catalogue as it is.
BACKFILL_SQL = "SELECT catalogue_refresh_listed(ARRAY(SELECT id FROM catalogue_product));\n"


class Migration(migrations.Migration):
    # The table and its unique constraint (which the refresh's ON CONFLICT names) exist once 0016 is applied.
    dependencies = [("catalogue", "0016_listed_products")]
    operations = [migrations.RunSQL(FUNCTIONS_SQL + CREATE_TRIGGERS + BACKFILL_SQL, DROP_SQL)]
