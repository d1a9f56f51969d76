# Reservation now belongs to inventory (it holds stock). Only Django's record moves: the table stays and
# inventory.0008 takes it over, so running reservations survive the upgrade.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("checkout", "0004_reservation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Reservation")]),
    ]
