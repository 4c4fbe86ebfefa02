"""provinceInsights and stallInsights: Vĩnh Long's figures equal a direct count over its orders and
scans; another province, a consumer and a non-member are refused."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from backend.orders import actions as orders
from backend.orders.models import Order
from backend.stalls.models import OcopCertificate
from tests.backend.checkout.builders import make_shipping, make_variant, place
from tests.factories import make_official, make_stall, make_user
from tests.graphql_client import gql
from tests.traceability.builders import issue_stamps, make_lot
from traceability.models import Scan, VerdictKind
from traceability.verification import ScanMeta, Verdict, scan_record

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PROVINCE = """
query($province: Int!, $from: Date!, $to: Date!, $filter: InsightFilterInput) {
  provinceInsights(province: $province, dateFrom: $from, dateTo: $to, filter: $filter) {
    province provinceName
    revenue { amount currency }
    orderCount unitsSold tonnesSold linesWeightUnknown
    ocopRevenueShare { currency share }
    onlineShareOfDeclaredSales { currency share }
    stallsOnline stallsActive ocopProductsOnline ocopProductsCertified
    stampsIssued stampsScanned scans suspiciousScans scanRate
    monthly { month sales { orderCount unitsSold } previousYear { orderCount } }
    topProducts { name unitsSold }
    buyerProvinces { provinceCode orderCount }
  }
}
"""

STALL = """
query($stall: Int!, $from: Date!, $to: Date!) {
  stallInsights(stall: $stall, dateFrom: $from, dateTo: $to) {
    sales { orderCount unitsSold revenue { amount currency } }
    commission { amount currency }
    scansByProvince { provinceCode scans }
  }
}
"""


@pytest.fixture
def history(django_capture_on_commit_callbacks):
    """Two Vĩnh Long stalls and one in Cần Thơ, cash orders (one cancelled, one refunded), scans."""
    owner = make_user()
    vinh_long = [make_stall(owner), make_stall(owner, legal_form="household")]
    can_tho = make_stall(make_user(), province_code=92, commune_code=31117)
    certificate = OcopCertificate.objects.create(
        stall=vinh_long[0],
        stars=4,
        group=1,
        decision_number="12/QĐ-UBND",
        decision_date=timezone.localdate() - timedelta(days=30),
        issuing_authority="UBND tỉnh Vĩnh Long",
        status="verified",
    )
    variants = {}
    for stall in (*vinh_long, can_tho):
        make_shipping(stall, kind="pickup", price=0)
        variants[stall.pk] = make_variant(stall, stock=100, weight=250, price=80_000)
    ocop_product = variants[vinh_long[0].pk].product
    ocop_product.ocop_certificate = certificate
    ocop_product.save(update_fields=["ocop_certificate"])
    staff = make_user(is_staff=True)
    stamps = list(issue_stamps(make_lot(variants[vinh_long[0].pk]), quantity=4).stamps.all())
    with django_capture_on_commit_callbacks(execute=True):
        place([(variants[vinh_long[0].pk], 2), (variants[vinh_long[1].pk], 1)])
        place([(variants[vinh_long[0].pk], 3)])
        place([(variants[can_tho.pk], 5)])
        cancelled = place([(variants[vinh_long[1].pk], 4)]).orders.get()
        orders.order_cancel(order=cancelled, actor=staff, reason="Hết hàng", by_stall=True)
        refunded = place([(variants[vinh_long[1].pk], 2)]).orders.get()
        orders.order_fulfill(order=refunded, actor=staff, carrier="", tracking_number="")
        orders.order_mark_delivered(order=refunded, actor=staff)
        orders.order_refund(order=refunded, amount=Decimal(30_000), actor=staff, reason="Dập")
        for stamp, province, kind in (
            (stamps[0], 79, VerdictKind.GENUINE_FIRST_SCAN),
            (stamps[0], 1, VerdictKind.SUSPICIOUS),
            (stamps[1], None, VerdictKind.GENUINE_FIRST_SCAN),
        ):
            scan_record(
                verdict=Verdict(kind=kind, serial=stamp.serial, stamp=stamp),
                request_meta=ScanMeta(consent=province is not None, province_code=province),
            )
    return {"vinh_long": vinh_long, "can_tho": can_tho, "owner": owner}


def _period() -> dict:
    today = timezone.localdate()
    return {"from": (today - timedelta(days=40)).isoformat(), "to": today.isoformat()}


def test_official_sees_vinh_long_figures_equal_to_a_direct_count(client, history):
    official = make_official([86])
    data = gql(client, PROVINCE, {"province": 86, **_period()}, user=official)["data"]["provinceInsights"]

    counted = Order.objects.filter(stall__province_code=86, status__in=["confirmed", "delivered"])
    lines = [line for order in counted for line in order.lines.all()]
    revenue = sum(line.total for line in lines) - sum(o.refunded_amount for o in counted)
    ocop = sum(line.total for line in lines if line.ocop_stars)
    assert data["province"] == 86 and data["provinceName"]
    assert data["orderCount"] == counted.count() == 4
    assert data["unitsSold"] == sum(line.quantity for line in lines) == 8
    assert data["tonnesSold"] == pytest.approx(sum(line.quantity * 250 for line in lines) / 1_000_000)
    assert data["linesWeightUnknown"] == 0
    assert data["revenue"] == [{"amount": float(revenue), "currency": "VND"}]
    assert data["ocopRevenueShare"] == [{"currency": "VND", "share": round(float(ocop / revenue), 4)}]
    assert data["stallsOnline"] == 2 and data["stallsActive"] == 2
    vinh_long_scans = Scan.objects.filter(stamp__lot__stall__province_code=86)
    assert data["scans"] == vinh_long_scans.count() == 3
    assert data["stampsScanned"] == vinh_long_scans.values("stamp").distinct().count() == 2
    assert data["suspiciousScans"] == 1
    assert data["stampsIssued"] == 4 and data["scanRate"] == 0.5
    assert sum(m["sales"]["orderCount"] for m in data["monthly"]) == 4
    assert all(m["previousYear"]["orderCount"] == 0 for m in data["monthly"])
    assert {p["provinceCode"]: p["orderCount"] for p in data["buyerProvinces"]} == {79: 4}
    assert data["topProducts"][0]["unitsSold"] == 5


def test_filters_narrow_the_sales(client, history):
    official = make_official([86])
    variables = {"province": 86, **_period(), "filter": {"legalForm": "household"}}
    data = gql(client, PROVINCE, variables, user=official)["data"]["provinceInsights"]
    assert data["orderCount"] == 2 and data["unitsSold"] == 3 and data["stallsOnline"] == 1
    variables["filter"] = {"ocopStars": 4}
    data = gql(client, PROVINCE, variables, user=official)["data"]["provinceInsights"]
    assert data["orderCount"] == 2 and data["unitsSold"] == 5
    variables["filter"] = {"ocopStars": 0}
    data = gql(client, PROVINCE, variables, user=official)["data"]["provinceInsights"]
    assert data["orderCount"] == 2 and data["unitsSold"] == 3


@pytest.mark.parametrize("who", ["other_official", "consumer", "anonymous"])
def test_other_province_and_consumers_are_refused(client, history, who):
    user = {"other_official": make_official([92]), "consumer": make_user(), "anonymous": None}[who]
    body = gql(client, PROVINCE, {"province": 86, **_period()}, user=user)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_staff_read_any_province(client, history):
    body = gql(client, PROVINCE, {"province": 92, **_period()}, user=make_user(is_staff=True))
    assert body["data"]["provinceInsights"]["orderCount"] == 1


def test_a_period_that_ends_before_it_starts_is_refused(client, history):
    today = timezone.localdate()
    variables = {"province": 86, "from": today.isoformat(), "to": (today - timedelta(days=1)).isoformat()}
    body = gql(client, PROVINCE, variables, user=make_official([86]))
    assert body["errors"][0]["extensions"]["code"] == "INVALID_PERIOD"


def test_stall_members_read_their_stall_figures(client, history):
    stall = history["vinh_long"][0]
    data = gql(client, STALL, {"stall": stall.pk, **_period()}, user=history["owner"])["data"][
        "stallInsights"
    ]
    assert data["sales"]["orderCount"] == 2 and data["sales"]["unitsSold"] == 5
    assert data["commission"] == [{"amount": 20_000.0, "currency": "VND"}]
    assert {p["provinceCode"]: p["scans"] for p in data["scansByProvince"]} == {79: 1, 1: 1, 0: 1}


@pytest.mark.parametrize("who", ["official", "stranger"])
def test_stall_figures_are_refused_to_non_members(client, history, who):
    user = make_official([86]) if who == "official" else make_user()
    body = gql(client, STALL, {"stall": history["vinh_long"][0].pk, **_period()}, user=user)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
