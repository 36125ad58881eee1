"""The page, the downloaded .xlsx and `export_report` show the same counts, for every period of
the five plans, once agencies have reported (one builder feeds all three)."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command

from plans.models import Agency, AgencyKind, Plan
from plans.periods import plan_periods
from tasks.models import AssignmentRole, ProgressStatus, ReviewState, Task
from tasks.reports.classification import COUNTED_CLASSES, ReportClass
from tests.factories import ProgressReportFactory

pytestmark = pytest.mark.django_db

LABELS = {ReportClass(c).label: c for c in COUNTED_CLASSES}


def _file_reports(plan: Plan) -> None:
    """Lead agencies (every member of a lead group) report on every other task: done in the
    plan's first quarter, or in progress; the reports on one task in five are only drafts."""
    members = {
        g.pk: list(Agency.objects.filter(unit=plan.unit, kind__in=g.includes))
        for g in Agency.objects.filter(unit=plan.unit, kind=AgencyKind.GROUP)
    }
    tasks = Task.objects.filter(plan=plan).prefetch_related("assignments__agency").order_by("order")
    for index, task in enumerate(tasks):
        if index % 2:
            continue
        reporters = {
            agency.pk: agency
            for a in task.assignments.all()
            if a.role == AssignmentRole.LEAD
            for agency in members.get(a.agency_id, [a.agency])
        }
        done = index % 4 == 0
        for agency in reporters.values():
            ProgressReportFactory(
                task=task,
                agency=agency,
                year=plan.start_year,
                quarter=1 if done else 2,
                status=ProgressStatus.DONE if done else ProgressStatus.IN_PROGRESS,
                completion_date=datetime.date(plan.start_year, 3, 10) if done else None,
                percent=100 if done else 40,
                review_state=ReviewState.DRAFT if index % 10 == 0 else ReviewState.SUBMITTED,
            )


def _xlsx_counts(content: bytes) -> dict[str, int]:
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Tổng hợp"]
    counts = {}
    for row in sheet.iter_rows(values_only=True):
        if row[1] in LABELS and LABELS[row[1]] not in counts:
            counts[LABELS[row[1]]] = row[2]
    return counts


@pytest.mark.parametrize(
    "slug",
    ["thanh-oai-2022", "cat-hai-2023", "son-tay-2020", "thang-binh-2022", "tuy-phuoc-2023-2025"],
)
def test_page_xlsx_and_command_show_the_same_counts_for_every_period(
    loaded_plans, client, admin_user, tmp_path, slug
):
    plan = Plan.objects.get(slug=slug)
    _file_reports(plan)
    client.force_login(admin_user)
    seen_done = 0
    for period in plan_periods(plan.start_year, plan.end_year):
        page = client.get(f"/reports/{slug}/{period.slug}/")
        on_page = {s["code"]: s["count"] for s in page.context["summary"]}
        download = client.get(f"/reports/{slug}/{period.slug}.xlsx")
        output = tmp_path / f"{period.slug}.xlsx"
        call_command("export_report", slug, period.slug, "-o", str(output), stdout=io.StringIO())

        assert page.status_code == download.status_code == 200
        assert _xlsx_counts(download.content) == on_page, period
        assert _xlsx_counts(output.read_bytes()) == on_page, period
        assert sum(on_page.values()) == page.context["report"].counts.total
        seen_done += on_page[ReportClass.DONE_ON_TIME]
    assert seen_done > 0  # the reports filed above did reach the counts
