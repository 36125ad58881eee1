"""Reads of the unit's self-assessment pages: the home page's lists (assessments with their
totals, the sets a unit may start) and the labels of tasks, reports and evidence shared by
the form page and the "Biểu tự đánh giá" export. Each runs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from indicators.models import Indicator
from indicators.par.access import (
    assessments_visible,
    can_fill,
    may_see_appraisal,
    sets_visible,
)
from indicators.par.models import (
    Assessment,
    AssessmentItem,
    AssessmentState,
    CriteriaSet,
    EvidenceKind,
    ScoringRule,
    SetLevel,
    SetStatus,
)
from indicators.par.rules import fmt
from plans.access import (
    ROLE_AGENCY,
    ROLE_OFFICE,
    ROLE_PROVINCE,
    ROLE_SUPERUSER,
    role_of,
    user_agency,
)
from plans.units import UnitLevel
from tasks.models import ProgressReport, Task

ZERO = Decimal(0)


@dataclass
class HomeRow:
    assessment: Assessment
    maximum: Decimal = ZERO
    self_score: Decimal = ZERO
    appraised: Decimal | None = None  # None: not to be shown to this user
    missing: int = 0  # criteria still without a self-score (survey criteria left out)
    may_fill: bool = False
    url: str = ""
    results_url: str = ""  # the province's results, once published

    @property
    def text(self) -> dict[str, str]:
        """The totals written the Vietnamese way (9,5)."""
        return {
            "maximum": fmt(self.maximum),
            "self_score": fmt(self.self_score),
            "appraised": fmt(self.appraised) if self.appraised is not None else "",
        }


@dataclass
class HomeGroup:
    """The sets and assessments of one province (one group, except for a superuser)."""

    province: object
    sets: list = field(default_factory=list)
    rows: list[HomeRow] = field(default_factory=list)


def home_rows(user, assessments) -> list[HomeRow]:
    """The assessments with their totals (two queries whatever their number)."""
    assessments = list(
        assessments.select_related("criteria_set__province", "unit__parent", "agency").order_by(
            "-criteria_set__year", "criteria_set__level", "unit__name", "agency__name"
        )
    )
    totals = {
        row["assessment_id"]: row
        for row in AssessmentItem.objects.filter(assessment__in=[a.pk for a in assessments])
        .values("assessment_id")
        .annotate(
            maximum=Sum("criterion__max_score"),
            self_total=Sum("self_score"),
            appraised_total=Sum("appraised_score"),
            missing=Count(
                "pk",
                filter=Q(self_score__isnull=True) & ~Q(criterion__rule=ScoringRule.SURVEY),
            ),
        )
    }
    rows = []
    for assessment in assessments:
        total = totals.get(assessment.pk, {})
        rows.append(
            HomeRow(
                assessment=assessment,
                maximum=total.get("maximum") or ZERO,
                self_score=total.get("self_total") or ZERO,
                appraised=(total.get("appraised_total") or ZERO)
                if may_see_appraisal(user, assessment) and assessment.state != AssessmentState.DRAFT
                else None,
                missing=total.get("missing") or 0,
                may_fill=can_fill(user, assessment),
            )
        )
    return rows


def filler_subject(user):
    """(unit, agency) whose assessments the user fills in, or None: an Interior Office's
    district or commune, or a province department (its head)."""
    role = role_of(user)
    if role == ROLE_OFFICE:
        unit = user.profile.unit
        if unit.level in (UnitLevel.DISTRICT, UnitLevel.COMMUNE):
            return unit, None
    if role == ROLE_AGENCY:
        agency = user_agency(user)
        if agency is not None and agency.unit.level == UnitLevel.PROVINCE:
            return agency.unit, agency
    return None


def startable_sets(user, rows: list[HomeRow]) -> list[CriteriaSet]:
    """The published sets of the user's province and level for a year the unit has no
    assessment of yet (one query)."""
    subject = filler_subject(user)
    if subject is None:
        return []
    unit, agency = subject
    level = SetLevel.DEPARTMENT if agency is not None else unit.level
    taken = {(r.assessment.criteria_set.year, r.assessment.criteria_set.level) for r in rows}
    sets = sets_visible(user).filter(status=SetStatus.PUBLISHED, level=level)
    return [s for s in sets.order_by("-year", "-version") if (s.year, s.level) not in taken]


def province_groups(user) -> list[HomeGroup]:
    """For the province's staff (one group) or a superuser (one group per province): the sets
    and every assessment of them (three queries)."""
    role = role_of(user)
    if role not in (ROLE_PROVINCE, ROLE_SUPERUSER):
        return []
    groups: dict[int, HomeGroup] = {}
    for criteria_set in sets_visible(user).order_by("province__name", "-year", "level", "-version"):
        group = groups.setdefault(
            criteria_set.province_id, HomeGroup(province=criteria_set.province)
        )
        group.sets.append(criteria_set)
    for row in home_rows(user, assessments_visible(user)):
        province = row.assessment.criteria_set.province
        groups.setdefault(province.pk, HomeGroup(province=province)).rows.append(row)
    return sorted(groups.values(), key=lambda g: g.province.name)


# --- labels of tasks, reports and evidence ---------------------------------------------------


def task_label(task: Task) -> str:
    return f"{task.display_code} {task.short_title}".strip()


def report_label(report: ProgressReport) -> str:
    return (
        f"Báo cáo tiến độ quý {report.quarter}/{report.year} của {report.agency.name} "
        f"(nhiệm vụ {report.task.display_code})"
    )


@dataclass
class PlanChoices:
    """The plan's tasks (for the mapping), the reports of the assessment's year by task (to
    link as evidence), and labels for every task and report the sheet refers to."""

    tasks: list[Task]
    indicators: list
    reports_by_task: dict[int, list[ProgressReport]]
    task_labels: dict[int, str]
    report_labels: dict[int, str]
    # report id → (its period "quý 4/2024", its task's code, the agency that filed it)
    report_parts: dict[int, tuple[str, str, str]] = field(default_factory=dict)


def plan_choices(assessment: Assessment, rows) -> PlanChoices:
    """Three queries whatever the number of criteria, tasks, targets and reports."""
    linked_reports = {
        evidence.report_id
        for row in rows
        for evidence in row.evidence
        if evidence.kind == EvidenceKind.REPORT
    }
    tasks: list[Task] = []
    indicators = []
    condition = Q(pk__in=linked_reports)
    if assessment.plan_id:
        tasks = list(
            Task.objects.filter(plan_id=assessment.plan_id)
            .select_related("parent")
            .order_by("order", "pk")
        )
        indicators = list(Indicator.objects.filter(plan_id=assessment.plan_id))
        condition |= Q(task__plan_id=assessment.plan_id, year=assessment.criteria_set.year)
    reports_by_task = defaultdict(list)
    report_labels = {}
    report_parts = {}
    reports = ProgressReport.objects.filter(condition).select_related("agency", "task__parent")
    for report in reports.order_by("task__order", "agency__name", "year", "quarter"):
        report_labels[report.pk] = report_label(report)
        report_parts[report.pk] = (
            f"quý {report.quarter}/{report.year}",
            report.task.display_code,
            report.agency.name,
        )
        if report.year == assessment.criteria_set.year:
            reports_by_task[report.task_id].append(report)
    return PlanChoices(
        tasks=tasks,
        indicators=indicators,
        reports_by_task=dict(reports_by_task),
        task_labels={task.pk: task_label(task) for task in tasks},
        report_labels=report_labels,
        report_parts=report_parts,
    )


def evidence_label(evidence, choices: PlanChoices) -> str:
    if evidence.kind == EvidenceKind.REPORT:
        return choices.report_labels.get(evidence.report_id, "Báo cáo tiến độ")
    if evidence.kind == EvidenceKind.TASK:
        label = choices.task_labels.get(evidence.task_id) or task_label(evidence.task)
        return f"Nhiệm vụ {label}"
    return evidence.title or "Tệp đính kèm"


def evidence_lines(evidence: list, choices: PlanChoices) -> list[str]:
    """The evidence of one criterion as a document lists it: one line per file or task, and one
    line per task and period for its reports, naming the agencies that filed them (a collective
    lead's members report one by one: nineteen lines saying the same would hide the rest)."""
    entries: list[str | tuple[str, str]] = []
    agencies: dict[tuple[str, str], list[str]] = {}
    for item in evidence:
        parts = choices.report_parts.get(item.report_id)
        if item.kind != EvidenceKind.REPORT or parts is None:
            entries.append(evidence_label(item, choices))
            continue
        period, task, agency = parts
        if (period, task) not in agencies:
            agencies[(period, task)] = []
            entries.append((period, task))
        agencies[(period, task)].append(agency)
    return [
        entry if isinstance(entry, str) else _reports_line(*entry, agencies[entry])
        for entry in entries
    ]


def _reports_line(period: str, task: str, agencies: list[str]) -> str:
    if len(agencies) == 1:
        return f"Báo cáo tiến độ {period} của {agencies[0]} (nhiệm vụ {task})"
    return (
        f"Báo cáo tiến độ {period} (nhiệm vụ {task}) của {len(agencies)} cơ quan, đơn vị: "
        + "; ".join(agencies)
    )
