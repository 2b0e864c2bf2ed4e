"""The `{key}`s a benchmark page address may hold (`/commissioning/contracts/{contract}/`) and how
each is filled from a record seed_scale wrote; an unknown key or a missing record is a clear error
naming it, never a page quietly left out. A feature adds its key here beside its EXTRA_PAGES line
in pages.py."""

from __future__ import annotations


def _fill_values() -> dict:
    """Each `{key}` a page address may hold -> a function finding a seeded record for it (run only
    for keys some page uses). A later feature adds its key here beside its EXTRA_PAGES line."""
    from accounts.models import User
    from approvals.engine.models import ApprovalRequest
    from approvals.models import DecisionNotice
    from commissioning.models import CommissioningProject, Contract, SingleTenderAction, Tender
    from grants.models import FundingStream, Grant
    from returns.models import OutcomeReturn

    return {
        "tender": lambda: (
            Tender.objects.filter(state="awarded")
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        ),
        "open_tender": lambda: (
            Tender.objects.filter(state="published")
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        ),
        "project": lambda: (
            CommissioningProject.objects.filter(stage="do")
            .order_by("-regulated", "pk")
            .values_list("pk", flat=True)
            .first()
        ),
        "officer_id": lambda: (
            User.objects.filter(username="officer").values_list("pk", flat=True).first()
        ),
        "outcome_return": lambda: (
            OutcomeReturn.objects.filter(state="submitted")
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        ),
        "returns_contract": lambda: (
            OutcomeReturn.objects.filter(contract__isnull=False)
            .order_by("pk")
            .values_list("contract_id", flat=True)
            .first()
        ),
        "stream": lambda: (
            FundingStream.objects.filter(short_name="Crime and Disorder")
            .values_list("pk", flat=True)
            .first()
        ),
        "notice": lambda: getattr(
            DecisionNotice.objects.filter(state="signed").order_by("-pk").first(), "slug", None
        ),
        "grant": lambda: (
            Grant.objects.filter(state="active").order_by("pk").values_list("pk", flat=True).first()
        ),
        "sta": lambda: (
            SingleTenderAction.objects.filter(state="approved").values_list("pk", flat=True).last()
        ),
        "approval": lambda: (
            ApprovalRequest.objects.filter(state="pending").values_list("pk", flat=True).first()
        ),
        "contract": lambda: (
            Contract.objects.filter(state="active").values_list("pk", flat=True).last()
        ),
        "return": lambda: (
            OutcomeReturn.objects.filter(
                provider__provider_users__user__username="provider", state="submitted"
            )
            .values_list("pk", flat=True)
            .first()
        ),
        "returns_grant": lambda: (
            OutcomeReturn.objects.filter(state="accepted", grant__isnull=False)
            .values_list("grant_id", flat=True)
            .first()
        ),
    }


class MissingFill(Exception):
    """A page address names a {key} this script cannot fill (a clear error, never a skip)."""


def fill_addresses(entries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The entries with every `{key}` filled from a seeded record, or MissingFill naming each key
    that is unknown or has no record in the database."""
    import string

    finders = _fill_values()
    wanted = {
        name: label
        for label, _, path in entries
        for _, name, _, _ in string.Formatter().parse(path)
        if name
    }
    values, problems = {}, []
    for name, label in wanted.items():
        if name not in finders:
            problems.append(f"{{{name}}} (in {label!r}) is not a key benchmarks/pages.py knows")
            continue
        values[name] = finders[name]()
        if values[name] is None:
            problems.append(f"{{{name}}} (in {label!r}) found no record: is seed_scale seeding it?")
    if problems:
        raise MissingFill("Cannot fill page addresses: " + "; ".join(problems))
    return [(label, user, path.format(**values)) for label, user, path in entries]
