from django.db import migrations


class Migration(migrations.Migration):
    """The catalogue version (marketplace.catalogue.services.version): a sequence, so raising it takes no lock."""

    dependencies = [("catalogue", "0005_review_workflow")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS catalogue_version", reverse_sql="DROP SEQUENCE IF EXISTS catalogue_version"
        )
    ]
