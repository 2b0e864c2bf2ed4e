"""Provider reads: which organisations a user may see, the directory list, one organisation's page."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from accounts.roles import Role
from approvals.fragments import page_version

from . import rules
from .models import Contact, District, Organisation, ProviderUser

# ?sort= values the directory accepts, mapped to ORDER BY (name breaks ties so pages are stable).
DIRECTORY_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "kind": ("kind", "name", "pk"),
    "-kind": ("-kind", "name", "pk"),
    "town": ("town", "name", "pk"),
    "-town": ("-town", "name", "pk"),
}
DEFAULT_SORT = "name"
COUNTYWIDE_AREA = "countywide"


@dataclass(frozen=True)
class DirectoryFilters:
    """The directory's filters; None or empty means "any"."""

    kinds: tuple[str, ...] = ()
    area: str = ""  # "" any, "countywide", or a District pk as text
    third_sector: bool | None = None
    local: bool | None = None
    active: bool | None = None

    @property
    def any_set(self) -> bool:
        return bool(
            self.kinds
            or self.area
            or self.third_sector is not None
            or self.local is not None
            or self.active is not None
        )


# Read with each request's user by the sign-in backend (accounts.backends, registered in apps.py):
# the organisation's id and name, so a page that needs only those asks no query of its own.
ORGANISATION_ID_FIGURE = "provider_organisation_id"
ORGANISATION_NAME_FIGURE = "provider_organisation_name"
_UNKNOWN = object()


def organisation_figures() -> dict:
    """{figure name: a subquery over the user OuterRef("pk")} for accounts.backends."""
    memberships = ProviderUser.objects.filter(user=OuterRef("pk")).order_by()
    return {
        ORGANISATION_ID_FIGURE: lambda: Subquery(memberships.values("organisation_id")[:1]),
        ORGANISATION_NAME_FIGURE: lambda: Subquery(memberships.values("organisation__name")[:1]),
    }


def organisation_id_of(user) -> int | None:
    """The id of the organisation a provider user acts for (None for office staff): no query
    when the request's user came with it."""
    known = getattr(user, ORGANISATION_ID_FIGURE, _UNKNOWN)
    if known is not _UNKNOWN:
        return known
    org = organisation_of(user)
    return org.pk if org else None


def organisation_name_of(user) -> str | None:
    """The name of the organisation a provider user acts for, as organisation_id_of."""
    if getattr(user, ORGANISATION_ID_FIGURE, _UNKNOWN) is not _UNKNOWN:
        return getattr(user, ORGANISATION_NAME_FIGURE, None)
    org = organisation_of(user)
    return org.name if org else None


def organisation_of(user) -> Organisation | None:
    """The organisation a provider user acts for (None for office staff): one query at most,
    and none for office staff when the request's user came with its figures."""
    known = getattr(user, ORGANISATION_ID_FIGURE, _UNKNOWN)
    if known is _UNKNOWN:
        membership = getattr(user, "provider_membership", None)
        return membership.organisation if membership else None
    if known is None:
        return None
    if ProviderUser._meta.get_field("user").remote_field.is_cached(user):
        # A page that read the membership with its organisation already (the bidders' pages).
        membership = user.provider_membership
        if membership is not None and membership.organisation_id == known:
            return membership.organisation
    cached = user.__dict__.get("_provider_organisation")
    if cached is None or cached.pk != known:
        cached = user.__dict__["_provider_organisation"] = Organisation.objects.get(pk=known)
    return cached


OFFICE_ROLES = (Role.OFFICER, Role.FINANCE, Role.COMMISSIONER, Role.ADMINISTRATOR)


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Office staff see the directory; a provider user sees only their own organisation."""
    qs = Organisation.objects.all()
    if user.has_role(*OFFICE_ROLES):
        return qs
    org_id = organisation_id_of(user) if user.is_authenticated else None
    return qs.filter(pk=org_id) if org_id else qs.none()


def _search(qs: QuerySet[Organisation], text: str) -> QuerySet[Organisation]:
    text = rules.normalise_name(text)
    if not text:
        return qs
    squashed = text.replace(" ", "").upper()
    condition = (
        Q(name__icontains=text)
        | Q(town__icontains=text)
        | Q(postcode__icontains=text)
        | Q(postcode__icontains=rules.normalise_postcode(text))
        | Q(charity_number__icontains=squashed)
        | Q(company_number__icontains=squashed)
    )
    if squashed.isdigit() and len(squashed) < 8:
        # Companies House numbers are often quoted without their leading zeros
        condition |= Q(company_number__endswith=squashed, company_number__startswith="0")
    return qs.filter(condition)


def _filter(qs: QuerySet[Organisation], filters: DirectoryFilters) -> QuerySet[Organisation]:
    if filters.kinds:
        qs = qs.filter(kind__in=filters.kinds)
    if filters.area == COUNTYWIDE_AREA:
        qs = qs.filter(countywide=True)
    elif filters.area.isdigit():
        # an organisation serving the whole county serves every district in it
        qs = qs.filter(Q(countywide=True) | Q(districts__pk=int(filters.area))).distinct()
    if filters.third_sector is not None:
        qs = qs.filter(third_sector=filters.third_sector)
    if filters.local is not None:
        qs = qs.filter(local=filters.local)
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    return qs


def organisation_directory(
    *,
    user,
    search: str = "",
    filters: DirectoryFilters | None = None,
    sort: str = DEFAULT_SORT,
) -> QuerySet[Organisation]:
    """The directory list (and its download): visible organisations, searched, filtered, sorted.

    Districts are prefetched so a page of any length costs the same number of queries.
    """
    qs = _search(organisations_visible_to(user), search)
    qs = _filter(qs, filters or DirectoryFilters())
    ordering = DIRECTORY_SORTS.get(sort, DIRECTORY_SORTS[DEFAULT_SORT])
    return qs.order_by(*ordering).prefetch_related(
        Prefetch("districts", queryset=District.objects.order_by("name"))
    )


def organisation_for_page(*, user, pk: int) -> Organisation:
    """One organisation with what its page shows; raises Organisation.DoesNotExist if not visible."""
    return (
        organisations_visible_to(user)
        .prefetch_related(
            Prefetch("districts", queryset=District.objects.order_by("name")),
            Prefetch("contacts", queryset=Contact.objects.order_by("-is_primary", "name")),
            Prefetch(
                "provider_users",
                queryset=ProviderUser.objects.select_related("user").order_by(
                    "user__last_name", "user__first_name", "user__username"
                ),
            ),
        )
        .get(pk=pk)
    )


def organisation_page_version(*, user, pk: int) -> tuple[str, str] | None:
    """The name of the organisation `pk` and a version of everything its page shows, or None if
    this user may not see it (no query for a provider user asking for another organisation):
    one query of index-backed aggregates over its row, its history, its districts, its contacts
    and their history, its provider users and their accounts' history. Edits in place outside
    the audit trail (a bulk update, a district renamed) show within the page's cache time."""
    log = LogEntry._meta.db_table
    contacts, members = Contact._meta.db_table, ProviderUser._meta.db_table
    links = Organisation.districts.through._meta.db_table
    contact_type, user_type = (
        ContentType.objects.get_for_model(m) for m in (Contact, get_user_model())
    )
    related = [  # table names from the models, no input
        (
            f"(SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM {table}"  # noqa: S608
            f" WHERE organisation_id = {{outer}})",
            [],
        )
        for table in (contacts, members, links)
    ] + [
        (
            f"(SELECT MAX(id) FROM {log} WHERE content_type_id = %s AND object_id IN"  # noqa: S608
            f" (SELECT {column} FROM {table} WHERE organisation_id = {{outer}}))",
            [kind.pk],
        )
        for column, table, kind in (("id", contacts, contact_type), ("user_id", members, user_type))
    ]
    found = (
        organisations_visible_to(user)
        .filter(pk=pk)
        .annotate(page=page_version(Organisation, related=related, tables=[District]))
        .values_list("name", "updated_at", "page")
        .first()
    )
    if found is None:
        return None
    name, updated_at, page = found
    return f"{pk}:{updated_at.isoformat() if updated_at else ''}:{page}", name


def directory_version(user) -> tuple[str, list[District]]:
    """A version of the directory that changes whenever an organisation is added, edited or
    deleted, its districts change or a district is added or renamed (one query of index-backed
    aggregates), with the districts themselves (by name, for the area filter). With the user's
    scope (everyone for office staff), the version keys the directory page's cache."""
    org, link, district = (
        Organisation._meta.db_table,
        Organisation.districts.through._meta.db_table,
        District._meta.db_table,
    )
    facts = [  # table names from the models, no input
        ("COUNT(*)", org),
        ("MAX(id)", org),
        ("MAX(updated_at)", org),
        ("COUNT(*)", link),
        ("MAX(id)", link),
    ]
    summary = " || ':' || ".join(
        f"COALESCE(CAST((SELECT {agg} FROM {table}) AS TEXT), '')"  # noqa: S608
        for agg, table in facts
    )
    # The districts' rows and, under id -1, the aggregates: one round trip on SQLite too.
    sql = f"SELECT id, name FROM {district} UNION ALL SELECT -1, {summary}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    scope = "all" if user.has_role(*OFFICE_ROLES) else f"user:{user.pk}"
    version = hashlib.sha256(repr((scope, sorted(rows))).encode()).hexdigest()[:20]
    found = sorted((name, pk) for pk, name in rows if pk != -1)
    return version, [District(pk=pk, name=name) for name, pk in found]


def districts() -> QuerySet[District]:
    return District.objects.order_by("name")


def provider_user_ids(organisation_ids: Iterable[int]) -> dict[int, list[int]]:
    """{organisation id: its active provider users' ids}, in one query (for reminders)."""
    found: dict[int, list[int]] = {}
    rows = (
        ProviderUser.objects.filter(
            organisation_id__in=list(set(organisation_ids)), user__is_active=True
        )
        .order_by("user_id")
        .values_list("organisation_id", "user_id")
    )
    for organisation_id, user_id in rows:
        found.setdefault(organisation_id, []).append(user_id)
    return found
