"""Seed the two sales channels and the Vietnamese category tree (tests and every install need them)."""

from django.db import migrations

from backend.catalog.defaults import defaults_ensure


def seed(apps, schema_editor):
    defaults_ensure(apps.get_model("catalog", "Channel"), apps.get_model("catalog", "Category"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
