"""The form of a report edition: the frame, then one text per narrative section (and one per
reform area of the plan). Plain text only: what is typed is printed as typed."""

from django import forms

from tasks.forms import DateInput
from tasks.reports.editions import FRAME_FIELDS, SECTION_FIELDS
from tasks.reports.models import ReportEdition

SHORT_TEXTS = {"number", "place", "parent_body", "issuing_body_short", "subject", "signer_name"}


class EditionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, edition: ReportEdition):
        super().__init__(data)
        self.edition = edition
        for name in FRAME_FIELDS + SECTION_FIELDS:
            model_field = ReportEdition._meta.get_field(name)
            if name == "doc_date":
                field = forms.DateField(
                    label="Ngày ban hành",
                    required=False,
                    widget=DateInput(),
                    error_messages={"invalid": "Ngày ban hành không hợp lệ (dạng ngày/tháng/năm)."},
                )
            else:
                field = forms.CharField(
                    label=model_field.verbose_name[:1].upper() + model_field.verbose_name[1:],
                    required=not model_field.blank,
                    max_length=model_field.max_length,
                    help_text=model_field.help_text,
                    strip=False,
                    widget=None if name in SHORT_TEXTS else forms.Textarea(attrs={"rows": 6}),
                    error_messages={
                        "required": "Vui lòng nhập nội dung.",
                        "max_length": "Tối đa %(limit_value)d ký tự.",
                    },
                )
            field.initial = getattr(edition, name)
            self.fields[name] = field
        for index, area in enumerate(edition.areas, start=1):
            self.fields[f"area_{area['area']}"] = forms.CharField(
                label=f"II.{index}. {area['heading']}",
                required=False,
                strip=False,
                initial=area.get("text", ""),
                widget=forms.Textarea(attrs={"rows": 6}),
            )
        self.fields["version"].initial = edition.version
        if edition.is_final:
            for field in self.fields.values():
                field.disabled = True

    def frame_fields(self):
        return [self[name] for name in FRAME_FIELDS]

    def section_fields(self):
        areas = [self[f"area_{a['area']}"] for a in self.edition.areas]
        first, *rest = (self[name] for name in SECTION_FIELDS)
        return [first, *areas, *rest]

    def values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in FRAME_FIELDS + SECTION_FIELDS}
        values["areas"] = [
            {**area, "text": self.cleaned_data[f"area_{area['area']}"]}
            for area in self.edition.areas
        ]
        return values
