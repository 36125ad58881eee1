from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from tasks.milestones import MilestonesField, format_milestone
from tasks.models import AssignmentRole, Task


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# Changing one of these on a task needs a reason, kept in the task's history.
REASON_REQUIRED_FIELDS = {"status", "completed_on", "due_date", "deadline_text", "deadline_kind"}
REASON_FIELD = "change_reason"
REASON_MAX = 300


def stale_task_message(task_id: int, version: int) -> str:
    """What the other person changed since `version`, for the stale-form message."""
    from tasks.history import task_changes_since

    rows = task_changes_since(task_id, version)
    if not rows:
        return (
            "Nhiệm vụ vừa được người khác cập nhật. Nội dung bạn nhập vẫn được giữ bên dưới; "
            "hãy xem lại rồi bấm Lưu lần nữa."
        )
    latest = rows[0]
    changes = "; ".join(
        f"{c.field}: {c.old} → {c.new}" for row in reversed(rows) for c in row.changes
    )
    return (
        f"Nhiệm vụ vừa được {latest.user} cập nhật lúc "
        f"{timezone.localtime(latest.when):%H:%M %d/%m/%Y}"
        + (f" (thay đổi: {changes})" if changes else "")
        + ". Nội dung bạn nhập vẫn được giữ bên dưới; hãy xem lại rồi bấm Lưu lần nữa "
        "nếu vẫn muốn ghi đè."
    )


class LineBreaksCharField(forms.CharField):
    """Text whose line breaks are stored as "\n": browsers post a textarea's breaks as "\r\n",
    which would otherwise count as a change of every multi-line text (a phantom history entry)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


# A task's text fields, read with LineBreaksCharField.
TEXT_FIELDS = [
    "code",
    "objective",
    "title",
    "activities",
    "products",
    "expected_result",
    "deadline_text",
    "notes",
]
# Model constraints whose error belongs to one field of the form (shown at that field, not
# in a banner above the form).
CONSTRAINT_FIELDS = {
    "tasks_task_done_has_date": "completed_on",
    "tasks_task_not_own_parent": "parent",
    "tasks_task_status_valid": "status",
    "tasks_task_deadline_kind_valid": "deadline_kind",
}


def move_constraint_errors_to_fields(form, constraint_fields: dict) -> None:
    """After a ModelForm's `_post_clean`: the errors of the named model constraints, which
    Django reports for the whole form (a banner above it), are moved to their field."""
    non_field = form._errors.get(NON_FIELD_ERRORS) if form._errors else None
    if not non_field:
        return
    fields_by_message = {
        str(constraint.get_violation_error_message()): constraint_fields[constraint.name]
        for constraint in form.instance._meta.constraints
        if constraint_fields.get(constraint.name) in form.fields
    }
    kept = []
    for error in non_field.as_data():
        field = fields_by_message.get(" ".join(error.messages))
        if field is None:
            kept.append(error)
        else:
            form.add_error(field, error)
    if kept:
        form._errors[NON_FIELD_ERRORS] = form.error_class(kept, error_class="nonfield")
    else:
        del form._errors[NON_FIELD_ERRORS]


class TaskAdminForm(forms.ModelForm):
    """The admin's task form: carries the version it was loaded with (a hidden field) and asks
    for a reason when the status or the deadline changes.

    One notion of order: the form shows the task's number as written ("Số thứ tự", `code`);
    its position in the plan (`order`) is kept as it is, and a task added here goes after the
    plan's last task (`TaskAdmin.save_model`)."""

    change_reason = forms.CharField(
        label="Lý do thay đổi",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc khi đổi trạng thái, thời hạn hoặc cơ quan chủ trì.",
    )
    # Dates dd/mm/yyyy, one per line, stored as the same JSON list of ISO dates.
    milestones = MilestonesField(label="Các mốc trung gian")

    class Meta:
        model = Task
        fields = [
            "plan",
            "area",
            "parent",
            "code",
            "objective",
            "title",
            "activities",
            "products",
            "expected_result",
            "deadline_text",
            "deadline_kind",
            "due_date",
            "milestones",
            "status",
            "completed_on",
            "initiative",
            "notes",
            "version",
        ]
        widgets = {"version": forms.HiddenInput, "completed_on": DateInput()}
        labels = {"code": "Số thứ tự"}
        help_texts = {"code": "Như trong văn bản: 1, 2, a, 1.3…"}
        field_classes = dict.fromkeys(TEXT_FIELDS, LineBreaksCharField)

    def _post_clean(self):
        super()._post_clean()  # the model's validation, constraints included
        move_constraint_errors_to_fields(self, CONSTRAINT_FIELDS)

    def clean(self):
        cleaned = super().clean()
        due, milestones = cleaned.get("due_date"), cleaned.get("milestones") or []
        late = [m for m in milestones if due is not None and m >= due.isoformat()]
        if late:
            self.add_error(
                "milestones",
                f"Mốc {', '.join(format_milestone(m) for m in late)} không trước hạn hoàn thành "
                f"{due:%d/%m/%Y}: mốc trung gian phải trước hạn.",
            )
        if self.instance.pk is not None:
            submitted = cleaned.get("version")
            # Locks the row until the admin's transaction ends (PostgreSQL), so two saves of
            # the same task are checked one after the other. FOR NO KEY UPDATE: a report being
            # saved at the same time only needs a key-share lock on its task, so the two cannot
            # deadlock on the plan's stamp row (tasks 0009's triggers).
            current = (
                Task.objects.select_for_update(no_key=True)
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if submitted != current:
                message = stale_task_message(self.instance.pk, submitted or 0)
                # Show the current version so that saving again deliberately is possible.
                self.data = self.data.copy()
                self.data[self.add_prefix("version")] = current
                raise forms.ValidationError(message, code="stale")
            changed = REASON_REQUIRED_FIELDS & set(self.changed_data)
            if changed and not cleaned.get(REASON_FIELD, "").strip():
                self.add_error(
                    REASON_FIELD,
                    "Vui lòng ghi lý do khi thay đổi trạng thái hoặc thời hạn của nhiệm vụ.",
                )
        return cleaned


class AssignmentInlineFormSet(forms.BaseInlineFormSet):
    """The task's agencies: adding, removing or changing a lead agency needs the reason typed in
    the task form (read from the same POST). A table row has no label per field (only the
    column headings): every field gets an accessible name, "Cơ quan – dòng 2"."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = "mới" if index is None else str(index + 1)
        for name, field in form.fields.items():
            widget = field.widget
            if widget.is_hidden:
                continue
            label = "Xoá" if name == "DELETE" else str(field.label or name)
            inner = getattr(widget, "widget", widget)  # the admin's related-object wrapper
            inner.attrs = {
                **inner.attrs,
                "aria-label": f"{label[:1].upper()}{label[1:]} – dòng {row}",
            }

    def clean(self):
        super().clean()
        if self.instance.pk is None:
            return
        lead = AssignmentRole.LEAD
        lead_changed = False
        for form in self.forms:
            if not form.has_changed() and not self._should_delete_form(form):
                continue
            was_lead = form.instance.pk is not None and form.initial.get("role") == lead
            is_lead = getattr(form, "cleaned_data", {}).get("role") == lead
            if was_lead or is_lead:
                lead_changed = True
        if lead_changed and not self.data.get(REASON_FIELD, "").strip():
            raise forms.ValidationError(
                "Vui lòng ghi lý do thay đổi (ô “Lý do thay đổi” ở trên) khi đổi cơ quan chủ trì."
            )
