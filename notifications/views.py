"""The notification centre (list, open, mark read), e-mail preferences, and the administrators'
operations page (delivery counts, each sweep's last run, retrying failed e-mails)."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from approvals.fragments import cached_count, fragment_context, render_with_csrf
from core.pagination import paginator_with_count

from . import permissions, selectors, services
from .forms import EmailPreferencesForm
from .kinds import choosable_kinds
from .models import EmailPreference

# The operations page's failed e-mails are kept per version of them (selectors.delivery_counts);
# a recipient renamed shows within this many seconds.
FAILED_CACHE_SECONDS = 60

# What the list shows of a notification (not its e-mail delivery bookkeeping).
LIST_FIELDS = ("recipient_id", "kind", "subject", "body", "created_at", "read_at")


@login_required
def notification_list(request):
    """The user's own notifications, a page at a time. The list is kept in the cache under the
    user's inbox version and the query string, so a page read again costs one index probe; each
    row's "mark as read" form gets this request's CSRF token after the cache (approvals.fragments)."""
    user = request.user
    unread_only = request.GET.get("show") == "unread"
    version = selectors.inbox_version(user=user)
    notifications = selectors.inbox(user=user, unread_only=unread_only).only(*LIST_FIELDS)
    if unread_only:
        count = selectors.unread_count(user=user)
    else:
        count = cached_count("inbox", version, notifications.count)
    page = paginator_with_count(notifications, settings.PAGE_SIZE, count=lambda: count).get_page(
        request.GET.get("page")
    )

    def rows() -> list:
        # Each row's two links from one reversed address each, not two reverse() calls per row.
        open_url = reverse("notifications:open", args=[0]).replace("/0/", "/{}/", 1)
        read_url = reverse("notifications:mark_read", args=[0]).replace("/0/", "/{}/", 1)
        found = list(page.object_list)
        for n in found:
            n.open_url, n.read_url = open_url.format(n.pk), read_url.format(n.pk)
        return found

    query = sorted(request.GET.lists())
    return render_with_csrf(
        request,
        "notifications/list.html",
        {
            "page_obj": page,
            "notifications": SimpleLazyObject(rows),  # read only when the list has expired
            "unread_only": unread_only,
            **fragment_context("inbox", user.pk, version, query, page.number),
        },
    )


@login_required
def notification_open(request, pk: int):
    """Mark one of your own notifications read and go to the page it is about (404 if not yours)."""
    notification = get_object_or_404(selectors.inbox(user=request.user), pk=pk)
    services.mark_read(notification_id=notification.pk, user=request.user)
    if notification.link and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.link)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_mark_read(request, pk: int):
    notification = get_object_or_404(selectors.inbox(user=request.user), pk=pk)
    services.mark_read(notification_id=notification.pk, user=request.user)
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notifications:list")


@login_required
def email_preferences(request):
    off = set(
        EmailPreference.objects.filter(user=request.user, email=False).values_list(
            "kind", flat=True
        )
    )
    if request.method == "POST":
        form = EmailPreferencesForm(request.POST)
        if form.is_valid():
            try:
                services.set_email_preferences(user=request.user, email_on=form.email_on())
            except services.NotificationError as exc:
                form.add_error("kinds", str(exc))
            else:
                messages.success(request, "Your e-mail choices are saved.")
                return redirect("notifications:preferences")
    else:
        form = EmailPreferencesForm(
            initial={"kinds": [k.key for k in choosable_kinds() if k.key not in off]}
        )
    return render(request, "notifications/preferences.html", {"form": form})


def _require_operations(user) -> None:
    allowed, reason = permissions.can_run_operations(user)
    if not allowed:
        raise PermissionDenied(reason)


@login_required
def operations(request):
    _require_operations(request.user)
    counts, version = selectors.delivery_counts()
    sweeps = selectors.latest_sweep_runs()
    shown = [
        (r.pk, r.name, r.started_at, r.finished_at, r.scanned, r.created, r.error) for r in sweeps
    ]
    return render(
        request,
        "notifications/operations.html",
        {
            "counts": counts,
            "sweeps": sweeps,
            # the table is kept under everything it shows of each run
            "sweeps_key": hashlib.sha256(repr(shown).encode()).hexdigest(),
            "failed": selectors.failed_notifications(),  # read only when the list has expired
            "failed_count": counts["failed"],
            "failed_key": hashlib.sha256(version.encode()).hexdigest(),
            "failed_seconds": FAILED_CACHE_SECONDS,
        },
    )


@login_required
@require_POST
def operations_retry(request):
    _require_operations(request.user)
    ids = [int(i) for i in request.POST.getlist("notification") if i.isdigit() and len(i) < 12]
    count = services.retry_failed(notification_ids=ids, actor=request.user)
    messages.success(request, f"{count} failed e-mail{'s' if count != 1 else ''} sent again.")
    return redirect("notifications:operations")
