from django import forms

from indicators.evaluation import format_number
from indicators.services import NOTE_MAX, SOURCE_MAX


class ActualForm(forms.Form):
    """The entry form of one indicator's actual. Fields are lenient on purpose: the rules live
    in `indicators.services.validate_actual_values`, whose errors the view adds to this form."""

    value = forms.CharField(
        label="Giá trị đạt được",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8, "required": True}),
    )
    note = forms.CharField(
        label="Ghi chú",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30, "maxlength": NOTE_MAX}),
    )
    source = forms.CharField(
        label="Nguồn số liệu",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": SOURCE_MAX}),
    )

    def __init__(self, *args, indicator_id: int, actual=None, **kwargs):
        # Field names stay "value", "note", "source" (the portal posts the same names);
        # ids carry the indicator so that several forms can share a page.
        kwargs.setdefault("auto_id", f"id_%s_{indicator_id}")
        if actual is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "value": format_number(actual.value, grouping=False),
                "note": actual.note,
                "source": actual.source,
            }
        super().__init__(*args, **kwargs)
        self.indicator_id = indicator_id
