"""Who may see and change the providers directory: predicates returning (allowed, reason)."""

from accounts.roles import Role

from .selectors import organisation_id_of, organisations_visible_to

DIRECTORY_ROLES = (Role.OFFICER, Role.FINANCE, Role.COMMISSIONER, Role.ADMINISTRATOR)
EDITOR_ROLES = (Role.OFFICER, Role.ADMINISTRATOR)
# Roles that may open an organisation's page at all (which ones is decided per object).
DETAIL_ROLES = (*DIRECTORY_ROLES, Role.PROVIDER)

NOT_OFFICE_STAFF = "Only office staff can use the providers directory."
NOT_AN_EDITOR = "Only commissioning officers and administrators can change the providers directory."
NOT_YOURS = "You can only see your own organisation."


def can_view_directory(user) -> tuple[bool, str]:
    if user.is_authenticated and user.has_role(*DIRECTORY_ROLES):
        return True, ""
    return False, NOT_OFFICE_STAFF


def can_view_organisation(user, organisation) -> tuple[bool, str]:
    """Office staff see every organisation; a provider user only their own."""
    if not user.is_authenticated:
        return False, NOT_YOURS
    if organisations_visible_to(user).filter(pk=organisation.pk).exists():
        return True, ""
    return False, NOT_YOURS


def can_edit_organisation(user, organisation=None) -> tuple[bool, str]:
    """Officers and administrators create and edit organisations; provider users never do."""
    if user.is_authenticated and not user.is_provider_user and user.has_role(*EDITOR_ROLES):
        return True, ""
    return False, NOT_AN_EDITOR


NOT_YOUR_CONTACTS = "You can change only your own organisation's contact details."


def can_manage_contacts(user, organisation) -> tuple[bool, str]:
    """Officers and administrators; a provider user for their own organisation's contacts."""
    if user.is_authenticated and user.is_provider_user:
        own = organisation_id_of(user)
        if own is not None and organisation is not None and own == organisation.pk:
            return True, ""
        return False, NOT_YOUR_CONTACTS
    return can_edit_organisation(user, organisation)


def can_see_history(user, organisation) -> tuple[bool, str]:
    """The audit history names office staff, so it stays with the office."""
    allowed, reason = can_view_directory(user)
    return allowed, reason
