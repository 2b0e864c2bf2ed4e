"""Grants and their lifecycle, conditions and agreed delivery activities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from approvals.states import DecisionNoticeState
from audit.transitions import fsm_permission

from .. import permissions
from .awards import Award
from .funding import PlanTheme


class GrantState(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    APPROVED = "approved", "Approved"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REJECTED = "rejected", "Rejected"


LIVE_GRANT_STATES = (
    GrantState.AWAITING_DECISION,
    GrantState.APPROVED,
    GrantState.ACTIVE,
    GrantState.CLOSED,
)


class Grant(FSMModelMixin, models.Model):
    """A contribution to a provider's activities, released by a signed decision notice."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField(max_length=200)
    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="grant")
    purpose = models.TextField()
    themes = models.ManyToManyField(PlanTheme, related_name="grants")
    decision_notice = models.ForeignKey(
        "approvals.DecisionNotice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
    )
    state = FSMField(default=GrantState.DRAFT, choices=GrantState.choices, protected=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grants_created"
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="grants_edited",
        help_text="Everyone other than its creator who changed it: none of them may decide it",
    )
    # Bumped by each change, so a stale form is refused and a decision notice binds what it saw.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    import_key = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Identifies a row of a bulk award spreadsheet, so a re-upload never duplicates",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        # One per sort key and filter of the grants list (grants.selectors.GRANT_SORTS).
        indexes = [
            models.Index(fields=["created_at", "id"], name="grant_created_idx"),
            models.Index(fields=["title", "id"], name="grant_title_idx"),
            models.Index(fields=["state", "id"], name="grant_state_idx"),
            models.Index(fields=["state", "created_at", "id"], name="grant_state_created_idx"),
            # The transparency page's cache version reads the latest change.
            models.Index(fields=["updated_at"], name="grant_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("grants:grant_detail", args=[self.pk])

    # Conditions: each docstring is the message people see when it does not hold.
    def has_signed_decision_notice(self) -> bool:
        """The decision notice has not been signed by the Commissioner yet."""
        return bool(
            self.decision_notice_id and self.decision_notice.state == DecisionNoticeState.SIGNED
        )

    def has_decision_notice(self) -> bool:
        """Draft a decision notice for this grant before submitting it for decision."""
        return self.decision_notice_id is not None

    def created_or_edited_by(self, user) -> bool:
        """Whether `user` wrote any of this grant (they may not decide or override it)."""
        if user is None or user.pk is None:
            return False
        if user.pk == self.created_by_id:
            return True
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "editors" in cache:
            return any(editor.pk == user.pk for editor in cache["editors"])
        return self.editors.filter(pk=user.pk).exists()

    def has_theme(self) -> bool:
        """Name at least one Police and Crime Plan theme the grant serves."""
        return bool(self.themes.all())  # uses prefetched themes when a service loaded them

    @transition(
        field=state,
        source=GrantState.DRAFT,
        target=GrantState.AWAITING_DECISION,
        conditions=[has_decision_notice, has_theme],
        permission=fsm_permission(permissions.can_manage_grants),
    )
    def submit_for_decision(self) -> None:
        """An officer sends the grant, with its decision notice, to the Commissioner."""

    @transition(
        field=state,
        source=GrantState.AWAITING_DECISION,
        target=GrantState.DRAFT,
        permission=fsm_permission(permissions.can_manage_grants),
    )
    def return_to_draft(self) -> None:
        """An officer takes the grant back to change it (its notice must still be unsigned)."""

    @transition(
        field=state,
        source=GrantState.AWAITING_DECISION,
        target=GrantState.APPROVED,
        conditions=[has_signed_decision_notice],
        permission=fsm_permission(permissions.can_decide_grants),
    )
    def approve(self) -> None:
        """The Commissioner's signed decision notice releases the grant."""

    @transition(
        field=state,
        source=GrantState.AWAITING_DECISION,
        target=GrantState.REJECTED,
        permission=fsm_permission(permissions.can_decide_grants),
    )
    def reject(self) -> None:
        """The Commissioner decides not to fund it; its commitments are released."""

    @transition(
        field=state,
        source=GrantState.APPROVED,
        target=GrantState.ACTIVE,
        permission=fsm_permission(permissions.can_manage_grants),
    )
    def activate(self) -> None:
        """An officer records that the grant agreement is in place and delivery has started."""

    @transition(
        field=state,
        source=GrantState.ACTIVE,
        target=GrantState.CLOSED,
        permission=fsm_permission(permissions.can_manage_grants),
    )
    def close(self) -> None:
        """An officer closes the grant when delivery and reporting are complete."""

    @transition(
        field=state,
        source=[GrantState.DRAFT, GrantState.AWAITING_DECISION, GrantState.APPROVED],
        target=GrantState.WITHDRAWN,
        permission=fsm_permission(permissions.can_manage_grants),
    )
    def withdraw(self) -> None:
        """An officer withdraws the grant before it starts; its commitments are released."""


class GrantCondition(models.Model):
    """A condition the recipient must meet (grants may carry conditions)."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="conditions")
    text = models.TextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class DeliveryActivity(models.Model):
    """Delivery activity agreed with the recipient, optionally with a target number."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="activities")
    description = models.TextField()
    target = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "delivery activities"

    def __str__(self) -> str:
        return self.description[:60]
