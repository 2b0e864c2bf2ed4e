"""Approval queue URLs (mounted at /approvals/): waiting for me, decided by me, a request."""

from django.urls import path

from . import views

app_name = "approval_queue"

urlpatterns = [
    path("", views.waiting, name="waiting"),
    path("decided/", views.decided, name="decided"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/decide/", views.decide, name="decide"),
]
