"""Account queries: `me`."""

import graphene

from backend.graphql.accounts.types import User


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(User, description="The signed-in user, or null for anonymous callers.")

    @staticmethod
    def resolve_me(_root, info):
        user = info.context.user
        return user if user.is_authenticated else None
