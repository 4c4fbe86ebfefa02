"""Checkout queries: `checkout(id)` by its token or its global ID (Saleor's `Checkout:<token>`)."""

import graphene
from graphql_relay import from_global_id

from backend.checkout import selectors
from backend.graphql.checkout.types import Checkout


def checkout_token_of(value: str) -> str:
    """The token behind a checkout reference: the token itself, or a `Checkout` global ID of it."""
    try:
        type_name, token = from_global_id(value)
    except Exception:  # not base64 or not "Type:id": then it is the token itself
        return value
    return token if type_name == "Checkout" else value


class CheckoutQueries(graphene.ObjectType):
    checkout = graphene.Field(
        Checkout,
        id=graphene.ID(description="The checkout token, or its global ID."),
        token=graphene.UUID(description="Saleor's older way to name the checkout."),
    )

    @staticmethod
    def resolve_checkout(_root, info, id=None, token=None):
        reference = checkout_token_of(id) if id else token
        if not reference:
            return None
        return selectors.checkout_for_token(token=reference, user=info.context.user)
