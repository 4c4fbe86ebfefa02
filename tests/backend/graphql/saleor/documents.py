"""Loads our Saleor-storefront-shaped operation documents: one operation per file, fragments shared.

`operations/<source>/<Name>.graphql` holds exactly one operation named like the file;
`operations/fragments/<Name>.graphql` one fragment each. A document sent to the API is the
operation followed by every fragment it reaches, as Saleor's storefront codegen assembles them.
"""

from functools import cache
from pathlib import Path

from graphql import FragmentDefinitionNode, FragmentSpreadNode, OperationDefinitionNode, parse, visit
from graphql.language import Visitor

OPERATIONS_DIR = Path(__file__).parent / "operations"
FRAGMENTS_DIR = OPERATIONS_DIR / "fragments"

# Which part of the storefront each operation serves (the issue asks for all of catalog,
# checkout and account); the README says which saleor/storefront file each one follows.
AREAS: dict[str, str] = {
    "storefront/ProductList": "catalog",
    "storefront/ProductListPaginated": "catalog",
    "storefront/ProductListByCategory": "catalog",
    "storefront/ProductListByCategoryProducts": "catalog",
    "storefront/ProductListByCollection": "catalog",
    "storefront/ProductDetails": "catalog",
    "storefront/ProductElement": "catalog",
    "storefront/ProductSlug": "catalog",
    "storefront/ProductVariantsForPdp": "catalog",
    "storefront/ProductVariantForPdp": "catalog",
    "storefront/SearchProducts": "catalog",
    "storefront/CategoriesList": "catalog",
    "storefront/CategoriesBySlug": "catalog",
    "storefront/CollectionsList": "catalog",
    "storefront/HomepageCollections": "catalog",
    "storefront/ChannelsList": "catalog",
    "storefront/MenuGetBySlug": "catalog",
    "storefront/PageGetBySlug": "catalog",
    "storefront/FilterableAttributes": "catalog",
    "checkout/channel": "catalog",
    "storefront/CheckoutCreate": "checkout",
    "storefront/CheckoutFind": "checkout",
    "storefront/CheckoutAddLine": "checkout",
    "storefront/CheckoutDeleteLines": "checkout",
    "storefront/CheckoutLinesUpdate": "checkout",
    "storefront/CheckoutUpdateLine": "checkout",
    "storefront/CheckoutCustomerDetach": "checkout",
    "checkout/checkout": "checkout",
    "checkout/checkoutLinesUpdate": "checkout",
    "checkout/checkoutLineDelete": "checkout",
    "checkout/checkoutEmailUpdate": "checkout",
    "checkout/checkoutCustomerAttach": "checkout",
    "checkout/checkoutShippingAddressUpdate": "checkout",
    "checkout/checkoutBillingAddressUpdate": "checkout",
    "checkout/checkoutDeliveryMethodUpdate": "checkout",
    "checkout/addressValidationRules": "checkout",
    "checkout/checkoutAddPromoCode": "checkout",
    "checkout/checkoutRemovePromoCode": "checkout",
    "checkout/checkoutComplete": "checkout",
    "checkout/paymentGatewaysInitialize": "checkout",
    "checkout/TransactionInitialize": "checkout",
    "checkout/transactionProcess": "checkout",
    "checkout/order": "account",
    "checkout/user": "account",
    "checkout/userRegister": "account",
    "checkout/confirmAccount": "account",
    "checkout/requestPasswordReset": "account",
    "checkout/userAddressDelete": "account",
    "checkout/userAddressUpdate": "account",
    "checkout/userAddressCreate": "account",
    "storefront/CurrentUser": "account",
    "storefront/CurrentUserOrderList": "account",
    "storefront/CurrentUserOrdersPaginated": "account",
    "storefront/CurrentUserProfile": "account",
    "storefront/CurrentUserWithAddresses": "account",
    "storefront/UserAccount": "account",
    "storefront/OrderByNumber": "account",
    "storefront/AccountUpdate": "account",
    "storefront/PasswordChange": "account",
    "storefront/AccountAddressCreate": "account",
    "storefront/AccountAddressUpdate": "account",
    "storefront/AccountAddressDelete": "account",
    "storefront/AccountSetDefaultAddress": "account",
    "storefront/AccountRequestDeletion": "account",
    "storefront/AccountConfirmation": "account",
    "storefront/Register": "account",
    "auth-sdk/tokenCreate": "account",
    "auth-sdk/tokenRefresh": "account",
    "auth-sdk/passwordReset": "account",
}


def operation_ids() -> list[str]:
    """Every operation file as `<source>/<Name>`, sorted."""
    return sorted(
        path.relative_to(OPERATIONS_DIR).with_suffix("").as_posix()
        for path in OPERATIONS_DIR.glob("*/*.graphql")
        if path.parent != FRAGMENTS_DIR
    )


@cache
def fragments() -> dict[str, str]:
    """Fragment name → its text, from `operations/fragments/`."""
    found: dict[str, str] = {}
    for path in sorted(FRAGMENTS_DIR.glob("*.graphql")):
        text = path.read_text(encoding="utf-8")
        (definition,) = parse(text).definitions
        assert isinstance(definition, FragmentDefinitionNode), path
        found[definition.name.value] = text
    return found


def _spreads(text: str) -> set[str]:
    names: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_args) -> None:
            names.add(node.name.value)

    visit(parse(text), Spreads())
    return names


def operation_text(operation_id: str) -> str:
    """The file's text: exactly one operation, named like the file."""
    text = (OPERATIONS_DIR / f"{operation_id}.graphql").read_text(encoding="utf-8")
    (definition,) = parse(text).definitions
    assert isinstance(definition, OperationDefinitionNode), operation_id
    assert definition.name and definition.name.value == operation_id.split("/")[-1], operation_id
    return text


def document(operation_id: str) -> str:
    """The operation followed by every fragment it reaches (an unknown name is left to validation)."""
    parts = [operation_text(operation_id)]
    known = fragments()
    seen: set[str] = set()
    pending = _spreads(parts[0])
    while pending:
        name = pending.pop()
        if name in seen or name not in known:
            continue
        seen.add(name)
        parts.append(known[name])
        pending |= _spreads(known[name])
    return "\n".join(parts)
