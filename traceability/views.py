"""Public traceability pages: the scan page (verdict + origin), its PIN and location forms, EPCIS.

The scan page is where the resolver sends every stamp: `/scan/01/<gtin>/10/<lot>/21/<serial>?s=…` or
`/scan/t/<serial>?s=…` (a lot or GTIN path without a serial shows the lot or product without a
verdict). GET verifies and records the scan; POSTs (PIN check, location consent) verify again but
never record a second scan.
"""

import secrets
from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from backend.catalog.models import Product
from backend.regions.selectors import commune_by_code, province_by_code, provinces
from traceability import signing
from traceability.epcis import epcis_document, lot_trace
from traceability.gs1 import DigitalLink, DigitalLinkError, digital_link_parse, short_serial_parse
from traceability.links import product_page_url, request_raw_path
from traceability.models import Lot, LotStatus, VerdictKind
from traceability.resolver import cors, problem
from traceability.scan_consent import scan_location_share
from traceability.selectors import (
    certifications_for_lot,
    diary_for_lot,
    lot_phi_warnings,
    lot_public_by_gtin,
    stamp_public_by_serial,
    variant_for_gtin,
)
from traceability.verification import (
    ScanMeta,
    Verdict,
    VerdictReason,
    scan_meta_from_request,
    scan_record,
    stamp_pin_check,
    stamp_verify,
)

REASON_TEXT = {
    VerdictReason.UNKNOWN_SERIAL: _("No stamp with this serial was ever issued."),
    VerdictReason.BAD_SIGNATURE: _(
        "The stamp's security code does not match: the link was altered or copied."
    ),
    VerdictReason.GTIN_MISMATCH: _("The product code in the link does not belong to this stamp."),
    VerdictReason.LOT_MISMATCH: _("The lot in the link does not belong to this stamp."),
    VerdictReason.LOT_ON_HOLD: _("The producer has put this lot on hold."),
    VerdictReason.LOT_RECALLED: _("This lot has been recalled."),
    VerdictReason.MANY_DEVICES: _("This stamp has been scanned by unusually many different phones."),
    VerdictReason.PROVINCES_FAR_APART: _(
        "This stamp was scanned in provinces far apart within a short time."
    ),
    VerdictReason.SCANNED_BEFORE_RELEASE: _("This stamp was scanned before its lot was released."),
}
DEVICE_COOKIE = "ns_device"
PROVINCE_COOKIE = "ns_province"  # set only after the visitor consented to share a province
COOKIE_MAX_AGE = 365 * 24 * 3600


class PinForm(forms.Form):
    pin = forms.RegexField(
        regex=r"^\s*\d{4,8}\s*$",
        label=_("Scratch PIN"),
        error_messages={"invalid": _("Type the digits under the scratch-off layer.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 8}),
    )


class LocationForm(forms.Form):
    province = forms.TypedChoiceField(label=_("Your province"), coerce=int, choices=())
    consent = forms.BooleanField(
        label=_("I agree to share my province (not my exact position) to help detect fake stamps."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "—")] + [(p.code, p.name) for p in provinces()]


@dataclass(frozen=True)
class Target:
    """What a scan path names: a stamp (serial + signature) and/or a lot, or only a product."""

    path: str
    serial: str | None = None
    gtin: str | None = None
    lot_code: str | None = None


def _target(request: HttpRequest) -> Target:
    path = request_raw_path(request).removeprefix("/scan")
    try:
        if path.startswith("/t/"):
            return Target(path=path, serial=short_serial_parse(path.removeprefix("/t/")))
        link: DigitalLink = digital_link_parse(path)
    except DigitalLinkError as exc:
        raise Http404(exc.message) from exc
    return Target(path=link.path, serial=link.serial, gtin=link.gtin, lot_code=link.lot)


def _consented_province(request: HttpRequest) -> int | None:
    value = request.get_signed_cookie(PROVINCE_COOKIE, default=None, salt="traceability.province")
    if value and value.isdigit() and province_by_code(int(value)):
        return int(value)
    return None


def _scan_meta(request: HttpRequest, device_id: str) -> ScanMeta:
    province = _consented_province(request)
    return scan_meta_from_request(
        request, device_id=device_id, consent=province is not None, province_code=province
    )


def _verify(request: HttpRequest, target: Target, meta: ScanMeta) -> Verdict:
    return stamp_verify(
        serial=target.serial or "",
        signature=request.GET.get("s", ""),
        gtin=target.gtin,
        lot_code=target.lot_code,
        request_meta=meta,
    )


def _place(province_code: int | None, commune_code: int | None = None) -> str:
    commune = commune_by_code(commune_code) if commune_code else None
    province = province_by_code(province_code) if province_code else None
    return ", ".join(part.name for part in (commune, province) if part)


def _without_corrected(entries: list) -> list:
    corrected = {entry.corrects_id for entry in entries if entry.corrects_id}
    return [entry for entry in entries if entry.pk not in corrected]


def _product_context(product: Product) -> dict:
    stall = product.stall
    certificate = product.ocop_certificate
    media = product.media.first()
    stars = certificate.stars if certificate and certificate.badge_visible() else None
    return {
        "product": product,
        "product_url": product_page_url(product),
        "image_url": media.image.url if media else "",
        "stall": stall,
        "stall_place": _place(stall.province_code, stall.commune_code),
        "ocop_stars": stars,
        "ocop_star_range": range(stars or 0),
        "origin": _place(product.origin_province_code, product.origin_commune_code),
    }


def _lot_context(lot: Lot) -> dict:
    site = lot.site
    diary = list(diary_for_lot(lot=lot))
    context = _product_context(lot.variant.product)
    context.update(
        {
            "lot": lot,
            "variant": lot.variant,
            "recalled": lot.status == LotStatus.RECALLED,
            "on_hold": lot.status == LotStatus.ON_HOLD,
            "diary": _without_corrected(diary),
            "phi_warnings": lot_phi_warnings(lot=lot, diary=diary),
            "certifications": list(certifications_for_lot(lot=lot)),
            "site": site,
        }
    )
    if site is not None:
        context["origin"] = _place(site.province_code, site.commune_code)
    return context


def _verdict_context(verdict: Verdict) -> dict:
    context = {
        "verdict": verdict,
        "genuine": verdict.is_genuine,
        "not_verified": verdict.kind in (VerdictKind.UNKNOWN, VerdictKind.FORGED),
        "first_scan_place": _place(verdict.first_scan_province),
        "reasons": [REASON_TEXT[VerdictReason(reason)] for reason in verdict.reasons],
    }
    # Nothing about a stamp that did not verify is shown as if it were real.
    if verdict.lot is not None and not context["not_verified"]:
        context.update(_lot_context(verdict.lot))
    return context


def _verified_stamp(verdict: Verdict | None) -> bool:
    """Whether the verdict is about a stamp whose signature verified (only then may its PIN be checked).

    A forged URL may carry a real serial: checking a PIN through it would let anyone burn the real
    stamp's one-time PIN, or lend the forgery the credibility of a correct PIN.
    """
    return (
        verdict is not None
        and verdict.stamp is not None
        and verdict.kind not in (VerdictKind.UNKNOWN, VerdictKind.FORGED)
    )


def _page_context(request: HttpRequest, target: Target, meta: ScanMeta) -> tuple[dict, Verdict | None]:
    context: dict = {"target": target, "signature": request.GET.get("s", "")}
    if target.serial is not None:
        verdict = _verify(request, target, meta)
        context.update(_verdict_context(verdict))
        context["pin_form"] = PinForm() if _verified_stamp(verdict) and verdict.stamp.pin_hash else None
        return context, verdict
    lot = lot_public_by_gtin(gtin=target.gtin, lot_code=target.lot_code) if target.lot_code else None
    if lot is not None:
        context.update(_lot_context(lot))
        return context, None
    variant = variant_for_gtin(gtin=target.gtin) if target.gtin else None
    if variant is None:
        raise Http404("Unknown product")
    context.update(_product_context(variant.product))
    context["variant"] = variant
    return context, None


def _render(request: HttpRequest, context: dict, device_id: str, meta: ScanMeta) -> HttpResponse:
    context["location_form"] = context.get("location_form") or LocationForm(
        initial={"province": meta.province_code}
    )
    context["location_shared"] = meta.consent
    response = render(request, "traceability/scan.html", context)
    response["Cache-Control"] = "no-store"  # a verdict is about this scan, never a cached one
    response["X-Robots-Tag"] = "noindex"
    response.set_cookie(
        DEVICE_COOKIE,
        device_id,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def scan_page(request: HttpRequest, path: str = "") -> HttpResponse:
    target = _target(request)
    device_id = request.COOKIES.get(DEVICE_COOKIE) or secrets.token_urlsafe(16)
    meta = _scan_meta(request, device_id)
    context, verdict = _page_context(request, target, meta)
    if request.method == "POST":
        _handle_post(request, context, verdict, meta)
    elif verdict is not None and request.method == "GET":
        # After the verdict is computed, so this scan does not count as "scanned before" itself.
        transaction.on_commit(lambda: scan_record(verdict=verdict, request_meta=meta))
    response = _render(request, context, device_id, meta)
    if context.get("pin_refused"):
        response.status_code = 400
    if context.get("set_province") is not None:
        response.set_signed_cookie(
            PROVINCE_COOKIE,
            str(context["set_province"]),
            salt="traceability.province",
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    if context.get("forget_province"):
        response.delete_cookie(PROVINCE_COOKIE)
    return response


def _handle_post(request: HttpRequest, context: dict, verdict: Verdict | None, meta: ScanMeta) -> None:
    action = request.POST.get("action")
    if action == "pin" and not _verified_stamp(verdict):
        # Refused before the throttles and the one-time flag: nothing is recorded as a PIN check.
        context["pin_refused"] = True
    elif action == "pin":
        form = PinForm(request.POST)
        context["pin_form"] = form
        if form.is_valid():
            context["pin_result"] = stamp_pin_check(
                stamp=verdict.stamp, pin=form.cleaned_data["pin"], request=request
            )
    elif action == "location":
        form = LocationForm(request.POST)
        context["location_form"] = form
        if form.is_valid():
            province = form.cleaned_data["province"]
            context["set_province"] = province
            context["location_saved"] = True
            if verdict is not None:
                scan_location_share(
                    serial=verdict.serial, device_hash=meta.device_hash, province_code=province
                )
    elif action == "forget-location":
        context["forget_province"] = True
        context["location_forgotten"] = True


@cors
def lot_epcis(request: HttpRequest, path: str = "") -> HttpResponse:
    """The EPCIS 2.0 JSON-LD history of a lot: `/epcis/01/<gtin>/10/<lot>` or `/epcis/t/<serial>`.

    The target of the resolver's gs1:traceability links, so it answers under the same `cors` rules
    (a consumer app follows the link from another origin, and reads the errors too).
    """
    raw = request_raw_path(request).removeprefix("/epcis")
    lot = None
    try:
        if raw.startswith("/t/"):
            stamp = stamp_public_by_serial(
                serial=signing.normalize_code(short_serial_parse(raw.removeprefix("/t/")))
            )
            lot = stamp.lot if stamp and stamp.lot.status != LotStatus.DRAFT else None
        else:
            link = digital_link_parse(raw)
            if link.lot:
                lot = lot_public_by_gtin(gtin=link.gtin, lot_code=link.lot)
    except DigitalLinkError as exc:
        return problem(request, 400, _("Malformed GS1 Digital Link"), exc.message, exc.code)
    if lot is None:
        return problem(request, 404, _("Unknown lot"), _("No public lot matches this link."))
    return JsonResponse(
        epcis_document(lot_trace(lot)),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False},
    )
