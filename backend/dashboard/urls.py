"""Dashboard URLs under /dashboard/."""

from django.urls import path

from backend.dashboard import views

app_name = "dashboard"

urlpatterns = [path("", views.home, name="home")]
