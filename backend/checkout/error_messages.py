"""What checkout refusals say to a person, in their language: the shop's words for each code.

Actions raise English messages for the API; interfaces that face people look the code up here, by
(code, snake_case field) where one code covers several refusals, else by code.
"""

from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from backend.checkout.error_codes import CheckoutErrorCode as C

MESSAGES: dict[Enum | tuple[Enum, str], Promise] = {
    C.NOT_FOUND: _("Your cart has expired or was already ordered. Please start again."),
    (C.NOT_FOUND, "line"): _("This item is no longer in your cart."),
    C.INVALID_CHANNEL: _("This shop is not available right now."),
    C.VARIANT_NOT_AVAILABLE: _("This product is not for sale right now."),
    C.INVALID_QUANTITY: _("Enter a quantity between 1 and 1000."),
    C.INSUFFICIENT_STOCK: _("There is not enough stock for that quantity."),
    C.TOO_MANY_LINES: _("A cart holds at most 100 different products."),
    C.EMPTY: _("Your cart is empty."),
    C.EMAIL_REQUIRED: _("Enter your email address."),
    C.INVALID_EMAIL: _("Enter a valid email address."),
    C.ADDRESS_REQUIRED: _("Enter a delivery address."),
    C.INVALID_PHONE: _("Enter a Vietnamese phone number, such as 0912 345 678."),
    C.REQUIRED: _("This field is required."),
    (C.REQUIRED, "full_name"): _("Enter the recipient's name."),
    (C.REQUIRED, "street"): _("Enter the house number and street."),
    C.UNKNOWN_PROVINCE: _("Choose a province from the list."),
    C.LEGACY_PROVINCE_CODE: _("This province no longer exists since July 2025; choose the new province."),
    C.UNKNOWN_COMMUNE: _("Choose a commune from the list."),
    C.COMMUNE_NOT_IN_PROVINCE: _("This commune is not in the chosen province."),
    C.LEGACY_CODE_UNCONVERTIBLE: _("This commune was merged in July 2025; choose the new commune."),
    C.DELIVERY_METHOD_INVALID: _("This delivery method is not offered for these items."),
    C.DELIVERY_METHOD_REQUIRED: _("Choose a delivery method for each stall."),
    C.PAYMENT_METHOD_UNAVAILABLE: _("This payment method is not available for this order."),
    C.TOO_MANY_ADDRESSES: _("Your address book is full (20 addresses); delete one first."),
    C.INVALID: _("This value is not valid."),
    (C.INVALID, "promo_code"): _("This promo code is not valid."),
    C.VOUCHER_NOT_APPLICABLE: _("This promo code does not apply to the items in your cart."),
    C.VOUCHER_NOT_ACTIVE: _("This promo code is not valid at this time."),
    C.VOUCHER_USAGE_LIMIT_REACHED: _("This promo code has been used up."),
    C.VOUCHER_ALREADY_USED: _("You have already used this promo code."),
    C.VOUCHER_MIN_SPEND_NOT_REACHED: _("Your cart does not reach this promo code's minimum spend."),
    C.CHECKOUT_NOT_FULLY_PAID: _(
        "Choose how to pay for the whole order. If you had paid and the cart changed, the money was refunded."
    ),
}
