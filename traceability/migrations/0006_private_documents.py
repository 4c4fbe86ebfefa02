"""Certification scans (stored under the uploader's file name) and label files (signed stamp URLs and
PINs) move from the public media root to the private storage: certifications as
`certifications/<uuid4 hex>.<ext>` (extension from the file's signature, `bin` when it is none of
PDF, JPEG, PNG), label files as `labels/<random folder>/<same download name>`.

Reversing puts each private file back under the public media root with the same name, so the rows
stay valid for the previous code; the uploaders' original names are not recreated.
"""

import secrets

from django.core.files.storage import default_storage
from django.db import migrations, models

import backend.core.storage
import traceability.models
from backend.core.documents import document_type_sniff
from backend.core.storage import private_name, private_storage, stored_file_move


def _certification_name(head: bytes) -> str:
    kind = document_type_sniff(head)
    return private_name("certifications", f"certificate.{kind.extension if kind else 'bin'}")


def _label_name(old_name: str):
    return lambda _head: f"labels/{secrets.token_hex(16)}/{old_name.rsplit('/', 1)[-1]}"


def _rows(model, field: str):
    return model.objects.exclude(**{field: ""}).values_list("pk", field).iterator()


def files_to_private(apps, schema_editor) -> None:
    Certification = apps.get_model("traceability", "Certification")
    LabelJob = apps.get_model("traceability", "LabelJob")
    for model, field, new_name in (
        (Certification, "document", lambda _name: _certification_name),
        (LabelJob, "file", _label_name),
    ):
        for pk, name in _rows(model, field):
            if private_storage().exists(name):
                continue  # already private (a re-run after a partial migration)
            moved = stored_file_move(
                name=name, source=default_storage, target=private_storage(), new_name=new_name(name)
            )
            if moved is not None:
                model.objects.filter(pk=pk).update(**{field: moved})


def files_to_public(apps, schema_editor) -> None:
    for model, field in (
        (apps.get_model("traceability", "Certification"), "document"),
        (apps.get_model("traceability", "LabelJob"), "file"),
    ):
        for _pk, name in _rows(model, field):
            stored_file_move(
                name=name, source=private_storage(), target=default_storage, new_name=lambda _head, n=name: n
            )


class Migration(migrations.Migration):
    dependencies = [
        ("traceability", "0005_label_job_slices"),
    ]

    operations = [
        migrations.AlterField(
            model_name="certification",
            name="document",
            field=models.FileField(
                blank=True,
                storage=backend.core.storage.private_storage,
                upload_to=traceability.models.certification_document_path,
                verbose_name="document",
            ),
        ),
        migrations.AlterField(
            model_name="labeljob",
            name="file",
            field=models.FileField(
                blank=True,
                storage=backend.core.storage.private_storage,
                upload_to=traceability.models.label_file_path,
            ),
        ),
        migrations.RunPython(files_to_private, files_to_public),
    ]
