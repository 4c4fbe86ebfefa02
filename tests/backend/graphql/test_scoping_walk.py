"""Every role walks every field reachable from the queries it may call and never meets another
stall's, another province's or another buyer's objects.

The documents are generated from the schema's introspection, so a field added later is walked too:
one document per root field, every field selected down to `MAX_DEPTH`, each object type at most
twice on a path (enough to follow `Order.group.orders`, the path a stall once used to read other
stalls' orders and the buyer's token). Arguments come from a table per role of what that role can
legitimately supply; nested fields with required arguments are skipped, nested lists get `first`.
Every `id`/`number`/`token`/`email`-like string in the answers is compared with the role's
forbidden set.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

import graphene
import pytest
from graphql import introspection_from_schema

from backend.graphql.schema import schema
from backend.orders.actions import order_fulfill, order_mark_delivered
from backend.orders.models import OrderGroup
from backend.payments.models import Payment
from backend.reviews.actions import review_create, review_report
from backend.stalls.actions import ocop_certificate_submit
from tests.backend.checkout.builders import make_shipping, make_variant, place
from tests.factories import make_official, make_stall, make_user
from tests.graphql_client import gql
from tests.traceability.builders import make_lot
from traceability import actions as trace_actions

pytestmark = pytest.mark.django_db

MAX_DEPTH = 8
TYPE_REPEATS_PER_PATH = 2
NESTED_PAGE = 3
ROOT_PAGE = 10
# Keys whose string values identify an object; every string under them is checked.
IDENTIFYING_KEYS = ("id", "number", "token", "email", "code", "serial", "reference")

_INTROSPECTION = introspection_from_schema(schema.graphql_schema)
_TYPES = {t["name"]: t for t in _INTROSPECTION["__schema"]["types"]}


def _named(type_ref: dict) -> dict:
    while type_ref.get("ofType"):
        type_ref = type_ref["ofType"]
    return type_ref


def _required(arg: dict) -> bool:
    return arg["type"]["kind"] == "NON_NULL" and arg["defaultValue"] is None


def _selection(type_name: str, depth: int, path: tuple[str, ...]) -> str:
    """Every field of `type_name` the walk can reach from here, as a selection set body."""
    type_ = _TYPES[type_name]
    if type_["kind"] in ("INTERFACE", "UNION"):
        parts = ["__typename"]
        for possible in type_["possibleTypes"]:
            inner = _selection(possible["name"], depth, path)
            if inner:
                parts.append(f"... on {possible['name']} {{ {inner} }}")
        return " ".join(parts)
    parts = []
    for f in type_["fields"]:
        if any(_required(a) for a in f["args"]):
            continue
        named = _named(f["type"])
        if named["kind"] in ("SCALAR", "ENUM"):
            parts.append(f["name"])
            continue
        if depth >= MAX_DEPTH or path.count(named["name"]) >= TYPE_REPEATS_PER_PATH:
            continue
        inner = _selection(named["name"], depth + 1, (*path, named["name"]))
        if not inner:
            continue
        page = f"(first: {NESTED_PAGE})" if any(a["name"] == "first" for a in f["args"]) else ""
        parts.append(f"{f['name']}{page} {{ {inner} }}")
    return " ".join(parts)


# Below the server's GRAPHQL_MAX_FIELDS (500), so each document of the walk passes validation.
FIELD_BUDGET = 400


def _field_count(body: str) -> int:
    return len(re.findall(r"[A-Za-z_]\w*(?=\s*[({]|\s|$)", re.sub(r"\([^)]*\)|\.\.\. on \w+", " ", body)))


def _selections(type_name: str, depth: int, path: tuple[str, ...]) -> list[str]:
    """`_selection` cut into bodies of at most FIELD_BUDGET fields that together select all of it."""
    whole = _selection(type_name, depth, path)
    type_ = _TYPES[type_name]
    if _field_count(whole) <= FIELD_BUDGET or type_["kind"] in ("INTERFACE", "UNION"):
        return [whole]
    scalars, bodies = [], []
    for f in type_["fields"]:
        if any(_required(a) for a in f["args"]):
            continue
        named = _named(f["type"])
        if named["kind"] in ("SCALAR", "ENUM"):
            scalars.append(f["name"])
            continue
        if depth >= MAX_DEPTH or path.count(named["name"]) >= TYPE_REPEATS_PER_PATH:
            continue
        page = f"(first: {NESTED_PAGE})" if any(a["name"] == "first" for a in f["args"]) else ""
        for inner in _selections(named["name"], depth + 1, (*path, named["name"])):
            if inner:
                bodies.append(f"{f['name']}{page} {{ {inner} }}")
    merged, current = [], list(scalars)
    for body in bodies:
        if current and _field_count(" ".join([*current, body])) > FIELD_BUDGET:
            merged.append(" ".join(current))
            current = []
        current.append(body)
    if current:
        merged.append(" ".join(current))
    return merged


def _documents(root_field: str, args: dict) -> list[str]:
    """The walk's documents for one root field: one, or several when one would select too much."""
    whole = _document(root_field, args)
    query_type = _TYPES[_INTROSPECTION["__schema"]["queryType"]["name"]]
    spec = next(f for f in query_type["fields"] if f["name"] == root_field)
    named = _named(spec["type"])
    if named["kind"] in ("SCALAR", "ENUM") or _field_count(whole) <= FIELD_BUDGET:
        return [whole]
    head = whole[2:].split(" {", 1)[0]
    return [f"{{ {head} {{ {body} }} }}" for body in _selections(named["name"], 2, (named["name"],))]


def _document(root_field: str, args: dict) -> str:
    query_type = _TYPES[_INTROSPECTION["__schema"]["queryType"]["name"]]
    spec = next(f for f in query_type["fields"] if f["name"] == root_field)
    known = {a["name"] for a in spec["args"]}
    assert set(args) <= known, f"{root_field} has no argument {set(args) - known}"
    arguments = ", ".join(f"{name}: {json.dumps(value)}" for name, value in args.items())
    head = f"{root_field}({arguments})" if arguments else root_field
    named = _named(spec["type"])
    if named["kind"] in ("SCALAR", "ENUM"):
        return f"{{ {head} }}"
    return f"{{ {head} {{ {_selection(named['name'], 2, (named['name'],))} }} }}"


def _identifying_strings(value, key: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            found |= _identifying_strings(v, k)
    elif isinstance(value, list):
        for item in value:
            found |= _identifying_strings(item, key)
    elif isinstance(value, str) and any(word in key.lower() for word in IDENTIFYING_KEYS):
        found.add(value)
    return found


def _gid(type_name: str, pk: int) -> str:
    return graphene.Node.to_global_id(type_name, pk)


@dataclass
class World:
    """Two stalls in two provinces, two buyers and a guest each with a group across both stalls."""

    users: dict = field(default_factory=dict)
    stalls: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)
    private: dict = field(default_factory=dict)  # stall key → ids of the stall's own records
    lots: dict = field(default_factory=dict)
    products: dict = field(default_factory=dict)
    review_id: str = ""

    def orders_of(self, stall_key: str, group_keys=None) -> set[str]:
        """Ids and numbers of the orders (and their lines) stall `stall_key` fulfils."""
        out = set()
        for key, group in self.groups.items():
            if group_keys is not None and key not in group_keys:
                continue
            for order in group.orders.filter(stall=self.stalls[stall_key]):
                out |= {_gid("Order", order.pk), order.number}
                out |= {_gid("OrderLine", line.pk) for line in order.lines.all()}
        return out

    def buyer_secrets(self, group_keys) -> set[str]:
        """What identifies the buyer's side of a group: its id, number, tokens, email, payment."""
        out = set()
        for key in group_keys:
            group = self.groups[key]
            payment = Payment.objects.get(group=group)
            out |= {_gid("OrderGroup", group.pk), group.number, str(group.token), group.email}
            out |= {str(group.checkout_token), _gid("Payment", payment.pk), payment.reference}
        return out

    def group_handles(self) -> set[str]:
        """Group ids and numbers: a stall with an order in the group knows which group it is."""
        return {_gid("OrderGroup", g.pk) for g in self.groups.values()} | {
            g.number for g in self.groups.values()
        }

    def tokens(self) -> set[str]:
        return {str(g.token) for g in self.groups.values()} | {
            str(g.checkout_token) for g in self.groups.values()
        }


@pytest.fixture
def world() -> World:
    w = World()
    w.users = {
        "owner_a": make_user("chu.a@example.vn"),
        "owner_b": make_user("chu.b@example.vn"),
        "buyer1": make_user("mua.1@example.vn"),
        "buyer2": make_user("mua.2@example.vn"),
        # An official of stall A's province (Vĩnh Long, 86); stall B is in TP Hồ Chí Minh (79).
        "official": make_official([86], email="can.bo@example.vn"),
        "staff": make_user("nhan.vien@example.vn", is_staff=True),
    }
    w.stalls = {
        "a": make_stall(w.users["owner_a"], slug="htx-dua", province_code=86, commune_code=28777),
        "b": make_stall(w.users["owner_b"], slug="htx-vai", province_code=79, commune_code=26882),
    }
    for stall in w.stalls.values():
        make_shipping(stall)
    variants = {key: make_variant(stall, stock=50) for key, stall in w.stalls.items()}
    both = [(variants["a"], 1), (variants["b"], 2)]
    w.groups = {
        "g1": place(both, user=w.users["buyer1"], email=w.users["buyer1"].email),
        "g2": place(both, user=w.users["buyer2"], email=w.users["buyer2"].email, payment_method="vietqr"),
        "guest": place(both, email="khach@example.vn"),
    }
    # buyer1 received stall A's part of g1 and reviewed it, and stall A reported the review: the
    # review lists must show a display name, never the buyer's email.
    delivered = w.groups["g1"].orders.get(stall=w.stalls["a"])
    order_fulfill(order=delivered, actor=w.users["owner_a"], carrier="GHN", tracking_number="T1")
    order_mark_delivered(order=delivered, actor=w.users["owner_a"])
    review = review_create(user=w.users["buyer1"], product=variants["a"].product, rating=4, text="Ngon")
    review_report(review=review, user=w.users["owner_a"], reason="Thử báo cáo")
    w.products = {key: variant.product for key, variant in variants.items()}
    w.review_id = _gid("Review", review.pk)
    for key, stall in w.stalls.items():
        site = trace_actions.site_create(
            stall=stall,
            name=f"Vườn {key}",
            province_code=stall.province_code,
            commune_code=stall.commune_code,
        )
        lot = make_lot(variants[key], site=site)
        certificate = ocop_certificate_submit(
            stall=stall,
            stars=4,
            group=1,
            score=80,
            decision_number=f"QĐ-{key.upper()}-2026",
            decision_date=datetime.date(2026, 3, 1),
            issuing_authority=f"UBND tỉnh {key}",
        )
        certification = trace_actions.certification_create(
            stall=stall,
            kind="vietgap",
            number=f"VG-{key.upper()}-1",
            issuer="Trung tâm chứng nhận",
            valid_from=datetime.date(2026, 1, 1),
            site=site,
        )
        warehouse = variants[key].stocks.get().warehouse
        w.lots[key] = lot
        w.private[key] = {
            _gid("Lot", lot.pk),
            lot.code,
            _gid("Site", site.pk),
            _gid("OcopCertificate", certificate.pk),
            certificate.decision_number,
            _gid("Certification", certification.pk),
            certification.number,
            _gid("Warehouse", warehouse.pk),
            w.users[f"owner_{key}"].email,
        }
    return w


def _public(w: World) -> list[tuple[str, dict]]:
    """Root fields anyone may call, with the arguments anyone can know."""
    return [
        ("me", {}),
        ("stalls", {"first": ROOT_PAGE}),
        ("stall", {"slug": "htx-dua"}),
        ("stall", {"slug": "htx-vai"}),
        ("products", {"first": ROOT_PAGE}),
        ("categories", {"first": ROOT_PAGE}),
        ("categoryList", {}),
        ("channels", {}),
        ("channel", {"slug": "vn"}),
        ("collections", {"first": ROOT_PAGE}),
        ("menu", {"slug": "navbar"}),
        ("pages", {"first": ROOT_PAGE}),
        ("provinces", {"search": "Vĩnh Long"}),
        ("communes", {"provinceCode": 86, "search": "Phường"}),
        ("productReviews", {"product": _gid("Product", w.products["a"].pk), "first": ROOT_PAGE}),
    ]


def _calls(role: str, w: World) -> list[tuple[str, dict]]:
    """What each role can legitimately ask: its own ids, slugs, tokens."""
    a, lot_a = w.stalls["a"], w.lots["a"]
    guest = w.groups["guest"]
    guest_order = guest.orders.order_by("pk").first()
    g1 = w.groups["g1"]
    own = {
        "anonymous": [],
        "guest": [
            ("orderGroup", {"token": str(guest.token)}),
            ("order", {"id": _gid("Order", guest_order.pk), "token": str(guest.token)}),
            ("payment", {"orderGroupToken": str(guest.token)}),
        ],
        "buyer1": [
            *[("order", {"id": _gid("Order", o.pk)}) for o in g1.orders.all()],
            ("payment", {"orderGroupId": _gid("OrderGroup", g1.pk)}),
            ("myReviews", {"first": ROOT_PAGE}),
        ],
        "member_a": [
            ("stallOrders", {"stall": "htx-dua", "first": ROOT_PAGE}),
            ("stallBalance", {"stall": "htx-dua"}),
            ("myStalls", {}),
            ("myProducts", {"first": ROOT_PAGE}),
            ("myWarehouses", {}),
            ("lots", {"first": ROOT_PAGE}),
            ("lot", {"id": _gid("Lot", lot_a.pk)}),
            ("sites", {"stall": _gid("Stall", a.pk)}),
            ("certifications", {"stall": _gid("Stall", a.pk)}),
            ("stallReviews", {"stall": _gid("Stall", a.pk), "first": ROOT_PAGE}),
        ],
        "official_a": [
            ("lots", {"first": ROOT_PAGE}),
            ("lot", {"id": _gid("Lot", lot_a.pk)}),
            ("ocopCertificatesToDecide", {}),
        ],
        "staff": [
            ("paymentReviews", {"first": ROOT_PAGE}),
            ("ocopCertificatesToDecide", {}),
            ("reviewReports", {"first": ROOT_PAGE}),
        ],
    }
    return _public(w) + own[role]


def _forbidden(role: str, w: World) -> set[str]:
    everything_private = w.private["a"] | w.private["b"]
    all_groups = tuple(w.groups)
    all_orders = w.orders_of("a") | w.orders_of("b")
    people = {u.email for key, u in w.users.items() if key != "owner_a"}
    return {
        "anonymous": all_orders | w.buyer_secrets(all_groups) | everything_private | people,
        "guest": (
            w.orders_of("a", ("g1", "g2"))
            | w.orders_of("b", ("g1", "g2"))
            | w.buyer_secrets(("g1", "g2"))
            | everything_private
            | people
        ),
        "buyer1": (
            w.orders_of("a", ("g2", "guest"))
            | w.orders_of("b", ("g2", "guest"))
            | w.buyer_secrets(("g2", "guest"))
            | everything_private
            | (people - {w.users["buyer1"].email})
        ),
        # A stall sees its own orders and the group numbers they belong to, never the buyer's side.
        "member_a": (
            w.orders_of("b")
            | (w.buyer_secrets(all_groups) - w.group_handles())
            | w.private["b"]
            | (people - {w.users["owner_a"].email})
        ),
        # An official reads their province's stalls, never orders or another province's records.
        "official_a": (
            all_orders | w.buyer_secrets(all_groups) | w.private["b"] | (people - {"can.bo@example.vn"})
        ),
        "staff": w.tokens(),
    }[role]


def _expected(role: str, w: World) -> set[str]:
    """Something each role must see, so a walk that answers nothing cannot pass."""
    g1, guest = w.groups["g1"], w.groups["guest"]
    return {
        "anonymous": {_gid("Stall", w.stalls["b"].pk), w.review_id},
        "guest": {str(guest.token)} | w.orders_of("b", ("guest",)),
        "buyer1": {str(g1.token)} | w.orders_of("b", ("g1",)),
        "member_a": w.orders_of("a"),
        "official_a": {w.lots["a"].code},
        "staff": {_gid("OcopCertificate", c.pk) for c in _ocop(w)},
    }[role]


def _ocop(w: World):
    return [c for stall in w.stalls.values() for c in stall.ocop_certificates.all()]


def _caller(role: str, w: World):
    return {
        "anonymous": None,
        "guest": None,
        "buyer1": w.users["buyer1"],
        "member_a": w.users["owner_a"],
        "official_a": w.users["official"],
        "staff": w.users["staff"],
    }[role]


ROLES = ("anonymous", "guest", "buyer1", "member_a", "official_a", "staff")


@pytest.mark.parametrize("role", ROLES)
def test_no_role_meets_anyone_elses_objects_anywhere_in_the_graph(client, world, role):
    forbidden, expected = _forbidden(role, world), _expected(role, world)
    assert forbidden and not forbidden & expected
    leaks, seen = {}, set()
    for root_field, args in _calls(role, world):
        for document in _documents(root_field, args):
            answer = gql(client, document, user=_caller(role, world))
            assert "errors" not in answer, (root_field, answer["errors"])
            strings = _identifying_strings(answer["data"])
            seen |= strings
            if strings & forbidden:
                leaks[f"{root_field}({args})"] = sorted(strings & forbidden)
    assert not leaks, leaks
    assert expected <= seen, f"{role} never saw {sorted(expected - seen)}"


def test_the_walk_reaches_the_nested_order_fields_it_must_guard(client, world):
    # The generator itself: the stall's document follows Order.group.orders and asks for the token.
    document = _document("stallOrders", {"stall": "htx-dua", "first": ROOT_PAGE})
    assert "group {" in document and "token" in document
    assert "orders {" in document.split("group {", 1)[1]
    answer = gql(client, document, user=world.users["owner_a"])
    own = world.orders_of("a")
    assert own & _identifying_strings(answer["data"]), "the walk saw none of the stall's own orders"
    assert OrderGroup.objects.count() == 3
