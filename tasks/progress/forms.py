"""The agency's progress report form and the portal's filters."""

from django import forms

from tasks.forms import DateInput, move_constraint_errors_to_fields
from tasks.models import AssignmentRole, ProgressReport, ReviewState

# The report's model constraints whose messages belong to one field of the form.
CONSTRAINT_FIELDS = {
    "tasks_progressreport_percent_range": "percent",
    "tasks_progressreport_done_has_date": "completion_date",
}


class ProgressReportForm(forms.ModelForm):
    """The agency's report for a task and a period. A model constraint's error (percent over
    100, done without a date) is shown at its field, not in a banner owned by no field."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def _post_clean(self):
        super()._post_clean()
        move_constraint_errors_to_fields(self, CONSTRAINT_FIELDS)

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
            "evidence": forms.FileInput(),
        }
        help_texts = {
            "completion_date": "Bắt buộc khi đã hoàn thành; không sau hôm nay.",
            "evidence": "PDF, Word, Excel, ảnh; tối đa 10 MB.",
        }
        error_messages = {
            "completion_date": {"invalid": "Ngày hoàn thành không hợp lệ (dạng ngày/tháng/năm)."},
            "percent": {"invalid": "Tỷ lệ hoàn thành phải là số từ 0 đến 100."},
            "result": {"max_length": "Kết quả thực hiện tối đa %(limit_value)d ký tự."},
            "product_issued": {"max_length": "Sản phẩm tối đa %(limit_value)d ký tự."},
        }


# The portal's states of a task for the period (PortalRow.state): its report's review state,
# done in an earlier period (no new report owed), or no report.
PORTAL_STATE_FILTERS = [
    ("none", "Chưa báo cáo"),
    *ReviewState.choices,
    ("done", "Đã hoàn thành ở kỳ trước"),
]
REPORT_STATE_FILTERS = [("", "Tất cả"), *PORTAL_STATE_FILTERS]
ROLE_FILTERS = [("", "Tất cả"), *AssignmentRole.choices]
