"""Traceability pages under /dashboard/stalls/<id>/traceability/."""

from django.urls import path

from backend.dashboard.traceability import views

app_name = "traceability"

_base = "stalls/<int:stall_id>/traceability/"
_lot = _base + "lots/<int:lot_id>/"

urlpatterns = [
    path(_base, views.lot_list, name="lot_list"),
    path(_base + "lots/new/", views.lot_new, name="lot_new"),
    path(_lot, views.lot_detail, name="lot_detail"),
    path(_lot + "release/", views.lot_release, name="lot_release"),
    path(_lot + "withdraw/", views.lot_withdraw, name="lot_withdraw"),
    path(_lot + "diary/new/", views.diary_new, name="diary_new"),
    path(_lot + "stamps/", views.stamp_issue, name="stamp_issue"),
    path(_lot + "labels/", views.label_job_new, name="label_job_new"),
    path(_base + "sites/", views.sites, name="sites"),
    path(_base + "certifications/", views.certifications, name="certifications"),
    path(_base + "stamp-jobs/<int:job_id>/", views.stamp_job, name="stamp_job"),
    path(_base + "label-jobs/<int:job_id>/", views.label_job, name="label_job"),
    path(_base + "label-jobs/<int:job_id>/download/", views.label_job_download, name="label_job_download"),
]
