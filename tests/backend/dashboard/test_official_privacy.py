"""Officials never see buyers' personal data, nor a stall's tax code and bank details, on any dashboard
page they can open: every URL pattern under /dashboard/ is rendered with path parameters taken from
objects seeded in the official's province, and every dashboard link on those pages is followed."""

import io
import re
from html import unescape

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from backend.catalog.actions import product_media_create
from backend.orders.actions import order_fulfill
from backend.orders.models import Order
from backend.stalls.models import OcopCertificate
from tests.factories import make_official, make_stall, make_user
from tests.traceability.builders import issue_stamps, make_confirmed_order, make_lot, make_variant
from traceability import actions as trace_actions
from traceability.label_jobs import label_job_create

pytestmark = pytest.mark.django_db
PROVINCE, COMMUNE = 86, 28777

# What a buyer leaves with an order, spelled so that nothing else on a page can match by chance.
BUYERS = [
    {
        "full_name": "Hoàng Thị Kín Đáo",
        "email": "kin.dao.buyer@bimat.example",
        "phone": "+84961234987",
        "street": "88 Ngõ Bí Mật Riêng",
        "province_code": 1,
        "commune_code": 4,
    },
    {
        "full_name": "Lương Văn Riêng Tư",
        "email": "rieng.tu.buyer@bimat.example",
        "phone": "+84387650123",
        "street": "17 Hẻm Kín Cổng",
        "province_code": PROVINCE,
        "commune_code": COMMUNE,
    },
]
STALL_PRIVATE = {
    "tax_code": "0319876543",
    "bank_bin": "970422",
    "bank_account_number": "9704229988776655",
    "bank_account_name": "NGUYEN VAN TAIKHOAN",
}


def _secrets() -> list[str]:
    """Every spelling of the private values a page could use (phones also in national form)."""
    values = []
    for buyer in BUYERS:
        values += [buyer["full_name"], buyer["email"], buyer["street"], buyer["phone"]]
        values += ["0" + buyer["phone"][3:], buyer["phone"][3:]]
    values += [
        STALL_PRIVATE["tax_code"],
        STALL_PRIVATE["bank_account_number"],
        STALL_PRIVATE["bank_account_name"],
        "••••" + STALL_PRIVATE["bank_account_number"][-4:],
    ]
    return values


def _shipped_order(variant, quantity: int, buyer: dict) -> Order:
    """An order placed by `buyer`, confirmed and shipped through orders' own fulfilment, so
    traceability allocates its units to the variant's released lot."""
    user = make_user(email=buyer["email"], full_name=buyer["full_name"])
    order = make_confirmed_order(variant, quantity, buyer=buyer, user=user)
    order_fulfill(order=order, actor=None, carrier="", tracking_number="")
    return order


def _jpeg() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 120, 40)).save(out, "JPEG")
    out.seek(0)
    out.name = "photo.jpg"
    return out


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    owner = make_user(full_name="Trần Văn Chủ")
    stall = make_stall(owner, province_code=PROVINCE, commune_code=COMMUNE, **STALL_PRIVATE)
    variant = make_variant(stall, gtin="08931234567897")
    lot = make_lot(variant, code="PRIV1", quantity="100")
    orders = [_shipped_order(variant, 2 + n, buyer) for n, buyer in enumerate(BUYERS)]
    with django_capture_on_commit_callbacks(execute=True):
        media = product_media_create(product=variant.product, upload=_jpeg())
    stamp_job = issue_stamps(lot, 2)
    with django_capture_on_commit_callbacks(execute=True):
        label_job = label_job_create(lot=lot, actor=owner, stamp_job=stamp_job)
    certificate = OcopCertificate.objects.create(
        stall=stall,
        stars=4,
        group=1,
        decision_number="12/QĐ",
        decision_date=timezone.localdate(),
        issuing_authority="UBND tỉnh Vĩnh Long",
    )
    certification = trace_actions.certification_create(
        stall=stall, kind="vietgap", number="VG-1", issuer="Cục Trồng trọt", valid_from=timezone.localdate()
    )
    return {
        "stall_id": stall.pk,
        "product_id": variant.product_id,
        "variant_id": variant.pk,
        "media_id": media.pk,
        "lot_id": lot.pk,
        "order_id": orders[0].pk,
        "stamp_job": stamp_job.pk,
        "label_job": label_job.pk,
        "certificate_id": certificate.pk,
        "certification_id": certification.pk,
        # Staff-only pages refuse officials before any lookup; an id is needed only to build the URL.
        "review_id": 1,
        "refund_id": 1,
        "step": "confirm",
    }


def _dashboard_routes():
    """(namespaced name, parameter names) of every URL pattern under /dashboard/, from the resolver."""
    dashboard = next(
        p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "dashboard"
    )

    def walk(resolver: URLResolver, namespace: str):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern, f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}", list(pattern.pattern.converters)

    return list(walk(dashboard, "dashboard"))


def _params(name: str, params: list[str], world: dict) -> dict:
    values = {}
    for param in params:
        if param == "job_id":
            values[param] = world["label_job" if "label" in name else "stamp_job"]
        else:
            values[param] = world[param]
    return values


_HREF = re.compile(r'href="([^"#]+)')


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


def test_no_dashboard_page_shows_an_official_buyer_or_payout_data(client, world):
    client.force_login(make_official([PROVINCE]))
    queue = [reverse(name, kwargs=_params(name, params, world)) for name, params in _dashboard_routes()]
    seen, opened, leaks = set(), {}, []
    while queue and len(seen) < 400:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        body = unescape(_body(response))
        opened[url] = response.status_code
        leaks += [(url, secret) for secret in _secrets() if secret in body]
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            queue += [unescape(href) for href in _HREF.findall(body) if href.startswith("/dashboard/")]
    assert leaks == []
    stall_id, lot_id = world["stall_id"], world["lot_id"]
    # The pages that used to leak were opened, not refused: the test checks what officials do see.
    assert opened[reverse("dashboard:traceability:lot_detail", args=[stall_id, lot_id])] == 200
    assert opened[reverse("dashboard:stall:profile", args=[stall_id])] == 200
    assert opened[reverse("dashboard:home")] == 200
    assert sum(status == 200 for status in opened.values()) >= 8


def test_an_official_sees_how_many_orders_and_units_per_province_received_a_lot(client, world):
    client.force_login(make_official([PROVINCE]))
    response = client.get(
        reverse("dashboard:traceability:lot_detail", args=[world["stall_id"], world["lot_id"]]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = unescape(response.content.decode())
    reach = re.search(r'<table class="table" id="lot-reach">.*?</table>', body, re.S).group(0)
    rows = [re.sub(r"<[^>]+>", "|", row) for row in re.findall(r"<tr>(.*?)</tr>", reach, re.S)[1:]]
    cells = [[cell for cell in row.split("|") if cell.strip()] for row in rows]
    assert cells == [["Thành phố Hà Nội", "1", "2"], ["Vĩnh Long", "1", "3"], ["Total", "2", "5"]]


def test_the_stall_owner_still_sees_the_buyers_who_received_their_lot(client, world):
    owner = Order.objects.get(pk=world["order_id"]).stall.members.get().user
    client.force_login(owner)
    body = client.get(
        reverse("dashboard:traceability:lot_detail", args=[world["stall_id"], world["lot_id"]])
    ).content.decode()
    for buyer in BUYERS:
        assert buyer["full_name"] in body and buyer["email"] in body


def test_the_stall_owner_still_sees_the_payout_account(client, world):
    owner = Order.objects.get(pk=world["order_id"]).stall.members.get().user
    client.force_login(owner)
    body = client.get(reverse("dashboard:stall:profile", args=[world["stall_id"]])).content.decode()
    assert STALL_PRIVATE["bank_account_number"] in body and STALL_PRIVATE["tax_code"] in body
