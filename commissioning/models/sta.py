"""Single Tender Actions: an award without competition, for a new contract or an extension, and
its lifecycle draft → submitted → approved / rejected / returned for changes (→ resubmitted).

The value decides who approves (approvals engine bands); the procurement's start date decides the
statutory threshold, and with it which grounds are allowed. An approved STA never changes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from audit.transitions import fsm_permission
from grants.models import money_field

from .. import permissions
from .procurement import DirectAwardGround, ProcurementCategory

FINAL_IS_FINAL = "This single tender action has been {state} and can no longer be changed: a change needs a new STA."
REQUIRED = {
    "service": "Say what service or goods the STA buys",
    "case": "Write the case for awarding without competition",
    "justification": "Give the justification for the ground you chose",
}
END_AFTER_START = "The end date must be on or after the start date"


class StaKind(models.TextChoices):
    NEW = "new", "A new contract"
    EXTENSION = "extension", "An extension of an existing contract"


class StaState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for approval"
    RETURNED = "returned", "Returned for changes"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


EDITABLE_STATES = frozenset({StaState.DRAFT, StaState.RETURNED})
FINAL_STATES = frozenset({StaState.APPROVED, StaState.REJECTED})
_UNTRACKED = frozenset({"updated_at"})


def _approval_is(state: str):
    def condition(sta: SingleTenderAction) -> bool:
        request = sta.approval_request
        return request is not None and request.state == state

    condition.__doc__ = f"The approval request is not {state}."
    return condition


class SingleTenderAction(FSMModelMixin, models.Model):
    kind = models.CharField(max_length=20, choices=StaKind.choices, default=StaKind.NEW)
    existing_contract_reference = models.CharField(
        max_length=100, blank=True, help_text="For an extension: the contract it extends"
    )
    supplier = models.ForeignKey(
        "providers.Organisation", on_delete=models.PROTECT, related_name="single_tender_actions"
    )
    service = models.CharField(max_length=200, error_messages={"blank": REQUIRED["service"]})
    category = models.CharField(
        max_length=20,
        choices=ProcurementCategory.choices,
        default=ProcurementCategory.GOODS_SERVICES,
    )
    whole_life_value = money_field(
        "Whole-life value (£, including VAT and any options)",
        help_text="Every year of the contract and every option to extend",
    )
    options_description = models.CharField(max_length=300, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    procurement_start_date = models.DateField(
        help_text="The day the procurement started: it picks the statutory thresholds"
    )
    award = models.OneToOneField(
        "grants.Award",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="single_tender_action",
        help_text="Who pays how much (co-funding shares)",
    )
    case = models.TextField("Written case", error_messages={"blank": REQUIRED["case"]})
    ground = models.ForeignKey(DirectAwardGround, on_delete=models.PROTECT, related_name="+")
    justification = models.TextField(error_messages={"blank": REQUIRED["justification"]})
    transparency_notice_reference = models.CharField(max_length=100, blank=True)
    transparency_notice_published_on = models.DateField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_stas"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="edited_stas",
        help_text="Everyone other than the author who changed it: none of them may approve it",
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    approval_request = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The current (latest) approval request",
    )
    approver_comments = models.TextField(blank=True, editable=False)
    state = FSMField(
        default=StaState.DRAFT, choices=StaState.choices, protected=True, db_index=True
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "single tender action"
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="sta_list_newest"),
            # MAX(updated_at): the version the STA list is cached under
            models.Index(fields=["updated_at"], name="sta_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="sta_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(whole_life_value__gt=0), name="sta_value_positive"),
            models.CheckConstraint(
                condition=Q(state__in=[StaState.DRAFT]) | Q(approval_request__isnull=False),
                name="sta_submitted_has_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.service}"

    def save(self, *args, **kwargs) -> None:
        """Refuses any change to a stored approved or rejected STA."""
        stored = self._stored_values()
        if stored and stored["state"] in FINAL_STATES:
            changed = [n for n, v in stored.items() if n in self.__dict__ and self.__dict__[n] != v]
            if changed:
                raise ValidationError(FINAL_IS_FINAL.format(state=stored["state"]))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("commissioning:sta_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.state != StaState.DRAFT:
            raise ValidationError("Only a draft STA can be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def reference(self) -> str:
        return f"STA-{self.pk:04d}" if self.pk else "New STA"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    def _stored_values(self) -> dict | None:
        if self._state.adding or self.pk is None:
            return None
        names = [f.attname for f in self._meta.concrete_fields if f.name not in _UNTRACKED]
        return type(self)._base_manager.filter(pk=self.pk).values(*names).first()

    def clean(self) -> None:
        errors = {}
        for name in REQUIRED:
            raw = getattr(self, name) or ""
            setattr(self, name, raw.replace("\x00", "").strip())
            if raw and not getattr(self, name):
                errors[name] = REQUIRED[name]
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = END_AFTER_START
        if self.kind == StaKind.EXTENSION and not self.existing_contract_reference.strip():
            errors["existing_contract_reference"] = "Enter the reference of the contract it extends"
        if errors:
            raise ValidationError(errors)

    # --- transitions (commissioning.services holds the lock and records them) -----------------

    @transition(
        field=state,
        source=[StaState.DRAFT, StaState.RETURNED],
        target=StaState.SUBMITTED,
        permission=fsm_permission(permissions.can_submit_sta),
    )
    def submit(self, *, approval_request) -> None:
        """A commissioning officer sends the STA for approval (again, after changes)."""
        self.approval_request = approval_request

    @transition(
        field=state,
        source=StaState.SUBMITTED,
        target=StaState.APPROVED,
        conditions=[_approval_is("approved")],
    )
    def approve(self, *, comments: str = "") -> None:
        """Every approver the band needs has approved (or the Commissioner signed the notice)."""
        self.approver_comments = comments

    @transition(
        field=state,
        source=StaState.SUBMITTED,
        target=StaState.REJECTED,
        conditions=[_approval_is("rejected")],
    )
    def reject(self, *, comments: str) -> None:
        """An approver refused it, with a reason: final."""
        self.approver_comments = comments

    @transition(
        field=state,
        source=StaState.SUBMITTED,
        target=StaState.RETURNED,
        conditions=[_approval_is("returned")],
    )
    def return_for_changes(self, *, comments: str) -> None:
        """An approver sent it back with comments; the officer changes it and submits it again."""
        self.approver_comments = comments
