from django.db import migrations

# A startup profile or a rural-industry recognition changes a product's kind (its badges, the API's
# "product-kind" attribute): writes to them move the catalogue version too, like the tables of migration 0007.
KIND_TABLES = ("producers_startupprofile", "producers_ruralindustryrecognition")

CREATE = "".join(
    f"CREATE TRIGGER catalogue_version_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump();\n"
    for table in KIND_TABLES
)
DROP = "".join(f"DROP TRIGGER catalogue_version_bump ON {table};\n" for table in KIND_TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0009_revision_of_startup_profile"),
        ("producers", "0007_startup_profile_rural_industry_recognition"),
    ]
    operations = [migrations.RunSQL(CREATE, DROP)]
