"""Each role's home page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.roles import Role
from providers.selectors import organisation_of


@login_required
def home(request):
    user = request.user
    panels = []
    if user.has_role(Role.OFFICER):
        panels.append("officer")
    if user.has_role(Role.FINANCE):
        panels.append("finance")
    if user.has_role(Role.COMMISSIONER):
        panels.append("commissioner")
    if user.has_role(Role.EVALUATOR):
        panels.append("evaluator")
    if user.has_role(Role.ADMINISTRATOR):
        panels.append("administrator")
    if user.is_provider_user:
        panels.append("provider")
    return render(
        request,
        "dashboards/home.html",
        {"panels": panels, "organisation": organisation_of(user)},
    )
