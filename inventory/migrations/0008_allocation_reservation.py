# Allocation (from orders) and Reservation (from checkout) move into inventory, as in Saleor's warehouse app.
# The state is created over the existing tables (their rows, keys and constraints kept as they are), then the
# tables are renamed to inventory's names. A fresh database runs the same steps over the tables the old
# apps' first migrations created.

import django.db.models.deletion
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """Give the existing content types (and so their permissions, already granted) to the new app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for old_app, model in [("orders", "allocation"), ("checkout", "reservation")]:
        content_type.objects.filter(app_label=old_app, model=model).update(app_label="inventory")


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for old_app, model in [("orders", "allocation"), ("checkout", "reservation")]:
        content_type.objects.filter(app_label="inventory", model=model).update(app_label=old_app)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("inventory", "0007_low_stock"),
        ("orders", "0005_allocation_moved_to_inventory"),
        ("checkout", "0005_reservation_moved_to_inventory"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Allocation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("quantity_allocated", models.PositiveIntegerField(default=0)),
                        (
                            "order_line",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="allocations",
                                to="orders.orderline",
                            ),
                        ),
                        (
                            "stock",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="allocations",
                                to="inventory.stock",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "orders_allocation",
                        "constraints": [
                            models.UniqueConstraint(fields=("order_line", "stock"), name="allocation_line_stock_unique")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Reservation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("quantity_reserved", models.PositiveIntegerField()),
                        ("reserved_until", models.DateTimeField(db_index=True)),
                        (
                            "checkout_line",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reservations",
                                to="checkout.checkoutline",
                            ),
                        ),
                        (
                            "stock",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reservations",
                                to="inventory.stock",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "checkout_reservation",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("checkout_line", "stock"), name="reservation_line_stock_unique"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("quantity_reserved__gt", 0)), name="reservation_quantity_positive"
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="allocation", table=None),
        migrations.AlterModelTable(name="reservation", table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
