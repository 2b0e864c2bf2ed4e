"""Each role's home page, and the public transparency page (signed decisions and funded awards)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from accounts.roles import Role
from approvals.engine.permissions import APPROVER_ROLES
from approvals.engine.selectors import waiting_count
from approvals.fragments import CACHE_SECONDS as FRAGMENT_SECONDS
from approvals.selectors import notices_awaiting_signature, office_notice_facts, public_notices
from commissioning.project_selectors import overdue_notices, overdue_notices_version
from commissioning.tender_selectors import evaluations_of
from core.financial_years import FinancialYear
from grants.funding_sums import CACHE_SECONDS as FUNDING_CACHE_SECONDS
from grants.funding_sums import funding_version
from grants.selectors import (
    drafts_over_budget,
    grants_awaiting_decision,
    published_awards,
    streams_over,
)
from providers.selectors import organisation_name_of

from .open_data import csv_lines, grant_rows
from .public_register import CACHE_SECONDS, cached_paginator, register_version

COMMITTED_WARNING_PERCENT = 90  # officer dashboard: streams more committed than this
AWARDS_PER_PAGE = 50
OVERDUE_SHOWN = 10  # the officer's overdue procurement notices panel lists the oldest ten
# What the officer's overdue procurement notices panel shows (not the projects' long texts).
OVERDUE_NOTICE_FIELDS = (
    "kind",
    "due_on",
    "project__title",
    "project__officer__username",
    "project__officer__first_name",
    "project__officer__last_name",
)


@login_required
def home(request):
    """The panels of each role the user holds. What they list is kept in the cache, rendered,
    under a version of its data read in one cheap query: the officer's and finance's money panels
    are the same for everyone at one version of the funding data (grants.funding_sums); the
    overdue notices under what the first of them are; the approvals count and the notices to sign
    per user, under the queues' and the notices' versions. A hit reads no rows."""
    user = request.user
    context = {
        "panels": [],
        "funding_seconds": FUNDING_CACHE_SECONDS,
        "fragment_seconds": FRAGMENT_SECONDS,
    }
    today = timezone.localdate()
    version = SimpleLazyObject(funding_version)  # read once, and only by the money panels
    if user.has_role(Role.OFFICER):
        context["panels"].append("officer")
        year = FinancialYear.containing(today)
        context["officer_funding_key"] = SimpleLazyObject(lambda: f"{version}:{year.start_year}")
        context["awaiting_decision"] = SimpleLazyObject(
            lambda: list(grants_awaiting_decision()[:10])
        )
        context["warning_percent"] = COMMITTED_WARNING_PERCENT
        context["streams_near_limit"] = SimpleLazyObject(
            lambda: streams_over(COMMITTED_WARNING_PERCENT, year=year)
        )
        context["overdue_key"] = SimpleLazyObject(
            lambda: overdue_notices_version(today, shown=OVERDUE_SHOWN)
        )
        context["overdue_notices"] = SimpleLazyObject(
            lambda: list(overdue_notices(today).only(*OVERDUE_NOTICE_FIELDS)[:OVERDUE_SHOWN])
        )
    if user.has_role(Role.FINANCE):
        context["panels"].append("finance")
        context["finance_funding_key"] = version
        context["over_budget"] = SimpleLazyObject(drafts_over_budget)
    if user.has_role(Role.COMMISSIONER):
        context["panels"].append("commissioner")
        context["to_sign_key"] = SimpleLazyObject(
            lambda: f"{user.pk}:{office_notice_facts().version}"
        )
        context["to_sign"] = SimpleLazyObject(  # the panel shows a title and an amount
            lambda: list(
                notices_awaiting_signature(for_user=user)
                .select_related(None)
                .only("pk", "title", "amount")[:10]
            )
        )
    if user.has_role(*APPROVER_ROLES):
        context["panels"].append("approvals")
        context["approvals_waiting"] = waiting_count(user=user)
    if user.has_role(Role.EVALUATOR):
        context["panels"].append("evaluator")
        context["evaluations"] = list(evaluations_of(user)[:10])
    if user.has_role(Role.ADMINISTRATOR):
        context["panels"].append("administrator")
    if user.is_provider_user:
        context["panels"].append("provider")
        context["organisation_name"] = organisation_name_of(user)  # no query: see accounts.backends
    return render(request, "dashboards/home.html", context)


def transparency(request):
    """Public, no login: every signed decision notice and every grant it released. The tables are
    cached per version of the published data (public_register), so most readers cost no query
    beyond the version's three aggregates."""
    version = register_version()
    notices = cached_paginator(
        public_notices(), settings.PAGE_SIZE, name="notices", version=version
    ).get_page(request.GET.get("page"))
    awards = cached_paginator(
        published_awards().order_by("-award__start_date", "-award__pk"),
        AWARDS_PER_PAGE,
        name="awards",
        version=version,
    ).get_page(request.GET.get("awards_page"))
    return render(
        request,
        "dashboards/transparency.html",
        {
            "notices": notices,
            "awards": awards,
            "register_version": version,
            "cache_seconds": CACHE_SECONDS,
        },
    )


def transparency_grants_csv(request):
    """Public, no login: every published grant as a 360Giving-style CSV, streamed row by row in
    constant memory (50,000 grants are some 18 MB)."""
    rows = grant_rows(published_awards().select_related(None).prefetch_related(None))
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="opcc-grants-360giving.csv"'
    return response
