"""The shop in Debian's Chromium at phone size: first-load weight of the home and product pages
(HTML + CSS + JS + images + icons, as the browser fetched them) under 300 KB, and no serious or
critical axe-core finding on home, search, category, product and stall pages."""

import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from backend.catalog import actions
from backend.catalog.actions import product_media_create
from tests.e2e.conftest import browser, page  # noqa: F401 - the browser fixtures, shared with tests/e2e
from tests.e2e.support import assert_accessible, screenshot
from tests.factories import make_stall
from tests.storefront.browse.builders import certify, make_product

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
FIRST_LOAD_LIMIT = 300 * 1024


def _photo(seed: int) -> SimpleUploadedFile:
    """A 1600x1200 JPEG with real texture (gradients and noise), so thumbnails weigh what photos do."""
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
    noise = Image.effect_noise((400, 300), 80).resize((1600, 1200)).convert("RGB")
    image = Image.blend(image, noise, 0.6)
    tint = Image.new("RGB", image.size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    buffer = io.BytesIO()
    Image.blend(image, tint, 0.4).save(buffer, format="JPEG", quality=85)
    return SimpleUploadedFile(f"p{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def shop():
    """A full home page: 12 products with photos, in season and OCOP-rated, from two provinces."""
    stall = make_stall(name="HTX Đặc sản Vĩnh Long", province_code=86)
    products = []
    for n in range(12):
        product = make_product(stall, f"Đặc sản số {n + 1}", price=50000 + n * 5000, category="banh-keo")
        actions.product_update(product=product, harvest_months=list(range(1, 13)))
        product_media_create(product=product, upload=_photo(n), alt=f"Đặc sản số {n + 1}")
        if n % 2 == 0:
            certify(product, 4 + n % 4 // 2)
        products.append(product)
    return {"stall": stall, "products": products}


def _first_load_bytes(page, url: str) -> tuple[int, dict[str, int]]:  # noqa: F811 - `page` is the fixture
    sizes: dict[str, int] = {}

    def record(response) -> None:
        if response.request.method == "GET" and response.status == 200:
            sizes[response.url] = len(response.body())

    page.on("response", record)
    page.goto(url, wait_until="networkidle")
    page.remove_listener("response", record)
    return sum(sizes.values()), sizes


@pytest.mark.parametrize("which", ["home", "product"])
def test_first_load_is_under_300_kb(page, live_server, shop, which):  # noqa: F811
    path = "/" if which == "home" else f"/products/{shop['products'][0].slug}/"
    total, sizes = _first_load_bytes(page, live_server.url + path)
    assert any(url.endswith(".webp") for url in sizes), "no product photo loaded"
    assert any(url.endswith("app.css") for url in sizes)
    heaviest = sorted(sizes.items(), key=lambda item: -item[1])[:8]
    assert total < FIRST_LOAD_LIMIT, f"{total} bytes on first load: {heaviest}"


@pytest.mark.parametrize(
    "path",
    ["/", "/search/?q=dac+san&stars=4", "/categories/dac-san-che-bien/", "product", "stall", "/?lang=en"],
)
def test_shop_pages_have_no_serious_accessibility_finding(page, live_server, shop, path):  # noqa: F811
    path = {
        "product": f"/products/{shop['products'][0].slug}/",
        "stall": f"/stalls/{shop['stall'].slug}/",
    }.get(path, path)
    page.goto(live_server.url + path, wait_until="networkidle")
    name = path.strip("/").replace("/", "-").replace("?", "-")[:60] or "home"
    screenshot(page, f"shop-{name}")
    assert_accessible(page)
