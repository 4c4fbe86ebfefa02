"""Domain refusals shown on dashboard forms in the user's language.

Domain actions speak English with stable codes (for the API); the dashboard translates by code, and
by (code, field) where one code covers several refusals, falling back to the action's own message.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.catalog.error_codes import CatalogErrorCode as C
from backend.catalog.importing import ImportErrorCode as I
from backend.catalog.importing import RowError
from backend.core.errors import DomainError
from backend.stalls.error_codes import StallErrorCode as S

_MESSAGES = {
    C.DUPLICATED_SKU: _("This SKU is already used by another variant of your stall."),
    C.INVALID_GTIN: _("This GTIN is not valid: it has 8, 12, 13 or 14 digits and a correct check digit."),
    C.DUPLICATED_GTIN: _("This GTIN is already used by another variant."),
    C.INVALID_PRICE: _("Enter a price of zero or more, with the currency's number of decimals."),
    C.CHANNEL_NOT_FOUND: _("This sales channel does not exist."),
    C.CATEGORY_NOT_FOUND: _("This category does not exist."),
    C.CERTIFICATE_NOT_IN_STALL: _("Choose one of your stall's OCOP certificates."),
    C.WAREHOUSE_NOT_IN_STALL: _("Choose one of your stall's warehouses."),
    C.INVALID_QUANTITY: _("Enter a quantity of zero or more."),
    C.QUANTITY_BELOW_ALLOCATED: _("The quantity cannot be lower than the units already promised to orders."),
    C.UNKNOWN_PROVINCE: _("Unknown province."),
    C.UNKNOWN_COMMUNE: _("Unknown commune or ward (use the list in force since 1 July 2025)."),
    C.COMMUNE_NOT_IN_PROVINCE: _("This commune or ward is not in the chosen province."),
    C.UNSUPPORTED_IMAGE_FORMAT: _("Upload a JPEG, PNG or WebP photo."),
    C.FILE_TOO_LARGE: _("This file is too large."),
    C.IMAGE_TOO_LARGE: _("This photo has too many pixels; resize it and try again."),
    C.INVALID_IMAGE: _("This file is not a photo we can read."),
    C.STALL_NOT_APPROVED: _("Your stall is not approved yet."),
    S.UNKNOWN_PROVINCE: _("Unknown province."),
    S.UNKNOWN_COMMUNE: _("Unknown commune or ward (use the list in force since 1 July 2025)."),
    S.COMMUNE_NOT_IN_PROVINCE: _("This commune or ward is not in the chosen province."),
    S.INVALID_TAX_CODE: _("A tax code has 10 digits, or 10 digits, a dash and 3 digits for a branch."),
    S.INVALID_STARS: _("OCOP ratings have 3, 4 or 5 stars."),
    S.INVALID_GROUP: _("Choose an OCOP product group."),
    S.INVALID_SCORE: _("The OCOP score is 0 to 100."),
    S.INVALID_DOCUMENT: _("Upload the decision as a PDF, JPEG or PNG file of at most 10 MB."),
    S.PRODUCT_NOT_IN_STALL: _("A certificate covers only your stall's own products."),
    S.UNSUPPORTED_IMAGE_FORMAT: _("Upload a JPEG, PNG or WebP image."),
    S.FILE_TOO_LARGE: _("This file is too large."),
    S.IMAGE_TOO_LARGE: _("This image has too many pixels; resize it and try again."),
    S.INVALID_IMAGE: _("This file is not an image we can read."),
    (S.INVALID, "bank_bin"): _("A bank BIN has 6 digits."),
    (S.INVALID, "bank_account_number"): _("A bank account number has 6 to 19 digits."),
    (S.INVALID, "decision_date"): _("The decision date is in the future."),
    S.REQUIRED: _("This field is required."),
    C.REQUIRED: _("This field is required."),
}

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def field_name(error: DomainError) -> str | None:
    """The form field an error belongs to: `bankAccountNumber` (API style) becomes `bank_account_number`."""
    if not error.field:
        return None
    return _CAMEL.sub("_", error.field).lower()


def domain_error_message(error: DomainError) -> str:
    message = _MESSAGES.get((error.code, field_name(error))) or _MESSAGES.get(error.code, error.message)
    return str(message)


def add_domain_error(form: forms.Form, error: DomainError, *, fields: dict[str, str] | None = None) -> None:
    """Attach `error` to the matching field of `form` (renamed through `fields`), else to the form."""
    name = field_name(error)
    name = (fields or {}).get(name, name)
    form.add_error(name if name in form.fields else None, domain_error_message(error))


_IMPORT_MESSAGES = {
    I.FILE_TOO_LARGE: _("The file is larger than %(limit)d MB."),
    I.TOO_MANY_ROWS: _("The file has more than %(limit)d product rows; split it into smaller files."),
    I.NOT_UTF8: _('The CSV file must be saved as UTF-8 ("CSV UTF-8" in Excel).'),
    I.NOT_CSV: _("This is neither a CSV text file nor an XLSX workbook."),
    I.MALFORMED_CSV: _("The CSV file is malformed (check the quotes)."),
    I.NOT_XLSX: _("This XLSX workbook cannot be read; save it again from your spreadsheet program."),
    I.XLSX_TOO_LARGE: _("This XLSX workbook holds too much data."),
    I.EMPTY_FILE: _("The file is empty."),
    I.NO_ROWS: _("The file has a header but no product rows."),
    I.UNKNOWN_COLUMN: _("Unknown column; the template lists the columns you can use."),
    I.MISSING_COLUMN: _("This column is required."),
    I.UNKNOWN_CATEGORY: _("No category has this slug; see the list of categories below."),
    I.CATEGORY_CONFLICT: _("Row %(row)d gives this product another category."),
    I.DUPLICATED_SKU: _("This SKU is already on row %(row)d."),
    I.SKU_EXISTS: _("This SKU is already used by another variant of your stall."),
    I.INVALID_GTIN: _("This GTIN is not valid: it has 8, 12, 13 or 14 digits and a correct check digit."),
    I.DUPLICATED_GTIN: _("This GTIN is already on row %(row)d."),
    I.GTIN_EXISTS: _("This GTIN is already used by another variant."),
    I.UNKNOWN_WAREHOUSE: _("Your stall has no warehouse with this name."),
    I.WAREHOUSE_REQUIRED: _("Name the warehouse that holds this stock."),
    I.NO_WAREHOUSE: _("Create a warehouse before importing stock."),
    I.CHANNEL_UNAVAILABLE: _("This sales channel is not available."),
}


def import_error_message(error: RowError) -> str:
    """One import report line in the user's language."""
    if error.code is I.REFUSED and error.cause is not None:
        return domain_error_message(error.cause)
    template = _IMPORT_MESSAGES.get(error.code)
    return str(template) % error.params if template is not None else error.message
