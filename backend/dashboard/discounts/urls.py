"""Voucher pages under /dashboard/: a stall lists and creates its own promo codes."""

from django.urls import path

from backend.dashboard.discounts import views

app_name = "discounts"

urlpatterns = [path("stalls/<int:stall_id>/vouchers/", views.stall_vouchers, name="stall_list")]
