"""Commissioning projects moving through Understand → Plan → Do → Review, with their planned
outcome measures and funding shares.

Each stage's move is a django-fsm transition whose conditions say, in words, what the stage still
lacks (commissioning/project_rules.py lists them; commissioning/project_services.py runs the moves
through audit.transitions). The route a project follows is the advisor's
(commissioning/route_advisor.py) fixed when it enters Do: `route` and `route_explanation` keep the
facts decided even if the thresholds change later.

For other apps (tenders): a tender belongs to a project in its Do stage (`project.stage == "do"`);
its award sets `Contract.project` and copies the project's measures onto the contract
(`project_services.copy_measures(project=…, contracts=[…])`, or `measure.measure_values()`). In Do
an approved STA may stand in instead (`project_services.link_single_tender_action`). A project
reaches Review once a contract is linked to it (`project_services.move_project_on`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from audit.transitions import fsm_permission
from grants.models import money_field

from .. import project_rules
from ..project_permissions import can_run_project
from .contracts import OutcomeMeasureFields
from .procurement import ProcurementCategory


class ProjectStage(models.TextChoices):
    UNDERSTAND = "understand", "Understand"
    PLAN = "plan", "Plan"
    DO = "do", "Do"
    REVIEW = "review", "Review"


STAGE_ORDER = [s.value for s in ProjectStage]


class ProjectScope(models.TextChoices):
    COUNTYWIDE = "countywide", "Countywide"
    PILOT = "pilot", "Pilot"
    LOCAL = "local", "Local (part of the county)"


def _missing_condition(stage: str):
    def condition(project: CommissioningProject) -> bool:
        return not project_rules.missing_for(project.stage_facts(), stage)

    condition.__doc__ = f"The {stage} stage is not complete."
    return condition


class CommissioningProject(FSMModelMixin, models.Model):
    title = models.CharField(max_length=200)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="commissioning_projects",
        help_text="The commissioning officer responsible",
    )
    # Understand
    need_statement = models.TextField(blank=True)
    evidence_notes = models.TextField("Evidence base (needs assessment notes)", blank=True)
    co_dependencies = models.TextField(
        blank=True, help_text="Other services this one relies on or feeds"
    )
    # Plan
    service_description = models.TextField(blank=True)
    scope = models.CharField(max_length=20, choices=ProjectScope.choices, blank=True)
    scope_reason = models.TextField(blank=True, help_text="Why a pilot or local service")
    partners = models.TextField(
        "Co-commissioning partners", blank=True, help_text="Who commissions it with us"
    )
    estimated_annual_value = money_field(
        "Estimated annual value (£, excluding VAT)", null=True, blank=True
    )
    vat_rate = models.DecimalField(
        "VAT rate (%)",
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="0 when the service is exempt (most victim services from charities)",
    )
    initial_months = models.PositiveSmallIntegerField(
        "Initial term (months)", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    option_months = models.JSONField("Extension options (months each)", default=list, blank=True)
    category = models.CharField(max_length=20, choices=ProcurementCategory.choices, blank=True)
    procurement_start_date = models.DateField(
        null=True, blank=True, help_text="It picks the statutory thresholds"
    )
    chosen_route = models.CharField(max_length=150, blank=True)
    # Do (fixed on entering Do)
    route = models.CharField("Route the value requires", max_length=150, blank=True)
    route_explanation = models.TextField(blank=True)
    regulated = models.BooleanField(default=False)
    single_tender_action = models.ForeignKey(
        "commissioning.SingleTenderAction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        help_text="An approved STA in place of a procurement",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    stage = FSMField(
        default=ProjectStage.UNDERSTAND,
        choices=ProjectStage.choices,
        protected=True,
        db_index=True,
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_annual_value__isnull=True) | Q(estimated_annual_value__gt=0),
                name="project_value_positive",
            ),
            models.CheckConstraint(
                condition=Q(vat_rate__gte=0) & Q(vat_rate__lte=100), name="project_vat_rate_range"
            ),
        ]
        indexes = [
            models.Index(fields=["stage", "created_at"], name="project_stage_idx"),
            # MAX(updated_at): the version the project list is cached under
            models.Index(fields=["updated_at"], name="project_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:project_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"CP-{self.pk:04d}" if self.pk else "New project"

    def stage_facts(self, advice=None) -> project_rules.ProjectFacts:
        """What the stage rules read (measures, shares and contracts use prefetches if loaded;
        `advice`: the route advisor's answer when the caller has it already)."""
        from ..project_selectors import evidence_count, route_refusal

        return project_rules.ProjectFacts(
            need_statement=self.need_statement,
            evidence_notes=self.evidence_notes,
            evidence_documents=evidence_count(self),
            co_dependencies=self.co_dependencies,
            service_description=self.service_description,
            scope=self.scope,
            scope_reason=self.scope_reason,
            shares=self._count("shares"),
            measures=self._count("measures"),
            estimated_annual_value=self.estimated_annual_value,
            initial_months=self.initial_months,
            option_months=tuple(self.option_months or ()),
            category=self.category,
            procurement_start_date=self.procurement_start_date,
            chosen_route=self.chosen_route,
            route_refusal=route_refusal(self, advice),
            sta_approved=bool(
                self.single_tender_action_id and self.single_tender_action.state == "approved"
            ),
            contracts=self._count("contracts"),
        )

    def _count(self, relation: str) -> int:
        cache = getattr(self, "_prefetched_objects_cache", {})
        if relation in cache:
            return len(cache[relation])
        if self.pk is None:
            return 0
        return getattr(self, relation).count()

    # --- transitions (commissioning.project_services holds the lock and records them) --------

    @transition(
        field=stage,
        source=ProjectStage.UNDERSTAND,
        target=ProjectStage.PLAN,
        conditions=[_missing_condition(ProjectStage.UNDERSTAND)],
        permission=fsm_permission(can_run_project),
    )
    def move_to_plan(self) -> None:
        """The officer has the need, its evidence and the co-dependencies: planning starts."""

    @transition(
        field=stage,
        source=ProjectStage.PLAN,
        target=ProjectStage.DO,
        conditions=[_missing_condition(ProjectStage.PLAN)],
        permission=fsm_permission(can_run_project),
    )
    def move_to_do(self, *, route: str, explanation: str, regulated: bool) -> None:
        """The plan is complete and its route allowed: procurement (or an approved STA) starts.
        The route and its explanation are fixed here."""
        self.route = route
        self.route_explanation = explanation
        self.regulated = regulated

    @transition(
        field=stage,
        source=ProjectStage.DO,
        target=ProjectStage.REVIEW,
        conditions=[_missing_condition(ProjectStage.DO)],
        permission=fsm_permission(can_run_project),
    )
    def move_to_review(self) -> None:
        """A contract has been let: the project is reviewed through its contracts' returns."""


class ProjectOutcomeMeasure(OutcomeMeasureFields):
    """An outcome measure planned for the service; the contract awarded copies it."""

    project = models.ForeignKey(
        CommissioningProject, on_delete=models.CASCADE, related_name="measures"
    )

    class Meta:
        ordering = ["project", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "metric"], name="project_measure_metric_unique"
            )
        ]


class ProjectFundingShare(models.Model):
    """Who plans to pay how much a year: one of our streams or a co-commissioning partner (the
    same choice and rows as an award's funding shares; the award itself comes with the contract)."""

    project = models.ForeignKey(
        CommissioningProject, on_delete=models.CASCADE, related_name="shares"
    )
    stream = models.ForeignKey(
        "grants.FundingStream",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_shares",
    )
    partner = models.ForeignKey(
        "providers.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_shares",
    )
    annual_amount = money_field("Amount a year (£)")

    class Meta:
        ordering = ["project", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_amount__gt=0), name="project_share_amount_positive"
            ),
            models.CheckConstraint(
                condition=(Q(stream__isnull=False) & Q(partner__isnull=True))
                | (Q(stream__isnull=True) & Q(partner__isnull=False)),
                name="project_share_stream_or_partner",
            ),
            models.UniqueConstraint(
                fields=["project", "stream"],
                condition=Q(stream__isnull=False),
                name="project_one_share_per_stream",
            ),
            models.UniqueConstraint(
                fields=["project", "partner"],
                condition=Q(partner__isnull=False),
                name="project_one_share_per_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stream or self.partner}: £{self.annual_amount} a year"

    @property
    def funder(self):
        return self.stream or self.partner
