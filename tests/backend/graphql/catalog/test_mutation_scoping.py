"""Every catalog and stall mutation, for each kind of caller: only the right one changes anything.

Refused callers get either the top-level PERMISSION_DENIED (anonymous, consumers, non-staff) or a
NOT_FOUND error code (a member of another stall, an official of another province), and the database
is left exactly as it was.
"""

import datetime

import graphene
import pytest

from backend.catalog.models import (
    Category,
    Product,
    ProductMedia,
    ProductVariant,
    Stock,
    VariantChannelListing,
    Warehouse,
)
from backend.stalls.models import OcopCertificate, Stall, StallMember, StallStatus
from tests.backend.catalog.factories import image_upload, make_product, warehouse_for
from tests.backend.graphql.catalog.multipart import gql_multipart
from tests.factories import make_official, make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db

ERRORS = "errors { field code message }"


def _gid(type_name: str, obj) -> str:
    return graphene.Node.to_global_id(type_name, obj.pk)


def _state():
    """A fingerprint of everything these mutations could touch."""
    models = (Stall, StallMember, OcopCertificate, Product, ProductVariant, VariantChannelListing)
    rows = [list(model.objects.order_by("pk").values()) for model in models]
    rows += [list(model.objects.order_by("pk").values()) for model in (ProductMedia, Warehouse, Stock)]
    return rows


class World:
    def __init__(self):
        self.owner_a = make_user("a@example.vn")
        self.stall_a = make_stall(self.owner_a, name="HTX A")
        self.product = make_product(self.stall_a, "Kẹo dừa sáp")
        self.variant = self.product.variants.get()
        self.warehouse = warehouse_for(self.stall_a)
        self.media = ProductMedia.objects.create(product=self.product, image="products/x.png")
        self.certificate = OcopCertificate.objects.create(
            stall=self.stall_a,
            stars=4,
            group=1,
            decision_number="1/QĐ",
            decision_date=datetime.date(2025, 1, 1),
            issuing_authority="UBND tỉnh Vĩnh Long",
        )
        self.pending = make_stall(make_user("pending@example.vn"), status=StallStatus.PENDING, name="HTX chờ")
        self.member_b = make_user("b@example.vn")
        make_stall(self.member_b, name="HTX B", province_code=24, commune_code=7582)
        self.consumer = make_user("consumer@example.vn")
        self.staff = make_user("staff@example.vn", is_staff=True)
        self.official_here = make_official([86])
        self.official_elsewhere = make_official([24])


# name, document, variables(world), caller allowed, refused callers with the expected refusal
MEMBER_REFUSALS = {"anonymous": "PERMISSION_DENIED", "consumer": "PERMISSION_DENIED", "member_b": "NOT_FOUND"}
STAFF_REFUSALS = {
    "anonymous": "PERMISSION_DENIED",
    "consumer": "PERMISSION_DENIED",
    "member_b": "PERMISSION_DENIED",
    "owner_a": "PERMISSION_DENIED",
}
DECIDER_REFUSALS = {**STAFF_REFUSALS, "official_elsewhere": "NOT_FOUND"}

CASES = [
    (
        "productCreate",
        "mutation($input: ProductCreateInput!) { productCreate(input: $input) { product { id } %s } }",
        lambda w: {
            "input": {
                "stall": _gid("Stall", w.stall_a),
                "category": _gid("Category", Category.objects.get(slug="banh-keo")),
                "name": "Kẹo mới",
            }
        },
        "owner_a",
        MEMBER_REFUSALS,
    ),
    (
        "productUpdate",
        (
            "mutation($id: ID!, $input: ProductInput!) {"
            " productUpdate(id: $id, input: $input) { product { id } %s } }"
        ),
        lambda w: {"id": _gid("Product", w.product), "input": {"name": "Đổi tên"}},
        "owner_a",
        MEMBER_REFUSALS,
    ),
    (
        "productDelete",
        "mutation($id: ID!) { productDelete(id: $id) { product { id } %s } }",
        lambda w: {"id": _gid("Product", w.product)},
        "owner_a",
        MEMBER_REFUSALS,
    ),
    (
        "productVariantCreate",
        (
            "mutation($input: ProductVariantCreateInput!) {"
            " productVariantCreate(input: $input) { productVariant { id } %s } }"
        ),
        lambda w: {"input": {"product": _gid("Product", w.product), "sku": "NEW-1"}},
        "owner_a",
        MEMBER_REFUSALS,
    ),
    (
        "productVariantUpdate",
        (
            "mutation($id: ID!, $input: ProductVariantInput!) {"
            " productVariantUpdate(id: $id, input: $input) { productVariant { id } %s } }"
        ),
        lambda w: {"id": _gid("ProductVariant", w.variant), "input": {"name": "Hộp 1 kg"}},
        "owner_a",
        MEMBER_REFUSALS,
    ),
    (
        "productVariantDelete",
        "mutation($id: ID!) { productVariantDelete(id: $id) { productVariant { id } %s } }",
        lambda w: {"id": _gid("ProductVariant", w.variant)},
        "owner_a",
        MEMBER_REFUSALS,
    ),
    (
        "productChannelListingUpdate",
        (
            "mutation($v: ID!, $input: ProductChannelListingInput!) {"
            " productChannelListingUpdate(variantId: $v, input: $input)"
            " { channelListing { isPublished } %s } }"
        ),
        lambda w: {"v": _gid("ProductVariant", w.variant), "input": {"channel": "vn", "price": "99000"}},
        "owner_a",
        MEMBER_REFUSALS,
    ),
    (
        "productChannelListingRemove",
        (
            "mutation($v: ID!, $channels: [String!]!) {"
            " productChannelListingRemove(variantId: $v, channels: $channels) { productVariant { id } %s } }"
        ),
        lambda w: {"v": _gid("ProductVariant", w.variant), "channels": ["vn"]},
        "owner_a",
        MEMBER_REFUSALS,
    ),
    (
        "productMediaCreate",
        (
            "mutation($input: ProductMediaCreateInput!) {"
            " productMediaCreate(input: $input) { media { id } %s } }"
        ),
        lambda w: {"input": {"product": _gid("Product", w.product), "image": None, "alt": "ảnh"}},
        "owner_a",
        MEMBER_REFUSALS,
    ),
    (
        "productMediaDelete",
        "mutation($id: ID!) { productMediaDelete(id: $id) { product { id } %s } }",
        lambda w: {"id": _gid("ProductMedia", w.media)},
        "owner_a",
        MEMBER_REFUSALS,
    ),
    (
        "productVariantStocksUpdate",
        (
            "mutation($v: ID!, $stocks: [StockInput!]!) {"
            " productVariantStocksUpdate(variantId: $v, stocks: $stocks) { stocks { quantity } %s } }"
        ),
        lambda w: {
            "v": _gid("ProductVariant", w.variant),
            "stocks": [{"warehouse": _gid("Warehouse", w.warehouse), "quantity": 3}],
        },
        "owner_a",
        MEMBER_REFUSALS,
    ),
    (
        "warehouseCreate",
        "mutation($input: WarehouseCreateInput!) { warehouseCreate(input: $input) { warehouse { id } %s } }",
        lambda w: {
            "input": {"stall": _gid("Stall", w.stall_a), "name": "Kho 2", "province": 86, "commune": 28777}
        },
        "owner_a",
        MEMBER_REFUSALS,
    ),
    (
        "stallUpdate",
        (
            "mutation($id: ID!, $input: StallUpdateInput!) {"
            " stallUpdate(id: $id, input: $input) { stall { id } %s } }"
        ),
        lambda w: {"id": _gid("Stall", w.stall_a), "input": {"name": "HTX A mới"}},
        "owner_a",
        MEMBER_REFUSALS,
    ),
    (
        "ocopCertificateSubmit",
        (
            "mutation($input: OcopCertificateSubmitInput!) {"
            " ocopCertificateSubmit(input: $input) { ocopCertificate { id } %s } }"
        ),
        lambda w: {
            "input": {
                "stall": _gid("Stall", w.stall_a),
                "stars": 4,
                "group": 1,
                "decisionNumber": "99/QĐ",
                "decisionDate": "2025-06-01",
                "issuingAuthority": "UBND tỉnh Vĩnh Long",
                "products": [_gid("Product", w.product)],
            }
        },
        "owner_a",
        MEMBER_REFUSALS,
    ),
    (
        "stallApprove",
        "mutation($id: ID!) { stallApprove(id: $id) { stall { status } %s } }",
        lambda w: {"id": _gid("Stall", w.pending)},
        "staff",
        STAFF_REFUSALS,
    ),
    (
        "stallReject",
        'mutation($id: ID!) { stallReject(id: $id, reason: "Thiếu giấy phép") { stall { status } %s } }',
        lambda w: {"id": _gid("Stall", w.pending)},
        "staff",
        STAFF_REFUSALS,
    ),
    (
        "stallSuspend",
        'mutation($id: ID!) { stallSuspend(id: $id, reason: "Vi phạm") { stall { status } %s } }',
        lambda w: {"id": _gid("Stall", w.stall_a)},
        "staff",
        STAFF_REFUSALS,
    ),
    (
        "ocopCertificateVerify",
        "mutation($id: ID!) { ocopCertificateVerify(id: $id) { ocopCertificate { status } %s } }",
        lambda w: {"id": _gid("OcopCertificate", w.certificate)},
        "official_here",
        DECIDER_REFUSALS,
    ),
    (
        "ocopCertificateReject",
        (
            'mutation($id: ID!) { ocopCertificateReject(id: $id, reason: "Sai số")'
            " { ocopCertificate { status } %s } }"
        ),
        lambda w: {"id": _gid("OcopCertificate", w.certificate)},
        "official_here",
        DECIDER_REFUSALS,
    ),
]


def _run(client, world, case, caller_key):
    name, document, variables, _allowed, _refusals = case
    user = None if caller_key == "anonymous" else getattr(world, caller_key)
    query = document.replace("%s", ERRORS)
    values = variables(world)
    if name == "productMediaCreate":
        return gql_multipart(client, query, values, {"variables.input.image": image_upload()}, user=user)
    return gql(client, query, values, user=user)


REFUSED = [(case, caller) for case in CASES for caller in case[4]]


@pytest.mark.parametrize(("case", "caller"), REFUSED, ids=[f"{c[0]}-{k}" for c, k in REFUSED])
def test_refused_callers_change_nothing(client, case, caller):
    world = World()
    before = _state()
    data = _run(client, world, case, caller)
    expected = case[4][caller]
    if expected == "PERMISSION_DENIED":
        assert data["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED", data
    else:
        payload = data["data"][case[0]]
        assert [e["code"] for e in payload["errors"]] == [expected], data
    assert _state() == before


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_allowed_caller_succeeds(client, case):
    world = World()
    before = _state()
    data = _run(client, world, case, case[3])
    assert "errors" not in data, data
    assert data["data"][case[0]]["errors"] == []
    assert _state() != before


STALL_CREATE = (
    "mutation($input: StallCreateInput!) { stallCreate(input: $input) { stall { slug status } %s } }"
)


def test_consumer_may_register_a_stall_and_becomes_its_owner(client):
    consumer = make_user("farmer@example.vn")
    data = gql(
        client,
        STALL_CREATE.replace("%s", ERRORS),
        {"input": {"name": "HTX Mới Bến Tre", "legalForm": "COOPERATIVE", "province": 86, "commune": 28777}},
        user=consumer,
    )
    assert data["data"]["stallCreate"] == {
        "stall": {"slug": "htx-moi-ben-tre", "status": "PENDING"},
        "errors": [],
    }
    assert StallMember.objects.get(user=consumer).role == "owner"


def test_anonymous_cannot_register_a_stall(client):
    data = gql(
        client,
        "mutation($input: StallCreateInput!) { stallCreate(input: $input) { stall { slug } %s } }".replace(
            "%s", ERRORS
        ),
        {"input": {"name": "HTX X", "legalForm": "COOPERATIVE", "province": 86, "commune": 28777}},
    )
    assert data["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert not Stall.objects.exists()


def _document(name: str) -> str:
    return next(case[1] for case in CASES if case[0] == name).replace("%s", ERRORS)


def test_stall_staff_member_cannot_update_the_stall_profile(client):
    world = World()
    clerk = make_user("clerk@example.vn")
    StallMember.objects.create(stall=world.stall_a, user=clerk, role="staff")
    data = gql(
        client,
        _document("stallUpdate"),
        {"id": _gid("Stall", world.stall_a), "input": {"name": "Đổi"}},
        user=clerk,
    )
    assert [e["code"] for e in data["data"]["stallUpdate"]["errors"]] == ["NOT_FOUND"]
    assert Stall.objects.get(pk=world.stall_a.pk).name == "HTX A"
