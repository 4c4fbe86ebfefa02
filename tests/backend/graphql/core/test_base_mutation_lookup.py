"""BaseMutation's one ID lookup: every bad ID is the NOT_FOUND of the mutation's own error enum."""

from enum import Enum

import graphene
import pytest

from backend.catalog.selectors import product_for_member
from backend.core.errors import DomainError
from backend.graphql.core.types import BaseMutation, error_type, errors_field
from backend.graphql.schema import schema
from tests.backend.catalog.factories import make_product
from tests.factories import make_stall, make_user
from tests.graphql_client import gql

pytestmark = pytest.mark.django_db


class ProbeErrorCode(Enum):
    # A value no domain enum uses, so only this enum can produce it.
    NOT_FOUND = "probe_not_found"
    CATEGORY_GONE = "probe_category_gone"


ProbeError = error_type("ProbeError", ProbeErrorCode)


class ProbeMutation(BaseMutation):
    """A mutation of a domain of its own, for the lookup alone (never mounted in the schema)."""

    error_type_class = ProbeError
    ok = graphene.Boolean()
    errors = errors_field(ProbeError)


@pytest.fixture
def world():
    member = make_user("member@example.vn")
    product = make_product(make_stall(member, name="HTX A"), "Kẹo dừa sáp")
    outsider = make_user("outsider@example.vn")
    make_stall(outsider, name="HTX B")
    return member, outsider, product


def _lookup(user, value, **options):
    def find(pk):
        return product_for_member(user=user, product_id=pk)

    return ProbeMutation.get_scoped(value, "Product", find, **options)


def test_it_returns_the_object_behind_a_global_id(world):
    member, _outsider, product = world
    assert _lookup(member, graphene.Node.to_global_id("Product", product.pk)) == product


@pytest.mark.parametrize(
    "make_value",
    [
        pytest.param(lambda product: graphene.Node.to_global_id("Stall", product.stall_id), id="wrong-type"),
        pytest.param(lambda product: "!!not-an-id", id="malformed"),
        pytest.param(lambda product: "", id="empty"),
        pytest.param(lambda product: graphene.Node.to_global_id("Product", product.pk + 1000), id="missing"),
    ],
)
def test_a_bad_id_is_the_mutations_own_not_found(world, make_value):
    member, _outsider, product = world
    with pytest.raises(DomainError) as raised:
        _lookup(member, make_value(product), what="Photo", field="productId")
    assert raised.value.code is ProbeErrorCode.NOT_FOUND
    assert (raised.value.field, raised.value.message) == ("productId", "Photo not found.")


def test_another_stalls_object_looks_exactly_like_a_missing_one(world):
    _member, outsider, product = world
    with pytest.raises(DomainError) as foreign:
        _lookup(outsider, graphene.Node.to_global_id("Product", product.pk))
    with pytest.raises(DomainError) as missing:
        _lookup(outsider, graphene.Node.to_global_id("Product", product.pk + 1000))
    assert foreign.value.code is ProbeErrorCode.NOT_FOUND
    assert (foreign.value.field, foreign.value.message) == ("id", "Product not found.")
    assert (missing.value.code, missing.value.field, missing.value.message) == (
        foreign.value.code,
        foreign.value.field,
        foreign.value.message,
    )


def test_a_narrower_code_replaces_not_found_when_given(world):
    member, _outsider, _product = world
    with pytest.raises(DomainError) as raised:
        _lookup(member, "!!not-an-id", code=ProbeErrorCode.CATEGORY_GONE)
    assert raised.value.code is ProbeErrorCode.CATEGORY_GONE


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (graphene.Node.to_global_id("Stall", 7), "Not a Product ID: 'U3RhbGw6Nw=='."),
        ("!!not-an-id", "Not a Product ID: '!!not-an-id'."),
    ],
)
def test_pk_from_global_id_refuses_what_is_not_an_id_of_the_type(value, message):
    with pytest.raises(DomainError) as raised:
        ProbeMutation.pk_from_global_id(value, "Product", field="productId")
    assert raised.value.code is ProbeErrorCode.NOT_FOUND
    assert (raised.value.field, raised.value.message) == ("productId", message)


def test_pk_from_global_id_reads_the_primary_key():
    assert ProbeMutation.pk_from_global_id(graphene.Node.to_global_id("Order", 42), "Order") == 42
    assert ProbeMutation.pk_from_global_id("42", "Order") == 42


def _mounted_mutations() -> list[type[BaseMutation]]:
    mutation_type = schema.graphql_schema.mutation_type
    return [field.type.graphene_type for field in mutation_type.fields.values()]


def _named(graphql_type):
    while hasattr(graphql_type, "of_type"):
        graphql_type = graphql_type.of_type
    return graphql_type.graphene_type


@pytest.mark.parametrize("mutation", _mounted_mutations(), ids=lambda m: m.__name__)
def test_every_mutation_answers_errors_of_the_type_it_declares(mutation):
    # get_scoped takes NOT_FOUND from `error_type_class`; the payload's `errors` must be that type,
    # or a refusal would carry a code its own payload cannot express.
    payload = schema.graphql_schema.get_type(mutation._meta.name)
    assert _named(payload.fields["errors"].type) is mutation.error_type_class


PRODUCT_UPDATE = """
mutation($id: ID!) {
  productUpdate(id: $id, input: {name: "Đổi tên"}) { product { id } errors { __typename field code message } }
}"""
LOT_RELEASE = """
mutation($id: ID!) { lotRelease(id: $id) { lot { id } errors { __typename field code message } } }"""
ORDER_CONFIRM = """
mutation($id: ID!) { orderConfirm(id: $id) { order { id } errors { __typename field code message } } }"""


@pytest.mark.parametrize(
    ("document", "name", "type_name", "error", "message"),
    [
        (PRODUCT_UPDATE, "productUpdate", "Product", "CatalogError", "Product not found."),
        (LOT_RELEASE, "lotRelease", "Lot", "TraceabilityError", "Lot not found."),
        (ORDER_CONFIRM, "orderConfirm", "Order", "OrderError", "Not an Order ID: '{value}'."),
    ],
)
def test_through_the_api_a_bad_id_is_the_domains_not_found(
    client, world, document, name, type_name, error, message
):
    member, _outsider, product = world
    for value in (graphene.Node.to_global_id("Stall", product.stall_id), "!!not-an-id"):
        payload = gql(client, document, {"id": value}, user=member)["data"][name]
        assert payload["errors"] == [
            {"__typename": error, "field": "id", "code": "NOT_FOUND", "message": message.format(value=value)}
        ], value
