from django.db import models
from django.db.models import Q

from plans.models import Agency, Plan, PlanArea


class DeadlineKind(models.TextChoices):
    # Values are those produced by tasks.deadlines.parse_deadline.
    DATE = "date", "Ngày cụ thể"
    MONTH = "month", "Trong tháng"
    QUARTER = "quarter", "Trong quý"
    YEAR = "year", "Trong năm"
    RANGE = "range", "Khoảng thời gian"
    RECURRING = "recurring", "Thường xuyên, định kỳ"
    CONDITIONAL = "conditional", "Theo văn bản khác"
    ADHOC = "adhoc", "Đột xuất"
    NONE = "none", "Không ghi thời hạn"
    UNKNOWN = "unknown", "Chưa hiểu được"


# Kinds whose tasks have no fixed due date: reported by progress text, never judged on time.
UNDATED_KINDS = frozenset(
    {DeadlineKind.RECURRING, DeadlineKind.CONDITIONAL, DeadlineKind.ADHOC, DeadlineKind.NONE}
)


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    CANCELLED = "cancelled", "Không thực hiện"


class Task(models.Model):
    """One row of a plan's task table (or one criterion of a criteria tree).

    `code` is the number or letter as written; numbering may restart in each area and sub-items
    ("b" under task "1", "1.3.1" under "1.3") point to their `parent`. `deadline_text` is kept
    verbatim; `due_date`, `deadline_kind` and `milestones` are derived from it by
    `tasks.deadlines.parse_deadline` and may be set by hand for conditional deadlines.
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="kế hoạch"
    )
    # RESTRICT: an area with tasks cannot be deleted alone, but goes with its plan.
    area = models.ForeignKey(
        PlanArea, on_delete=models.RESTRICT, related_name="tasks", verbose_name="lĩnh vực"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="nhiệm vụ cha",
    )
    code = models.CharField("số thứ tự", max_length=20, blank=True)
    order = models.PositiveIntegerField("thứ tự")
    objective = models.TextField("mục tiêu", blank=True)
    title = models.TextField("nhiệm vụ")
    activities = models.TextField("hoạt động", blank=True)
    products = models.TextField("sản phẩm", blank=True)
    expected_result = models.TextField("chỉ tiêu đạt được", blank=True)
    deadline_text = models.CharField(
        "thời gian hoàn thành (nguyên văn)", max_length=500, blank=True
    )
    due_date = models.DateField("hạn hoàn thành", null=True, blank=True)
    deadline_kind = models.CharField(
        "loại thời hạn", max_length=12, choices=DeadlineKind.choices, default=DeadlineKind.UNKNOWN
    )
    milestones = models.JSONField("các mốc trung gian", default=list, blank=True)
    status = models.CharField(
        "trạng thái", max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    initiative = models.BooleanField("sáng kiến", default=False)
    notes = models.TextField("ghi chú", blank=True)
    agencies = models.ManyToManyField(
        Agency, through="TaskAssignment", related_name="tasks", verbose_name="cơ quan"
    )

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="tasks_task_unique_order"),
            models.CheckConstraint(
                condition=Q(deadline_kind__in=DeadlineKind.values),
                name="tasks_task_deadline_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=TaskStatus.values), name="tasks_task_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="tasks_task_not_own_parent"
            ),
        ]
        indexes = [
            # Matching rows of an uploaded appendix: tasks of a plan by area and code.
            models.Index(fields=["plan", "area", "code"], name="tasks_task_plan_area_code"),
            # Overdue and due-soon lists, and the admin's due-quarter filter.
            models.Index(fields=["due_date"], name="tasks_task_due_date"),
        ]

    def __str__(self):
        return f"{self.display_code} {self.short_title}".strip()

    @property
    def short_title(self) -> str:
        title = " ".join(self.title.split())
        return title if len(title) <= 80 else title[:79].rstrip() + "…"

    @property
    def display_code(self) -> str:
        """The code as a reader cites it: "1.b" (letter under task 1), "1.3.1", "17" …

        Only the direct parent is consulted (select_related("parent") suffices): deeper trees in
        the plans write full codes such as "1.3.1". An unnumbered sub-row shows as "17.".
        """
        if self.parent_id is None:
            return self.code
        parent_code = self.parent.code
        if not self.code:
            return f"{parent_code}."
        if self.code.startswith(parent_code + "."):
            return self.code
        return f"{parent_code}.{self.code}"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", "Chủ trì"
    PARTNER = "partner", "Phối hợp"
    MONITOR = "monitor", "Theo dõi"


class TaskAssignment(models.Model):
    """An agency's role on a task, in the order the plan names it, with the name as written."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="assignments", verbose_name="nhiệm vụ"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="assignments", verbose_name="cơ quan"
    )
    role = models.CharField("vai trò", max_length=10, choices=AssignmentRole.choices)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    name_as_written = models.CharField("tên như trong văn bản", max_length=255, blank=True)

    class Meta:
        ordering = ["task", "order", "id"]
        verbose_name = "phân công"
        verbose_name_plural = "phân công"
        constraints = [
            models.UniqueConstraint(
                fields=["task", "agency", "role"], name="tasks_taskassignment_unique_role"
            ),
            models.CheckConstraint(
                condition=Q(role__in=AssignmentRole.values),
                name="tasks_taskassignment_role_valid",
            ),
        ]
        indexes = [
            # The agency portal: tasks of an agency (and its groups) by role.
            models.Index(fields=["agency", "role"], name="tasks_assignment_agency_role"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.agency}"
