"""Account queries: `me` and Saleor's `addressValidationRules` (the 2025 provinces and communes)."""

import graphene

from backend.graphql.accounts.types import User
from backend.graphql.core.address import AddressValidationData, address_validation_rules
from backend.graphql.core.common import CountryCode


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(User, description="The signed-in user, or null for anonymous callers.")
    address_validation_rules = graphene.Field(
        AddressValidationData,
        country_code=CountryCode(required=True),
        country_area=graphene.String(
            description="A province (code or name): its communes become `cityChoices`."
        ),
        city=graphene.String(),
        city_area=graphene.String(),
        description="How to fill an AddressInput; null for countries other than VN (no delivery there).",
    )

    @staticmethod
    def resolve_me(_root, info):
        user = info.context.user
        return user if user.is_authenticated else None

    @staticmethod
    def resolve_address_validation_rules(
        _root, _info, country_code, country_area=None, city=None, city_area=None
    ):
        code = getattr(country_code, "value", country_code)
        return address_validation_rules(country_code=str(code), country_area=country_area)
