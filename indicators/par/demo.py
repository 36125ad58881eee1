"""Demo data of the PAR Index (`manage.py load_par_demo`, docs/par-index.md "Demo data").

From the Tuy Phước 2023–2025 plan, a PAR Index criteria tree (8 areas, 91 criteria) stating no
point maxima: version 1, the faithful draft (`criteria_set_from_plan`, every leaf's maximum
empty, so it cannot be published); version 2, a copy published for the walkthrough (every leaf
1 point, labelled illustrative); accepted Q4/2024 reports on the leaf tasks of areas 1–3
labelled "[Dữ liệu thử]"; Tuy Phước's submitted self-assessment of 2024 against version 2 and
an appraisal in progress. Each step leaves alone what it finds already there (idempotent).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from indicators.par import appraisal, services
from indicators.par.models import (
    Assessment,
    AssessmentState,
    CriteriaSet,
    Criterion,
    CriterionLevel,
    ScoringRule,
    SetLevel,
    SetStatus,
)
from indicators.par.rules import fmt
from indicators.par.sets import next_version_number, publish_set
from plans.models import Plan
from tasks.models import (
    AssignmentRole,
    ProgressReport,
    ProgressStatus,
    ReviewState,
    Task,
    TaskAssignment,
)
from tasks.reports.progress import lead_members
from tasks.selectors import unit_group_members

PLAN_SLUG = "tuy-phuoc-2023-2025"
YEAR = 2024
DEMO_YEAR = {"year": YEAR, "level": SetLevel.DISTRICT}  # the sets' year and level
OFFICE_USER = "tuy-phuoc-noivu"
PROVINCE_USER = "binh-dinh-sonoivu"
DEMO_MARK = "[Dữ liệu thử] "

FAITHFUL_TITLE = "Bộ tiêu chí Chỉ số CCHC cấp huyện năm 2024 — dựng từ Kế hoạch Tuy Phước 2023–2025"
FAITHFUL_NOTE = (
    "Dựng nguyên văn từ phụ lục Kế hoạch nâng cao Chỉ số CCHC và Chỉ số hài lòng giai đoạn "
    "2023 - 2025 của UBND huyện Tuy Phước (8 lĩnh vực, 91 tiêu chí, chỉ tiêu đạt được của "
    "từng tiêu chí). Văn bản nguồn không nêu điểm tối đa nào: Sở Nội vụ cần bổ sung điểm tối "
    "đa của từng tiêu chí trước khi ban hành."
)
SOURCE = (
    "Phụ lục Kế hoạch nâng cao Chỉ số CCHC và Chỉ số hài lòng giai đoạn 2023 - 2025 của UBND "
    "huyện Tuy Phước (Quyết định số …/QĐ-UBND năm 2023, để trống số và ngày)"
)
DEMO_TITLE = "Bộ tiêu chí Chỉ số CCHC cấp huyện năm 2024 — bản minh họa để chạy thử"
DEMO_NOTE = (
    "Bản minh họa để chạy thử: nguồn không nêu điểm tối đa, nên mỗi tiêu chí tạm tính 1 điểm "
    "(đạt / không đạt); tổng điểm vì vậy bằng số tiêu chí đạt. Sở Nội vụ thay bằng bộ tiêu chí "
    "chính thức qua tệp mẫu."
)
DEMO_BANDS = "Tốt: 80; Khá: 65; Trung bình: 50; Yếu: 0"
DEMO_BANDS_NOTE = f"Các mức xếp loại ({DEMO_BANDS}) cũng chỉ để minh họa."
DEMO_SOURCE = ""  # an illustrative copy has no issuing document (its note says so)

REPORT_AREAS = ("1", "2", "3")  # areas whose leaf tasks get demo reports
APPRAISED_AREAS = ("1", "2")  # areas the province has appraised so far
EVIDENCE_FILES = 2  # done reports that carry a PDF evidence file


def _demo_pdf(title: str) -> bytes:
    """A one-page PDF (A4, a framed box) whose document title is `title` (UTF-16, so the
    Vietnamese shows in any viewer's title bar); byte offsets computed, so it is valid."""
    title_hex = ("feff" + title.encode("utf-16-be").hex()).upper()
    content = b"q 0.2 0.2 0.2 RG 2 w 72 600 451 170 re S Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Title <%s> /Producer (reformplan load_par_demo) >>" % title_hex.encode(),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


# --- criteria sets -------------------------------------------------------------------------


def _plan_criteria(criteria_set: CriteriaSet, plan: Plan, leaf_max: Decimal | None) -> int:
    """Create the set's criteria from the plan's areas and tasks, parents first (one bulk
    insert per depth, history included); the number created."""
    areas = list(plan.areas.select_related("reform_area").order_by("order"))
    tasks = list(Task.objects.filter(plan=plan).order_by("order"))
    with_children = {task.parent_id for task in tasks if task.parent_id}
    order = {}  # plan object key → position in the set
    for area in areas:
        order[("area", area.pk)] = len(order) + 1
        for task in tasks:
            if task.area_id == area.pk:
                order[("task", task.pk)] = len(order) + 1
    created = {}  # ("area" | "task", pk) → Criterion
    area_rows = [
        Criterion(
            criteria_set=criteria_set,
            code=area.numeral.strip().rstrip("."),
            title=area.heading,
            level=CriterionLevel.AREA,
            order=order[("area", area.pk)],
            rule=ScoringRule.SUM,
            reform_area=area.reform_area,
        )
        for area in areas
    ]
    for area, row in zip(areas, bulk_create_with_history(area_rows, Criterion), strict=True):
        created[("area", area.pk)] = row
    pending = [task for task in tasks if ("task", task.pk) in order]
    while pending:
        # Tasks whose parent (area or task) already has its criterion: one depth at a time.
        ready = [
            task
            for task in pending
            if task.parent_id is None or ("task", task.parent_id) in created
        ]
        if not ready:
            raise ValidationError("Cây nhiệm vụ của kế hoạch có vòng lặp.")
        rows = []
        for task in ready:
            leaf = task.pk not in with_children
            parent = (
                created[("task", task.parent_id)]
                if task.parent_id
                else created[("area", task.area_id)]
            )
            rows.append(
                Criterion(
                    criteria_set=criteria_set,
                    parent=parent,
                    code=task.code,
                    title=task.title,
                    level=CriterionLevel.SUB if task.parent_id else CriterionLevel.CRITERION,
                    order=order[("task", task.pk)],
                    rule=ScoringRule.YES_NO if leaf else ScoringRule.SUM,
                    max_score=leaf_max if leaf else None,
                    target=task.expected_result,
                    evidence_expected=task.products,
                )
            )
        for task, row in zip(ready, bulk_create_with_history(rows, Criterion), strict=True):
            created[("task", task.pk)] = row
        pending = [task for task in pending if ("task", task.pk) not in created]
    return len(created)


def _new_set(plan: Plan, leaf_max: Decimal | None, **fields) -> CriteriaSet:
    version = next_version_number(fields["province"].pk, fields["year"], fields["level"])
    criteria_set = CriteriaSet.objects.create(version=version, **fields)
    _plan_criteria(criteria_set, plan, leaf_max)
    return criteria_set


@transaction.atomic
def criteria_set_from_plan(plan: Plan, *, province, year, level, title, source, note=""):
    """A DRAFT set whose areas are the plan's areas and whose criteria are its tasks, in order:
    target = the task's expected result, evidence expected = its products, same codes (so
    `task_codes` stays empty), `sum` for a task with children, yes/no for a leaf, and every
    leaf's maximum left empty (“cần bổ sung”): a plan states no points, none are invented."""
    fields = {"province": province, "year": year, "level": level, "title": title}
    return _new_set(plan, None, source=source, note=note, **fields)


# --- the demo, step by step ----------------------------------------------------------------


def _user(username):
    return get_user_model().objects.filter(username=username, is_active=True).first()


def _faithful_set(plan, province, say) -> CriteriaSet:
    existing = CriteriaSet.objects.filter(
        province=province, **DEMO_YEAR, title=FAITHFUL_TITLE
    ).first()
    if existing:
        say(f"Bộ tiêu chí dựng từ kế hoạch (phiên bản {existing.version}): đã có, giữ nguyên.")
        return existing
    created = criteria_set_from_plan(
        plan,
        province=province,
        **DEMO_YEAR,
        title=FAITHFUL_TITLE,
        source=SOURCE,
        note=FAITHFUL_NOTE,
    )
    count = created.criteria.count()
    say(
        f"Bộ tiêu chí dựng từ kế hoạch (phiên bản {created.version}): đã tạo {count} dòng, "
        "để ở dạng dự thảo vì nguồn không nêu điểm tối đa."
    )
    return created


def _demo_set(plan, province, province_user, say) -> CriteriaSet:
    existing = CriteriaSet.objects.filter(province=province, **DEMO_YEAR, title=DEMO_TITLE).first()
    if existing and existing.status == SetStatus.PUBLISHED:
        say(f"Bộ tiêu chí minh họa (phiên bản {existing.version}): đã có và đã ban hành.")
        return existing
    demo = existing or _new_set(
        plan,
        Decimal(1),
        province=province,
        **DEMO_YEAR,
        title=DEMO_TITLE,
        source=DEMO_SOURCE,
        note=f"{DEMO_NOTE}\n{DEMO_BANDS_NOTE}",
        grade_bands=DEMO_BANDS,
    )
    demo = publish_set(demo, province_user)
    leaves = demo.criteria.exclude(rule=ScoringRule.SUM).count()
    say(
        f"Bộ tiêu chí minh họa (phiên bản {demo.version}): đã tạo và ban hành, {leaves} tiêu chí "
        "mỗi tiêu chí 1 điểm."
    )
    return demo


def report_tasks(plan: Plan) -> list[Task]:
    """The leaf tasks of the demo areas, in the plan's order (a demo report's position)."""
    tasks = Task.objects.filter(plan=plan, area__numeral__in=REPORT_AREAS, children__isnull=True)
    return list(tasks.order_by("order"))


def is_done(position: int) -> bool:
    """Deterministic: about two thirds of the tasks are done (1-based position)."""
    return position % 3 != 0


def _demo_reports(plan, office_user, say) -> None:
    tasks = report_tasks(plan)
    # The agencies that report for each task: its lead agencies, a collective lead ("Các cơ
    # quan, đơn vị") by its members, as the quarterly report reads them.
    by_task = {}
    assignments = TaskAssignment.objects.filter(task__in=tasks).select_related("agency")
    for assignment in assignments.order_by("task_id", "order", "pk"):
        by_task.setdefault(assignment.task_id, []).append(assignment)
    groups = unit_group_members(plan.unit_id)
    leads = {}
    for task_id, task_assignments in by_task.items():
        members = lead_members(task_assignments, groups)
        for assignment in task_assignments:
            if assignment.role != AssignmentRole.LEAD:
                continue
            agencies = members.get(assignment.agency_id, [assignment.agency])
            leads.setdefault(task_id, []).extend(agencies)
        leads[task_id] = list({agency.pk: agency for agency in leads.get(task_id, [])}.values())
    existing = set(
        ProgressReport.objects.filter(task__in=tasks, year=YEAR, quarter=4).values_list(
            "task_id", "agency_id"
        )
    )
    reviewed = timezone.make_aware(datetime.datetime(YEAR + 1, 1, 10, 9, 0))
    created, with_file, kept = 0, 0, 0
    filed = set()  # one evidence file per task, on its first report
    for position, task in enumerate(tasks, start=1):
        done = is_done(position)
        for agency in leads.get(task.pk, []):
            if (task.pk, agency.pk) in existing:
                kept += 1
                continue
            finished = datetime.date(YEAR, 3 + position % 10, 5 + position % 20)
            report = ProgressReport(
                task=task,
                agency=agency,
                year=YEAR,
                quarter=4,
                status=ProgressStatus.DONE if done else ProgressStatus.IN_PROGRESS,
                completion_date=finished if done else None,
                percent=100 if done else 60,
                result=DEMO_MARK
                + (
                    "Đã thực hiện xong nhiệm vụ theo kế hoạch năm 2024."
                    if done
                    else "Đang thực hiện, dự kiến hoàn thành trong năm 2025."
                ),
                product_issued=(
                    f"Báo cáo số {100 + position}/BC-UBND ngày {finished:%d/%m/%Y} (dữ liệu thử)"
                    if done
                    else ""
                ),
                review_state=ReviewState.ACCEPTED,
                submitted_at=reviewed - datetime.timedelta(days=5),
                reviewed_at=reviewed,
                reviewed_by=office_user,
            )
            if done and with_file < EVIDENCE_FILES and task.pk not in filed:
                filed.add(task.pk)
                name = f"Báo cáo thử nhiệm vụ {task.code}.pdf"
                report.evidence_name = name
                report.evidence.save(
                    f"bao-cao-thu-{task.code}.pdf", ContentFile(_demo_pdf(name)), save=False
                )
                with_file += 1
            report.save()
            created += 1
    say(
        f"Báo cáo tiến độ quý 4/{YEAR} (dữ liệu thử, lĩnh vực 1–3): đã tạo {created} báo cáo, "
        f"{with_file} báo cáo có tệp minh chứng."
        if created
        else f"Báo cáo tiến độ quý 4/{YEAR} (dữ liệu thử): đã có {kept} báo cáo, giữ nguyên."
    )


def _self_assessment(plan, demo_set, office_user, say) -> Assessment | None:
    existing = Assessment.objects.filter(
        criteria_set=demo_set, unit=plan.unit, agency__isnull=True
    ).first()
    if existing:
        say(f"Bản tự đánh giá năm {YEAR} của {plan.unit.full_name}: đã có, giữ nguyên.")
        return existing
    try:
        assessment = services.start_assessment(office_user, demo_set, plan.unit)
    except ValidationError as exc:
        say(f"Bản tự đánh giá: không tạo được — {' '.join(exc.messages)}")
        return None
    taken = services.accept_suggestions(office_user, assessment, assessment.version)
    items = list(assessment.items.select_related("criterion").order_by("criterion__order"))
    explained = [item for item in items if item.self_score == 1][:3]
    explained += [item for item in items if item.self_score == 0][:1]
    entries = {
        item.pk: {
            "self_score": fmt(item.self_score),
            "explanation": DEMO_MARK
            + (
                "Đã hoàn thành theo báo cáo tiến độ quý 4/2024 của cơ quan chủ trì."
                if item.self_score
                else "Chưa hoàn thành trong năm 2024; tiếp tục thực hiện năm 2025."
            ),
        }
        for item in explained
    }
    services.save_self_scores(office_user, assessment, assessment.version, entries)
    services.submit(office_user, assessment, assessment.version)
    say(
        f"Bản tự đánh giá năm {YEAR} của {plan.unit.full_name}: đã tạo {len(items)} tiêu chí, "
        f"nhận {taken} điểm gợi ý, giải trình {len(entries)} tiêu chí, đã gửi Sở Nội vụ."
    )
    return assessment


def _appraisal(assessment, province_user, say) -> None:
    assessment.refresh_from_db()
    items = [
        item
        for item in assessment.items.select_related("criterion").order_by("criterion__order")
        if item.criterion.code.split(".")[0] in APPRAISED_AREAS
    ]
    if assessment.state != AssessmentState.SUBMITTED or any(
        item.appraised_score is not None for item in assessment.items.all()
    ):
        say("Thẩm định: đã có (hoặc bản tự đánh giá không còn chờ thẩm định), giữ nguyên.")
        return
    # The first criterion scored 1 is lowered; the next one gets a question.
    lowered = next((item for item in items if item.self_score == 1), items[0])
    asked = next(item for item in items if item.pk != lowered.pk)
    entries = {}
    for item in items:
        entry = {"appraised_score": fmt(item.self_score)}
        if item.pk == lowered.pk and item.self_score:
            entry["appraised_score"] = fmt(item.self_score - 1)
            entry["appraisal_comment"] = (
                DEMO_MARK + "Tài liệu kiểm chứng chưa thể hiện đủ chỉ tiêu đạt được; trừ 1 điểm."
            )
        if item.pk == asked.pk:
            entry["question"] = (
                DEMO_MARK + "Đề nghị bổ sung văn bản chứng minh kết quả thực hiện tiêu chí này."
            )
        entries[item.pk] = entry
    appraisal.appraise(province_user, assessment, assessment.version, entries)
    say(
        f"Thẩm định (đang làm): đã chấm {len(entries)} tiêu chí của lĩnh vực "
        f"{', '.join(APPRAISED_AREAS)}, hạ điểm tiêu chí {lowered.criterion.code}, đề nghị "
        f"giải trình tiêu chí {asked.criterion.code}; chưa kết luận."
    )


@transaction.atomic
def load_demo(say: Callable[[str], None], *, with_assessment: bool = True) -> None:
    """Build (or keep) every piece of the demo; `say` receives one Vietnamese line per step.
    Without `with_assessment`, stop before Tuy Phước's self-assessment (the end-to-end test
    makes it in the browser)."""
    plan = Plan.objects.select_related("unit__parent").filter(slug=PLAN_SLUG).first()
    if plan is None:
        raise ValidationError(
            f"Chưa có kế hoạch {PLAN_SLUG}: hãy chạy “manage.py load_plans” trước."
        )
    province = plan.unit.parent
    office_user, province_user = _user(OFFICE_USER), _user(PROVINCE_USER)
    if office_user is None or province_user is None:
        say("Chưa có tài khoản thử (create_demo_users): các bước được ghi không kèm người làm.")
    _faithful_set(plan, province, say)
    demo_set = _demo_set(plan, province, province_user, say)
    _demo_reports(plan, office_user, say)
    if not with_assessment:
        return
    assessment = _self_assessment(plan, demo_set, office_user, say)
    if assessment is not None:
        _appraisal(assessment, province_user, say)
