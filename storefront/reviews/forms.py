"""The review form: stars and words, checked and saved by `reviews.actions.review_create`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.reviews.models import RATING_MAX, RATING_MIN, TEXT_MAX_LENGTH

RATING_CHOICES = [(n, "★" * n + "☆" * (RATING_MAX - n)) for n in range(RATING_MAX, RATING_MIN - 1, -1)]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your review"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What did you like? How was the product when it arrived?"),
    )
