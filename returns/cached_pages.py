"""The returns pages' parts kept in the cache under the returns' data version (versioning.py): the
portal's lists, the review queue's results and filter choices, an award's returns with their
charts, and a return's details. Each key holds whatever else decides the part (the viewer's scope,
the day for lateness and days left, the query string); parts that depend on the user (edit and
review buttons, forms) stay in the views, worked out on every request. Fragments are rendered
without the request's context processors: nothing per user gets into them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.template.loader import render_to_string

from accounts.roles import Role, group_name
from documents.selectors import documents_for
from grants.models import FundingStream

from . import rules, selectors, services, versioning
from .charts import output_chart, outputs_over_time
from .models import OutcomeReturn
from .permissions import return_scope


def scope_key(user) -> str:
    """What a viewer may see of returns, as part of a cache key: everything, or one provider's."""
    scope = return_scope(user)
    return "all" if scope.everything else f"provider:{scope.provider_id}"


def portal_lists(*, user, today: date) -> str:
    """The provider's overdue, due and recently reviewed returns and awards, as HTML."""

    def render() -> str:
        home = selectors.portal_home(user=user, today=today)
        rules.mark([*home.due, *home.overdue, *home.reviewed], today)
        return render_to_string("returns/_portal_lists.html", {"home": home})

    return versioning.cached(
        f"portal:{scope_key(user)}:{today}", render, version=versioning.returns_version()
    )


def compliance_rows(*, user, today: date, year) -> list[selectors.ComplianceRow]:
    """Per funding stream, the counts of the returns due in the financial year."""
    return versioning.cached(
        f"compliance:{scope_key(user)}:{today}:{year.label}",
        lambda: selectors.compliance_by_stream(user=user, today=today, year=year),
        version=versioning.returns_version(),
    )


def queue_results(*, request, filters: selectors.QueueFilters, today: date, version: str) -> str:
    """The queue's table of waiting returns and its pagination, as HTML."""

    def render() -> str:
        page = Paginator(
            selectors.review_queue(user=request.user, filters=filters), settings.PAGE_SIZE
        ).get_page(request.GET.get("page"))
        rules.mark(page.object_list, today)
        return render_to_string(
            "returns/_queue_results.html",
            {"page_obj": page, "returns": page.object_list, "request": request},
        )

    query = sorted(request.GET.lists())
    return versioning.cached(
        f"queue:{scope_key(request.user)}:{filters}:{query}:{today}", render, version=version
    )


def queue_choices(*, version: str) -> dict:
    """The queue filter's funding streams and officers, as (id, name) pairs."""

    def read() -> dict:
        officers = (
            get_user_model()
            .objects.filter(groups__name=group_name(Role.OFFICER), is_active=True)
            .only("pk", "first_name", "last_name", "username")
            .order_by("first_name", "last_name", "username")
        )
        return {
            "streams": [(str(s.pk), s.name) for s in FundingStream.objects.only("pk", "name")],
            "officers": [(str(o.pk), o.get_full_name() or o.username) for o in officers],
        }

    return versioning.cached("queue-choices", read, version=version)


def award_page(*, user, today: date, **key) -> dict | None:
    """An award's heading and its returns with a chart of each output over time (None when the
    user sees none of its returns: a 404)."""

    def render() -> dict | None:
        returns = selectors.award_returns(user=user, **key)
        if not returns:
            return None
        rules.mark(returns, today)
        first = returns[0]
        award = first.award_object
        return {
            "reference": award.reference,
            "title": award.title,
            "provider": first.provider.name,
            "body": render_to_string(
                "returns/_award_returns_body.html",
                {"returns": returns, "charts": outputs_over_time(returns)},
            ),
        }

    return versioning.cached(
        f"award:{scope_key(user)}:{key}:{today}", render, version=versioning.returns_version()
    )


def return_page(*, user, pk: int, today: date) -> dict | None:
    """A return's heading (with lateness, so per day) and details (activity, outputs with their
    charts, readings, evidence, versions) as HTML, and the facts the view's permission checks
    read (None when the user may not see it: a 404)."""

    def render() -> dict | None:
        try:
            r = selectors.return_for_page(user=user, pk=pk)
        except OutcomeReturn.DoesNotExist:
            return None
        rules.mark([r], today)
        earlier = selectors.earlier_outputs(r)
        rows = [
            (o, earlier.get(o.measure_key, []), output_chart(o, earlier.get(o.measure_key, [])))
            for o in r.outputs.all()
        ]
        details = {
            "r": r,
            "rows": rows,
            "evidence": documents_for(r, purpose=services.EVIDENCE),
        }
        return {
            "facts": {"pk": r.pk, "state": r.state, "provider_id": r.provider_id},
            "editor_ids": list(r.editors.values_list("pk", flat=True)),
            "title": str(r),
            "period_label": r.period_label,
            "heading": render_to_string("returns/_return_heading.html", {"r": r}),
            "details": render_to_string("returns/_return_details.html", details),
        }

    return versioning.cached(
        f"return:{scope_key(user)}:{pk}:{today}", render, version=versioning.returns_version()
    )
