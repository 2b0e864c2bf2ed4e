"""Decision notices in the admin: drafts change only through the service; signed ones are read-only."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from .errors import DecisionNoticeError
from .models import CONTENT_FIELDS, DecisionNotice, DecisionNoticeSequence, DecisionNoticeState
from .permissions import can_edit_decision_notice
from .services import update_decision_notice

_RECORD_FIELDS = (
    "number",
    "state",
    "drafted_by",
    "drafted_at",
    "signed_by",
    "signed_at",
    "withdrawn_by",
    "withdrawn_at",
    "withdrawal_reason",
    "version",
)


class _DecisionNoticeAdminForm(forms.ModelForm):
    acting_user = None  # set per request by DecisionNoticeAdmin.get_form

    class Meta:
        model = DecisionNotice
        fields = list(CONTENT_FIELDS)

    def clean(self):
        cleaned = super().clean()
        allowed, reason = can_edit_decision_notice(self.acting_user, self.instance)
        if not allowed:
            raise ValidationError(reason)
        return cleaned

    def _post_clean(self):
        pass  # the service validates the model under its row lock


@admin.register(DecisionNotice)
class DecisionNoticeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "state", "amount", "drafted_by", "signed_by", "signed_at")
    list_filter = ("state", "year")
    search_fields = ("title", "number")
    list_select_related = ("drafted_by", "signed_by")
    form = _DecisionNoticeAdminForm
    fields = (*CONTENT_FIELDS, *_RECORD_FIELDS)
    readonly_fields = _RECORD_FIELDS

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state != DecisionNoticeState.DRAFT:
            return (*CONTENT_FIELDS, *_RECORD_FIELDS)
        return self.readonly_fields

    def has_add_permission(self, request):
        return False  # drafted on the Decision notices pages, which number the form against doubles

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.state == DecisionNoticeState.SIGNED:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            update_decision_notice(
                notice=obj,
                edited_by=request.user,
                **{name: form.cleaned_data.get(name) for name in CONTENT_FIELDS},
            )
        except DecisionNoticeError as exc:
            messages.error(request, exc.message)

    def save_related(self, request, form, formsets, change):
        pass  # no related objects are edited here


@admin.register(DecisionNoticeSequence)
class DecisionNoticeSequenceAdmin(admin.ModelAdmin):
    list_display = ("year", "last_number")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The approvals engine registers its own admin (approvals/engine/admin.py).
from .engine import admin as _engine_admin  # noqa: E402, F401
