"""Payment pages for platform staff under /dashboard/payments/."""

from django.urls import path

from backend.dashboard.payments import views

app_name = "payments"

urlpatterns = [
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/<int:review_id>/", views.review_detail, name="review"),
    path("refunds/", views.refund_list, name="refunds"),
    path("refunds/<int:refund_id>/sent/", views.refund_mark_sent, name="refund_sent"),
]
