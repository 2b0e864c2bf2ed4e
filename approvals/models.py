"""Decision notices: the Commissioner's signed, numbered and published decisions, and their numbering."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS

from . import rules
from .errors import DecisionNoticeError
from .permissions import (
    can_send_back_decision_notice,
    can_sign_decision_notice,
    can_withdraw_decision_notice,
)
from .states import FINAL_STATES, OPEN_STATES, DecisionNoticeState

__all__ = ["FINAL_STATES", "OPEN_STATES", "DecisionNoticeState"]

SIGNED_IS_FINAL = "This decision notice has been signed and can no longer be changed."
WITHDRAWN_IS_FINAL = "This decision notice has been withdrawn and can no longer be changed."
SIGNED_CANNOT_BE_DELETED = "A signed decision notice is a public record and cannot be deleted."
NEW_NOTICE_MUST_BE_DRAFT = "A decision notice starts as a draft; it is signed by signing it."
AMOUNT_MUST_BE_POSITIVE = "Enter an amount greater than £0, or leave it blank"
REQUIRED_MESSAGES = {
    "title": "Enter a title",
    "decision_text": "Enter the decision",
    "reasons": "Enter the reasons for the decision",
}


# What the drafter writes; everything else is set by the service or a transition.
CONTENT_FIELDS = ("title", "decision_text", "reasons", "amount", "funding_summary")
# Bookkeeping that may change without changing what the notice says.
_UNTRACKED_FIELDS = frozenset({"updated_at"})


def _final_message(state: str) -> str:
    return SIGNED_IS_FINAL if state == DecisionNoticeState.SIGNED else WITHDRAWN_IS_FINAL


class DecisionNoticeQuerySet(models.QuerySet):
    """Bulk writes go through the same immutability rule as save() and delete()."""

    def update(self, **kwargs):
        if self.filter(state__in=FINAL_STATES).exists():
            raise DecisionNoticeError(SIGNED_IS_FINAL)
        return super().update(**kwargs)

    def delete(self):
        if self.filter(state=DecisionNoticeState.SIGNED).exists():
            raise DecisionNoticeError(SIGNED_CANNOT_BE_DELETED)
        return super().delete()


def _may_sign(notice: DecisionNotice, user) -> bool:
    return can_sign_decision_notice(user, notice)[0]


def _may_withdraw(notice: DecisionNotice, user) -> bool:
    return can_withdraw_decision_notice(user, notice)[0]


def _may_send_back(notice: DecisionNotice, user) -> bool:
    return can_send_back_decision_notice(user, notice)[0]


class DecisionNotice(FSMModelMixin, models.Model):
    """A decision the Commissioner signs, e.g. releasing a grant.

    Drafted by a commissioning officer, signed by a commissioner-role user who neither drafted nor
    edited it; signing numbers it (`CPCC 2026-001`) and makes it final: from then on it is a public
    record that no save, bulk update or delete may change.
    """

    title = models.CharField(max_length=200, error_messages={"blank": REQUIRED_MESSAGES["title"]})
    decision_text = models.TextField(
        "Decision",
        error_messages={"blank": REQUIRED_MESSAGES["decision_text"]},
        help_text="What the Commissioner decides, e.g. “The Commissioner approves the release of …”",
    )
    reasons = models.TextField(
        "Reasons for the decision", error_messages={"blank": REQUIRED_MESSAGES["reasons"]}
    )
    amount = models.DecimalField(
        "Amount released",
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        null=True,
        blank=True,
        help_text="The total of money this decision releases, if any",
    )
    funding_summary = models.TextField(
        "Funding",
        blank=True,
        help_text="Which funding streams and years pay for it, e.g. “Youth Fund £2,000 for 2025/26”",
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="drafted_decision_notices"
    )
    drafted_at = models.DateTimeField(default=timezone.now, editable=False)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="edited_decision_notices",
        help_text="Everyone other than the drafter who changed the draft: none of them may sign it",
    )
    # The form's one-time key: a double-clicked or retried "Save" finds the notice it already made.
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Bumped by each edit, so a stale form (or a signature on a text since changed) is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    state = FSMField(
        default=DecisionNoticeState.DRAFT,
        choices=DecisionNoticeState.choices,
        protected=True,
        db_index=True,
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="signed_decision_notices",
    )
    signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    number = models.CharField(max_length=20, unique=True, null=True, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="withdrawn_decision_notices",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(blank=True, editable=False)
    # The exact facts this notice decides, bound when it is drafted or redrafted (for a grant: its
    # recipient, amount, period and version); signing refuses if what it decides has changed since.
    decided_facts = models.JSONField(default=list, blank=True, editable=False)
    # The Commissioner's comments when sending a draft back to its drafter.
    sent_back_comments = models.TextField(blank=True, editable=False)

    objects = DecisionNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-drafted_at", "-pk"]
        indexes = [
            # The list page's default sort (selectors.filter_notices: newest draft first).
            models.Index(fields=["-drafted_at", "-id"], name="notice_list_newest"),
            # The public register's order and the transparency page's version (latest signature).
            models.Index(fields=["-signed_at", "-year", "-sequence"], name="notice_register_order"),
            # What awaits a signature, oldest first (selectors.notices_awaiting_signature).
            models.Index(
                fields=["drafted_at", "id"],
                condition=Q(state=DecisionNoticeState.DRAFT),
                name="notice_drafts_oldest",
            ),
            # The office list's data version (selectors.office_notice_facts: latest change).
            models.Index(fields=["updated_at"], name="notice_updated_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="decision_notice_year_sequence_unique"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        state=DecisionNoticeState.SIGNED,
                        number__isnull=False,
                        signed_by__isnull=False,
                        signed_at__isnull=False,
                        year__isnull=False,
                        sequence__isnull=False,
                    )
                    | (
                        ~Q(state=DecisionNoticeState.SIGNED)
                        & Q(
                            number__isnull=True,
                            signed_by__isnull=True,
                            signed_at__isnull=True,
                            year__isnull=True,
                            sequence__isnull=True,
                        )
                    )
                ),
                name="decision_notice_signed_iff_numbered",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        state=DecisionNoticeState.WITHDRAWN,
                        withdrawn_by__isnull=False,
                        withdrawn_at__isnull=False,
                    )
                    | (
                        ~Q(state=DecisionNoticeState.WITHDRAWN)
                        & Q(withdrawn_by__isnull=True, withdrawn_at__isnull=True)
                    )
                ),
                name="decision_notice_withdrawn_iff_recorded",
            ),
            # Segregation of duties, held by the database too.
            models.CheckConstraint(
                condition=Q(signed_by__isnull=True) | ~Q(signed_by=F("drafted_by")),
                name="decision_notice_not_signed_by_drafter",
            ),
            models.CheckConstraint(
                condition=Q(sequence__isnull=True) | Q(sequence__gte=1),
                name="decision_notice_sequence_positive",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="decision_notice_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def save(self, *args, **kwargs) -> None:
        """Refuses a notice born signed and any change to a stored signed or withdrawn one."""
        if self._state.adding and self.state != DecisionNoticeState.DRAFT:
            raise DecisionNoticeError(NEW_NOTICE_MUST_BE_DRAFT)
        final = self._changes_to_final()
        if final:
            raise DecisionNoticeError(_final_message(final[0]))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("approvals:notice_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        stored = self._stored_values()
        if self.is_signed or (stored and stored["state"] == DecisionNoticeState.SIGNED):
            raise DecisionNoticeError(SIGNED_CANNOT_BE_DELETED)
        return super().delete(*args, **kwargs)

    def get_public_url(self) -> str:
        """The no-login page of a signed notice (by number); empty for drafts."""
        if not self.number:
            return ""
        return reverse("approvals:public_notice", args=[self.slug])

    @property
    def slug(self) -> str:
        return rules.notice_slug(self.number) if self.number else ""

    @property
    def pdf_filename(self) -> str:
        return f"{self.slug}.pdf"

    @property
    def is_draft(self) -> bool:
        return self.state == DecisionNoticeState.DRAFT

    @property
    def is_signed(self) -> bool:
        return self.state == DecisionNoticeState.SIGNED

    @property
    def is_open(self) -> bool:
        """A draft or sent back: an officer may still change or withdraw it."""
        return self.state in OPEN_STATES

    def is_complete(self) -> bool:
        """A draft can be signed only when it says what is decided and why."""
        return all(
            str(getattr(self, name) or "").strip() for name in ("title", "decision_text", "reasons")
        )

    def drafted_or_edited_by(self, user) -> bool:
        """Whether `user` wrote any of this notice (they may not sign it)."""
        if user is None or user.pk is None:
            return False
        if user.pk == self.drafted_by_id:
            return True
        if self.pk is None:
            return False
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "editors" in cache:
            return any(editor.pk == user.pk for editor in cache["editors"])
        return self.editors.filter(pk=user.pk).exists()

    # --- transitions ---------------------------------------------------------------------------

    @transition(
        field=state,
        source=DecisionNoticeState.DRAFT,
        target=DecisionNoticeState.SIGNED,
        conditions=[is_complete],
        permission=_may_sign,
    )
    def sign(self, *, by, at, year: int, sequence: int) -> None:
        """A commissioner-role user who did not draft or edit it signs the draft.

        It takes the next number of `year` (the London calendar year of `at`) and becomes final.
        Only `services.sign_decision_notice` calls this, holding the locks that keep numbers
        consecutive and unique.
        """
        self.signed_by = by
        self.signed_at = at
        self.year = year
        self.sequence = sequence
        self.number = rules.format_notice_number(year, sequence)

    @transition(
        field=state,
        source=list(OPEN_STATES),
        target=DecisionNoticeState.WITHDRAWN,
        permission=_may_withdraw,
    )
    def withdraw(self, *, by, at, reason: str) -> None:
        """A commissioning officer withdraws a draft that will not be signed; it keeps no number.

        Also made, on the decider's behalf, when the last item it decides is rejected or withdrawn.
        """
        self.withdrawn_by = by
        self.withdrawn_at = at
        self.withdrawal_reason = reason

    @transition(
        field=state,
        source=DecisionNoticeState.DRAFT,
        target=DecisionNoticeState.RETURNED,
        permission=_may_send_back,
    )
    def send_back(self, *, comments: str) -> None:
        """The Commissioner sends a draft back to its drafter with comments instead of signing."""
        self.sent_back_comments = comments

    @transition(field=state, source=DecisionNoticeState.RETURNED, target=DecisionNoticeState.DRAFT)
    def redraft(self) -> None:
        """An officer's change to a sent-back notice puts it before the Commissioner again."""

    # --- immutability (defence in depth: the services refuse first) -----------------------------

    def _stored_values(self) -> dict | None:
        if self._state.adding or self.pk is None:
            return None
        names = [f.attname for f in self._meta.concrete_fields if f.name not in _UNTRACKED_FIELDS]
        return type(self)._base_manager.filter(pk=self.pk).values(*names).first()

    def _changes_to_final(self) -> tuple[str, list[str]] | None:
        """(stored state, changed fields) when this is a stored final notice being changed."""
        stored = self._stored_values()
        if not stored or stored["state"] not in FINAL_STATES:
            return None
        changed = [
            name
            for name, value in stored.items()
            if name in self.__dict__ and self.__dict__[name] != value  # deferred fields unchanged
        ]
        return (stored["state"], changed) if changed else None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for name in ("title", "decision_text", "reasons", "funding_summary"):
            raw = getattr(self, name) or ""
            setattr(self, name, raw.strip())
            if raw and not raw.strip() and name in REQUIRED_MESSAGES:
                errors[name] = REQUIRED_MESSAGES[name]  # only spaces: past the blank check
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = AMOUNT_MUST_BE_POSITIVE
        final = self._changes_to_final()
        if final:
            raise ValidationError(_final_message(final[0]))
        if errors:
            raise ValidationError(errors)


# The notice number sequence and the approvals engine's models live in modules of their own.
from .engine.models import (  # noqa: E402, F401
    ApprovalBand,
    ApprovalDecision,
    ApprovalKind,
    ApprovalRequest,
    ApprovalState,
)
from .notice_sequence import DecisionNoticeSequence  # noqa: E402, F401
