"""A stall's profile and OCOP certificate pages under /dashboard/."""

from django.urls import path

from backend.dashboard.stall import views

app_name = "stall"

urlpatterns = [
    path("stalls/<int:stall_id>/profile/", views.profile, name="profile"),
    path("stalls/<int:stall_id>/profile/logo/", views.profile_logo, name="profile_logo"),
    path("stalls/<int:stall_id>/certificates/", views.certificates, name="certificates"),
]
