from django import forms

from tasks.models import AssignmentRole, ProgressReport, ReviewState


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
