"""Insights queries: a province's figures for its officials (or staff), a stall's for its members."""

import graphene
from django.core.exceptions import PermissionDenied as DomainPermissionDenied
from graphql import GraphQLError

from backend.core.errors import DomainError
from backend.graphql.core.types import PermissionDenied
from backend.graphql.insights.types import ProvinceInsights, StallInsights
from backend.insights import selectors


class InsightFilterInput(graphene.InputObjectType):
    commune = graphene.Int(description="The producing stall's commune (2025 code).")
    category = graphene.Int(description="A category id; its subcategories are included.")
    ocop_stars = graphene.Int(description="3, 4 or 5; 0 for products without OCOP stars at the sale.")
    ocop_group = graphene.Int(description="OCOP product group 1–6.")
    legal_form = graphene.String(description="cooperative, cooperative_group, household or enterprise.")
    channel = graphene.String(description="vn (VND) or export (USD).")


def _filters(value: dict | None) -> selectors.InsightFilters:
    value = value or {}
    return selectors.InsightFilters(
        commune_code=value.get("commune"),
        category_id=value.get("category"),
        ocop_stars=value.get("ocop_stars"),
        ocop_group=value.get("ocop_group"),
        legal_form=value.get("legal_form"),
        channel=value.get("channel"),
    )


def _answer(read, **kwargs):
    """Run a scoped selector: refusals become PERMISSION_DENIED, bad input its insight code."""
    try:
        return read(**kwargs)
    except DomainPermissionDenied as exc:
        raise PermissionDenied() from exc
    except DomainError as exc:
        raise GraphQLError(exc.message, extensions={"code": exc.code.name, "field": exc.field}) from exc


class InsightQueries(graphene.ObjectType):
    province_insights = graphene.Field(
        ProvinceInsights,
        required=True,
        province=graphene.Int(required=True, description="A 2025 province code."),
        date_from=graphene.Date(required=True),
        date_to=graphene.Date(required=True),
        filter=InsightFilterInput(),
        description="A province's figures for the period, for its officials and platform staff.",
    )
    stall_insights = graphene.Field(
        StallInsights,
        required=True,
        stall=graphene.Int(required=True, description="The stall's id."),
        date_from=graphene.Date(required=True),
        date_to=graphene.Date(required=True),
        description="A stall's own figures for the period, for its members and platform staff.",
    )

    @staticmethod
    def resolve_province_insights(_root, info, province, date_from, date_to, filter=None):  # noqa: A002
        return _answer(
            selectors.province_insights,
            user=info.context.user,
            province_code=province,
            date_from=date_from,
            date_to=date_to,
            filters=_filters(filter),
        )

    @staticmethod
    def resolve_stall_insights(_root, info, stall, date_from, date_to):
        return _answer(
            selectors.stall_insights,
            user=info.context.user,
            stall_id=stall,
            date_from=date_from,
            date_to=date_to,
        )
