from django import forms
from django.utils import timezone

from tasks.models import AssignmentRole, ProgressReport, ReviewState, Task


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProgressReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProgressReport
        fields = [
            "status",
            "percent",
            "completion_date",
            "result",
            "product_issued",
            "evidence",
            "difficulties",
            "proposals",
        ]
        widgets = {
            "completion_date": DateInput(),
            "result": forms.Textarea(attrs={"rows": 5}),
            "difficulties": forms.Textarea(attrs={"rows": 3}),
            "proposals": forms.Textarea(attrs={"rows": 3}),
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }
        error_messages = {
            "completion_date": {"invalid": "Ngày hoàn thành không hợp lệ (dạng ngày/tháng/năm)."},
            "percent": {"invalid": "Tỷ lệ hoàn thành phải là số từ 0 đến 100."},
            "result": {"max_length": "Kết quả thực hiện tối đa %(limit_value)d ký tự."},
            "product_issued": {"max_length": "Sản phẩm tối đa %(limit_value)d ký tự."},
        }


REPORT_STATE_FILTERS = [("", "Tất cả"), ("none", "Chưa báo cáo"), *ReviewState.choices]
ROLE_FILTERS = [("", "Tất cả"), *AssignmentRole.choices]


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


class TaskAdminForm(forms.ModelForm):
    """The admin's task form: carries the version it was loaded with (a hidden field) and asks
    for a reason when the status or the deadline changes."""

    change_reason = forms.CharField(
        label="Lý do thay đổi",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc khi đổi trạng thái, thời hạn hoặc cơ quan chủ trì.",
    )

    class Meta:
        model = Task
        fields = [
            "plan",
            "area",
            "parent",
            "code",
            "order",
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

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            submitted = cleaned.get("version")
            # Locks the row until the admin's transaction ends (PostgreSQL), so two saves of
            # the same task are checked one after the other.
            current = (
                Task.objects.select_for_update()
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
    the task form (read from the same POST)."""

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
