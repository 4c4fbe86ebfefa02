"""Server-rendered SVG charts for the insights pages: no script, no CDN and no inline style, so the
Content-Security-Policy holds and the charts print. Colours are SVG presentation attributes (not
styles) with a class for the stylesheet; each chart carries a `<title>` and `<desc>` and is shown
above the table holding the same figures, which is what screen readers and exports use.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from backend.dashboard.insights.formats import percent

Number = int | float | Decimal

# One palette for every chart; the stylesheet may override through the `tone-N` classes.
PALETTE = ("#2f7d32", "#9e9e9e", "#f9a825", "#1565c0", "#c62828", "#6a1b9a", "#00838f", "#8d6e63")

WIDTH, HEIGHT = 640, 280
_PAD_LEFT, _PAD_RIGHT, _PAD_TOP, _PAD_BOTTOM = 64, 16, 16, 48
_TICKS = 4


@dataclass(frozen=True)
class Series:
    """One line of a line chart: a name for the legend and one value per label (None = no figure)."""

    name: str
    values: Sequence[Number | None]


def _num(value: Number | None) -> float | None:
    return None if value is None else float(value)


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `value`, so axis ticks are round numbers."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _fmt(value: float) -> str:
    """Coordinates with one decimal: small markup, steady output for tests."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _markup(parts: list[str]) -> SafeString:
    """The finished SVG. Every text in it went through `escape` and every number through `_fmt`."""
    return mark_safe("".join(parts))  # noqa: S308 - built only from escaped text and numbers


def _open(chart_id: str, kind: str, title: str, summary: str) -> list[str]:
    cid = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="chart chart-{kind}"'
        f' role="img" aria-labelledby="{cid}-title {cid}-desc" id="{cid}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(summary)}</desc>',
    ]


def _empty(chart_id: str, kind: str, title: str) -> SafeString:
    message = _("No figures for this period.")
    parts = _open(chart_id, kind, title, message)
    parts.append(
        f'<text x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle" class="chart-empty"'
        f' fill="#616161">{escape(message)}</text></svg>'
    )
    return _markup(parts)


def _value_axis(parts: list[str], top: float, axis_label: Callable[[float], str]) -> Callable[[float], float]:
    """Draw the horizontal grid and value labels from 0 to `top`; return value → y coordinate."""
    plot_height = HEIGHT - _PAD_TOP - _PAD_BOTTOM

    def y(value: float) -> float:
        return HEIGHT - _PAD_BOTTOM - plot_height * (value / top)

    parts.append('<g class="chart-axis" aria-hidden="true">')
    for tick in range(_TICKS + 1):
        value = top * tick / _TICKS
        at = _fmt(y(value))
        parts.append(
            f'<line x1="{_PAD_LEFT}" x2="{WIDTH - _PAD_RIGHT}" y1="{at}" y2="{at}" stroke="#e0e0e0"'
            ' class="chart-grid"/>'
        )
        parts.append(
            f'<text x="{_PAD_LEFT - 6}" y="{at}" text-anchor="end" dominant-baseline="middle"'
            f' font-size="11" fill="#616161">{escape(axis_label(value))}</text>'
        )
    parts.append("</g>")
    return y


def _label_axis(parts: list[str], labels: Sequence[str], x: Callable[[int], float]) -> None:
    """Category labels under the plot; with many labels only every n-th is written."""
    every = max(1, math.ceil(len(labels) / 12))
    parts.append('<g class="chart-axis" aria-hidden="true">')
    for index, label in enumerate(labels):
        if index % every:
            continue
        parts.append(
            f'<text x="{_fmt(x(index))}" y="{HEIGHT - _PAD_BOTTOM + 16}" text-anchor="middle"'
            f' font-size="11" fill="#616161">{escape(label)}</text>'
        )
    parts.append("</g>")


def _legend(parts: list[str], names: Sequence[str]) -> None:
    parts.append('<g class="chart-legend">')
    x = _PAD_LEFT
    for index, name in enumerate(names):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="{HEIGHT - 18}" width="12" height="12" fill="{colour}" class="tone-{index}"/>'
        )
        parts.append(
            f'<text x="{x + 16}" y="{HEIGHT - 8}" font-size="12" fill="#212121">{escape(name)}</text>'
        )
        x += 28 + 7 * len(name)
    parts.append("</g>")


def _peak_summary(
    labels: Sequence[str], values: Sequence[float | None], describe: Callable[[float], str]
) -> str:
    known = [(value, label) for value, label in zip(values, labels, strict=False) if value is not None]
    if not known:
        return _("No figures for this period.")
    value, label = max(known, key=lambda pair: pair[0])
    return _("Highest: %(value)s (%(label)s).") % {"value": describe(value), "label": label}


def line_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    describe: Callable[[float], str],
    axis_label: Callable[[float], str] | None = None,
) -> SafeString:
    """Lines over the labels (months), one per series, e.g. this year and the same months a year before.

    A missing value breaks its line. `describe` words a value for the summary; `axis_label` (defaults to
    `describe`) writes the value axis.
    """
    values = [[_num(v) for v in s.values] for s in series]
    known = [v for line in values for v in line if v is not None]
    if not labels or not known:
        return _empty(chart_id, "line", title)
    summary = " ".join(
        f"{s.name}: {_peak_summary(labels, line, describe)}" for s, line in zip(series, values, strict=True)
    )
    parts = _open(chart_id, "line", title, summary + " " + _("The table below holds every figure."))
    top = _nice_ceiling(max(max(known), 0))
    y = _value_axis(parts, top, axis_label or describe)
    plot_width = WIDTH - _PAD_LEFT - _PAD_RIGHT
    step = plot_width / max(len(labels) - 1, 1)

    def x(index: int) -> float:
        return _PAD_LEFT + step * index if len(labels) > 1 else _PAD_LEFT + plot_width / 2

    _label_axis(parts, labels, x)
    for index, line in enumerate(values):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<g class="chart-series tone-{index}">')
        run: list[str] = []
        segments: list[list[str]] = []
        for position, value in enumerate(line):
            if value is None:
                if run:
                    segments.append(run)
                run = []
                continue
            run.append(f"{_fmt(x(position))},{_fmt(y(max(value, 0)))}")
        if run:
            segments.append(run)
        for segment in segments:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" stroke-width="2.5"'
                    ' stroke-linejoin="round"/>'
                )
            for point in segment:
                cx, cy = point.split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{colour}"/>')
        parts.append("</g>")
    _legend(parts, [s.name for s in series])
    parts.append("</svg>")
    return _markup(parts)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[Number | None],
    describe: Callable[[float], str],
) -> SafeString:
    """Horizontal bars, largest figure first as given (top products, stalls by legal form, provinces)."""
    numbers = [_num(v) or 0.0 for v in values]
    if not labels or not any(numbers):
        return _empty(chart_id, "bar", title)
    summary = _peak_summary(labels, numbers, describe) + " " + _("The table below holds every figure.")
    parts = _open(chart_id, "bar", title, summary)
    top = max(numbers)
    label_width = 200
    plot_width = WIDTH - label_width - 96
    row = (HEIGHT - _PAD_TOP - 8) / len(labels)
    bar = min(row * 0.7, 24)
    for index, (label, value) in enumerate(zip(labels, numbers, strict=True)):
        mid = _PAD_TOP + row * index + row / 2
        length = plot_width * (value / top) if top else 0
        shown = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<g class="chart-bar tone-0"><title>{escape(label)}: {escape(describe(value))}</title>')
        parts.append(
            f'<text x="{label_width - 8}" y="{_fmt(mid)}" text-anchor="end" dominant-baseline="middle"'
            f' font-size="12" fill="#212121">{escape(shown)}</text>'
        )
        parts.append(
            f'<rect x="{label_width}" y="{_fmt(mid - bar / 2)}" width="{_fmt(max(length, 1))}"'
            f' height="{_fmt(bar)}" fill="{PALETTE[0]}"/>'
        )
        parts.append(
            f'<text x="{_fmt(label_width + max(length, 1) + 6)}" y="{_fmt(mid)}" dominant-baseline="middle"'
            f' font-size="12" fill="#212121">{escape(describe(value))}</text></g>'
        )
    parts.append("</svg>")
    return _markup(parts)


def share_chart(
    *,
    chart_id: str,
    title: str,
    slices: Sequence[tuple[str, Number | None]],
    describe: Callable[[float], str],
) -> SafeString:
    """A donut of parts of a whole (OCOP vs other revenue, Nông Sàn vs other online vs offline)."""
    parts_ = [(label, max(_num(value) or 0.0, 0.0)) for label, value in slices]
    total = sum(value for _label, value in parts_)
    if total <= 0:
        return _empty(chart_id, "share", title)
    summary = (
        "; ".join(f"{label}: {describe(value)} ({percent(value / total)})" for label, value in parts_)
        + ". "
        + _("The table below holds every figure.")
    )
    parts = _open(chart_id, "share", title, summary)
    cx, cy, outer, inner = 140, HEIGHT / 2 - 8, 110, 64
    angle = -math.pi / 2
    for index, (label, value) in enumerate(parts_):
        if value <= 0:
            continue
        colour = PALETTE[index % len(PALETTE)]
        sweep = 2 * math.pi * value / total
        tooltip = f"<title>{escape(label)}: {escape(describe(value))}</title>"
        if sweep >= 2 * math.pi - 1e-9:
            # One slice is the whole: an arc cannot start and end on the same point, so draw a ring.
            parts.append(
                f'<circle cx="{cx}" cy="{_fmt(cy)}" r="{(outer + inner) / 2}" fill="none" stroke="{colour}"'
                f' stroke-width="{outer - inner}" class="tone-{index}">{tooltip}</circle>'
            )
            break
        end = angle + sweep
        large = 1 if sweep > math.pi else 0
        points = [
            (cx + outer * math.cos(angle), cy + outer * math.sin(angle)),
            (cx + outer * math.cos(end), cy + outer * math.sin(end)),
            (cx + inner * math.cos(end), cy + inner * math.sin(end)),
            (cx + inner * math.cos(angle), cy + inner * math.sin(angle)),
        ]
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = ((_fmt(a), _fmt(b)) for a, b in points)
        parts.append(
            f'<path d="M{x0} {y0} A{outer} {outer} 0 {large} 1 {x1} {y1} L{x2} {y2}'
            f' A{inner} {inner} 0 {large} 0 {x3} {y3} Z" fill="{colour}" class="tone-{index}">'
            f"{tooltip}</path>"
        )
        angle = end
    parts.append('<g class="chart-legend">')
    for index, (label, value) in enumerate(parts_):
        top = 40 + index * 26
        parts.append(
            f'<rect x="290" y="{top}" width="14" height="14" fill="{PALETTE[index % len(PALETTE)]}"'
            f' class="tone-{index}"/>'
        )
        parts.append(
            f'<text x="312" y="{top + 12}" font-size="13" fill="#212121">'
            f"{escape(label)}: {percent(value / total)}</text>"
        )
    parts.append("</g></svg>")
    return _markup(parts)
