# Allocation now belongs to inventory (it holds stock). Only Django's record moves: the table stays and
# inventory.0008 takes it over, so a database with orders in it keeps every allocation.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0004_order_event_refunded"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Allocation")]),
    ]
