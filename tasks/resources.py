"""django-import-export resources of the tasks app (admin exports).

Exports go through the library (`TaskAdmin`'s "Xuất"); values are plain Python values (dates
as dates), written by `reformplan.exchange` formats that keep text from becoming a formula.

The task-list *import* does not go through a Resource: a plan's sheet mixes area heading rows
with task rows, identifies tasks by area and display code with a parent derived from it, and
must be refused as a whole for file-level problems (merged cells, formulas) that tablib's
reader never sees. That flow lives in the package `tasks.spreadsheet` (its admin pages in
`tasks.spreadsheet.admin_view`; see the docstrings there).
"""

from import_export import fields, resources

from tasks.models import AssignmentRole, Task


class TaskResource(resources.ModelResource):
    plan = fields.Field(column_name="Kế hoạch")
    area = fields.Field(column_name="Lĩnh vực")
    code = fields.Field(column_name="STT")
    title = fields.Field(attribute="title", column_name="Nhiệm vụ")
    products = fields.Field(attribute="products", column_name="Sản phẩm")
    lead = fields.Field(column_name="Cơ quan chủ trì")
    partners = fields.Field(column_name="Cơ quan phối hợp")
    deadline_text = fields.Field(attribute="deadline_text", column_name="Thời gian hoàn thành")
    due_date = fields.Field(column_name="Hạn hoàn thành")
    status = fields.Field(column_name="Trạng thái")
    initiative = fields.Field(column_name="Sáng kiến")

    class Meta:
        model = Task
        fields = (
            "plan",
            "area",
            "code",
            "title",
            "products",
            "lead",
            "partners",
            "deadline_text",
            "due_date",
            "status",
            "initiative",
        )
        export_order = fields

    def get_queryset(self):
        return super().get_queryset()

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("plan", "area", "parent").prefetch_related(
            "assignments__agency"
        )

    def dehydrate_plan(self, task):
        return task.plan.slug

    def dehydrate_area(self, task):
        return task.area.numeral

    def dehydrate_code(self, task):
        return task.display_code

    def _agencies(self, task, role):
        return "\n".join(
            a.name_as_written or a.agency.name for a in task.assignments.all() if a.role == role
        )

    def dehydrate_lead(self, task):
        return self._agencies(task, AssignmentRole.LEAD)

    def dehydrate_partners(self, task):
        return self._agencies(task, AssignmentRole.PARTNER)

    def dehydrate_due_date(self, task):
        return task.due_date

    def dehydrate_status(self, task):
        return task.get_status_display()

    def dehydrate_initiative(self, task):
        return task.initiative
