"""Forms of the orders dashboard: shipping, cancelling, refunding, recording a payout."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.stalls.models import Stall


class FulfilForm(forms.Form):
    carrier = forms.CharField(label=_("Carrier"), max_length=64, required=False)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=64, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason shown to the buyer"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class RefundForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=14, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class PayoutForm(forms.Form):
    stall = forms.ModelChoiceField(label=_("Stall"), queryset=Stall.objects.none())
    amount = forms.DecimalField(label=_("Amount (VND)"), min_value=1, max_digits=14, decimal_places=0)
    reference = forms.CharField(label=_("Bank transfer reference"), max_length=64)

    def __init__(self, *args, stalls, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stall"].queryset = stalls
