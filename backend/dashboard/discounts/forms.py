"""The stall's voucher form: the fields a stall may set (the stall and channel come from the page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.discounts.models import VoucherKind


class VoucherForm(forms.Form):
    code = forms.CharField(label=_("code"), max_length=32)
    name = forms.CharField(label=_("name"), max_length=128, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=VoucherKind.choices)
    value = forms.DecimalField(label=_("value"), min_value=0, max_digits=14, decimal_places=2)
    min_spend_amount = forms.DecimalField(
        label=_("minimum spend"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    usage_limit = forms.IntegerField(label=_("usage limit"), min_value=1, required=False)
    apply_once_per_customer = forms.BooleanField(label=_("once per customer"), required=False)
    ends_at = forms.DateTimeField(label=_("valid until"), required=False)
