"""Account mutations: tokenCreate, tokenRefresh, accountRegister, confirmAccount."""

import graphene
from django.utils import translation

from backend.accounts import actions
from backend.accounts.error_codes import AccountErrorCode
from backend.accounts.tokens import (
    REFRESH,
    access_token_create,
    refresh_token_create,
    token_user,
)
from backend.graphql.accounts.types import User
from backend.graphql.core.types import BaseMutation, error_type, errors_field

AccountError = error_type("AccountError", AccountErrorCode)


class TokenCreate(BaseMutation):
    """Exchange email and password for an access token and a refresh token."""

    class Arguments:
        email = graphene.String(required=True)
        password = graphene.String(required=True)

    error_type_class = AccountError
    token = graphene.String()
    refresh_token = graphene.String()
    user = graphene.Field(User)
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, info, email: str, password: str):
        user = actions.user_authenticate(request=info.context, email=email, password=password)
        return cls(
            token=access_token_create(user=user),
            refresh_token=refresh_token_create(user=user),
            user=user,
        )


class TokenRefresh(BaseMutation):
    """Exchange a refresh token for a new access token."""

    class Arguments:
        refresh_token = graphene.String(required=True)

    error_type_class = AccountError
    token = graphene.String()
    user = graphene.Field(User)
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, _info, refresh_token: str):
        user = token_user(token=refresh_token, token_type=REFRESH)
        return cls(token=access_token_create(user=user), user=user)


class AccountRegister(BaseMutation):
    """Register a consumer account; it signs in once confirmed through the emailed link.

    The answer is the same whether or not the email already has an account (its owner is emailed
    instead), so it never carries the user.
    """

    class Arguments:
        email = graphene.String(required=True)
        password = graphene.String(required=True)
        full_name = graphene.String()
        phone = graphene.String()

    error_type_class = AccountError
    requires_confirmation = graphene.Boolean(
        description="True when the registration went through: the account waits for its email link."
    )
    user = graphene.Field(
        User,
        deprecation_reason="Always null: the answer must not tell whether the email was taken.",
    )
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, info, email, password, full_name="", phone=""):
        actions.user_register(
            request=info.context,
            email=email,
            password=password,
            full_name=full_name or "",
            phone=phone or "",
            language=translation.get_language() or "vi",
        )
        return cls(requires_confirmation=True)


class ConfirmAccount(BaseMutation):
    """Confirm an account with the email and token from the link sent at registration."""

    class Arguments:
        email = graphene.String(required=True)
        token = graphene.String(required=True)

    error_type_class = AccountError
    user = graphene.Field(User)
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, _info, email: str, token: str):
        return cls(user=actions.user_confirm(email=email, token=token))


class AccountMutations(graphene.ObjectType):
    token_create = TokenCreate.Field()
    token_refresh = TokenRefresh.Field()
    account_register = AccountRegister.Field()
    confirm_account = ConfirmAccount.Field()
