"""A buyer's account URLs."""

from django.urls import path

from storefront.account import views

urlpatterns = [
    path("account/", views.account, name="account"),
]
