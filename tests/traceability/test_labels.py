"""Label sheets: A4 PDF pages, 300 dpi module snapping, SVG/PNG QR codes that read back as the stamp URL."""

import csv
import io
import os
import re
import subprocess
import sys
import zipfile
from xml.etree import ElementTree

import pytest
import segno
from django.utils import timezone
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from backend.core.errors import DomainError
from tests.factories import make_user
from tests.traceability.builders import issue_stamps, make_lot, make_variant
from traceability import label_jobs, signing
from traceability.label_jobs import label_job_create, label_job_for_member
from traceability.labels import (
    DOT,
    PNG_MODULE_DOTS,
    QR_QUIET_ZONE,
    Label,
    SheetLayout,
    _draw_qr,
    _font_name,
    label_archive,
    label_sheet_pdf,
    qr_make,
    qr_png,
    qr_svg,
)
from traceability.models import LabelJob, StampJobStatus

URL = "https://nongsan.vn/01/08931234567897/10/LOT2406/21/7K3M9Q2XH4TB?s=ABCDEFGHJKMNPQRS"


def _labels(n: int, **fields) -> list[Label]:
    return [
        Label(
            url=f"{URL}&n={i}",
            product_name="Kẹo dừa sầu riêng Bến Tre – hộp 500 g",
            lot_code="LOT2406",
            serial=f"7K3M9Q2XH{i:03d}",
            **fields,
        )
        for i in range(n)
    ]


def page_count(pdf: bytes) -> int:
    """Pages of a reportlab PDF: page objects are never inside compressed object streams there."""
    return len(re.findall(rb"/Type /Page\b", pdf))


def _pdf(labels, layout=SheetLayout()) -> bytes:
    out = io.BytesIO()
    label_sheet_pdf(labels, layout=layout, out=out)
    return out.getvalue()


def test_pdf_is_a4_with_one_page_per_grid():
    layout = SheetLayout(rows=8, cols=3)
    pdf = _pdf(_labels(50, ocop_stars=4), layout)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert page_count(pdf) == 3  # 24 + 24 + 2
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in pdf  # A4 in points


def test_grid_and_margins_are_configurable():
    assert page_count(_pdf(_labels(20), SheetLayout(rows=5, cols=4, margin_mm=12))) == 1
    assert page_count(_pdf(_labels(21), SheetLayout(rows=5, cols=4, margin_mm=12))) == 2


@pytest.mark.parametrize(
    "fields", [{"rows": 0}, {"cols": 13}, {"margin_mm": 50}, {"rows": 30, "cols": 12}], ids=str
)
def test_impossible_layouts_are_refused(fields):
    with pytest.raises(ValueError):
        SheetLayout(**fields)


def test_qr_modules_are_whole_300_dpi_dots():
    canvas = Canvas(io.BytesIO())
    used = _draw_qr(canvas, URL, 0, 0, 72)  # one inch available
    modules = len(qr_make(URL).matrix) + 2 * QR_QUIET_ZONE
    dots_per_module = used / modules / DOT
    assert dots_per_module == pytest.approx(round(dots_per_module))
    assert used <= 72


def test_qr_uses_error_correction_m():
    assert qr_make(URL).error == "M"


def test_png_reads_back_as_the_stamp_url_matrix():
    image = Image.open(io.BytesIO(qr_png(URL))).convert("1")
    assert image.info.get("dpi", (0, 0))[0] == pytest.approx(300, abs=1)
    expected = qr_make(URL).matrix
    size = len(expected)
    assert image.size == ((size + 2 * QR_QUIET_ZONE) * PNG_MODULE_DOTS,) * 2
    offset = QR_QUIET_ZONE * PNG_MODULE_DOTS + PNG_MODULE_DOTS // 2
    read = [
        [
            image.getpixel((offset + c * PNG_MODULE_DOTS, offset + r * PNG_MODULE_DOTS)) == 0
            for c in range(size)
        ]
        for r in range(size)
    ]
    assert read == [[bool(v) for v in row] for row in expected]
    assert expected == segno.make(URL, error="m", boost_error=False).matrix
    # The quiet zone is white.
    assert all(image.getpixel((x, 2)) != 0 for x in range(image.size[0]))


def test_png_is_black_and_white_only():
    image = Image.open(io.BytesIO(qr_png(URL))).convert("RGB")
    assert {color for _count, color in image.getcolors()} == {(0, 0, 0), (255, 255, 255)}


def test_svg_is_a_sized_black_on_white_qr():
    root = ElementTree.fromstring(qr_svg(URL))
    assert root.tag.endswith("svg")
    assert root.get("width").endswith("mm")
    fills = {el.get("fill") for el in root.iter() if el.get("fill")}
    assert fills <= {"#fff", "#000", "#ffffff", "#000000", None}


def test_archives_hold_one_file_per_stamp():
    for kind in ("svg", "png"):
        out = io.BytesIO()
        assert label_archive(_labels(3), kind=kind, out=out) == 3
        names = zipfile.ZipFile(out).namelist()
        assert names == [f"LOT2406-7K3M9Q2XH{i:03d}.{kind}" for i in range(3)]


def test_progress_is_reported():
    seen = []
    label_sheet_pdf(
        _labels(7), layout=SheetLayout(), out=io.BytesIO(), on_progress=seen.append, progress_every=3
    )
    assert seen == [3, 6, 7]


def test_vietnamese_font_is_embedded_when_available(settings):

    pdf = _pdf(_labels(1))
    if _font_name() == "LabelSans":
        assert b"/FontFile2" in pdf  # a TrueType font with Vietnamese glyphs is embedded
    else:
        assert b"/Helvetica" in pdf


# --- Label jobs (database) -------------------------------------------------------------------------


@pytest.fixture
def issued(db):

    lot = make_lot(make_variant(gtin="08931234567897"), code="LOT2406")
    return issue_stamps(lot, 5, with_pin=True)


def test_label_job_renders_a_pdf_with_progress(issued, django_capture_on_commit_callbacks):

    with django_capture_on_commit_callbacks(execute=True):
        job = label_job_create(lot=issued.lot, stamp_job=issued, actor=issued.lot.created_by, rows=2, cols=2)
    job = LabelJob.objects.get(pk=job.pk)
    assert (job.status, job.progress, job.total) == (StampJobStatus.DONE, 5, 5)
    assert job.file.name.endswith(".pdf")
    pdf = job.file.read()
    assert page_count(pdf) == 2  # 4 labels a page


def test_label_job_zip_of_png_uses_the_printed_stamp_urls(issued, django_capture_on_commit_callbacks):

    with django_capture_on_commit_callbacks(execute=True):
        job = label_job_create(lot=issued.lot, stamp_job=issued, actor=issued.lot.created_by, format="png")
    archive = zipfile.ZipFile(LabelJob.objects.get(pk=job.pk).file)
    stamp = issued.stamps.order_by("pk").first()
    png = archive.read(f"LOT2406-{stamp.serial}.png")
    url = signing.stamp_url_build(
        gtin=issued.gtin, lot_code="LOT2406", serial=stamp.serial, signature=stamp.signature
    )
    assert png == qr_png(url)
    assert len(archive.namelist()) == 5


def test_label_job_needs_a_finished_stamp_job_of_the_same_lot(issued):

    other = make_lot(issued.lot.variant, code="OTHER")
    with pytest.raises(DomainError):
        label_job_create(lot=other, stamp_job=issued, actor=issued.lot.created_by)
    with pytest.raises(DomainError):
        label_job_create(lot=other, actor=issued.lot.created_by)  # no stamps yet
    with pytest.raises(DomainError):
        label_job_create(lot=issued.lot, actor=issued.lot.created_by, rows=40)


def test_failed_label_job_can_be_run_again(issued, monkeypatch):

    job = LabelJob.objects.create(lot=issued.lot, stamp_job=issued, total=5)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(label_jobs, "label_sheet_pdf", broken)
    with pytest.raises(OSError):
        label_jobs.label_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (StampJobStatus.FAILED, "disk full")
    monkeypatch.undo()
    assert label_jobs.label_job_run(job_id=job.pk).status == StampJobStatus.DONE


def test_a_running_job_is_not_rendered_twice(issued):

    job = LabelJob.objects.create(
        lot=issued.lot, stamp_job=issued, total=5, status=StampJobStatus.RUNNING, started_at=timezone.now()
    )
    assert label_jobs.label_job_run(job_id=job.pk).file.name == ""


def test_label_jobs_are_scoped_to_stall_members(issued):

    job = LabelJob.objects.create(lot=issued.lot, stamp_job=issued, total=5)
    assert label_job_for_member(user=issued.lot.created_by, job_id=job.pk) == job
    assert label_job_for_member(user=make_user(), job_id=job.pk) is None


def test_csv_export_lists_every_stamp_for_a_print_shop(issued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = label_job_create(lot=issued.lot, stamp_job=issued, actor=issued.lot.created_by, format="csv")
    job = LabelJob.objects.get(pk=job.pk)
    rows = list(csv.reader(io.StringIO(job.file.read().decode("utf-8"))))
    assert rows[0] == ["serial", "url", "lot", "product", "ocop_stars", "pin"]
    assert len(rows) == 6
    stamp = issued.stamps.order_by("pk").first()
    assert rows[1][0] == stamp.serial
    assert rows[1][1].endswith(f"/21/{stamp.serial}?s={stamp.signature}")
    assert rows[1][5] == signing.pin_for_serial(key_id=stamp.key_id, serial=stamp.serial)


def test_a_slice_of_the_stamps_is_rendered(issued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = label_job_create(
            lot=issued.lot, stamp_job=issued, actor=issued.lot.created_by, format="svg", offset=1, limit=3
        )
    job = LabelJob.objects.get(pk=job.pk)
    serials = list(issued.stamps.order_by("pk").values_list("serial", flat=True))
    names = zipfile.ZipFile(job.file).namelist()
    assert names == [f"LOT2406-{serial}.svg" for serial in serials[1:4]]
    assert job.total == 3


def test_rendered_jobs_are_capped_but_csv_is_not(issued, monkeypatch):
    monkeypatch.setattr(label_jobs, "RENDERED_LABELS_MAX", 4)
    with pytest.raises(DomainError) as refused:
        label_job_create(lot=issued.lot, stamp_job=issued, actor=issued.lot.created_by)
    assert refused.value.field == "limit"
    assert label_job_create(lot=issued.lot, stamp_job=issued, actor=issued.lot.created_by, limit=4).total == 4
    assert (
        label_job_create(lot=issued.lot, stamp_job=issued, actor=issued.lot.created_by, format="csv").total
        == 5
    )
    with pytest.raises(DomainError):
        label_job_create(lot=issued.lot, stamp_job=issued, actor=issued.lot.created_by, offset=5)


def test_render_task_reaches_workers_on_the_stamps_queue():
    # A fresh interpreter: in this one, earlier tests may already have imported label_tasks.
    script = (
        "import django; django.setup()\n"
        "from backend.celery import app\n"
        "app.loader.import_default_modules()\n"  # what a worker does: autodiscover `tasks` modules
        "route = app.amqp.router.route({}, 'traceability.stamps.render_labels', (), {})\n"
        "print('traceability.stamps.render_labels' in app.tasks, route['queue'].name)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backend.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.split() == ["True", "stamps"]
