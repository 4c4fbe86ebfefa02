"""Webhook URLs, mounted under /webhooks/."""

from django.urls import path

from backend.payments import views

app_name = "webhooks"

urlpatterns = [
    path("bank/", views.bank_webhook, name="bank"),
    path("stripe/", views.stripe_webhook, name="stripe"),
]
