from django.db import migrations

# A gift set is sold as far as its parts' stock allows, and online allocation and reservations hold those parts
# only for variants whose stock is tracked: a set's variant with tracking off would sell without holding its
# parts. So the database keeps every set variant tracked (SQLSTATE 23514, check_violation: IntegrityError).
SET_VARIANTS_TRACKED = """
UPDATE catalogue_productvariant v SET track_inventory = true
FROM catalogue_product p WHERE p.id = v.product_id AND p.is_gift_set AND NOT v.track_inventory;

CREATE FUNCTION catalogue_gift_set_variant_tracked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT NEW.track_inventory AND EXISTS (SELECT 1 FROM catalogue_product WHERE id = NEW.product_id AND is_gift_set)
    THEN
        RAISE EXCEPTION 'a gift set''s variant always tracks its stock' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER catalogue_gift_set_variant_tracked BEFORE INSERT OR UPDATE OF track_inventory, product_id
ON catalogue_productvariant FOR EACH ROW EXECUTE FUNCTION catalogue_gift_set_variant_tracked();
"""
DROP_SET_VARIANTS_TRACKED = """
DROP TRIGGER catalogue_gift_set_variant_tracked ON catalogue_productvariant;
DROP FUNCTION catalogue_gift_set_variant_tracked();
"""


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0012_gift_sets")]

    operations = [migrations.RunSQL(SET_VARIANTS_TRACKED, DROP_SET_VARIANTS_TRACKED)]
