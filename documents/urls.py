"""Document URLs: downloads only (uploads belong to the owning app's own pages)."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<uuid:public_id>/download", views.download, name="download"),
]
