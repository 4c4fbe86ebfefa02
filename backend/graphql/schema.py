"""The GraphQL schema: one Query and one Mutation composed from each domain's sub-package."""

import graphene

from backend.graphql.accounts.mutations import AccountMutations
from backend.graphql.accounts.schema import AccountQueries
from backend.graphql.regions.schema import RegionQueries


class Query(AccountQueries, RegionQueries, graphene.ObjectType):
    pass


class Mutation(AccountMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
