"""Providers directory pages."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts.permissions import role_required
from accounts.roles import Role

from .selectors import organisation_of, organisations_visible_to

STAFF = (Role.OFFICER, Role.FINANCE, Role.COMMISSIONER, Role.ADMINISTRATOR)


@role_required(*STAFF)
def organisation_list(request):
    organisations = organisations_visible_to(request.user)
    return render(request, "providers/organisation_list.html", {"organisations": organisations})


@login_required
def organisation_detail(request, pk: int):
    organisation = get_object_or_404(organisations_visible_to(request.user), pk=pk)
    return render(request, "providers/organisation_detail.html", {"organisation": organisation})


@login_required
def my_organisation(request):
    organisation = organisation_of(request.user)
    if organisation is None:
        raise Http404("Your account is not linked to an organisation")
    return redirect(organisation)
