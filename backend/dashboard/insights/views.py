"""Insights pages under /dashboard/: the officials' province figures (with exports and a printable
monthly report), the province's OCOP list, and a stall's own figures and monthly declarations.

Officials and platform staff read provinces through `access.readable_provinces` and the scoped
`province_insights`; a stall's pages start from `stall_access` and read through `stall_insights`
(members and staff only: an official gets 403 there). Every figure is an aggregate.
"""

import datetime
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from backend.core.errors import DomainError
from backend.dashboard.errors import add_domain_error, import_error_message
from backend.dashboard.insights import export
from backend.dashboard.insights.access import readable_provinces
from backend.dashboard.insights.figures import (
    month_label,
    province_key_figures,
    province_tables,
    stall_key_figures,
    stall_tables,
)
from backend.dashboard.insights.forms import (
    DeclarationForm,
    OcopListForm,
    PeriodForm,
    ProvinceInsightsForm,
    ReportForm,
    declaration_scope,
)
from backend.dashboard.insights.tables import Table
from backend.dashboard.shortcuts import stall_render
from backend.dashboard.stall.access import stall_access
from backend.insights.actions import (
    declaration_months,
    ocop_list_import,
    sales_declaration_delete,
    sales_declaration_save,
)
from backend.insights.ocop_list import COLUMNS as OCOP_LIST_COLUMNS
from backend.insights.ocop_list import ocop_list_report
from backend.insights.selectors import declarations_for_stall, province_insights, stall_insights

FORMATS = ("xlsx", "csv")
ALL_TABLES = "all"


def _query(form, *names: str) -> str:
    """The form's cleaned parameters as a query string, for links that keep the same period."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    values = {}
    for name in names or tuple(form.fields):
        value = data.get(name)
        if value is not None and value != "":
            values[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return urlencode(values)


def _filters_text(form: ProvinceInsightsForm) -> str:
    """The chosen filters in words, for the export's information sheet and the page heading."""
    names = ("commune", "category", "ocop_stars", "ocop_group", "legal_form", "channel")
    words = []
    for name in names:
        value = form.cleaned_data.get(name)
        if value is None or value == "":
            continue
        labels = {str(key): label for key, label in form.fields[name].choices}
        words.append(f"{form.fields[name].label}: {labels.get(str(value), value)}")
    return "; ".join(words) or _("none")


def _province_figures(request: HttpRequest, form: ProvinceInsightsForm):
    """(period, insights) for a valid form, else (None, None) with the refusal on the form."""
    period = form.period()
    if period is None:
        return None, None
    try:
        insights = province_insights(
            user=request.user,
            province_code=period.province.code,
            date_from=period.date_from,
            date_to=period.date_to,
            filters=period.filters,
        )
    except DomainError as error:
        add_domain_error(form, error)
        return None, None
    return period, insights


@login_required
@require_GET
def province(request: HttpRequest) -> HttpResponse:
    """The officials' page: key figures, then every figure as a chart over its table."""
    form = ProvinceInsightsForm(request.GET, provinces=readable_provinces(request))
    period, insights = _province_figures(request, form)
    context = {"form": form, "period": period}
    if insights is not None:
        context.update(
            insights=insights,
            key_figures=province_key_figures(insights),
            tables=province_tables(insights),
            filters_text=_filters_text(form),
            export_query=_query(form),
            province_query=_query(form, "province"),
        )
    return render(request, "dashboard/insights/province.html", context, status=200 if insights else 400)


def _about(title: str, province_name: str, date_from, date_to, filters: str) -> list[tuple[str, str]]:
    return [
        (_("Report"), title),
        (_("Province"), province_name),
        (_("Start date"), date_from.strftime("%d/%m/%Y")),
        (_("End date"), date_to.strftime("%d/%m/%Y")),
        (_("Filters"), filters),
        (_("Made at"), timezone.localtime().strftime("%d/%m/%Y %H:%M")),
        (_("Source"), _("Nông Sàn: orders confirmed and not cancelled, refunds deducted; stamp scans.")),
    ]


def _download(tables: list[Table], slug: str, fmt: str, about: list[tuple[str, str]], *names: str):
    """One table (or all of them as one workbook) as XLSX or CSV; 404 for an unknown table."""
    if fmt not in FORMATS:
        return HttpResponseBadRequest(_("Choose XLSX or CSV."))
    if slug == ALL_TABLES and fmt == "xlsx":
        content = export.workbook_bytes(tables, about, _("About"))
        return export.xlsx_response(content, export.filename(_("Insights"), *names))
    table = next((t for t in tables if t.slug == slug), None)
    if table is None:
        raise Http404
    name = export.filename(table.title, *names)
    if fmt == "csv":
        return export.csv_response(table, name)
    return export.xlsx_response(export.workbook_bytes([table], about, _("About")), name)


@login_required
@require_GET
def province_export(request: HttpRequest) -> HttpResponse:
    """`?<the page's parameters>&table=<slug or all>&format=xlsx|csv`, always with Vietnamese headers
    (the report goes to Vietnamese offices whatever language the reader browses in)."""
    with translation.override("vi"):
        form = ProvinceInsightsForm(request.GET, provinces=readable_provinces(request))
        period, insights = _province_figures(request, form)
        if insights is None:
            return HttpResponseBadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors))
        about = _about(
            _("Province insights"),
            insights.province_name,
            period.date_from,
            period.date_to,
            _filters_text(form),
        )
        return _download(
            province_tables(insights),
            request.GET.get("table", ""),
            request.GET.get("format", ""),
            about,
            insights.province_name,
            period.date_from.isoformat(),
            period.date_to.isoformat(),
        )


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The printable monthly report: the month's figures, with the twelve months up to it as the trend."""
    form = ReportForm(request.GET, provinces=readable_provinces(request))
    chosen = form.chosen()
    context: dict = {"form": form}
    if chosen is not None:
        province_, month = chosen
        month_end = month + relativedelta(months=1) - datetime.timedelta(days=1)
        try:
            insights = province_insights(
                user=request.user, province_code=province_.code, date_from=month, date_to=month_end
            )
            trend = province_insights(
                user=request.user,
                province_code=province_.code,
                date_from=month - relativedelta(months=11),
                date_to=month_end,
            ).monthly
        except DomainError as error:
            add_domain_error(form, error)
        else:
            query = {
                "province": province_.code,
                "date_from": month.isoformat(),
                "date_to": month_end.isoformat(),
            }
            context.update(
                insights=insights,
                month=month_label(month),
                key_figures=province_key_figures(insights),
                tables=province_tables(insights, trend=trend),
                export_query=urlencode(query),
                province_query=urlencode({"province": province_.code}),
                made_at=timezone.localtime(),
            )
    status = 200 if "insights" in context else 400
    return render(request, "dashboard/insights/report.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def ocop_list(request: HttpRequest) -> HttpResponse:
    """The province's OCOP list against Nông Sàn's products, and the upload that replaces the list."""
    provinces = readable_provinces(request)
    chosen_code = request.GET.get("province", "")
    shown = next((p for p in provinces if str(p.code) == chosen_code), provinces[0])
    form = OcopListForm(
        request.POST or None, request.FILES or None, provinces=provinces, initial={"province": shown.code}
    )
    problems = None
    if request.method == "POST" and form.is_valid():
        shown = next(p for p in provinces if p.code == form.cleaned_data["province"])
        try:
            result = ocop_list_import(
                user=request.user, province_code=shown.code, data=form.cleaned_data["file"].read()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if result.ok:
                messages.success(
                    request,
                    _("Imported the OCOP list of %(province)s: %(rows)d products.")
                    % {"province": shown.name, "rows": result.imported},
                )
                return redirect(f"{request.path}?{urlencode({'province': shown.code})}")
            problems = [
                {"row": e.row, "column": e.column, "message": import_error_message(e)} for e in result.errors
            ]
    context = {
        "form": form,
        "problems": problems,
        "province": shown,
        "ocop": ocop_list_report(province_code=shown.code, on=timezone.localdate()),
        "columns": OCOP_LIST_COLUMNS,
        "province_query": urlencode({"province": shown.code}),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "dashboard/insights/ocop_list.html", context, status=status)


# --- A stall's own figures and declarations ---------------------------------------------------------


def _stall_figures(request: HttpRequest, stall_id: int):
    access = stall_access(request, stall_id)
    form = PeriodForm(request.GET)
    values = form.values()
    insights = None
    if values is not None:
        try:
            insights = stall_insights(
                user=request.user,
                stall_id=access.stall.pk,
                date_from=values["date_from"],
                date_to=values["date_to"],
            )
        except DomainError as error:
            add_domain_error(form, error)
    return access, form, insights


@login_required
@require_GET
def stall(request: HttpRequest, stall_id: int) -> HttpResponse:
    """A stall's sales by product and month, buyers' provinces, money, scans and ratings (members)."""
    access, form, insights = _stall_figures(request, stall_id)
    context = {"form": form, "insights": insights}
    if insights is not None:
        context.update(
            key_figures=stall_key_figures(insights),
            tables=stall_tables(insights),
            export_query=_query(form),
        )
    return stall_render(
        request, "dashboard/insights/stall.html", access, context, status=200 if insights else 400
    )


@login_required
@require_GET
def stall_export(request: HttpRequest, stall_id: int) -> HttpResponse:
    with translation.override("vi"):
        access, form, insights = _stall_figures(request, stall_id)
        if insights is None:
            return HttpResponseBadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors))
        about = _about(
            _("Stall insights"), access.stall.name, insights.date_from, insights.date_to, _("none")
        )
        return _download(
            stall_tables(insights),
            request.GET.get("table", ""),
            request.GET.get("format", ""),
            about,
            access.stall.name,
            insights.date_from.isoformat(),
            insights.date_to.isoformat(),
        )


@login_required
@require_http_methods(["GET", "POST"])
def declarations(request: HttpRequest, stall_id: int) -> HttpResponse:
    """The stall's sales outside Nông Sàn for the last three months: a short form to add or correct
    one line (`?edit=<id>` fills it in), and a list of what was declared with a remove button."""
    access = stall_access(request, stall_id, write=request.method == "POST")
    months = declaration_months()
    declared = list(declarations_for_stall(stall=access.stall, months=months))
    if request.method == "POST" and request.POST.get("delete"):
        target = next((d for d in declared if str(d.pk) == request.POST["delete"]), None)
        if target is None:
            raise Http404
        sales_declaration_delete(declaration=target)
        messages.success(request, _("Declaration removed."))
        return redirect("dashboard:insights:declarations", stall_id=stall_id)
    editing = next((d for d in declared if str(d.pk) == request.GET.get("edit")), None)
    initial = {"month": months[1].isoformat(), "currency": "VND"}
    if editing is not None:
        initial = {
            "month": editing.month.isoformat(),
            "scope": declaration_scope(editing),
            "currency": editing.currency,
            "other_online_amount": editing.other_online_amount,
            "offline_amount": editing.offline_amount,
        }
    form = DeclarationForm(request.POST or None, stall=access.stall, months=months, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sales_declaration_save(stall=access.stall, actor=request.user, **form.action_fields())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Sales declared. Thank you."))
            return redirect("dashboard:insights:declarations", stall_id=stall_id)
    by_month = [(month_label(m), [d for d in declared if d.month == m]) for m in months]
    context = {"form": form, "by_month": by_month, "editing": editing}
    status = 400 if request.method == "POST" else 200
    return stall_render(request, "dashboard/insights/declarations.html", access, context, status=status)
