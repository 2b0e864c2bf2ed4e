"""Who may see and run commissioning projects: predicates (allowed, reason). Every office staff
member sees projects (as with STAs); commissioning officers start them, change them, move their
stages and tick off their notices."""

from __future__ import annotations

from accounts.roles import Role

from .permissions import NOT_SIGNED_IN, Verdict, _signed_in, can_view_stas

NOT_OFFICER = "Only commissioning officers can start and run commissioning projects."


def can_view_projects(user) -> Verdict:
    return can_view_stas(user)


def can_run_projects(user) -> Verdict:
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(Role.OFFICER):
        return False, NOT_OFFICER
    return True, ""


def can_run_project(user, project) -> Verdict:
    return can_run_projects(user)
