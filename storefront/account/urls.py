"""A buyer's account URLs."""

from django.urls import path

from storefront.account import views

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/orders/<int:order_id>/", views.order_detail, name="account_order"),
    path("account/addresses/new/", views.address_new, name="address_new"),
    path("account/addresses/<int:address_id>/", views.address_edit, name="address_edit"),
    path("account/addresses/<int:address_id>/delete/", views.address_delete, name="address_delete"),
]
