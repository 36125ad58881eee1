from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from plans.models import Agency, Plan, PlanArea
from plans.search import SearchText, SearchTextManager
from plans.text import NormalizedNames


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


class Task(NormalizedNames, SearchText, models.Model):
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
        "trạng thái",
        max_length=12,
        choices=TaskStatus.choices,
        default=TaskStatus.NOT_STARTED,
        help_text=(
            "Chỉ “Hoàn thành” (kèm ngày hoàn thành) và “Không thực hiện” là quyết định của Phòng "
            "Nội vụ được dùng trong báo cáo; còn lại tình trạng lấy từ báo cáo của cơ quan chủ trì."
        ),
    )
    completed_on = models.DateField(
        "ngày hoàn thành (Phòng Nội vụ xác định)",
        null=True,
        blank=True,
        help_text="Bắt buộc khi đặt trạng thái “Hoàn thành”.",
    )
    initiative = models.BooleanField("sáng kiến", default=False)
    notes = models.TextField("ghi chú", blank=True)
    agencies = models.ManyToManyField(
        Agency, through="TaskAssignment", related_name="tasks", verbose_name="cơ quan"
    )
    # Bumped by every save through the admin (a conditional UPDATE … WHERE version = …), so that
    # two people editing the same task cannot silently overwrite each other.
    version = models.PositiveIntegerField("phiên bản", default=1)

    normalized_fields = ("code",)  # plans.text: look-alike codes made one

    # Folded title and products (plans.search), kept on save and in bulk writes, for search
    # that ignores diacritics and case on every database.
    search_text = models.TextField("nội dung tìm kiếm", blank=True, default="", editable=False)
    search_fields_source = ("title", "products")

    objects = SearchTextManager()
    history = HistoricalRecords(verbose_name="lịch sử nhiệm vụ", excluded_fields=["search_text"])

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
            models.CheckConstraint(
                condition=~Q(status=TaskStatus.DONE) | Q(completed_on__isnull=False),
                name="tasks_task_done_has_date",
                violation_error_message="Nhiệm vụ “Hoàn thành” phải có ngày hoàn thành.",
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

    def clean(self):
        """A task's area and parent belong to its own plan, and parents never form a cycle
        (docs/report-rules.md, "Data the rules rely on")."""
        super().clean()
        errors = {}
        if self.plan_id and self.area_id and self.area.plan_id != self.plan_id:
            errors["area"] = "Lĩnh vực được chọn thuộc kế hoạch khác."
        if self.plan_id and self.parent_id:
            if self.parent.plan_id != self.plan_id:
                errors["parent"] = "Nhiệm vụ cha thuộc kế hoạch khác."
            elif self.pk is not None and self._parent_chain_reaches_self():
                errors["parent"] = "Nhiệm vụ cha tạo thành vòng lặp (A thuộc B, B lại thuộc A)."
        if errors:
            raise ValidationError(errors)

    def _parent_chain_reaches_self(self) -> bool:
        parents = dict(Task.objects.filter(plan_id=self.plan_id).values_list("id", "parent_id"))
        parents[self.pk] = self.parent_id
        seen, current = set(), self.parent_id
        while current is not None and current not in seen:
            if current == self.pk:
                return True
            seen.add(current)
            current = parents.get(current)
        return current == self.pk

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

    history = HistoricalRecords(verbose_name="lịch sử phân công")

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


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Nháp"
    SUBMITTED = "submitted", "Đã gửi, chờ duyệt"
    RETURNED = "returned", "Bị trả lại"
    ACCEPTED = "accepted", "Đã duyệt"


# Reports the Interior Office counts: sent by the agency (and not sent back).
COUNTED_STATES = (ReviewState.SUBMITTED, ReviewState.ACCEPTED)
# Reports the agency may still change.
EDITABLE_STATES = (ReviewState.DRAFT, ReviewState.RETURNED, ReviewState.SUBMITTED)

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def evidence_upload_to(instance, filename):
    # Files are served only through a permission-checking view; the path carries no user input
    # beyond the extension.
    import os
    import uuid

    extension = os.path.splitext(filename)[1].lower()[:8]
    return f"evidence/{instance.task.plan_id}/{uuid.uuid4().hex}{extension}"


class ProgressReport(models.Model):
    """An agency's cumulative report on one task for one period (year + quarter).

    The period's report is cumulative: the Q2 report says what was done in the first six months.
    Review: draft → submitted → accepted (locked), or → returned (with a note) → submitted again.
    """

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="reports", verbose_name="nhiệm vụ"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="reports", verbose_name="cơ quan"
    )
    year = models.PositiveSmallIntegerField("năm")
    quarter = models.PositiveSmallIntegerField("quý")
    status = models.CharField(
        "tình trạng",
        max_length=12,
        choices=ProgressStatus.choices,
        default=ProgressStatus.IN_PROGRESS,
    )
    completion_date = models.DateField("ngày hoàn thành", null=True, blank=True)
    percent = models.PositiveSmallIntegerField("tỷ lệ hoàn thành (%)", default=0)
    result = models.TextField("kết quả thực hiện", blank=True, max_length=5000)
    product_issued = models.CharField(
        "sản phẩm đã ban hành",
        max_length=500,
        blank=True,
        help_text="Số, ký hiệu và ngày văn bản, ví dụ: Kế hoạch số 12/KH-UBND ngày 20/01/2022.",
    )
    evidence = models.FileField(
        "tệp minh chứng", upload_to=evidence_upload_to, blank=True, max_length=255
    )
    evidence_name = models.CharField("tên tệp minh chứng", max_length=255, blank=True)
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True, max_length=3000)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True, max_length=3000)
    review_state = models.CharField(
        "trạng thái duyệt", max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    review_note = models.TextField("ý kiến của Phòng Nội vụ", blank=True, max_length=3000)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người gửi",
    )
    reviewed_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người duyệt",
    )
    version = models.PositiveIntegerField("phiên bản", default=1)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    history = HistoricalRecords(verbose_name="lịch sử báo cáo tiến độ")

    class Meta:
        ordering = ["task", "agency", "year", "quarter"]
        verbose_name = "báo cáo tiến độ"
        verbose_name_plural = "báo cáo tiến độ"
        constraints = [
            models.UniqueConstraint(
                fields=["task", "agency", "year", "quarter"],
                name="tasks_progressreport_one_per_period",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="tasks_progressreport_quarter"
            ),
            models.CheckConstraint(
                condition=Q(percent__lte=100),
                name="tasks_progressreport_percent_range",
                violation_error_message="Tỷ lệ hoàn thành phải từ 0 đến 100%%.",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProgressStatus.DONE) | Q(completion_date__isnull=False),
                name="tasks_progressreport_done_has_date",
                violation_error_message="Nhiệm vụ đã hoàn thành phải có ngày hoàn thành.",
            ),
            models.CheckConstraint(
                condition=~Q(review_state=ReviewState.RETURNED) | ~Q(review_note=""),
                name="tasks_progressreport_returned_has_note",
                violation_error_message="Báo cáo bị trả lại phải có ý kiến của Phòng Nội vụ.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProgressStatus.values), name="tasks_progressreport_status"
            ),
            models.CheckConstraint(
                condition=Q(review_state__in=ReviewState.values),
                name="tasks_progressreport_review_state",
            ),
        ]
        indexes = [
            # Review page and consolidated report: the reports of a period.
            models.Index(fields=["year", "quarter", "review_state"], name="tasks_report_period"),
        ]

    def __str__(self):
        return f"{self.task.display_code} — {self.agency} — Quý {self.quarter}/{self.year}"

    @property
    def period_label(self) -> str:
        from plans.periods import Period

        return Period(self.year, self.quarter).label

    @property
    def is_locked(self) -> bool:
        return self.review_state == ReviewState.ACCEPTED


class ReminderLog(models.Model):
    """One reminder digest sent to one user on one day (never the same digest twice a day)."""

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="+")
    day = models.DateField("ngày gửi")
    digest = models.CharField("dấu vân tay nội dung", max_length=64)
    sent_at = models.DateTimeField("gửi lúc", auto_now_add=True)

    class Meta:
        ordering = ["-day", "user"]
        verbose_name = "nhắc việc đã gửi"
        verbose_name_plural = "nhắc việc đã gửi"
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="tasks_reminderlog_one_per_day")
        ]

    def __str__(self):
        return f"{self.user} {self.day}"


# The report edition lives with the rest of the consolidated report (tasks/reports/).
from tasks.progress.models import Notice, NoticeKind  # noqa: E402, F401
from tasks.reports.models import EditionState, ReportEdition  # noqa: E402, F401
from tasks.reports.stored import PlanStamp, StoredSummary  # noqa: E402, F401
