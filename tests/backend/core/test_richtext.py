"""sanitize_html keeps simple formatting and drops everything that could run or track."""

from backend.core.richtext import html_to_text, sanitize_html


def test_scripts_handlers_and_unsafe_links_are_removed():
    dirty = (
        '<h3 style="color:red">Kẹo dừa</h3><script>alert(1)</script>'
        '<p onclick="steal()">Ngon <strong>lắm</strong> <a href="javascript:alert(1)">x</a>'
        '<a href="https://bentre.gov.vn">y</a></p><img src=x onerror=alert(1)><iframe></iframe>'
    )
    assert sanitize_html(dirty) == (
        '<h3>Kẹo dừa</h3><p>Ngon <strong>lắm</strong> <a rel="nofollow noopener noreferrer">x</a>'
        '<a href="https://bentre.gov.vn" rel="nofollow noopener noreferrer">y</a></p>'
    )


def test_lists_and_line_breaks_survive():
    html = "<ul><li>Hộp 250 g</li><li>Hộp 500 g</li></ul><p>a<br>b</p>"
    assert sanitize_html(html) == html


def test_text_of_html_for_search():
    assert html_to_text("<p>Kẹo <em>dừa</em></p><ul><li>sáp &amp; mềm</li></ul>") == "Kẹo dừa sáp & mềm"
