"""Bulk award spreadsheets (the Youth Fund's intermediary): upload, dry-run preview, confirm."""

from django.http import Http404


def import_awards(request, pk: int):
    raise Http404("Not built yet")


def confirm_import(request, pk: int):
    raise Http404("Not built yet")
