"""Staff forms for the payment review list: close a review with a note, or accept it as payment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.payments.vietqr import MAX_REFERENCE_LENGTH


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("What was done with the money"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: sent back to the buyer's account on 21/11, bank reference FT123."),
    )


class MarkPaidForm(forms.Form):
    reference = forms.CharField(
        label=_("Order payment reference"),
        max_length=MAX_REFERENCE_LENGTH,
        help_text=_("The NS… reference of the order this money pays for."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean_reference(self) -> str:
        return self.cleaned_data["reference"].strip().upper()
