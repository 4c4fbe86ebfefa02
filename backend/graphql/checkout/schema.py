"""Checkout queries: `checkout(id)` by token."""

import graphene

from backend.checkout import selectors
from backend.graphql.checkout.types import Checkout


class CheckoutQueries(graphene.ObjectType):
    checkout = graphene.Field(Checkout, id=graphene.ID(required=True, description="The checkout token."))

    @staticmethod
    def resolve_checkout(_root, info, id):
        return selectors.checkout_for_token(token=id, user=info.context.user)
