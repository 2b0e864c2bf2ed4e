"""Decision notice URLs (mounted at /decisions/); `public/` pages need no login."""

from django.urls import path

from core import converters  # noqa: F401  (registers <id:…>)

from . import views

app_name = "approvals"

urlpatterns = [
    path("", views.notice_list, name="notice_list"),
    path("new/", views.notice_create, name="notice_create"),
    path("<id:pk>/", views.notice_detail, name="notice_detail"),
    path("<id:pk>/edit/", views.notice_edit, name="notice_edit"),
    path("<id:pk>/sign/confirm/", views.notice_sign_confirm, name="notice_sign_confirm"),
    path("<id:pk>/sign/", views.notice_sign, name="notice_sign"),
    path("<id:pk>/withdraw/", views.notice_withdraw, name="notice_withdraw"),
    path("<id:pk>/send-back/", views.notice_send_back, name="notice_send_back"),
    path("<id:pk>/print/", views.notice_print, name="notice_print"),
    path("<id:pk>/pdf/", views.notice_pdf, name="notice_pdf"),
    path("public/<slug:number>/", views.public_notice, name="public_notice"),
    path("public/<slug:number>/pdf/", views.public_notice_pdf, name="public_notice_pdf"),
]
