"""Notification centre URLs."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("<int:pk>/read/", views.notification_mark_read, name="mark_read"),
    path("read-all/", views.notifications_mark_all_read, name="mark_all_read"),
    path("preferences/", views.email_preferences, name="preferences"),
    path("operations/", views.operations, name="operations"),
    path("operations/retry/", views.operations_retry, name="operations_retry"),
]
