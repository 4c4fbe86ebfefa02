"""Reviews pages under /dashboard/: a stall's reviews (reply, report) and staff moderation."""

from django.urls import path

from backend.dashboard.reviews import views

app_name = "reviews"

urlpatterns = [
    path("stalls/<int:stall_id>/reviews/", views.stall_reviews, name="stall_list"),
    path("stalls/<int:stall_id>/reviews/<int:review_id>/reply/", views.review_reply, name="reply"),
    path("stalls/<int:stall_id>/reviews/<int:review_id>/report/", views.review_report, name="report"),
    path("reviews/", views.moderation, name="moderation"),
    path("reviews/<int:review_id>/hide/", views.review_hide, name="hide"),
    path("reviews/<int:review_id>/unhide/", views.review_unhide, name="unhide"),
    path("reviews/<int:review_id>/dismiss-report/", views.report_dismiss, name="dismiss_report"),
]
