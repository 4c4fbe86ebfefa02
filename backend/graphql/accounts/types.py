"""GraphQL types for users."""

import graphene

from backend.accounts.roles import official_province_codes, roles_for
from backend.orders.selectors import orders_for_buyer


class User(graphene.ObjectType):
    id = graphene.ID(required=True)
    email = graphene.String(required=True)
    full_name = graphene.String(required=True)
    phone = graphene.String()
    language = graphene.String(required=True)
    is_staff = graphene.Boolean(required=True)
    roles = graphene.List(graphene.NonNull(graphene.String), required=True)
    official_provinces = graphene.List(graphene.NonNull(graphene.Int), required=True)
    orders = graphene.List(
        graphene.NonNull("backend.graphql.orders.types.Order"),
        required=True,
        description="The orders this user placed, newest first (at most 100).",
    )

    @staticmethod
    def resolve_id(user, _info):
        return graphene.Node.to_global_id("User", user.pk)

    @staticmethod
    def resolve_roles(user, _info):
        return sorted(str(role) for role in roles_for(user))

    @staticmethod
    def resolve_official_provinces(user, _info):
        return official_province_codes(user)

    @staticmethod
    def resolve_orders(user, _info):
        return orders_for_buyer(user=user).prefetch_related("lines")[:100]
