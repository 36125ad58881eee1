"""django-import-export resources of the indicators app.

`IndicatorResource` exports targets (numbers as numbers). `IndicatorActualResource` imports the
values targets reached in one period from a sheet with the columns "Mã chỉ tiêu" (the
indicator's display code in the plan), "Kết quả", "Ghi chú" and optionally "Nguồn"; the plan and
the period are chosen on the import form (`indicators.admin.ActualsImportForm`). The library's
dry run shows new, changed and unchanged rows with a diff before anything is saved; values are
checked by `indicators.services.validate_actual_values`, the rule of the entry page.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields, resources, widgets

from indicators.models import Indicator, IndicatorActual
from indicators.services import validate_actual_values

CODE = "Mã chỉ tiêu"
VALUE = "Kết quả"
NOTE = "Ghi chú"
SOURCE = "Nguồn"
REQUIRED_COLUMNS = (CODE, VALUE)
# A plan has tens of targets: a longer file is a mistake, refused before the library parses it
# (`indicators.actuals_import.ActualsImportForm`).
ACTUALS_MAX_ROWS = 1_000


class IndicatorResource(resources.ModelResource):
    plan = fields.Field(column_name="Kế hoạch")
    code = fields.Field(column_name="Mã chỉ tiêu")
    statement = fields.Field(attribute="statement", column_name="Chỉ tiêu")
    subject = fields.Field(attribute="subject", column_name="Nội dung đo")
    comparator = fields.Field(column_name="So sánh")
    target_value = fields.Field(column_name="Giá trị chỉ tiêu")
    unit = fields.Field(column_name="Đơn vị")
    responsible = fields.Field(column_name="Cơ quan chịu trách nhiệm")
    base_year = fields.Field(column_name="Năm gốc")

    class Meta:
        model = Indicator
        fields = (
            "plan",
            "code",
            "statement",
            "subject",
            "comparator",
            "target_value",
            "unit",
            "responsible",
            "base_year",
        )
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("plan", "responsible")

    def dehydrate_plan(self, indicator):
        return indicator.plan.slug

    def dehydrate_code(self, indicator):
        return indicator.display_code

    def dehydrate_comparator(self, indicator):
        return indicator.get_comparator_display()

    def dehydrate_target_value(self, indicator):
        return indicator.target_value

    def dehydrate_base_year(self, indicator):
        return indicator.base_year

    def dehydrate_unit(self, indicator):
        return indicator.get_unit_display()

    def dehydrate_responsible(self, indicator):
        return indicator.responsible.name if indicator.responsible else ""


class _RawWidget(widgets.Widget):
    """Hands the cell over unchanged: `validate_actual_values` reads "9,5", 9.5 and "95"."""

    def clean(self, value, row=None, **kwargs):
        return value

    def render(self, value, obj=None, **kwargs):
        return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class IndicatorActualResource(resources.ModelResource):
    code = fields.Field(column_name=CODE, widget=_RawWidget())
    value = fields.Field(attribute="value", column_name=VALUE, widget=_RawWidget())
    note = fields.Field(attribute="note", column_name=NOTE, widget=_RawWidget())
    source = fields.Field(attribute="source", column_name=SOURCE, widget=_RawWidget())

    class Meta:
        model = IndicatorActual
        fields = ("code", "value", "note", "source")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, plan=None, period=None, user=None):
        super().__init__()
        self.plan, self.period, self.user = plan, period, user
        self._seen: dict[int, str] = {}
        self._indicators: dict[str, Indicator] = {}
        if plan is not None:
            for indicator in Indicator.objects.filter(plan=plan).select_related("plan"):
                self._indicators.setdefault(indicator.display_code, indicator)

    def before_import(self, dataset, **kwargs):
        if self.plan is None or self.period is None:
            raise ValueError("Chọn kế hoạch và kỳ báo cáo trước khi tải tệp lên.")
        headers = [(h or "").strip() for h in dataset.headers or []]
        missing = [c for c in REQUIRED_COLUMNS if c not in headers]
        if missing:
            raise ValueError(
                "Thiếu cột bắt buộc: "
                + ", ".join(f"“{c}”" for c in missing)
                + f". Tệp cần các cột “{CODE}”, “{VALUE}”, “{NOTE}” (và “{SOURCE}” nếu có)."
            )
        dataset.headers = headers
        for column in (NOTE, SOURCE):
            if column not in headers:
                dataset.append_col([""] * len(dataset), header=column)

    def _indicator(self, row) -> Indicator:
        code = _text(row.get(CODE)).rstrip(".")
        indicator = self._indicators.get(code)
        if indicator is None:
            known = ", ".join(sorted(self._indicators)) or "không có"
            raise ValidationError(
                {"code": f"Không có chỉ tiêu mã “{code}” trong kế hoạch (các mã: {known})."}
            )
        return indicator

    def get_instance(self, instance_loader, row):
        indicator = self._indicator(row)
        return IndicatorActual.objects.filter(
            indicator=indicator, year=self.period.year, quarter=self.period.quarter
        ).first()

    def init_instance(self, row=None):
        indicator = self._indicator(row)
        return IndicatorActual(
            indicator=indicator, year=self.period.year, quarter=self.period.quarter
        )

    def import_instance(self, instance, row, **kwargs):
        number = kwargs.get("row_number")
        earlier = self._seen.get(instance.indicator_id)
        if earlier is not None:
            raise ValidationError(
                {"code": f"Chỉ tiêu “{_text(row.get(CODE))}” đã có ở dòng {earlier}."}
            )
        self._seen[instance.indicator_id] = str(number + 1 if number else "trước")
        try:
            values = validate_actual_values(
                indicator=instance.indicator,
                period=self.period,
                value=row.get(VALUE),
                note=_text(row.get(NOTE)),
                source=_text(row.get(SOURCE)),
            )
        except ValidationError as exc:
            errors = exc.message_dict
            if NON_FIELD_ERRORS in errors:
                errors["value"] = errors.pop(NON_FIELD_ERRORS) + errors.get("value", [])
            raise ValidationError(errors) from None
        for name, value in values.items():
            setattr(instance, name, value)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        return  # values are set together, validated, in import_instance

    def before_save_instance(self, instance, row, **kwargs):
        instance.entered_by = self.user

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or original.pk is None:
            return False
        return (original.value, original.note, original.source) == (
            instance.value,
            instance.note,
            instance.source,
        )

    def dehydrate_code(self, actual):
        return actual.indicator.display_code if actual.indicator_id else ""
