# The demo-data marker now belongs to the demo app, so core keeps no model of its own. Only Django's record
# moves: the table stays and demo.0001 takes it over, so a loaded database is still known as loaded.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_demo_data_load"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="DemoDataLoad")]),
    ]
