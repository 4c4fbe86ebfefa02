"""Region queries for address forms: provinces and communes (2025 list), searchable without accents."""

import graphene

from backend.regions import selectors


class Province(graphene.ObjectType):
    code = graphene.Int(required=True)
    name = graphene.String(required=True)


class Commune(graphene.ObjectType):
    code = graphene.Int(required=True)
    name = graphene.String(required=True)
    province_code = graphene.Int(required=True)


class RegionQueries(graphene.ObjectType):
    provinces = graphene.List(graphene.NonNull(Province), search=graphene.String(), required=True)
    communes = graphene.List(
        graphene.NonNull(Commune),
        province_code=graphene.Int(),
        search=graphene.String(),
        required=True,
        description="Communes of a province, or up to 20 matches of `search`.",
    )

    @staticmethod
    def resolve_provinces(_root, _info, search: str | None = None):
        return selectors.province_search(search) if search else selectors.provinces()

    @staticmethod
    def resolve_communes(_root, _info, province_code: int | None = None, search: str | None = None):
        if search:
            return selectors.commune_search(search, province_code=province_code)
        return selectors.communes_in(province_code) if province_code else []
