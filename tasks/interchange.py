"""The plan interchange format (docs/plan-json.md): validation, import service and export.

`import_plan_document` is the one write path for whole plans: `load_plans` (the five seed
fixtures) and `import_plan_json` both call it. It upserts, so loading the same document twice
leaves the same rows with the same ids (progress reports attached to tasks survive a reload):
the administrative unit and agencies are matched by slug and name, the plan by slug, areas by
numeral, tasks by their position in the document, indicators by code and part. Rows the document no
longer has are deleted. Everything runs in one transaction: a document with any error writes
nothing.

Dependencies: `tasks` imports `plans` and `indicators`; neither imports `tasks`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from simple_history.utils import bulk_create_with_history

from indicators.models import Comparator, Indicator, Unit
from indicators.targets import guess_subject, parse_targets
from plans.agency_names import AgencyIndex
from plans.models import (
    AdministrativeUnit,
    Agency,
    AgencyKind,
    DataCutoff,
    Plan,
    PlanArea,
    PlanKind,
    ReformArea,
)
from plans.units import unit_spec, unit_spec_from_district, upsert_unit, validate_unit_spec
from tasks.deadlines import parse_deadline
from tasks.models import AssignmentRole, DeadlineKind, Task, TaskAssignment, TaskStatus

# Orders are unique per plan: existing rows are parked above any order a document can use
# before they are renumbered, so a reordered document never collides with itself.
# (PlanArea.order is a small integer: 10,000 is above any plan's number of areas.)
ORDER_PARKING = 1_000_000
AREA_ORDER_PARKING = 10_000

FORMAT = "reformplan-plan"
VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1 named a district and its province as text

ROLE_KEYS = {
    "lead": AssignmentRole.LEAD,
    "partners": AssignmentRole.PARTNER,
    "monitors": AssignmentRole.MONITOR,
}

# key -> (type, required). "export" keys are written by export_plan and kept on import.
_STR, _INT, _BOOL, _LIST, _OPT_STR = str, int, bool, list, (str, type(None))
SCHEMA = {
    "root": {
        "format": (str, True),
        "version": (int, True),
        "unit": (dict, False),
        "district": (dict, False),
        "agencies": (list, True),
        "plan": (dict, True),
        "areas": (list, True),
        "tasks": (list, True),
        "indicators": (list, True),
    },
    "district": {"slug": (str, True), "name": (str, True), "province": (str, True)},
    "agency": {
        "name": (str, True),
        "short_name": (str, True),
        "kind": (str, True),
        "includes": (list, True),
        "aliases": (list, True),
    },
    "plan": {
        "slug": (str, True),
        "number": (str, True),
        "title": (str, True),
        "kind": (str, True),
        "start_year": (int, True),
        "end_year": (int, True),
        "issue_date": (_OPT_STR, True),
        "issuer": (str, True),
        "signer": (str, True),
        "source_document": (str, True),
        "notes": (str, True),
        "report_due_day": ((int, type(None)), False),
        "data_cutoff": (str, False),
    },
    "area": {
        "numeral": (str, True),
        "heading": (str, True),
        "reform_area": (str, True),
        "target_statement": (str, True),
        "target_points": (_OPT_STR, True),
        "max_points": (_OPT_STR, True),
    },
    "task": {
        "code": (str, True),
        "area": (str, True),
        "parent": (_OPT_STR, True),
        "objective": (str, True),
        "title": (str, True),
        "activities": (str, True),
        "products": (str, True),
        "expected_result": (str, True),
        "lead": (list, True),
        "partners": (list, True),
        "monitors": (list, True),
        "deadline_text": (str, True),
        "initiative": (bool, True),
        "notes": (str, True),
        "due_date": (_OPT_STR, False),
        "deadline_kind": (str, False),
        "milestones": (list, False),
        "status": (str, False),
        "completed_on": (_OPT_STR, False),
    },
    "indicator": {
        "code": (str, True),
        "area": (_OPT_STR, True),
        "statement": (str, True),
        "responsible": (_OPT_STR, True),
        "part": (int, False),
        "clause": (str, False),
        "subject": (str, False),
        "unit": (str, False),
        "comparator": (str, False),
        "target_value": (_OPT_STR, False),
        "max_value": (_OPT_STR, False),
        "baseline": (_OPT_STR, False),
        "base_year": ((int, type(None)), False),
    },
}


class PlanDocumentError(ValidationError):
    """A plan document that cannot be imported; `messages` lists every problem found."""


@dataclass
class ImportResult:
    plan: Plan
    created: bool
    counts: dict[str, int] = field(default_factory=dict)


def _check_keys(obj, section: str, where: str, errors: list[str]) -> bool:
    if not isinstance(obj, dict):
        errors.append(f"{where}: phải là một đối tượng JSON.")
        return False
    spec = SCHEMA[section]
    for key in obj.keys() - spec.keys():
        errors.append(f"{where}: khóa không hợp lệ “{key}”.")
    ok = True
    for key, (kind, required) in spec.items():
        if key not in obj:
            if required:
                errors.append(f"{where}: thiếu khóa “{key}”.")
                ok = False
        elif not isinstance(obj[key], kind) or (kind is int and isinstance(obj[key], bool)):
            errors.append(f"{where}: giá trị của “{key}” sai kiểu.")
            ok = False
    return ok


def _parse_date(value: str | None, where: str, errors: list[str]) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        errors.append(f"{where}: ngày “{value}” không đúng dạng YYYY-MM-DD.")
        return None


def _parse_decimal(value: str | None, where: str, errors: list[str]) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        errors.append(f"{where}: “{value}” không phải là số.")
        return None
    if not number.is_finite() or number < 0:
        errors.append(f"{where}: “{value}” phải là số không âm.")
        return None
    return number


def validate_document(data) -> list[str]:
    """Every structural problem of a plan document, in Vietnamese; [] when it can be imported."""
    errors: list[str] = []
    if not _check_keys(data, "root", "Tệp", errors):
        return errors
    if data["format"] != FORMAT or data["version"] not in READABLE_VERSIONS:
        errors.append(f"Tệp không phải định dạng {FORMAT} phiên bản 1 hoặc {VERSION}.")
    if data["version"] == 1:
        _check_keys(data.get("district"), "district", "Huyện", errors)
    else:
        validate_unit_spec(data.get("unit"), "Đơn vị hành chính", errors)
    plan = data["plan"]
    if _check_keys(plan, "plan", "Kế hoạch", errors):
        if plan["kind"] not in PlanKind.values:
            errors.append(f"Kế hoạch: loại “{plan['kind']}” không hợp lệ.")
        if plan["start_year"] > plan["end_year"]:
            errors.append("Kế hoạch: năm bắt đầu sau năm kết thúc.")
        if plan.get("data_cutoff", DataCutoff.QUARTER_END) not in DataCutoff.values:
            errors.append(
                f"Kế hoạch: ngày chốt số liệu “{plan['data_cutoff']}” không hợp lệ "
                f"(chỉ nhận {', '.join(DataCutoff.values)})."
            )
        _parse_date(plan["issue_date"], "Kế hoạch", errors)
    names = set()
    for i, agency in enumerate(data["agencies"], start=1):
        where = f"Cơ quan thứ {i}"
        if not _check_keys(agency, "agency", where, errors):
            continue
        if agency["kind"] not in AgencyKind.values:
            errors.append(f"{where}: loại “{agency['kind']}” không hợp lệ.")
        if agency["name"] in names:
            errors.append(f"{where}: tên “{agency['name']}” bị lặp.")
        names.add(agency["name"])
    numerals = set()
    codes = set(ReformArea.objects.values_list("code", flat=True))
    for i, area in enumerate(data["areas"], start=1):
        where = f"Lĩnh vực thứ {i}"
        if not _check_keys(area, "area", where, errors):
            continue
        if area["numeral"] in numerals:
            errors.append(f"{where}: số thứ tự “{area['numeral']}” bị lặp.")
        numerals.add(area["numeral"])
        if area["reform_area"] not in codes:
            errors.append(f"{where}: mã lĩnh vực “{area['reform_area']}” không tồn tại.")
        _parse_decimal(area["target_points"], where, errors)
        _parse_decimal(area["max_points"], where, errors)
    seen_codes: set[str] = set()
    for i, task in enumerate(data["tasks"], start=1):
        where = f"Nhiệm vụ thứ {i}"
        if not _check_keys(task, "task", where, errors):
            continue
        if task["area"] not in numerals:
            errors.append(f"{where}: lĩnh vực “{task['area']}” không có trong kế hoạch.")
        if task["parent"] is not None and task["parent"] not in seen_codes:
            errors.append(f"{where}: nhiệm vụ cha “{task['parent']}” không đứng trước nó.")
        if not task["title"].strip():
            errors.append(f"{where}: thiếu nội dung nhiệm vụ.")
        seen_codes.add(task["code"])
        if task.get("deadline_kind", DeadlineKind.UNKNOWN) not in DeadlineKind.values:
            errors.append(f"{where}: loại thời hạn “{task['deadline_kind']}” không hợp lệ.")
        if task.get("status", TaskStatus.NOT_STARTED) not in TaskStatus.values:
            errors.append(f"{where}: trạng thái “{task['status']}” không hợp lệ.")
        _parse_date(task.get("due_date"), where, errors)
        _parse_date(task.get("completed_on"), where, errors)
        if task.get("status") == TaskStatus.DONE and not task.get("completed_on"):
            errors.append(f"{where}: nhiệm vụ “Hoàn thành” phải có ngày hoàn thành.")
        for milestone in task.get("milestones", []):
            _parse_date(milestone if isinstance(milestone, str) else "?", where, errors)
        for key in ROLE_KEYS:
            if not all(isinstance(n, str) and n.strip() for n in task[key]):
                errors.append(f"{where}: danh sách “{key}” phải gồm các tên cơ quan.")
    indicator_keys = set()
    for i, indicator in enumerate(data["indicators"], start=1):
        where = f"Chỉ tiêu thứ {i}"
        if not _check_keys(indicator, "indicator", where, errors):
            continue
        key = (indicator["code"], indicator.get("part", 1))
        if key in indicator_keys:
            errors.append(f"{where}: số thứ tự “{indicator['code']}” bị lặp.")
        indicator_keys.add(key)
        if indicator["area"] is not None and indicator["area"] not in numerals:
            errors.append(f"{where}: lĩnh vực “{indicator['area']}” không có trong kế hoạch.")
        if indicator.get("unit", Unit.TEXT) not in Unit.values:
            errors.append(f"{where}: đơn vị “{indicator['unit']}” không hợp lệ.")
        if indicator.get("comparator", Comparator.TEXT) not in Comparator.values:
            errors.append(f"{where}: phép so sánh “{indicator['comparator']}” không hợp lệ.")
        for key in ("target_value", "max_value", "baseline"):
            _parse_decimal(indicator.get(key), where, errors)
    return errors


def _merge_aliases(existing: list[str], new: list[str]) -> list[str]:
    merged = list(existing)
    for alias in new:
        if alias not in merged:
            merged.append(alias)
    return merged


def _upsert_agencies(unit: AdministrativeUnit, rows: list[dict]) -> list[Agency]:
    existing = {a.name: a for a in Agency.objects.filter(unit=unit)}
    for row in rows:
        agency = existing.get(row["name"]) or Agency(unit=unit, name=row["name"])
        agency.short_name = row["short_name"]
        agency.kind = row["kind"]
        agency.includes = list(row["includes"])
        agency.aliases = _merge_aliases(agency.aliases or [], row["aliases"])
        agency.full_clean()
        agency.save()
        existing[agency.name] = agency
    return list(existing.values())


def _target_parts(row: dict) -> list[dict]:
    """The indicator rows one document entry gives: as exported, or parsed from the statement."""
    if "comparator" in row:
        return [
            {
                "part": row.get("part", 1),
                "clause": row.get("clause", ""),
                "subject": row.get("subject", ""),
                "unit": row.get("unit", Unit.TEXT),
                "comparator": row["comparator"],
                "target_value": _parse_decimal(row.get("target_value"), "", []),
                "max_value": _parse_decimal(row.get("max_value"), "", []),
                "baseline": _parse_decimal(row.get("baseline"), "", []),
                "base_year": row.get("base_year"),
            }
        ]
    targets = parse_targets(row["statement"])
    subject = guess_subject(row["statement"])
    return [
        {
            "part": part,
            "clause": target.clause if len(targets) > 1 else "",
            "subject": subject or guess_subject(target.clause),
            "unit": target.unit,
            "comparator": target.comparator,
            "target_value": target.value,
            "max_value": target.max_value,
            "baseline": None,
        }
        for part, target in enumerate(targets, start=1)
    ]


def _task_state(task: Task) -> tuple:
    return tuple(
        getattr(task, f.attname) for f in Task._meta.concrete_fields if f.name != "version"
    )


@transaction.atomic
def import_plan_document(data: dict) -> ImportResult:
    """Create or update a whole plan from an interchange document.

    Validates the structure and every agency name first (raising `PlanDocumentError` with all
    problems, nothing written), then upserts the unit (and its province), agencies, plan, areas,
    tasks with their assignments and indicators. Deadlines are parsed from `deadline_text`
    unless the document carries `due_date`/`deadline_kind` (an export); targets likewise.
    """
    errors = validate_document(data)
    if errors:
        raise PlanDocumentError(errors)

    # Version 1 named a district and its province as text.
    spec = data["unit"] if data["version"] != 1 else unit_spec_from_district(data["district"])
    unit = upsert_unit(spec)
    index = AgencyIndex(_upsert_agencies(unit, data["agencies"]))

    def resolve(name: str, where: str) -> Agency | None:
        match = index.match(name)
        if match is None:
            nearest = ", ".join(f"“{n}”" for n in index.closest(name)) or "không có"
            errors.append(f"{where}: không nhận ra cơ quan “{name}” (gần nhất: {nearest}).")
            return None
        return match.agency

    p = data["plan"]
    existing_plan = Plan.objects.filter(slug=p["slug"]).first()
    if existing_plan and existing_plan.unit_id != unit.pk:
        raise PlanDocumentError([f"Kế hoạch “{p['slug']}” đã thuộc đơn vị hành chính khác."])
    plan = existing_plan or Plan(slug=p["slug"])
    plan.unit = unit
    for key in (
        "number",
        "title",
        "kind",
        "start_year",
        "end_year",
        "issuer",
        "signer",
        "source_document",
        "notes",
    ):
        setattr(plan, key, p[key])
    plan.issue_date = _parse_date(p["issue_date"], "", [])
    plan.report_due_day = p.get("report_due_day")
    plan.data_cutoff = p.get("data_cutoff", DataCutoff.QUARTER_END)
    try:
        plan.full_clean()
    except ValidationError as error:
        raise PlanDocumentError([f"Kế hoạch: {m}" for m in error.messages]) from None
    plan.save()

    areas = {a.numeral: a for a in PlanArea.objects.filter(plan=plan)}
    reform_areas = {r.code: r for r in ReformArea.objects.all()}
    # Orders are unique per plan: park the existing ones out of the way before renumbering.
    PlanArea.objects.filter(plan=plan).update(order=F("order") + AREA_ORDER_PARKING)
    for order, row in enumerate(data["areas"], start=1):
        area = areas.get(row["numeral"]) or PlanArea(plan=plan, numeral=row["numeral"])
        area.heading = row["heading"]
        area.order = order
        area.reform_area = reform_areas[row["reform_area"]]
        area.target_statement = row["target_statement"]
        area.target_points = _parse_decimal(row["target_points"], "", [])
        area.max_points = _parse_decimal(row["max_points"], "", [])
        area.full_clean(exclude=["plan"])
        area.save()
        areas[area.numeral] = area

    existing_tasks = {t.order: t for t in Task.objects.filter(plan=plan)}
    Task.objects.filter(plan=plan, order__gt=len(data["tasks"])).delete()
    TaskAssignment.objects.filter(task__plan=plan).delete()
    by_code: dict[str, Task] = {}
    assignments: list[TaskAssignment] = []
    for order, row in enumerate(data["tasks"], start=1):
        where = f"Nhiệm vụ {row['code'] or '(không số)'} (dòng {order})"
        task = existing_tasks.get(order) or Task(plan=plan, order=order)
        before = _task_state(task) if task.pk else None
        task.area = areas[row["area"]]
        task.parent = by_code[row["parent"]] if row["parent"] is not None else None
        for key in (
            "code",
            "objective",
            "title",
            "activities",
            "products",
            "expected_result",
            "deadline_text",
            "initiative",
            "notes",
        ):
            setattr(task, key, row[key])
        if "deadline_kind" in row:
            task.deadline_kind = row["deadline_kind"]
            task.due_date = _parse_date(row.get("due_date"), "", [])
            task.milestones = list(row.get("milestones", []))
        else:
            parsed = parse_deadline(row["deadline_text"], plan.start_year, plan.end_year)
            task.deadline_kind = parsed.kind
            task.due_date = parsed.due_date
            task.milestones = [m.isoformat() for m in parsed.milestones]
        task.status = row.get("status", task.status or TaskStatus.NOT_STARTED)
        task.completed_on = _parse_date(row.get("completed_on"), "", [])
        task.full_clean(exclude=["plan", "area", "parent"])
        if before is not None and before != _task_state(task):
            # An import is an edit: a form opened before it must not overwrite it silently.
            task.version += 1
        task.save()
        by_code[task.code] = task
        position = 0
        for key, role in ROLE_KEYS.items():
            seen = set()
            for name in row[key]:
                agency = resolve(name, where)
                if agency is None or agency.pk in seen:
                    continue
                seen.add(agency.pk)
                position += 1
                assignments.append(
                    TaskAssignment(
                        task=task, agency=agency, role=role, order=position, name_as_written=name
                    )
                )
    # The library's helper writes the rows and their history entries in bulk as well.
    bulk_create_with_history(assignments, TaskAssignment)

    kept_indicators = []
    existing_indicators = {(i.code, i.part): i for i in Indicator.objects.filter(plan=plan)}
    Indicator.objects.filter(plan=plan).update(order=F("order") + ORDER_PARKING)
    order = 0
    for row in data["indicators"]:
        where = f"Chỉ tiêu {row['code']}"
        responsible = resolve(row["responsible"], where) if row["responsible"] else None
        for values in _target_parts(row):
            order += 1
            key = (row["code"], values["part"])
            indicator = existing_indicators.get(key) or Indicator(plan=plan, code=row["code"])
            indicator.order = order
            indicator.area = areas[row["area"]] if row["area"] is not None else None
            indicator.statement = row["statement"]
            indicator.responsible = responsible
            for name, value in values.items():
                setattr(indicator, name, value)
            indicator.full_clean(exclude=["plan", "area", "responsible"])
            indicator.save()
            kept_indicators.append(indicator.pk)
    Indicator.objects.filter(plan=plan).exclude(pk__in=kept_indicators).delete()
    PlanArea.objects.filter(plan=plan).exclude(
        numeral__in=[a["numeral"] for a in data["areas"]]
    ).delete()

    if errors:
        raise PlanDocumentError(errors)
    return ImportResult(
        plan=plan,
        created=existing_plan is None,
        counts={
            "areas": len(data["areas"]),
            "tasks": len(data["tasks"]),
            "assignments": len(assignments),
            "indicators": len(kept_indicators),
        },
    )


def _decimal_text(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def export_plan_document(plan: Plan) -> dict:
    """The interchange document of one plan, in a fixed number of queries."""
    plan = Plan.objects.select_related("unit__parent").get(pk=plan.pk)
    areas = list(plan.areas.select_related("reform_area"))
    tasks = list(
        plan.tasks.select_related("area", "parent").prefetch_related(
            Prefetch("assignments", queryset=TaskAssignment.objects.select_related("agency"))
        )
    )
    indicators = list(plan.indicators.select_related("area", "responsible"))
    agencies = {}
    for task in tasks:
        for a in task.assignments.all():
            agencies[a.agency.pk] = a.agency
    for indicator in indicators:
        if indicator.responsible:
            agencies[indicator.responsible.pk] = indicator.responsible
    # The members of a group the plan names ("UBND các xã, thị trấn" → the communes) belong to
    # the plan too: they report on its group-led tasks.
    member_kinds = {k for a in agencies.values() if a.kind == AgencyKind.GROUP for k in a.includes}
    if member_kinds:
        for agency in Agency.objects.filter(unit=plan.unit, kind__in=member_kinds):
            agencies.setdefault(agency.pk, agency)

    def names(task: Task, role: str) -> list[str]:
        return [
            a.name_as_written or a.agency.name for a in task.assignments.all() if a.role == role
        ]

    return {
        "format": FORMAT,
        "version": VERSION,
        "unit": unit_spec(plan.unit),
        "agencies": [
            {
                "name": a.name,
                "short_name": a.short_name,
                "kind": a.kind,
                "includes": list(a.includes),
                "aliases": list(a.aliases),
            }
            for a in sorted(agencies.values(), key=lambda a: a.name)
        ],
        "plan": {
            "slug": plan.slug,
            "number": plan.number,
            "title": plan.title,
            "kind": plan.kind,
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "issue_date": plan.issue_date.isoformat() if plan.issue_date else None,
            "issuer": plan.issuer,
            "signer": plan.signer,
            "source_document": plan.source_document,
            "notes": plan.notes,
            "report_due_day": plan.report_due_day,
            "data_cutoff": plan.data_cutoff,
        },
        "areas": [
            {
                "numeral": a.numeral,
                "heading": a.heading,
                "reform_area": a.reform_area.code,
                "target_statement": a.target_statement,
                "target_points": _decimal_text(a.target_points),
                "max_points": _decimal_text(a.max_points),
            }
            for a in areas
        ],
        "tasks": [
            {
                "code": t.code,
                "area": t.area.numeral,
                "parent": t.parent.code if t.parent else None,
                "objective": t.objective,
                "title": t.title,
                "activities": t.activities,
                "products": t.products,
                "expected_result": t.expected_result,
                "lead": names(t, AssignmentRole.LEAD),
                "partners": names(t, AssignmentRole.PARTNER),
                "monitors": names(t, AssignmentRole.MONITOR),
                "deadline_text": t.deadline_text,
                "initiative": t.initiative,
                "notes": t.notes,
                "due_date": t.due_date.isoformat() if t.due_date else None,
                "deadline_kind": t.deadline_kind,
                "milestones": list(t.milestones),
                "status": t.status,
                "completed_on": t.completed_on.isoformat() if t.completed_on else None,
            }
            for t in tasks
        ],
        "indicators": [
            {
                "code": i.code,
                "area": i.area.numeral if i.area else None,
                "statement": i.statement,
                "responsible": i.responsible.name if i.responsible else None,
                "part": i.part,
                "clause": i.clause,
                "subject": i.subject,
                "unit": i.unit,
                "comparator": i.comparator,
                "target_value": _decimal_text(i.target_value),
                "max_value": _decimal_text(i.max_value),
                "baseline": _decimal_text(i.baseline),
                "base_year": i.base_year,
            }
            for i in indicators
        ],
    }
