"""The one lookup from a `DomainError` to the words a person reads, shared by every HTML interface.

Domain actions raise `DomainError(code, English message, field)` for the API; each app keeps what its
codes say to a person in `<app>/error_messages.py`, and each interface passes the tables of the apps
it calls. A message is found by (code, snake_case field) first, where one code covers several
refusals, then by code; a code with no words gets a generic message naming the code, so a new code
shows something translated instead of English or a crash.
"""

import re
from collections.abc import Mapping
from enum import Enum

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext

from backend.core.errors import DomainError, DomainErrors

Messages = Mapping[Enum | tuple[Enum, str], Promise]

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def field_name(error: DomainError) -> str | None:
    """The form field an error names: `bankAccountNumber` (API style) becomes `bank_account_number`."""
    if not error.field:
        return None
    return _CAMEL.sub("_", error.field).lower()


def message_for(error: DomainError, messages: Messages) -> str:
    """The refusal in the active language: by (code, field), then by code, else a generic message."""
    name = field_name(error)
    message = (messages.get((error.code, name)) if name else None) or messages.get(error.code)
    if message is None:
        code = error.code.value if isinstance(error.code, Enum) else error.code
        return gettext("This could not be done (%(code)s).") % {"code": code}
    return str(message)


def form_add_domain_error(
    form: forms.Form,
    error: DomainError | DomainErrors,
    messages: Messages,
    *,
    fields: Mapping[str, str] | None = None,
) -> None:
    """Attach each refusal to the form field it names (renamed through `fields`), else to the form."""
    for each in error.errors if isinstance(error, DomainErrors) else [error]:
        name = field_name(each)
        name = (fields or {}).get(name, name)
        form.add_error(name if name in form.fields else None, message_for(each, messages))
