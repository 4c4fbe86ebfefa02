"""Account mutations in Saleor's shapes: tokens, registration and confirmation, the profile, the
address book (on checkout's `SavedAddress`), passwords and the emailed account deletion."""

import graphene
from django.db import transaction
from django.utils import translation

from backend.accounts import actions
from backend.accounts.error_codes import AccountErrorCode
from backend.accounts.tokens import (
    REFRESH,
    access_token_create,
    refresh_token_create,
    token_user,
)
from backend.catalog.selectors import channel_for_slug
from backend.checkout import actions as address_book
from backend.checkout.selectors import saved_address_for
from backend.core.errors import DomainError, DomainErrors
from backend.graphql.accounts.types import User, account_user_proven, full_name_from
from backend.graphql.core.address import Address, AddressInput, address_error, address_fields
from backend.graphql.core.common import AddressTypeEnum, LanguageCodeEnum, language_code
from backend.graphql.core.permissions import is_authenticated
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
        account_user_proven(info, user)
        return cls(
            token=access_token_create(user=user),
            refresh_token=refresh_token_create(user=user),
            user=user,
        )


class TokenRefresh(BaseMutation):
    """Exchange a refresh token for a new access token (Saleor's `csrfToken` is not needed: no cookies)."""

    class Arguments:
        refresh_token = graphene.String()
        csrf_token = graphene.String(description="Ignored: refresh tokens are never kept in cookies here.")

    error_type_class = AccountError
    token = graphene.String()
    user = graphene.Field(User)
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, info, refresh_token: str | None = None, csrf_token=None):
        if not refresh_token:
            raise DomainError(AccountErrorCode.REQUIRED, "Give the refresh token.", "refreshToken")
        user = token_user(token=refresh_token, token_type=REFRESH)
        account_user_proven(info, user)
        return cls(token=access_token_create(user=user), user=user)


def _channel_check(slug: str | None) -> None:
    """A `channel` named by a client must be one of our active channels."""
    if slug and channel_for_slug(slug) is None:
        raise DomainError(AccountErrorCode.NOT_FOUND, f"No active channel {slug!r}.", "channel")


class AccountRegisterInput(graphene.InputObjectType):
    email = graphene.String(required=True)
    password = graphene.String(required=True)
    first_name = graphene.String()
    last_name = graphene.String(description="The family name; the full name is family name first.")
    language_code = graphene.Field(LanguageCodeEnum, description="The language of our emails to the user.")
    redirect_url = graphene.String(
        description="The storefront page the confirmation link opens, with `email` and `token` added "
        "(for `confirmAccount`); it must be on an allowed host. Without it the link opens our page."
    )
    channel = graphene.String(description="The channel's slug; checked when given.")
    phone = graphene.String(description="Nông Sàn: an optional Vietnamese phone number.")


class AccountRegister(BaseMutation):
    """Register a consumer account; it signs in once confirmed through the emailed link.

    Saleor's `input`, or the earlier `email`/`password`/`fullName`/`phone` arguments. The answer is
    the same whether or not the email already has an account (its owner is emailed instead), so it
    never carries the user.
    """

    class Arguments:
        input = AccountRegisterInput(description="Saleor's registration input.")
        email = graphene.String()
        password = graphene.String()
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
    def perform_mutation(cls, _root, info, input=None, email=None, password=None, full_name="", phone=""):  # noqa: A002
        language = translation.get_language() or "vi"
        redirect_url = None
        if input is not None:
            email, password = input.email, input.password
            full_name = full_name_from(input.get("first_name") or "", input.get("last_name") or "")
            phone = input.get("phone") or ""
            if input.get("language_code"):
                language = "en" if language_code(input.language_code) == "en" else "vi"
            redirect_url = input.get("redirect_url")
            _channel_check(input.get("channel"))
        if not email:
            raise DomainError(AccountErrorCode.REQUIRED, "Email is required.", "email")
        actions.user_register(
            request=info.context,
            email=email,
            password=password or "",
            full_name=full_name or "",
            phone=phone or "",
            language=language if language in ("vi", "en") else "vi",
            redirect_url=redirect_url,
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
    def perform_mutation(cls, _root, info, email: str, token: str):
        user = actions.user_confirm(email=email, token=token)
        account_user_proven(info, user)
        return cls(user=user)


class AccountInput(graphene.InputObjectType):
    first_name = graphene.String()
    last_name = graphene.String()
    language_code = graphene.Field(LanguageCodeEnum)
    default_shipping_address = graphene.Field(
        AddressInput, description="Added to the address book as its default (one default serves both)."
    )
    default_billing_address = graphene.Field(AddressInput, description="As `defaultShippingAddress`.")
    phone = graphene.String(description="Nông Sàn: the account's phone number.")


def _address_saved(user, data, *, is_default: bool = False, address=None):
    """Create (or update `address`) in the buyer's book from a Saleor AddressInput; refusals come
    back as AccountErrors on the AddressInput fields."""
    try:
        fields = address_fields(data)
        if address is None:
            return address_book.saved_address_create(user=user, is_default=is_default, **fields)
        return address_book.saved_address_update(address=address, is_default=is_default, **fields)
    except (DomainError, DomainErrors) as exc:
        raise address_error(exc, AccountErrorCode) from exc


class AccountUpdate(BaseMutation):
    """Change the signed-in user's name, language, phone or default address."""

    class Arguments:
        input = AccountInput(required=True)

    permission = is_authenticated
    error_type_class = AccountError
    user = graphene.Field(User)
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, info, input):  # noqa: A002
        user = info.context.user
        full_name = None
        if input.get("first_name") is not None or input.get("last_name") is not None:
            full_name = full_name_from(
                input.get("first_name"), input.get("last_name"), current=user.full_name
            )
        language = None
        if input.get("language_code"):
            language = "en" if language_code(input.language_code) == "en" else "vi"
        address = input.get("default_shipping_address") or input.get("default_billing_address")
        with transaction.atomic():
            actions.user_update(user=user, full_name=full_name, phone=input.get("phone"), language=language)
            if address is not None:
                _address_saved(user, address, is_default=True)
        return cls(user=user)


def _own_address(cls, info, value: str):
    user = info.context.user
    return cls.get_scoped(
        value, "Address", lambda pk: saved_address_for(user=user, address_id=pk), what="Address"
    )


class AccountAddressCreate(BaseMutation):
    """Add an address to the signed-in user's book; `type` makes it the default (the first always is)."""

    class Arguments:
        input = AddressInput(required=True)
        type = AddressTypeEnum(description="Make it the default address (shipping and billing alike).")

    permission = is_authenticated
    error_type_class = AccountError
    user = graphene.Field(User)
    address = graphene.Field(Address)
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, info, input, type=None):  # noqa: A002
        user = info.context.user
        address = _address_saved(user, input, is_default=type is not None)
        return cls(user=user, address=address)


class AccountAddressUpdate(BaseMutation):
    """Replace an address of the signed-in user's book with `input`."""

    class Arguments:
        id = graphene.ID(required=True)
        input = AddressInput(required=True)

    permission = is_authenticated
    error_type_class = AccountError
    user = graphene.Field(User)
    address = graphene.Field(Address)
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, info, id, input):  # noqa: A002
        address = _own_address(cls, info, id)
        address = _address_saved(info.context.user, input, address=address, is_default=address.is_default)
        return cls(user=info.context.user, address=address)


class AccountAddressDelete(BaseMutation):
    """Remove an address from the signed-in user's book (the oldest other one becomes the default)."""

    class Arguments:
        id = graphene.ID(required=True)

    permission = is_authenticated
    error_type_class = AccountError
    user = graphene.Field(User)
    address = graphene.Field(Address)
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, info, id):  # noqa: A002
        address = _own_address(cls, info, id)
        pk = address.pk
        address_book.saved_address_delete(address=address)
        address.pk = pk  # the answer still names the removed address
        address.is_default = False
        return cls(user=info.context.user, address=address)


class AccountSetDefaultAddress(BaseMutation):
    """Make an address of the book the default (one default serves shipping and billing)."""

    class Arguments:
        id = graphene.ID(required=True)
        type = AddressTypeEnum(required=True)

    permission = is_authenticated
    error_type_class = AccountError
    user = graphene.Field(User)
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, info, id, type):  # noqa: A002
        address = _own_address(cls, info, id)
        address_book.saved_address_default_set(address=address)
        return cls(user=info.context.user)


class PasswordChange(BaseMutation):
    """Change the signed-in user's password; every token issued so far stops working (sign in again)."""

    class Arguments:
        old_password = graphene.String()
        new_password = graphene.String(required=True)

    permission = is_authenticated
    error_type_class = AccountError
    user = graphene.Field(User)
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, info, new_password, old_password=None):
        user = actions.user_password_change(
            request=info.context,
            user=info.context.user,
            old_password=old_password or "",
            new_password=new_password,
        )
        return cls(user=user)


class RequestPasswordReset(BaseMutation):
    """Email a reset link to `redirectUrl` with `email` and `token` (for `setPassword`); the same
    answer whether or not the email has an account."""

    class Arguments:
        email = graphene.String(required=True)
        redirect_url = graphene.String(required=True)
        channel = graphene.String()

    error_type_class = AccountError
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, info, email, redirect_url, channel=None):
        _channel_check(channel)
        actions.password_reset_request(request=info.context, email=email, redirect_url=redirect_url)
        return cls()


class SetPassword(BaseMutation):
    """Set a new password with the emailed token; answers fresh tokens, as signing in does."""

    class Arguments:
        email = graphene.String(required=True)
        token = graphene.String(required=True)
        password = graphene.String(required=True)

    error_type_class = AccountError
    token = graphene.String()
    refresh_token = graphene.String()
    user = graphene.Field(User)
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, info, email, token, password):
        user = actions.password_reset_confirm(
            request=info.context, email=email, token=token, password=password
        )
        account_user_proven(info, user)
        return cls(
            token=access_token_create(user=user), refresh_token=refresh_token_create(user=user), user=user
        )


class AccountRequestDeletion(BaseMutation):
    """Email the signed-in user a link to `redirectUrl` with a `token` that confirms the deletion
    (`accountDelete`). Refused when the account cannot be deleted yet (orders on the way, roles)."""

    class Arguments:
        redirect_url = graphene.String(required=True)
        channel = graphene.String()

    permission = is_authenticated
    error_type_class = AccountError
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, info, redirect_url, channel=None):
        _channel_check(channel)
        actions.account_deletion_request(
            request=info.context, user=info.context.user, redirect_url=redirect_url
        )
        return cls()


class AccountDelete(BaseMutation):
    """Delete the signed-in user's account with the emailed token: name, phone, addresses and carts
    are removed, the orders stay for the stalls' books without the buyer's contact."""

    class Arguments:
        token = graphene.String(required=True)

    permission = is_authenticated
    error_type_class = AccountError
    user = graphene.Field(User, description="Always null once deleted.")
    errors = errors_field(AccountError)

    @classmethod
    def perform_mutation(cls, _root, info, token):
        actions.account_delete(user=info.context.user, token=token)
        return cls(user=None)


class AccountMutations(graphene.ObjectType):
    token_create = TokenCreate.Field()
    token_refresh = TokenRefresh.Field()
    account_register = AccountRegister.Field()
    confirm_account = ConfirmAccount.Field()
    account_update = AccountUpdate.Field()
    account_address_create = AccountAddressCreate.Field()
    account_address_update = AccountAddressUpdate.Field()
    account_address_delete = AccountAddressDelete.Field()
    account_set_default_address = AccountSetDefaultAddress.Field()
    password_change = PasswordChange.Field()
    request_password_reset = RequestPasswordReset.Field()
    set_password = SetPassword.Field()
    account_request_deletion = AccountRequestDeletion.Field()
    account_delete = AccountDelete.Field()
