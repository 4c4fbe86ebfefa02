"""GraphQL types for users, in Saleor's shape (`firstName`, `addresses`, `orders` as a connection)
with our own fields beside it (`fullName`, `roles`, `orderList`)."""

import graphene
from django.contrib.auth.models import AnonymousUser

from backend.accounts.roles import official_province_codes, roles_for
from backend.checkout.selectors import saved_addresses_for
from backend.graphql.core.address import Address
from backend.graphql.core.common import Image, LanguageCodeEnum
from backend.graphql.core.connection import connection_args, connection_page
from backend.orders.selectors import orders_for_buyer


def name_parts(full_name: str) -> tuple[str, str]:
    """(first name, last name) of a Vietnamese full name, family name first: "Nguyễn Văn An" →
    ("Văn An", "Nguyễn"); a single word is the first name."""
    words = (full_name or "").split()
    if len(words) < 2:
        return " ".join(words), ""
    return " ".join(words[1:]), words[0]


def full_name_from(first_name: str | None, last_name: str | None, *, current: str = "") -> str:
    """The full name from Saleor's parts (family name first); a part left out (None) is kept."""
    current_first, current_last = name_parts(current)
    first = current_first if first_name is None else first_name.strip()
    last = current_last if last_name is None else last_name.strip()
    return " ".join(p for p in (last, first) if p)


_PROVEN = "_account_user_proven"


def account_user_proven(info, user) -> None:
    """Record that this request proved to be `user` (a password or an emailed token just checked),
    so the user's own fields (address book) answer although no Bearer token came with it."""
    info.context.__dict__[_PROVEN] = user.pk


def _owner(info, user):
    """`user` when the caller is that user (signed in, or proven in this request), else anonymous."""
    caller = info.context.user
    if caller.is_authenticated and caller.pk == user.pk:
        return caller
    if info.context.__dict__.get(_PROVEN) == user.pk:
        return user
    return AnonymousUser()


class User(graphene.ObjectType):
    id = graphene.ID(required=True)
    email = graphene.String(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    full_name = graphene.String(required=True)
    phone = graphene.String()
    language = graphene.String(required=True)
    language_code = graphene.Field(LanguageCodeEnum, required=True)
    is_active = graphene.Boolean(required=True)
    is_confirmed = graphene.Boolean(required=True)
    is_staff = graphene.Boolean(required=True)
    date_joined = graphene.DateTime(required=True)
    avatar = graphene.Field(Image, size=graphene.Int(), description="Always null: no avatars here.")
    metadata = graphene.List(
        graphene.NonNull("backend.graphql.catalog.types.MetadataItem"),
        required=True,
        description="Always empty: users carry no metadata here.",
    )
    addresses = graphene.List(
        graphene.NonNull(Address), required=True, description="The address book, default first."
    )
    default_shipping_address = graphene.Field(Address)
    default_billing_address = graphene.Field(
        Address, description="The same default as shipping: one default address serves both."
    )
    roles = graphene.List(graphene.NonNull(graphene.String), required=True)
    official_provinces = graphene.List(graphene.NonNull(graphene.Int), required=True)
    orders = graphene.Field(
        "backend.graphql.orders.types.OrderCountableConnection",
        description="The orders this user placed, newest first (one per stall of each checkout).",
        **connection_args(),
    )
    order_list = graphene.List(
        graphene.NonNull("backend.graphql.orders.types.Order"),
        required=True,
        description="The orders this user placed, newest first (at most 100); before Saleor's "
        "`orders` connection this list was `orders`.",
    )

    @staticmethod
    def resolve_id(user, _info):
        return graphene.Node.to_global_id("User", user.pk)

    @staticmethod
    def resolve_first_name(user, _info):
        return name_parts(user.full_name)[0]

    @staticmethod
    def resolve_last_name(user, _info):
        return name_parts(user.full_name)[1]

    @staticmethod
    def resolve_language_code(user, _info):
        return "en" if user.language == "en" else "vi"

    @staticmethod
    def resolve_avatar(_user, _info, size=None):
        return None

    @staticmethod
    def resolve_metadata(_user, _info):
        return []

    @staticmethod
    def resolve_addresses(user, info):
        return list(saved_addresses_for(user=_owner(info, user)).filter(user=user))

    @staticmethod
    def resolve_default_shipping_address(user, info):
        return saved_addresses_for(user=_owner(info, user)).filter(user=user, is_default=True).first()

    @staticmethod
    def resolve_default_billing_address(user, info):
        return saved_addresses_for(user=_owner(info, user)).filter(user=user, is_default=True).first()

    @staticmethod
    def resolve_roles(user, _info):
        return sorted(str(role) for role in roles_for(user))

    @staticmethod
    def resolve_official_provinces(user, _info):
        return official_province_codes(user)

    @staticmethod
    def resolve_orders(user, info, **page):
        from backend.graphql.orders.types import OrderCountableConnection

        orders = orders_for_buyer(user=user).prefetch_related("lines")
        return connection_page(orders, OrderCountableConnection, **page)

    @staticmethod
    def resolve_order_list(user, _info):
        return orders_for_buyer(user=user).prefetch_related("lines")[:100]
