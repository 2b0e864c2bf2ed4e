"""Provider reads: which organisations a user may see, and the provider a user acts for."""

from django.db.models import QuerySet

from accounts.roles import Role

from .models import Organisation


def organisation_of(user) -> Organisation | None:
    """The organisation a provider user acts for (None for office staff)."""
    membership = getattr(user, "provider_membership", None)
    return membership.organisation if membership else None


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Office staff see the directory; a provider user sees only their own organisation."""
    qs = Organisation.objects.all()
    if user.has_role(Role.OFFICER, Role.FINANCE, Role.COMMISSIONER, Role.ADMINISTRATOR):
        return qs
    org = organisation_of(user) if user.is_authenticated else None
    return qs.filter(pk=org.pk) if org else qs.none()
