"""Harvest months, and the ranking keys of search (folded name, marked name, category and origin).

Existing products get their keys computed here; on PostgreSQL a trigram index on the folded name
serves the typo-tolerant word similarity (`query <% search_name`).
"""

from django.db import migrations, models

from backend.catalog.search import search_keys
from backend.regions.selectors import province_by_code

INDEX = "catalog_product_name_trgm"


def keys_fill(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    for product in Product.objects.select_related("category").iterator():
        province = province_by_code(product.origin_province_code) if product.origin_province_code else None
        keys = search_keys(
            name=product.name,
            category_names=[product.category.name, product.category.name_en],
            province_name=province.name if province else "",
        )
        Product.objects.filter(pk=product.pk).update(**keys)


def index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_product USING gin (search_name gin_trgm_ops)"
        )


def index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_search_trigram_index")]

    operations = [
        migrations.AddField(
            model_name="product",
            name="harvest_months",
            field=models.JSONField(blank=True, default=list, verbose_name="harvest months"),
        ),
        migrations.AddField(
            model_name="product",
            name="search_facets",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="product",
            name="search_name",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="product",
            name="search_name_marked",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(keys_fill, migrations.RunPython.noop),
        migrations.RunPython(index_create, index_drop),
    ]
