"""The SVG charts: accessible (role, title, description), no inline style, the figures they claim."""

import re
from xml.etree import ElementTree

from django.utils import translation

from backend.dashboard.insights.charts import Series, bar_chart, line_chart, share_chart

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(markup)


def _words(value: float) -> str:
    return f"{value:.0f} đ"


def test_it_labels_a_line_chart_for_screen_readers_and_styles_nothing_inline():
    markup = line_chart(
        chart_id="trend",
        title="Doanh thu theo tháng",
        labels=["01/2025", "02/2025", "03/2025"],
        series=[Series("2025", [100, 300, 200]), Series("2024", [50, 80, None])],
        describe=_words,
    )
    root = _parse(markup)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "trend-title trend-desc"
    assert root.find(f"{SVG}title").text == "Doanh thu theo tháng"
    assert "300 đ (02/2025)" in root.find(f"{SVG}desc").text
    assert "style" not in markup
    assert "<script" not in markup


def test_a_missing_month_breaks_the_line_instead_of_dropping_to_zero():
    markup = line_chart(
        chart_id="t",
        title="t",
        labels=["a", "b", "c", "d"],
        series=[Series("x", [10, None, 10, 10])],
        describe=_words,
    )
    root = _parse(markup)
    polylines = root.findall(f".//{SVG}polyline")
    # a alone (a dot, no line), then c–d as one line: two points, never a point at zero for b.
    assert [len(p.get("points").split()) for p in polylines] == [2]
    assert len(root.findall(f".//{SVG}circle")) == 3


def test_the_highest_value_reaches_the_top_of_a_round_axis():
    markup = line_chart(
        chart_id="t", title="t", labels=["a", "b"], series=[Series("x", [0, 800])], describe=_words
    )
    root = _parse(markup)
    ticks = [t.text for t in root.findall(f".//{SVG}g[@class='chart-axis']/{SVG}text")][:5]
    assert ticks == ["0 đ", "250 đ", "500 đ", "750 đ", "1000 đ"]


def test_an_empty_period_says_so_instead_of_drawing_nothing():
    with translation.override("en"):
        markup = line_chart(
            chart_id="t", title="t", labels=["a"], series=[Series("x", [None])], describe=_words
        )
        bars = bar_chart(chart_id="b", title="b", labels=[], values=[], describe=_words)
        share = share_chart(chart_id="s", title="s", slices=[("a", 0), ("b", None)], describe=_words)
    for chart in (markup, bars, share):
        assert "No figures for this period." in chart
        assert _parse(chart).get("role") == "img"


def test_bars_are_as_long_as_their_share_of_the_largest():
    markup = bar_chart(chart_id="b", title="Top", labels=["A", "B"], values=[200, 50], describe=_words)
    widths = [float(r.get("width")) for r in _parse(markup).findall(f".//{SVG}rect")]
    assert widths[0] == 4 * widths[1]
    assert "A: 200 đ" in markup


def test_a_share_chart_writes_each_part_as_a_percentage_of_the_whole():
    with translation.override("vi"):
        markup = share_chart(
            chart_id="s", title="Tỷ trọng", slices=[("OCOP", 25), ("Khác", 75)], describe=_words
        )
    root = _parse(markup)
    assert len(root.findall(f"{SVG}path")) == 2
    legend = [t.text for t in root.findall(f".//{SVG}g[@class='chart-legend']/{SVG}text")]
    assert legend == ["OCOP: 25,0%", "Khác: 75,0%"]


def test_a_share_that_is_the_whole_is_drawn_as_a_ring():
    markup = share_chart(chart_id="s", title="s", slices=[("OCOP", 10), ("Khác", 0)], describe=_words)
    root = _parse(markup)
    assert root.findall(f"{SVG}path") == []
    assert len(root.findall(f"{SVG}circle")) == 1


def test_labels_and_names_are_escaped():
    markup = bar_chart(chart_id="b", title="<b>", labels=["<script>x</script>"], values=[1], describe=_words)
    assert "<script>" not in markup
    assert re.search(r"&lt;script&gt;", markup)
    _parse(markup)
