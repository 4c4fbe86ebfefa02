"""A random token per payment (the API's TransactionItem id), filled in for existing rows."""

import uuid

from django.db import migrations, models


def _fill_tokens(apps, schema_editor):
    Payment = apps.get_model("payments", "Payment")
    for payment in Payment.objects.filter(token__isnull=True).only("pk"):
        Payment.objects.filter(pk=payment.pk).update(token=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("payments", "0004_checkout_transactions")]

    operations = [
        migrations.AddField(model_name="payment", name="token", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(_fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="payment",
            name="token",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
    ]
