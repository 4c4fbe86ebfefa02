"""Insights pages under /dashboard/: a province's figures for officials, a stall's for its members."""

from django.urls import path

from backend.dashboard.insights import views

app_name = "insights"

_stall = "stalls/<int:stall_id>/"

urlpatterns = [
    path("insights/", views.province, name="province"),
    path("insights/export/", views.province_export, name="province_export"),
    path("insights/report/", views.report, name="report"),
    path("insights/ocop-list/", views.ocop_list, name="ocop_list"),
    path(_stall + "insights/", views.stall, name="stall"),
    path(_stall + "insights/export/", views.stall_export, name="stall_export"),
    path(_stall + "declarations/", views.declarations, name="declarations"),
]
