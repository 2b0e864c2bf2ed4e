"""The navigation each role sees: one table, filtered by role, highlighted by URL prefix."""

from dataclasses import dataclass

from django.urls import NoReverseMatch

from accounts.roles import Role
from core.links import link

ALL_STAFF = (Role.OFFICER, Role.FINANCE, Role.COMMISSIONER, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[Role, ...]


NAV_ITEMS = (
    NavItem(
        "Home",
        "dashboards:home",
        (*ALL_STAFF, Role.CHIEF_EXECUTIVE, Role.EVALUATOR, Role.PROVIDER),
    ),
    NavItem("Providers", "providers:list", ALL_STAFF),
    NavItem("My organisation", "providers:mine", (Role.PROVIDER,)),
    NavItem("Funding streams", "grants:stream_list", ALL_STAFF),
    NavItem("Grants", "grants:grant_list", (*ALL_STAFF, Role.PROVIDER)),
    NavItem(
        "Decision notices",
        "approvals:notice_list",
        (Role.OFFICER, Role.COMMISSIONER, Role.FINANCE, Role.ADMINISTRATOR),
    ),
    NavItem(
        "Approvals",
        "approval_queue:waiting",
        (Role.FINANCE, Role.CHIEF_EXECUTIVE, Role.COMMISSIONER),
    ),
    NavItem(
        "Commissioning projects",
        "commissioning:project_list",
        (*ALL_STAFF, Role.CHIEF_EXECUTIVE),
    ),
    NavItem("Single tender actions", "commissioning:sta_list", (*ALL_STAFF, Role.CHIEF_EXECUTIVE)),
    NavItem("Contracts", "commissioning:contract_list", (*ALL_STAFF, Role.PROVIDER)),
    NavItem("Tenders", "commissioning:tender_list", (*ALL_STAFF, Role.CHIEF_EXECUTIVE)),
    NavItem("My evaluations", "commissioning:my_evaluations", (Role.EVALUATOR,)),
    NavItem("Tender opportunities", "commissioning:bidder_tender_list", (Role.PROVIDER,)),
    # Reference data (streams, themes, districts) for administrators; officers work in the service.
    NavItem("Admin", "admin:index", (Role.ADMINISTRATOR,)),
    NavItem("Operations", "notifications:operations", (Role.ADMINISTRATOR,)),
)


def items_for(user, path: str) -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for item in NAV_ITEMS:
        # A superuser holds no business role: only the admin site, unless given a role's group.
        allowed = user.has_role(*item.roles) or (
            user.is_superuser and item.url_name == "admin:index"
        )
        if not allowed:
            continue
        try:
            href = link(item.url_name)
        except NoReverseMatch:
            continue  # an app not installed yet
        active = path == href if href == "/" else path.startswith(href)
        items.append({"label": item.label, "href": href, "active": active})
    return items


def navigation(request) -> dict:
    """Context processor."""
    return {"nav_items": items_for(request.user, request.path)}
