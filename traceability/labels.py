"""Print-ready stamp labels: A4 PDF sheets (reportlab) and one QR per stamp as SVG or PNG (segno).

Rendering works on plain `Label` values so it can be tested without a database; `label_jobs.py`
feeds it from stamps. Output is pure black on white: QR modules are drawn as vector squares whose
size is a whole number of 300 dpi printer dots, so a 300 dpi label printer renders them crisply.
"""

import csv
import io
import math
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

PRINT_DPI = 300
DOT = 72 / PRINT_DPI  # one 300 dpi printer dot in PDF points
QR_ERROR = "m"  # error correction M: the stamp URL fits version 5 (37×37) and survives scuffs
QR_QUIET_ZONE = 4  # modules of white around the symbol, as ISO/IEC 18004 asks
PNG_MODULE_DOTS = 8  # a 45-module symbol at 8 dots a module is 360 px = 30 mm at 300 dpi

# Fonts with Vietnamese glyphs, tried in order; without one, text is printed without diacritics.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
FALLBACK_FONT = "Helvetica"


@dataclass(frozen=True)
class Label:
    """What one printed label shows."""

    url: str
    product_name: str
    lot_code: str
    serial: str
    ocop_stars: int | None = None
    pin: str = ""  # printed in a box that the scratch-off foil covers


@dataclass(frozen=True)
class SheetLayout:
    """An A4 grid of labels; margins and gaps in millimetres."""

    rows: int = 8
    cols: int = 3
    margin_mm: float = 8.0
    gap_mm: float = 2.0
    outline: bool = False

    def __post_init__(self) -> None:
        if not (1 <= self.rows <= 30 and 1 <= self.cols <= 12):
            raise ValueError("A sheet has 1–30 rows and 1–12 columns.")
        if not (0 <= self.margin_mm <= 40 and 0 <= self.gap_mm <= 20):
            raise ValueError("Margins are 0–40 mm and gaps 0–20 mm.")
        width, height = self.cell_size
        if width < 15 * mm or height < 10 * mm:
            raise ValueError("Labels would be smaller than 15 × 10 mm; use fewer rows or columns.")

    @property
    def per_page(self) -> int:
        return self.rows * self.cols

    @property
    def cell_size(self) -> tuple[float, float]:
        """Width and height of one label in points."""
        page_w, page_h = A4
        margin, gap = self.margin_mm * mm, self.gap_mm * mm
        return (
            (page_w - 2 * margin - (self.cols - 1) * gap) / self.cols,
            (page_h - 2 * margin - (self.rows - 1) * gap) / self.rows,
        )

    def cell_origin(self, index: int) -> tuple[float, float]:
        """Bottom-left corner of the index-th label on a page, filled row by row from the top."""
        row, col = divmod(index, self.cols)
        width, height = self.cell_size
        margin, gap = self.margin_mm * mm, self.gap_mm * mm
        x = margin + col * (width + gap)
        y = A4[1] - margin - (row + 1) * height - row * gap
        return x, y


def qr_make(url: str) -> segno.QRCode:
    """The stamp's QR symbol; the error level is fixed so every label of a lot prints the same size."""
    return segno.make(url, error=QR_ERROR, boost_error=False)


def qr_svg(url: str) -> bytes:
    """A standalone black-on-white SVG of the QR with its quiet zone (scales to any size)."""
    out = io.BytesIO()
    qr_make(url).save(out, kind="svg", scale=0.5, border=QR_QUIET_ZONE, dark="#000", light="#fff", unit="mm")
    return out.getvalue()


def qr_png(url: str) -> bytes:
    """A 1-bit PNG of the QR at 300 dpi (PNG_MODULE_DOTS dots a module) with its quiet zone."""
    out = io.BytesIO()
    qr_make(url).save(out, kind="png", scale=PNG_MODULE_DOTS, border=QR_QUIET_ZONE, dpi=PRINT_DPI)
    return out.getvalue()


@cache
def _font_name() -> str:
    paths = [getattr(settings, "LABEL_FONT_PATH", "")] + list(FONT_CANDIDATES)
    for path in paths:
        if path and Path(path).is_file():
            pdfmetrics.registerFont(TTFont("LabelSans", path))
            return "LabelSans"
    return FALLBACK_FONT


def _printable(text: str, font: str) -> str:
    if font != FALLBACK_FONT:
        return text
    # Helvetica only has Latin-1: strip Vietnamese marks rather than print empty boxes.
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> str:
    """`text` cut with an ellipsis so it fits `width` at `size`."""
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrap(canvas: Canvas, text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Break `text` into at most `max_lines` lines of `width`, the last one ellipsised if needed."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and canvas.stringWidth(f"{line} {words[0]}", font, size) <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words:
        lines[-1] = _fit(canvas, f"{lines[-1]} {' '.join(words)}", font, size, width)
    return [_fit(canvas, line, font, size, width) for line in lines]


def _shrunk(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest size ≤ `size` (and ≥ 4 pt) at which `text` fits: codes are never cut."""
    return max(4.0, min(size, size * width / max(canvas.stringWidth(text, font, size), 0.01)))


def _draw_qr(canvas: Canvas, url: str, x: float, y: float, side: float) -> float:
    """Draw the QR (with quiet zone) in a `side`-point square at (x, y); return the size used."""
    matrix = qr_make(url).matrix
    modules = len(matrix) + 2 * QR_QUIET_ZONE
    dots = max(1, math.floor(side / modules / DOT))  # whole printer dots per module
    module = dots * DOT
    used = modules * module
    offset = QR_QUIET_ZONE * module
    runs = []
    for row_index, row in enumerate(matrix):
        col = 0
        while col < len(row):
            if row[col]:
                start = col
                while col < len(row) and row[col]:
                    col += 1
                runs.append(f"{start} {row_index} {col - start} 1 re")
            else:
                col += 1
    # One filled path in module units (y down from the symbol's top-left): integer coordinates keep
    # the page stream small and the drawing fast, which matters for sheets of many thousand labels.
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.translate(x + offset, y + used - offset)
    canvas.scale(module, -module)
    canvas.addLiteral(" ".join(runs) + " f")
    canvas.restoreState()
    return used


def _star(canvas: Canvas, cx: float, cy: float, radius: float) -> None:
    path = canvas.beginPath()
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.42
        angle = math.pi / 2 + i * math.pi / 5
        point = (cx + r * math.cos(angle), cy + r * math.sin(angle))
        if i == 0:
            path.moveTo(*point)
        else:
            path.lineTo(*point)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_pin(canvas: Canvas, pin: str, font: str, right: float, bottom: float, size: float) -> None:
    """The scratch PIN in a framed box at the label's bottom right, for the scratch-off foil."""
    text = f"PIN {pin}"
    box_w = canvas.stringWidth(text, font, size) + 2 * mm
    box_h = size + 1.5 * mm
    canvas.setLineWidth(0.5)
    canvas.rect(right - box_w, bottom, box_w, box_h, stroke=1, fill=0)
    canvas.setFont(font, size)
    canvas.drawString(right - box_w + 1 * mm, bottom + 0.75 * mm + size * 0.15, text)


def _draw_label(canvas: Canvas, label: Label, x: float, y: float, width: float, height: float) -> None:
    pad = 1.5 * mm
    qr_side = min(height - 2 * pad, width * 0.55)
    used = _draw_qr(canvas, label.url, x + pad, y + (height - qr_side) / 2, qr_side)
    font = _font_name()
    text_x = x + pad + used + 1 * mm
    text_w = x + width - pad - text_x
    size = max(5.0, min(8.0, height / 7))
    line = size * 1.25
    cursor = y + height - pad - size
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(font, size + 0.5)
    for text in _wrap(canvas, _printable(label.product_name, font), font, size + 0.5, text_w, 2):
        canvas.drawString(text_x, cursor, text)
        cursor -= line
    for text in (_printable(f"Lô/Lot: {label.lot_code}", font), f"S/N: {label.serial}"):
        canvas.setFont(font, _shrunk(canvas, text, font, size, text_w))
        canvas.drawString(text_x, cursor, text)
        cursor -= line
    if label.pin:
        _draw_pin(canvas, label.pin, font, x + width - pad, y + pad, size)
    if label.ocop_stars:
        canvas.setFont(font, size)
        canvas.drawString(text_x, cursor, "OCOP")
        star_r = size * 0.45
        start = text_x + canvas.stringWidth("OCOP ", font, size) + star_r
        for i in range(label.ocop_stars):
            _star(canvas, start + i * star_r * 2.3, cursor + size * 0.35, star_r)


def label_sheet_pdf(
    labels: Iterable[Label],
    *,
    layout: SheetLayout,
    out: io.BufferedIOBase,
    title: str = "Nông Sàn stamps",
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = 500,
) -> int:
    """Write an A4 PDF with `layout.per_page` labels a page to `out`; return the number of labels.

    `on_progress(done)` is called every `progress_every` labels and at the end.
    """
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("Nông Sàn")
    width, height = layout.cell_size
    count = 0
    for count, label in enumerate(labels, start=1):
        index = (count - 1) % layout.per_page
        if index == 0 and count > 1:
            canvas.showPage()
        x, y = layout.cell_origin(index)
        if layout.outline:
            canvas.setLineWidth(0.25)
            canvas.rect(x, y, width, height, stroke=1, fill=0)
        _draw_label(canvas, label, x, y, width, height)
        if on_progress and count % progress_every == 0:
            on_progress(count)
    canvas.showPage()
    canvas.save()
    if on_progress:
        on_progress(count)
    return count


def _archive_entries(labels: Iterable[Label], kind: str) -> Iterator[tuple[str, bytes]]:
    render = qr_svg if kind == "svg" else qr_png
    for label in labels:
        yield f"{label.lot_code}-{label.serial}.{kind}".replace("/", "_"), render(label.url)


def label_archive(
    labels: Iterable[Label],
    *,
    kind: str,
    out: io.BufferedIOBase,
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = 500,
) -> int:
    """Write a ZIP with one QR file (`kind` "svg" or "png") per stamp; return the number of files."""
    if kind not in ("svg", "png"):
        raise ValueError("kind is svg or png")
    count = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for count, (name, data) in enumerate(_archive_entries(labels, kind), start=1):
            archive.writestr(name, data)
            if on_progress and count % progress_every == 0:
                on_progress(count)
    if on_progress:
        on_progress(count)
    return count


def label_csv(
    labels: Iterable[Label],
    *,
    out: io.BufferedIOBase,
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
) -> int:
    """Write a UTF-8 CSV (serial, url, lot, product, ocop_stars, pin) for a print shop's
    variable-data printing; fast enough for a million stamps. Returns the number of rows."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(["serial", "url", "lot", "product", "ocop_stars", "pin"])
    count = 0
    for count, label in enumerate(labels, start=1):
        writer.writerow(
            [label.serial, label.url, label.lot_code, label.product_name, label.ocop_stars or "", label.pin]
        )
        if on_progress and count % progress_every == 0:
            on_progress(count)
    text.flush()
    text.detach()  # leave `out` open for the caller
    if on_progress:
        on_progress(count)
    return count
