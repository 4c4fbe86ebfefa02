"""The GraphQL schema: one Query and one Mutation composed from each domain's sub-package."""

import graphene

from backend.graphql.accounts.mutations import AccountMutations
from backend.graphql.accounts.schema import AccountQueries
from backend.graphql.catalog.mutations import CatalogMutations
from backend.graphql.catalog.schema import CatalogQueries
from backend.graphql.checkout.mutations import CheckoutMutations
from backend.graphql.checkout.schema import CheckoutQueries
from backend.graphql.content.schema import ContentQueries
from backend.graphql.insights.schema import InsightQueries
from backend.graphql.orders.mutations import OrderMutations
from backend.graphql.orders.schema import OrderQueries
from backend.graphql.payments.mutations import PaymentMutations
from backend.graphql.payments.schema import PaymentQueries
from backend.graphql.regions.schema import RegionQueries
from backend.graphql.reviews.mutations import ReviewMutations
from backend.graphql.reviews.schema import ReviewQueries
from backend.graphql.stalls.mutations import StallMutations
from backend.graphql.stalls.schema import StallQueries
from backend.graphql.traceability.mutations import TraceabilityMutations
from backend.graphql.traceability.schema import TraceabilityQueries


class Query(
    AccountQueries,
    RegionQueries,
    CatalogQueries,
    ContentQueries,
    StallQueries,
    CheckoutQueries,
    OrderQueries,
    PaymentQueries,
    TraceabilityQueries,
    ReviewQueries,
    InsightQueries,
    graphene.ObjectType,
):
    pass


class Mutation(
    AccountMutations,
    CatalogMutations,
    StallMutations,
    CheckoutMutations,
    OrderMutations,
    PaymentMutations,
    TraceabilityMutations,
    ReviewMutations,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
