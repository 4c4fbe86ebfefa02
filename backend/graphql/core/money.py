"""The GraphQL `Money` type and the one way to build it from a Decimal amount and a currency."""

from decimal import Decimal

import graphene
from django.utils.translation import get_language

from backend.core.money import format_money, quantize


class Money(graphene.ObjectType):
    amount = graphene.Float(required=True)
    currency = graphene.String(required=True)
    formatted = graphene.String(required=True, description="Localised, e.g. `120.000 ₫` or `$12.50`.")

    @staticmethod
    def resolve_formatted(money, _info):
        return format_money(Decimal(str(money.amount)), money.currency, get_language() or "vi")


def money(amount: Decimal | int | str, currency: str) -> Money:
    """A `Money` rounded to the currency's minor unit."""
    return Money(amount=float(quantize(amount, currency)), currency=currency)


def money_field(attribute: str, *, currency_attribute: str = "currency", **kwargs) -> graphene.Field:
    """A `Money` field read from `obj.<attribute>` in `obj.<currency_attribute>`."""

    def resolve(obj, _info) -> Money:
        return money(getattr(obj, attribute), getattr(obj, currency_attribute))

    return graphene.Field(Money, resolver=resolve, **kwargs)


class TaxedMoney(graphene.ObjectType):
    """A price in Saleor's shape. Consumer prices here include any tax and no separate tax is
    charged, so `gross` and `net` carry the same amount and `tax` is zero."""

    currency = graphene.String(required=True)
    gross = graphene.Field(Money, required=True)
    net = graphene.Field(Money, required=True)
    tax = graphene.Field(Money, required=True)


def taxed_money(amount: Decimal | int | str, currency: str) -> TaxedMoney:
    """A `TaxedMoney` with net = gross = `amount` and a zero tax, rounded to the currency's unit."""
    gross = money(amount, currency)
    return TaxedMoney(currency=currency, gross=gross, net=gross, tax=money(0, currency))
