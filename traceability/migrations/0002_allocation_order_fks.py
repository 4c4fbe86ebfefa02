import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """LotAllocation points at the orders models (plain ids before they existed); the table is new and empty."""

    dependencies = [
        ("orders", "0001_initial"),
        ("traceability", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="LotAllocation"),
        migrations.CreateModel(
            name="LotAllocation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("quantity", models.DecimalField(decimal_places=3, max_digits=14)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "fulfillment",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lot_allocations",
                        to="orders.fulfillment",
                    ),
                ),
                (
                    "lot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="allocations",
                        to="traceability.lot",
                    ),
                ),
                (
                    "order",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lot_allocations",
                        to="orders.order",
                    ),
                ),
                (
                    "order_line",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lot_allocations",
                        to="orders.orderline",
                    ),
                ),
            ],
            options={
                "ordering": ["pk"],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("quantity__gt", 0)), name="allocation_quantity_positive")
                ],
            },
        ),
    ]
