"""Every page carries a Content-Security-Policy that allows no inline code, and no page needs any.

The header is read on representative pages; then every template source is scanned, and the pages
a buyer, a stall owner and a visitor can reach are rendered and parsed, for inline executable
scripts, inline event handlers, `javascript:` URLs, style attributes and style elements (each of
which the policy blocks, so a page that used one would break in the browser).
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from backend.catalog.actions import product_media_create
from backend.stalls.models import MemberRole, StallMember
from tests.backend.catalog.factories import image_upload, make_product
from tests.backend.payments import conftest as payments_kit
from tests.factories import make_user
from tests.traceability.builders import issue_stamps, make_lot

ROOT = Path(__file__).resolve().parents[3]
GTIN = "08931234567897"
# <script> types that are data, not code: the browser never executes them, so CSP does not apply.
DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class _InlineCode(HTMLParser):
    """Collects everything on a page that a no-inline policy would block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"<{tag} style=…>")
            elif name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.problems.append("<style> element")
        script_type = (names.get("type") or "").strip().lower()
        if tag == "script" and "src" not in names and script_type not in DATA_BLOCK_TYPES:
            self._script = ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if self._script.strip():
                self.problems.append(f"inline <script>: {self._script.strip()[:60]!r}")
            self._script = None


def inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    parser.close()
    return parser.problems


def test_the_checker_flags_inline_code_and_accepts_files_and_data_blocks():
    assert inline_code(
        '<script>alert(1)</script><p style="color:red" onclick="x()"><a href="javascript:x()">'
        "<style>p{}</style>"
    ) == [
        "inline <script>: 'alert(1)'",
        "<p style=…>",
        "<p onclick=…>",
        "<a href=javascript:…>",
        "<style> element",
    ]
    assert (
        inline_code(
            '<script src="/static/js/app.js" defer></script>'
            '<script type="application/ld+json">{"@context": "https://schema.org"}</script>'
            '<p data-style="x" class="styled">onclick</p>'
        )
        == []
    )


# --- The header -----------------------------------------------------------------------------


@pytest.fixture
def world(db):
    """A stall owner with a photographed product on sale, a stamped lot and an order to pack."""
    group = payments_kit.make_group()
    order = group.orders.get()
    owner = make_user()
    StallMember.objects.create(stall=order.stall, user=owner, role=MemberRole.OWNER)
    product = make_product(order.stall, "Kẹo dừa sáp CSP", gtin=GTIN)
    product_media_create(product=product, upload=image_upload(), alt="ảnh")
    lot = make_lot(product.variants.get(), code="LOTCSP")
    stamp = issue_stamps(lot, 1).stamps.get()
    scan = f"/scan/01/{GTIN}/10/{lot.code}/21/{stamp.serial}?s={stamp.signature}"
    return {"owner": owner, "stall": order.stall, "product": product, "order": order, "scan": scan}


def _assert_strict(response) -> None:
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert set(policy["img-src"]) <= {"'self'", "data:"}
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "page", ["home", "product", "scan", "sign_in", "admin_login", "healthz", "not_found"]
)
def test_public_pages_send_the_strict_policy(client, world, page):
    paths = {
        "home": "/",
        "product": reverse("storefront:product", args=[world["product"].slug]),
        "scan": world["scan"],
        "sign_in": reverse("accounts:login"),
        "admin_login": "/admin/login/",
        "healthz": "/healthz",
        "not_found": "/khong-co-trang-nay/",
    }
    response = client.get(paths[page])
    assert response.status_code in (200, 404)
    _assert_strict(response)


def test_dashboard_pages_send_the_strict_policy(client, world):
    client.force_login(world["owner"])
    for path in (
        reverse("dashboard:home"),
        reverse("dashboard:catalog:product_edit", args=[world["stall"].pk, world["product"].pk]),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_strict(response)


# --- No inline code in any template or rendered page -------------------------------------------


def _project_templates() -> list[Path]:
    roots = [ROOT / "templates", ROOT / "backend", ROOT / "storefront", ROOT / "traceability"]
    return sorted(p for root in roots for p in root.rglob("templates/**/*.html")) + sorted(
        (ROOT / "templates").rglob("*.html")
    )


def test_no_template_has_inline_code():
    templates = _project_templates()
    assert len(templates) > 30
    # Template tags are blanked first so `{% if %}` inside an attribute cannot hide or fake one.
    problems = {
        str(path.relative_to(ROOT)): found
        for path in templates
        if (found := inline_code(re.sub(r"{[{%#].*?[}%#]}", "", path.read_text())))
    }
    assert problems == {}


_SKIP = ("/accounts/sign-out", "/i18n/", "/admin/", "/media/", "/thumbnail/", "/static/")


def _crawl(client, starts: list[str], limit: int = 150) -> dict[str, list[str]]:
    """GET every same-site page reachable from `starts` (links only, no forms); inline code per page."""
    seen, queue, found = set(), list(starts), {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        _assert_strict(response)
        html = response.content.decode()
        if problems := inline_code(html):
            found[path] = problems
        for href in re.findall(r'href="([^"#]+)"', html):
            link = urlsplit(href.replace("&amp;", "&"))
            if link.netloc or not link.path.startswith("/") or link.path.startswith(_SKIP):
                continue
            queue.append(link.path + (f"?{link.query}" if link.query else ""))
    assert len(seen) > len(starts)
    return found


def test_pages_a_visitor_reaches_have_no_inline_code(client, world):
    starts = ["/", world["scan"], reverse("accounts:login"), reverse("accounts:signup")]
    assert _crawl(client, starts) == {}


def test_dashboard_pages_a_stall_owner_reaches_have_no_inline_code(client, world):
    client.force_login(world["owner"])
    packing_slip = reverse("dashboard:orders:packing_slip", args=[world["stall"].pk, world["order"].pk])
    assert _crawl(client, [reverse("dashboard:home"), packing_slip]) == {}


def test_settings_never_allow_inline_code():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert "'unsafe-inline'" not in directives["script-src"] + directives["style-src"]


def test_graphiql_gets_data_fonts_and_nothing_else_more(client):
    # GraphiQL's stylesheet embeds its fonts as data: URLs; scripts and styles stay strict.
    response = client.get("/graphql/", {"query": "{ __typename }"})
    _assert_strict(response)
    assert _policy(response)["font-src"] == ["'self'", "data:"]
