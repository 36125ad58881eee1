"""A task's milestones as people write them: dates dd/mm/yyyy, one per line.

`Task.milestones` is stored as JSON, a sorted list of ISO dates (["2022-03-31", "2022-06-30"]),
as `tasks.deadlines.parse_deadline` derives it and the report rules read it. The admin edits it
through `MilestonesField`: a text box showing "31/03/2022" lines, read back into the same list,
with a Vietnamese message for every line that is not a real date. No migration: only the form
changes.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError

_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# One date per line; a comma or a semicolon between dates on one line is accepted too.
_SEPARATORS = re.compile(r"[\n;,]")

HELP_TEXT = (
    "Mỗi dòng một ngày, dạng ngày/tháng/năm (ví dụ 31/03/2022). Các mốc phải trước hạn hoàn "
    "thành; để trống nếu nhiệm vụ không có mốc trung gian."
)


def format_milestone(value) -> str:
    """One stored milestone ("2022-03-31") as shown: "31/03/2022"; anything else as it is."""
    try:
        return datetime.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def format_milestones(values) -> str:
    """The stored list as shown in one line: "31/03/2022; 30/06/2022" ("—" when empty)."""
    if not values:
        return "—"
    if not isinstance(values, list | tuple):
        return str(values)
    return "; ".join(format_milestone(value) for value in values)


def parse_milestones(text: str) -> list[str]:
    """The typed dates as the stored list: ISO dates, sorted, without repeats.

    Raises ValidationError with one Vietnamese message per item that is not a real date."""
    dates: set[datetime.date] = set()
    errors = []
    for item in _SEPARATORS.split(text or ""):
        item = item.strip()
        if not item:
            continue
        match = _DATE.fullmatch(item)
        try:
            if match is None:
                raise ValueError(item)
            day, month, year = (int(part) for part in match.groups())
            dates.add(datetime.date(year, month, day))
        except ValueError:
            errors.append(
                ValidationError(
                    "“%(item)s” không phải là ngày hợp lệ: ghi mỗi mốc một dòng, dạng "
                    "ngày/tháng/năm, ví dụ 31/03/2022.",
                    code="invalid",
                    params={"item": item},
                )
            )
    if errors:
        raise ValidationError(errors)
    return [day.isoformat() for day in sorted(dates)]


class MilestonesField(forms.Field):
    """Edits the JSON list of ISO dates as dd/mm/yyyy lines in a text box."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 20})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", HELP_TEXT)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # The stored list when the form is loaded; the typed text when shown again with errors.
        if isinstance(value, list | tuple):
            return "\n".join(format_milestone(item) for item in value)
        return value or ""

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return [str(item) for item in value]
        return parse_milestones(value or "")

    def has_changed(self, initial, data):
        try:
            typed = self.to_python(data)
        except ValidationError:
            return True
        return list(initial or []) != typed
