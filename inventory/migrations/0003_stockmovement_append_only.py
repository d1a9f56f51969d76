"""Make the stock ledger append-only in the database itself, whatever code (or person with psql) touches it.

A row trigger refuses UPDATE and DELETE of inventory_stockmovement with SQLSTATE 23001 (restrict_violation), which
Django reports as IntegrityError. TRUNCATE is left alone: test runs empty their tables that way, and it needs the
table owner's rights, which the application's everyday work never uses.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION inventory_stockmovement_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'inventory_stockmovement is append-only: % refused (record a new movement instead)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER stockmovement_append_only
    BEFORE UPDATE OR DELETE ON inventory_stockmovement
    FOR EACH ROW EXECUTE FUNCTION inventory_stockmovement_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS stockmovement_append_only ON inventory_stockmovement;
DROP FUNCTION IF EXISTS inventory_stockmovement_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_programme_locations")]
    operations = [migrations.RunSQL(CREATE, DROP)]
