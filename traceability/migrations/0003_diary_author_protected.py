import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The author is hashed into each diary entry, so it must never be nulled (no rows exist yet)."""

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("traceability", "0002_allocation_order_fks"),
    ]

    operations = [
        migrations.AlterField(
            model_name="diaryentry",
            name="author",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
    ]
