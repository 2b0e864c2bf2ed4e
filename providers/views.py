"""Providers directory pages: the searchable list and its download, an organisation, its contacts."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods
from import_export.formats.base_formats import CSV, XLSX

from approvals.fragments import fragment_context
from audit.selectors import history_for
from core.pagination import paginator_with_count
from core.spreadsheets import csv_lines

from . import permissions, selectors, services
from .forms import ContactForm, DirectoryFilterForm, OrganisationForm
from .models import Contact, Organisation
from .resources import OrganisationResource, csv_row_chunks

DOWNLOAD_FORMATS = {"csv": CSV, "xlsx": XLSX}
LIST_CACHE_SECONDS = 60  # bounds what the directory's version misses (a bulk update)


def _gate(result: tuple[bool, str]) -> None:
    allowed, reason = result
    if not allowed:
        raise PermissionDenied(reason)


def _visible_organisation(request, pk: int) -> Organisation:
    """The organisation if this user may see it; 404 otherwise (never confirm it exists)."""
    return get_object_or_404(selectors.organisations_visible_to(request.user), pk=pk)


def _add_service_errors(form, error: services.ProviderDirectoryError) -> None:
    for field, problems in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, problems)


def _directory_query(request, districts=None):
    if districts is None:
        districts = selectors.districts()
    form = DirectoryFilterForm(request.GET, districts=districts)
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    if sort not in selectors.DIRECTORY_SORTS:
        sort = selectors.DEFAULT_SORT
    organisations = selectors.organisation_directory(
        user=request.user, search=form.search(), filters=form.filters(), sort=sort
    )
    return form, organisations


def _without(request, name: str, value: str) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    values = [v for v in params.getlist(name) if v != value]
    if values:
        params.setlist(name, values)
    else:
        params.pop(name, None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@login_required
def organisation_list(request):
    _gate(permissions.can_view_directory(request.user))
    version, districts = selectors.directory_version(request.user)
    form, organisations = _directory_query(request, districts)
    # The panel and results are the same for everyone at one version of the directory and one
    # query string: kept in the cache (with the count) under both.
    query = request.GET.copy()
    query.pop("page", None)
    can_edit = permissions.can_edit_organisation(request.user)[0]
    key = f"{version}:{sorted(query.lists())}:{can_edit}"
    key = hashlib.sha256(key.encode()).hexdigest()
    count = cache.get_or_set(f"directory-count:{key}", organisations.count, LIST_CACHE_SECONDS)
    page = paginator_with_count(organisations, settings.PAGE_SIZE, count=lambda: count).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "providers/organisation_list.html",
        {
            "form": form,
            "page_obj": page,
            "organisations": page.object_list,
            "default_sort": selectors.DEFAULT_SORT,
            "searched": bool(form.search()),
            "applied": [
                {"label": label, "href": _without(request, name, value)}
                for name, value, label in form.applied()
            ],
            "query": query.urlencode(),
            "can_edit": can_edit,
            "filter_key": key,
            "results_key": f"{key}:{page.number}",
            "cache_seconds": LIST_CACHE_SECONDS,
        },
    )


@login_required
def organisation_export(request):
    """The current filtered list as a spreadsheet, through the same (formula-safe) resource."""
    _gate(permissions.can_view_directory(request.user))
    file_format = DOWNLOAD_FORMATS.get(request.GET.get("format", "csv"))
    if file_format is None:
        raise Http404("No such download format")
    _form, organisations = _directory_query(request)
    fmt = file_format()
    if fmt.get_extension() == "csv":  # streamed in chunks: constant queries and memory
        response = StreamingHttpResponse(
            csv_lines(csv_row_chunks(organisations)), content_type=fmt.get_content_type()
        )
    else:
        dataset = OrganisationResource().export(organisations)
        response = HttpResponse(fmt.export_data(dataset), content_type=fmt.get_content_type())
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="providers-{stamp}.{fmt.get_extension()}"'
    )
    return response


@login_required
def organisation_detail(request, pk: int):
    """An organisation's page. Everything below the heading is kept in the cache under the
    organisation's page version and what this reader may do, so a page read again costs one
    query; the rows are read only when the version has changed."""
    user = request.user
    if not user.has_role(*permissions.DETAIL_ROLES):
        _gate((False, permissions.NOT_OFFICE_STAFF))
    found = selectors.organisation_page_version(user=user, pk=pk)
    if found is None:
        raise Http404("No such organisation")
    version, name = found
    organisation = SimpleLazyObject(lambda: selectors.organisation_for_page(user=user, pk=pk))
    # Who may do what depends on the roles and, for a provider user, on the organisation being
    # their own (the only one they can open): no need of the row itself.
    own = Organisation(pk=pk)
    can_edit = permissions.can_edit_organisation(user, own)[0]
    can_manage_contacts = permissions.can_manage_contacts(user, own)[0]
    show_history = permissions.can_see_history(user, own)[0]
    is_directory_user = permissions.can_view_directory(user)[0]
    return render(
        request,
        "providers/organisation_detail.html",
        {
            "organisation": organisation,
            "organisation_name": name,
            "contacts": SimpleLazyObject(lambda: organisation.contacts.all()),
            "provider_users": SimpleLazyObject(lambda: organisation.provider_users.all()),
            "can_edit": can_edit,
            "can_manage_contacts": can_manage_contacts,
            "show_history": show_history,
            "entries": SimpleLazyObject(lambda: history_for(own)),
            "is_directory_user": is_directory_user,
            **fragment_context(
                "organisation",
                version,
                can_edit,
                can_manage_contacts,
                show_history,
                is_directory_user,
            ),
        },
    )


@login_required
def my_organisation(request):
    organisation = selectors.organisation_of(request.user)
    if organisation is None:
        raise Http404("Your account is not linked to an organisation")
    return redirect(organisation)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    _gate(permissions.can_edit_organisation(request.user))
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(
                created_by=request.user,
                details=form.details(),
                districts=form.cleaned_data["districts"],
            )
        except services.ProviderDirectoryError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, f"{organisation} added to the directory")
            return redirect(organisation)
    return render(request, "providers/organisation_form.html", {"form": form, "organisation": None})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk: int):
    _gate(permissions.can_edit_organisation(request.user))
    organisation = _visible_organisation(request, pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.update_organisation(
                organisation=organisation,
                updated_by=request.user,
                details=form.details(),
                districts=form.cleaned_data["districts"],
                expected_version=form.cleaned_data["version"],
            )
        except services.ProviderDirectoryError as error:
            if services.EDIT_CONFLICT_MESSAGE in error.message_dict.get(NON_FIELD_ERRORS, []):
                # show their change against the latest version, so a second save is deliberate
                fresh = Organisation.objects.get(pk=pk)
                data = request.POST.copy()
                data["version"] = services.version_of(fresh)
                form = OrganisationForm(data, instance=fresh)
                form.is_valid()
            _add_service_errors(form, error)
        else:
            messages.success(request, f"{organisation} updated")
            return redirect(organisation)
    return render(
        request,
        "providers/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request, pk: int):
    if not request.user.has_role(*permissions.DETAIL_ROLES):
        _gate((False, permissions.NOT_AN_EDITOR))
    organisation = _visible_organisation(request, pk)
    _gate(permissions.can_manage_contacts(request.user, organisation))
    form = ContactForm(request.POST or None, instance=Contact(organisation=organisation))
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.add_contact(
                organisation=organisation, added_by=request.user, details=form.details()
            )
        except services.ProviderDirectoryError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, f"{contact.name} added as a contact")
            return redirect(f"{organisation.get_absolute_url()}#contacts")
    return render(
        request,
        "providers/contact_form.html",
        {"form": form, "organisation": organisation, "contact": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk: int, contact_pk: int):
    if not request.user.has_role(*permissions.DETAIL_ROLES):
        _gate((False, permissions.NOT_AN_EDITOR))
    organisation = _visible_organisation(request, pk)
    _gate(permissions.can_manage_contacts(request.user, organisation))
    contact = get_object_or_404(Contact, pk=contact_pk, organisation=organisation)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.update_contact(
                contact=contact, updated_by=request.user, details=form.details()
            )
        except services.ProviderDirectoryError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, f"{contact.name}'s details updated")
            return redirect(f"{organisation.get_absolute_url()}#contacts")
    return render(
        request,
        "providers/contact_form.html",
        {"form": form, "organisation": organisation, "contact": contact},
    )
