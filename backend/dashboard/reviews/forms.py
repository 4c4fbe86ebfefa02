"""Forms of the reviews dashboard: the stall's reply and report, staff's reason for hiding."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.reviews.models import REASON_MAX_LENGTH, TEXT_MAX_LENGTH


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Public reply"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
