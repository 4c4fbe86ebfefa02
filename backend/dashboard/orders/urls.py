"""Orders pages under /dashboard/: a stall's orders by status, detail and actions, packing slip;
staff payouts."""

from django.urls import path

from backend.dashboard.orders import views

app_name = "orders"

_order = "stalls/<int:stall_id>/orders/<int:order_id>/"

urlpatterns = [
    path("stalls/<int:stall_id>/orders/", views.order_list, name="list"),
    path(_order, views.order_detail, name="detail"),
    path(_order + "packing-slip/", views.packing_slip, name="packing_slip"),
    path(_order + "<str:step>/", views.order_step, name="step"),
    path("payouts/", views.payouts, name="payouts"),
]
