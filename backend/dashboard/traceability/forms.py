"""Dashboard forms for traceability: sites, lots, withdrawal notices, diary entries (phone camera),
certifications, stamp issuance and label sheets. Validation of meaning stays in the domain actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.dashboard.catalog.forms import RegionPickerMixin
from backend.stalls.models import OcopCertificate
from traceability.actions import STAMP_ISSUE_MAX
from traceability.models import CertificationKind, DiaryEntry, DiaryKind, LabelFormat, Site, StampJob

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class SiteForm(RegionPickerMixin, forms.Form):
    name = forms.CharField(label=_("Site or plot name"), max_length=200)
    province_code = forms.TypedChoiceField(label=_("Province"), coerce=int, empty_value=None)
    commune_code = forms.TypedChoiceField(label=_("Commune or ward"), coerce=int, empty_value=None)
    planting_area_code = forms.CharField(
        label=_("Planting area code"), max_length=32, required=False, help_text=_("Mã số vùng trồng, if any.")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setup_regions(required=True)

    def clean(self) -> dict:
        cleaned = super().clean()
        self.clean_regions(cleaned)
        return cleaned


class LotForm(forms.Form):
    variant = forms.ModelChoiceField(label=_("Product"), queryset=None)
    code = forms.CharField(
        label=_("Lot code"), max_length=20, help_text=_("Printed on the labels, e.g. VT2406A.")
    )
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, max_digits=14, decimal_places=3)
    unit = forms.CharField(label=_("Unit"), max_length=16, initial="kg")
    site = forms.ModelChoiceField(label=_("Site or plot"), queryset=None, required=False)
    harvest_date = forms.DateField(label=_("Harvest date"), required=False, widget=DATE)
    production_date = forms.DateField(label=_("Production date"), required=False, widget=DATE)
    packing_date = forms.DateField(label=_("Packing date"), required=False, widget=DATE)
    expiry_date = forms.DateField(label=_("Expiry date"), required=False, widget=DATE)

    def __init__(self, *args, variants, sites, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["variant"].queryset = variants
        self.fields["variant"].label_from_instance = lambda v: str(v)
        self.fields["site"].queryset = sites


class WithdrawForm(forms.Form):
    HOLD = "hold"
    RECALL = "recall"
    action = forms.ChoiceField(
        label=_("Action"), choices=[(HOLD, _("Put on hold")), (RECALL, _("Recall"))], widget=forms.RadioSelect
    )
    notice = forms.CharField(
        label=_("Notice shown on every scan"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is wrong and what buyers should do (stop using it, return it …)."),
    )


class DiaryEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=DiaryKind.choices)
    occurred_at = forms.DateTimeField(label=_("When"), input_formats=DATETIME_FORMATS, widget=DATETIME)
    material = forms.CharField(
        label=_("Material (seed, fertiliser, pesticide …)"), max_length=200, required=False
    )
    dose = forms.CharField(label=_("Dose"), max_length=100, required=False)
    method = forms.CharField(label=_("Method"), max_length=200, required=False)
    pre_harvest_interval_days = forms.IntegerField(
        label=_("Pre-harvest interval (days)"), min_value=0, max_value=365, required=False
    )
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=0, max_digits=14, decimal_places=3, required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=16, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        # capture="environment" opens the phone's back camera straight away.
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    corrects = forms.ModelChoiceField(
        label=_("Corrects an earlier entry"), queryset=DiaryEntry.objects.none(), required=False
    )

    def __init__(self, *args, entries, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["corrects"].queryset = entries


class CertificationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Standard"), choices=CertificationKind.choices)
    number = forms.CharField(label=_("Certificate number"), max_length=64)
    issuer = forms.CharField(label=_("Issued by"), max_length=200)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    site = forms.ModelChoiceField(label=_("Only for the site"), queryset=Site.objects.none(), required=False)
    ocop_certificate = forms.ModelChoiceField(
        label=_("OCOP decision"), queryset=OcopCertificate.objects.none(), required=False
    )
    document = forms.FileField(label=_("Scanned certificate"), required=False)

    def __init__(self, *args, sites, ocop_certificates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["ocop_certificate"].queryset = ocop_certificates


class StampIssueForm(forms.Form):
    invalid_message = _("Enter a number of stamps between 1 and 1,000,000.")

    quantity = forms.IntegerField(
        label=_("Number of stamps"), min_value=1, max_value=STAMP_ISSUE_MAX, initial=100
    )
    with_pin = forms.BooleanField(label=_("With a scratch-off PIN"), required=False)


class LabelJobForm(forms.Form):
    invalid_message = _("Check the label sheet settings.")

    stamp_job = forms.ModelChoiceField(
        label=_("Stamps"),
        queryset=StampJob.objects.none(),
        required=False,
        empty_label=_("All stamps of the lot"),
    )
    format = forms.ChoiceField(label=_("Format"), choices=LabelFormat.choices)
    rows = forms.IntegerField(label=_("Rows per A4 page"), min_value=1, max_value=30, initial=8)
    cols = forms.IntegerField(label=_("Columns per A4 page"), min_value=1, max_value=12, initial=3)
    margin_mm = forms.DecimalField(
        label=_("Page margin (mm)"), min_value=0, max_value=40, decimal_places=1, initial=8
    )
    offset = forms.IntegerField(label=_("Skip the first (stamps)"), min_value=0, initial=0, required=False)
    limit = forms.IntegerField(
        label=_("How many labels"),
        min_value=1,
        required=False,
        help_text=_("Empty: all. PDF, SVG and PNG hold at most 20,000 labels a job; CSV has no limit."),
    )

    def clean_offset(self) -> int:
        return self.cleaned_data["offset"] or 0

    def __init__(self, *args, stamp_jobs, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stamp_job"].queryset = stamp_jobs
        self.fields["stamp_job"].label_from_instance = lambda job: (
            _("Job %(id)s: %(count)s stamps")
            % {
                "id": job.pk,
                "count": job.progress,
            }
        )
