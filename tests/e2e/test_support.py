"""The accessibility helper really runs axe-core: a page with a known critical fault is reported."""

import pytest

from tests.e2e.support import axe_violations

pytestmark = [pytest.mark.e2e]


PAGE = '<html lang="vi"><head><title>t</title></head><body><main>{}</main></body></html>'


def test_axe_reports_an_image_without_alternative_text(page):
    page.set_content(PAGE.format('<img src="x.png">'))
    assert "image-alt" in {v["id"] for v in axe_violations(page)}
    page.set_content(PAGE.format('<img src="x.png" alt="Kẹo dừa">'))
    assert axe_violations(page) == []
