"""Scanned OCOP decisions move from the public media root (`stalls/ocop/ocop-<stall id>.<ext>`,
answered to anyone under /media/) to the private storage under random names (`ocop/<uuid4 hex>.<ext>`,
the extension from the file's own signature, `bin` when it is none of PDF, JPEG, PNG).

Reversing puts each private file back under the public media root with the same (random) name, so
the rows stay valid for the previous code; the old guessable names are not recreated.
"""

from django.core.files.storage import default_storage
from django.db import migrations, models

import backend.core.storage
import backend.stalls.models
from backend.core.documents import document_type_sniff
from backend.core.storage import private_name, private_storage, stored_file_move


def _private_name(head: bytes) -> str:
    kind = document_type_sniff(head)
    return private_name("ocop", f"decision.{kind.extension if kind else 'bin'}")


def documents_to_private(apps, schema_editor) -> None:
    OcopCertificate = apps.get_model("stalls", "OcopCertificate")
    for pk, name in OcopCertificate.objects.exclude(document="").values_list("pk", "document").iterator():
        if private_storage().exists(name):
            continue  # already private (a re-run after a partial migration)
        moved = stored_file_move(
            name=name, source=default_storage, target=private_storage(), new_name=_private_name
        )
        if moved is not None:
            OcopCertificate.objects.filter(pk=pk).update(document=moved)


def documents_to_public(apps, schema_editor) -> None:
    OcopCertificate = apps.get_model("stalls", "OcopCertificate")
    for name in OcopCertificate.objects.exclude(document="").values_list("document", flat=True).iterator():
        stored_file_move(
            name=name, source=private_storage(), target=default_storage, new_name=lambda _head, n=name: n
        )


class Migration(migrations.Migration):
    dependencies = [
        ("stalls", "0002_ocopcertificate"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ocopcertificate",
            name="document",
            field=models.FileField(
                blank=True,
                storage=backend.core.storage.private_storage,
                upload_to=backend.stalls.models.ocop_document_path,
                verbose_name="scanned decision",
            ),
        ),
        migrations.RunPython(documents_to_private, documents_to_public),
    ]
