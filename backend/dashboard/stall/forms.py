"""Forms for a stall's own profile and its OCOP certificate submissions."""

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.catalog.models import Product
from backend.stalls.models import OcopGroup


class StallProfileForm(forms.Form):
    description = forms.CharField(
        label=_("About your stall"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Simple formatting is kept: paragraphs, bold, italic, lists and links."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Street address"), max_length=255, required=False)
    bank_bin = forms.RegexField(
        label=_("Bank BIN"),
        regex=r"^\d{6}$",
        required=False,
        help_text=_("The 6-digit bank identification number used by VietQR (e.g. 970436 for Vietcombank)."),
        error_messages={"invalid": _("A bank BIN has 6 digits.")},
    )
    bank_account_number = forms.RegexField(
        label=_("Bank account number"),
        regex=r"^\d{6,19}$",
        required=False,
        error_messages={"invalid": _("A bank account number has 6 to 19 digits.")},
    )
    bank_account_name = forms.CharField(label=_("Account holder"), max_length=100, required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        payout = [cleaned.get(name) for name in ("bank_bin", "bank_account_number", "bank_account_name")]
        if any(payout) and not all(payout):
            raise forms.ValidationError(_("Give the bank BIN, account number and holder together."))
        return cleaned


class StallLogoForm(forms.Form):
    # A plain file field: the one image check (backend.core.images) runs in the action.
    logo = forms.FileField(label=_("Logo"), help_text=_("A square JPEG, PNG or WebP image."))


class CertificateForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Stars"), coerce=int, choices=[(3, "3 ★"), (4, "4 ★"), (5, "5 ★")], initial=3
    )
    group = forms.TypedChoiceField(label=_("Product group"), coerce=int, choices=OcopGroup.choices)
    score = forms.IntegerField(label=_("Score"), required=False, min_value=0, max_value=100)
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decision_date = forms.DateField(label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"}))
    issuing_authority = forms.CharField(
        label=_("Issuing authority"), max_length=200, help_text=_("For example: UBND tỉnh Vĩnh Long.")
    )
    document = forms.FileField(
        label=_("Scanned decision (PDF, JPEG or PNG)"),
        required=False,
        help_text=_("At most 10 MB."),
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Products covered"),
        queryset=Product.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, products: QuerySet[Product], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = products

    def clean_decision_date(self):
        value = self.cleaned_data["decision_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The decision date is in the future."))
        return value
