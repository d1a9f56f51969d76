from django.db import migrations

# Product.collections answers a product's published collections (their names, slugs, text and English): so a
# collection's own row, its channel listings (publishing, unpublishing, a publication date) and its translations
# move the catalogue version too, like the products it holds (migration 0008) and the tables of migration 0007.
# A trigger rather than a call in each service: every write path (services, admin, imports) is covered.
COLLECTION_TABLES = ("catalogue_collection", "catalogue_collectionchannellisting", "catalogue_collectiontranslation")

CREATE = "".join(
    f"CREATE TRIGGER catalogue_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump();\n"
    for table in COLLECTION_TABLES
)
DROP = "".join(f"DROP TRIGGER catalogue_version_bump ON {table};\n" for table in COLLECTION_TABLES)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0013_gift_set_variants_tracked")]
    operations = [migrations.RunSQL(CREATE, DROP)]
