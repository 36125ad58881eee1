"""Forms of the unit's self-assessment pages. Values stay raw strings: the services parse
and check them (`indicators.par.services`, `indicators.par.rules`) and their Vietnamese
errors are put back at the field they concern."""

from __future__ import annotations

from django import forms

from indicators.par.models import AssessmentState, ScoringRule

ITEM_FIELDS = ("self_score", "measured_percent", "deductions", "explanation", "answer")


def item_prefix(item_id: int) -> str:
    return f"item-{item_id}"


class ItemForm(forms.Form):
    """One leaf criterion's inputs. Its widgets belong to the area's form element (HTML
    `form` attribute), so that the mapping and evidence forms can sit next to them."""

    self_score = forms.CharField(label="Điểm tự đánh giá", required=False, max_length=20)
    measured_percent = forms.CharField(label="Tỷ lệ đạt được (%)", required=False, max_length=20)
    deductions = forms.CharField(label="Số lần bị trừ điểm", required=False, max_length=10)
    explanation = forms.CharField(
        label="Giải trình, thuyết minh",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    answer = forms.CharField(
        label="Giải trình theo đề nghị của Sở Nội vụ",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, item, state, form_id, **kwargs):
        kwargs.setdefault("prefix", item_prefix(item.pk))
        if not args and "initial" not in kwargs:
            kwargs["initial"] = {
                "self_score": _plain(item.self_score),
                "measured_percent": _plain(item.measured_percent),
                "deductions": item.deductions if item.deductions is not None else "",
                "explanation": item.explanation,
                "answer": item.answer,
            }
        super().__init__(*args, **kwargs)
        self.item = item
        rule = item.criterion.rule
        if rule == ScoringRule.SURVEY:
            del self.fields["self_score"]
        if rule != ScoringRule.PERCENT:
            del self.fields["measured_percent"]
        if rule != ScoringRule.DEDUCTION:
            del self.fields["deductions"]
        measure = {
            ScoringRule.PERCENT: "tỷ lệ đạt được",
            ScoringRule.DEDUCTION: "số lần bị trừ điểm",
        }.get(rule)
        if measure:
            # The score follows from the measure: typed, it must equal the computed one.
            self.fields["self_score"].help_text = f"Để trống để tính tự động từ {measure}."
            if not args and (item.measured_percent is not None or item.deductions is not None):
                self.initial["self_score"] = ""
        if state != AssessmentState.RETURNED:
            del self.fields["answer"]
        for name, form_field in self.fields.items():
            form_field.widget.attrs["form"] = form_id
            if name in ("self_score", "measured_percent", "deductions"):
                form_field.widget.attrs.update({"inputmode": "decimal", "size": 6})

    def entry(self) -> dict:
        """The raw values posted, as `save_self_scores` takes them."""
        return {name: self.data.get(self.add_prefix(name), "") for name in self.fields}


def _plain(value) -> str:
    """A stored decimal as typed back: 9.50 → "9,5"."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class EvidenceForm(forms.Form):
    """Add one piece of evidence: a file (with an optional title), or a report or a task of
    the plan to link."""

    file = forms.FileField(label="Tệp tài liệu kiểm chứng", required=False)
    title = forms.CharField(label="Tên tài liệu", required=False, max_length=500)
    report = forms.IntegerField(label="Báo cáo tiến độ", required=False, min_value=1)
    task = forms.IntegerField(label="Nhiệm vụ", required=False, min_value=1)

    def clean(self):
        data = super().clean()
        chosen = [name for name in ("file", "report", "task") if data.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(
                "Hãy chọn một tệp, hoặc một báo cáo tiến độ, hoặc một nhiệm vụ để thêm."
            )
        return data
