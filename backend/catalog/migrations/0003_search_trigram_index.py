"""PostgreSQL only: pg_trgm and a GIN trigram index so LIKE '%word%' on the folded text is indexed.

SQLite has neither; there the search scans the (already folded) column, which is fine at demo size.
"""

from django.db import migrations

INDEX = "catalog_product_search_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_product USING gin (search_document gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_channels_and_categories")]

    operations = [migrations.RunPython(forwards, backwards)]
