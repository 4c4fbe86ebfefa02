"""What catalog refusals say to a person, in their language: the dashboard's words for each code.

Actions raise English messages for the API; interfaces that face people look the code up here, by
(code, snake_case field) where one code covers several refusals, else by code. Import report lines
(`ImportErrorCode`) carry parameters (`%(row)d`, `%(limit)d`) filled from the row error.
"""

from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from backend.catalog.error_codes import CatalogErrorCode as C
from backend.catalog.importing import ImportErrorCode as I

MESSAGES: dict[Enum | tuple[Enum, str], Promise] = {
    C.REQUIRED: _("This field is required."),
    (C.INVALID, "harvest_months"): _("Choose harvest months from 1 to 12."),
    (C.INVALID, "language_code"): _("Translations are kept for English only."),
    C.UNIQUE: _("The SKU or GTIN is already used."),
    C.STALL_NOT_APPROVED: _("Your stall is not approved yet."),
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
}

IMPORT_MESSAGES: dict[Enum, Promise] = {
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
