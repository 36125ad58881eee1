from django import forms

from plans.models import Agency, AgencyKind


class LinesField(forms.CharField):
    """A list of strings edited as one line each in a textarea."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class AgencyAdminForm(forms.ModelForm):
    aliases = LinesField(
        label="Cách viết khác", required=False, help_text="Mỗi dòng một cách viết tên."
    )
    includes = forms.MultipleChoiceField(
        label="Gồm các loại cơ quan",
        required=False,
        choices=[
            (AgencyKind.OFFICE, AgencyKind.OFFICE.label),
            (AgencyKind.COMMUNE, AgencyKind.COMMUNE.label),
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text="Chỉ dùng cho nhóm cơ quan.",
    )

    class Meta:
        model = Agency
        fields = ["unit", "name", "short_name", "kind", "includes", "aliases"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") != AgencyKind.GROUP and cleaned.get("includes"):
            self.add_error("includes", "Chỉ nhóm cơ quan mới có các loại cơ quan thành viên.")
        return cleaned
