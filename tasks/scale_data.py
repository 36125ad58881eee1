"""A synthetic country for benchmarks: provinces, communes, their agencies, plans, tasks,
assignments, progress reports and a few users, written with bulk_create in one transaction.

Every name is visibly fake ("tỉnh Thử 01", "xã Thử 0001") and every unit slug starts with
`thu-`, so the data can never be mistaken for a real plan. Used by
`manage.py generate_scale_data` and by `bench/run.py`.

What one run creates (P provinces, C communes, N tasks per plan):

- P provinces ("Thử 01"…) and C communes ("Thử 0001"…), spread unevenly over the provinces
  (weights rising linearly from 1 to 3, so a 34-province country has provinces of about 50 to
  150 communes, like the real one);
- per commune 8 agencies: three offices, the commune's People's Committee (kind commune),
  three villages and the group "Các thôn, tổ dân phố" (includes villages); per province 6:
  four departments (office), the provincial police (other) and the group "Các sở, ban, ngành"
  (includes offices);
- one annual plan per unit (commune and province) for `year`, with the 8 canonical areas and
  N tasks: deadlines written as text and read by `tasks.deadlines.parse_deadline` (so
  `deadline_kind`, `due_date` and `milestones` agree with the text), one lead and one or two
  partners each (the lead rotates over the three offices, the committee and the group);
- for the reported tasks of each plan (a fraction or a count, see `reported_count`), a report
  by every agency that owes one (the lead, or the members of a lead group not named as
  partner: docs/report-rules.md, rule 12): Q1 accepted and Q2 submitted;
- per commune an Interior Office user (`<commune slug>-noivu`) and the head of the commune's
  People's Committee (`<commune slug>-ubnd`); per province a Home Affairs user
  (`<province slug>-sonoivu`) when the province role's group exists.

Simple-history does not record bulk_create: the synthetic rows have no history entries.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from plans import access
from plans.models import (
    AdministrativeUnit,
    Agency,
    AgencyKind,
    Plan,
    PlanArea,
    PlanKind,
    ReformArea,
    UnitLevel,
    UnitType,
    UserProfile,
)
from tasks.deadlines import parse_deadline
from tasks.models import (
    AssignmentRole,
    ProgressReport,
    ProgressStatus,
    ReviewState,
    Task,
    TaskAssignment,
)

SLUG_PREFIX = "thu-"
# Synthetic units' slugs: "thu-tinh-01", "thu-xa-0001" (real slugs such as "thu-duc" differ).
SLUG_PATTERN = r"^thu-(tinh|xa)-[0-9]+$"
BATCH = 2000
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]

# (name, kind) of every commune's agencies; "{unit}" is the commune's full name.
COMMUNE_AGENCIES = [
    ("Văn phòng HĐND và UBND", AgencyKind.OFFICE),
    ("Phòng Kinh tế", AgencyKind.OFFICE),
    ("Phòng Văn hóa - Xã hội", AgencyKind.OFFICE),
    ("UBND {unit}", AgencyKind.COMMUNE),
    ("Thôn Thử 1", AgencyKind.VILLAGE),
    ("Thôn Thử 2", AgencyKind.VILLAGE),
    ("Thôn Thử 3", AgencyKind.VILLAGE),
]
COMMUNE_GROUP = ("Các thôn, tổ dân phố", [AgencyKind.VILLAGE])
PROVINCE_AGENCIES = [
    ("Sở Nội vụ", AgencyKind.OFFICE),
    ("Sở Tư pháp", AgencyKind.OFFICE),
    ("Sở Tài chính", AgencyKind.OFFICE),
    ("Văn phòng UBND tỉnh", AgencyKind.OFFICE),
    ("Công an tỉnh", AgencyKind.OTHER),
]
PROVINCE_GROUP = ("Các sở, ban, ngành", [AgencyKind.OFFICE])
# Lead rotation, as indexes into the unit's agency list (the group is last).
LEAD_ROTATION = [0, 1, 2, 3, -1]

TASK_TITLES = [
    "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền (dữ liệu thử)",
    "Kiện toàn tổ chức bộ máy theo quy định mới (dữ liệu thử)",
    "Tuyên truyền về cải cách hành chính trên hệ thống truyền thanh (dữ liệu thử)",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính (dữ liệu thử)",
    "Kiểm tra công tác cải cách hành chính tại các thôn (dữ liệu thử)",
    "Khảo sát mức độ hài lòng của người dân (dữ liệu thử)",
    "Cập nhật văn bản quy phạm pháp luật lên cơ sở dữ liệu (dữ liệu thử)",
    "Đào tạo, bồi dưỡng cán bộ, công chức (dữ liệu thử)",
]


class ScaleDataExists(Exception):
    """The database already holds synthetic data (units with slugs starting with `thu-`)."""


@dataclass
class ScaleConfig:
    provinces: int = 34
    communes: int = 3321
    tasks: int = 30
    reports: str = "0.5"  # fraction of each plan's tasks ("0.5", "50%") or a count ("10")
    seed: int = 2025
    year: int = field(default_factory=lambda: timezone.localdate().year)
    password: str | None = None  # shared by every generated user; None: unusable passwords


def reported_count(spec: str, tasks: int) -> int:
    """How many of a plan's `tasks` tasks get reports: "0.5" or "50%" is a fraction (rounded),
    a whole number ("10") a count (at most `tasks`)."""
    text = str(spec).strip()
    try:
        if text.endswith("%"):
            fraction = float(text[:-1]) / 100
        elif "." in text:
            fraction = float(text)
        else:
            count = int(text)
            if count < 0:
                raise ValueError
            return min(count, tasks)
    except ValueError:
        raise ValueError(f"--reports: “{spec}” không phải tỷ lệ (0.5, 50%) hay số (10).") from None
    if not 0 <= fraction <= 1:
        raise ValueError(f"--reports: tỷ lệ “{spec}” phải từ 0 đến 1 (0% đến 100%).")
    return round(fraction * tasks)


def spread(total: int, parts: int) -> list[int]:
    """`total` split over `parts` with weights rising linearly from 1 to 3 (largest
    remainders), so the parts range from about half to one and a half times the mean."""
    if parts <= 0:
        return []
    weights = [1 + 2 * i / (parts - 1) if parts > 1 else 1 for i in range(parts)]
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    sizes = [int(x) for x in exact]
    order = sorted(range(parts), key=lambda i: exact[i] - sizes[i], reverse=True)
    for i in order[: total - sum(sizes)]:
        sizes[i] += 1
    return sizes


def existing_count() -> int:
    """How many synthetic units the database holds."""
    return AdministrativeUnit.objects.filter(slug__regex=SLUG_PATTERN).count()


def _bulk(model, objects: list) -> list:
    return model.objects.bulk_create(objects, batch_size=BATCH)


class _Deadlines:
    """Deadline texts spread over the year, each read once by parse_deadline."""

    def __init__(self, year: int, rng: random.Random):
        self.year, self.rng, self.cache = year, rng, {}

    def pick(self) -> tuple[str, object]:
        y, r = self.year, self.rng.random()
        if r < 0.3:
            day = datetime.date(y, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))
            text = f"Trước ngày {day:%d/%m/%Y}"
        elif r < 0.55:
            text = f"Tháng {self.rng.randint(1, 12):02d}/{y}"
        elif r < 0.75:
            text = f"Quý {ROMAN[self.rng.randrange(4)]}/{y}"
        elif r < 0.9:
            text = f"Trong năm {y}"
        else:
            text = "Thường xuyên"
        if text not in self.cache:
            self.cache[text] = parse_deadline(text, y, y)
        return text, self.cache[text]


def generate(config: ScaleConfig, log=print) -> dict[str, int]:
    """Create the synthetic country (one transaction); the counts of rows created by model.
    Raises ScaleDataExists when synthetic units are already there, ValueError on bad input."""
    if config.provinces < 1 or config.communes < 0 or config.tasks < 1:
        raise ValueError("Cần ít nhất 1 tỉnh, 0 xã và 1 nhiệm vụ mỗi kế hoạch.")
    per_plan_reports = reported_count(config.reports, config.tasks)
    with transaction.atomic():
        # Serialise concurrent runs on PostgreSQL; then refuse a second run.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE plans_administrativeunit IN EXCLUSIVE MODE")
        found = existing_count()
        if found:
            raise ScaleDataExists(found)
        return _Generator(config, per_plan_reports, log).run()


def report_objects(tasks, year: int, rng: random.Random) -> list[ProgressReport]:
    """Q1 accepted and Q2 submitted of `year`, by every agency owing a report on each task
    (`tasks`: (task, reporters) pairs)."""
    y, tz = year, timezone.get_current_timezone()
    objects = []
    for task, reporters in tasks:
        for agency in reporters:
            sent_q1 = datetime.datetime(y, 3, rng.randint(1, 31), 9, 0, tzinfo=tz)
            objects.append(
                ProgressReport(
                    task=task,
                    agency=agency,
                    year=y,
                    quarter=1,
                    status=ProgressStatus.IN_PROGRESS,
                    percent=rng.randint(10, 60),
                    result="Đã triển khai một phần (dữ liệu thử).",
                    review_state=ReviewState.ACCEPTED,
                    submitted_at=sent_q1,
                    reviewed_at=sent_q1 + datetime.timedelta(days=3),
                )
            )
            due = task.due_date
            done = due is not None and (due.year, due.month) <= (y, 6) and rng.random() < 0.7
            # About one report in ten arrives after the quarter's end.
            late = rng.random() < 0.1
            sent_q2 = datetime.datetime(
                y, 7 if late else 6, rng.randint(1, 10 if late else 30), 9, 0, tzinfo=tz
            )
            objects.append(
                ProgressReport(
                    task=task,
                    agency=agency,
                    year=y,
                    quarter=2,
                    status=ProgressStatus.DONE if done else ProgressStatus.IN_PROGRESS,
                    completion_date=task.due_date if done else None,
                    percent=100 if done else rng.randint(40, 95),
                    result="Đã thực hiện (dữ liệu thử).",
                    review_state=ReviewState.SUBMITTED,
                    submitted_at=sent_q2,
                )
            )
    return objects


def report_on_plan(plan: Plan, spec: str = "0.5", seed: int = 2025) -> int:
    """Reports on an existing plan, as the synthetic plans have them: for a fraction or count
    of its tasks (see `reported_count`), Q1 accepted and Q2 submitted of the plan's first year
    by every agency owing a report (the app's own rule 12, `expected_reporters`). Returns the
    number of reports created."""
    from tasks.selectors import expected_reporters

    owed = defaultdict(list)
    for agency_id, task_ids in expected_reporters(plan).items():
        for task_id in task_ids:
            owed[task_id].append(agency_id)
    tasks = list(Task.objects.filter(pk__in=owed).order_by("order"))
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    chosen = rng.sample(tasks, reported_count(spec, len(tasks)))
    agencies = Agency.objects.in_bulk([a for t in chosen for a in owed[t.pk]])
    pairs = [(t, [agencies[a] for a in sorted(owed[t.pk])]) for t in chosen]
    return len(_bulk(ProgressReport, report_objects(pairs, plan.start_year, rng)))


class _Generator:
    def __init__(self, config: ScaleConfig, per_plan_reports: int, log):
        self.config, self.per_plan_reports, self.log = config, per_plan_reports, log
        self.rng = random.Random(config.seed)  # noqa: S311 - synthetic data, not security
        self.deadlines = _Deadlines(config.year, self.rng)
        self.counts: dict[str, int] = {}
        self.started = time.monotonic()

    def step(self, label: str, model, objects: list) -> list:
        created = _bulk(model, objects)
        self.counts[label] = self.counts.get(label, 0) + len(created)
        self.log(f"  {label}: {len(created)} ({time.monotonic() - self.started:.1f} s)")
        return created

    def run(self) -> dict[str, int]:
        units = self.units()
        agencies = self.agencies(units)
        plans = self.plans(units)
        tasks = self.tasks(plans, agencies)
        self.reports(tasks)
        self.users(units, agencies)
        return self.counts

    # --- units and agencies -----------------------------------------------------------

    def units(self) -> list[AdministrativeUnit]:
        c = self.config
        width = max(2, len(str(c.provinces)))
        provinces = self.step(
            "provinces",
            AdministrativeUnit,
            [
                AdministrativeUnit(
                    name=f"Thử {i:0{width}d}",
                    unit_type=UnitType.PROVINCE,
                    level=UnitLevel.PROVINCE,
                    short_name=f"T. Thử {i:0{width}d}",
                    slug=f"{SLUG_PREFIX}tinh-{i:0{width}d}",
                )
                for i in range(1, c.provinces + 1)
            ],
        )
        cwidth = max(4, len(str(c.communes)))
        communes, n = [], 0
        for province, size in zip(provinces, spread(c.communes, c.provinces), strict=True):
            for _ in range(size):
                n += 1
                communes.append(
                    AdministrativeUnit(
                        name=f"Thử {n:0{cwidth}d}",
                        unit_type=UnitType.COMMUNE,
                        level=UnitLevel.COMMUNE,
                        short_name=f"X. Thử {n:0{cwidth}d}",
                        parent=province,
                        slug=f"{SLUG_PREFIX}xa-{n:0{cwidth}d}",
                    )
                )
        communes = self.step("communes", AdministrativeUnit, communes)
        return provinces + communes

    def agencies(self, units) -> dict[int, list[Agency]]:
        """unit id → its agencies, the group last."""
        objects = []
        for unit in units:
            province = unit.level == UnitLevel.PROVINCE
            specs = PROVINCE_AGENCIES if province else COMMUNE_AGENCIES
            group_name, includes = PROVINCE_GROUP if province else COMMUNE_GROUP
            for name, kind in specs:
                objects.append(Agency(unit=unit, name=name.format(unit=unit.full_name), kind=kind))
            objects.append(
                Agency(unit=unit, name=group_name, kind=AgencyKind.GROUP, includes=includes)
            )
        by_unit = defaultdict(list)
        for agency in self.step("agencies", Agency, objects):
            by_unit[agency.unit_id].append(agency)
        return by_unit

    # --- plans, areas, tasks, assignments ---------------------------------------------

    def plans(self, units) -> list[Plan]:
        y = self.config.year
        objects = [
            Plan(
                unit=unit,
                slug=f"{unit.slug}-{y}",
                number=f"{i + 1}/KH-UBND",
                title=f"Kế hoạch cải cách hành chính năm {y} (dữ liệu thử)",
                kind=PlanKind.ANNUAL,
                start_year=y,
                end_year=y,
                issue_date=datetime.date(y, 1, 10 + i % 20),
                issuer=unit.committee,
                notes="Dữ liệu giả lập để đo hiệu năng (manage.py generate_scale_data).",
            )
            for i, unit in enumerate(units)
        ]
        return self.step("plans", Plan, objects)

    def tasks(self, plans, agencies) -> list[tuple[Task, list[Agency], set[int]]]:
        """(task, agencies owing a report, ids of the plan's reported tasks) per task."""
        reform_areas = list(ReformArea.objects.order_by("order"))
        if not reform_areas:
            raise ValueError("Chưa có lĩnh vực CCHC (ReformArea): hãy chạy migrate trước.")
        area_objects = [
            PlanArea(
                plan=plan,
                numeral=ROMAN[k] if k < len(ROMAN) else str(k + 1),
                heading=area.name,
                order=k + 1,
                reform_area=area,
            )
            for plan in plans
            for k, area in enumerate(reform_areas)
        ]
        areas = defaultdict(list)
        for area in self.step("plan areas", PlanArea, area_objects):
            areas[area.plan_id].append(area)
        n, k_areas = self.config.tasks, len(reform_areas)
        task_objects, plan_rows = [], []
        for plan in plans:
            unit_agencies = agencies[plan.unit_id]
            codes = defaultdict(int)
            rows = []
            for i in range(n):
                area = areas[plan.pk][i * k_areas // n]
                codes[area.pk] += 1
                text, parsed = self.deadlines.pick()
                task = Task(
                    plan=plan,
                    area=area,
                    code=str(codes[area.pk]),
                    order=i + 1,
                    title=f"{TASK_TITLES[i % len(TASK_TITLES)]} {i + 1}",
                    products="Báo cáo kết quả (dữ liệu thử)",
                    deadline_text=text,
                    due_date=parsed.due_date,
                    deadline_kind=parsed.kind,
                    milestones=[m.isoformat() for m in parsed.milestones],
                )
                task_objects.append(task)
                rows.append((task, self.roles(i, unit_agencies)))
            plan_rows.append(rows)
        self.step("tasks", Task, task_objects)
        assignments, result = [], []
        for rows in plan_rows:
            reported = set(self.rng.sample(range(len(rows)), self.per_plan_reports))
            for i, (task, (lead, partners)) in enumerate(rows):
                for order, (agency, role) in enumerate(
                    [(lead, AssignmentRole.LEAD)] + [(p, AssignmentRole.PARTNER) for p in partners]
                ):
                    assignments.append(
                        TaskAssignment(
                            task=task,
                            agency=agency,
                            role=role,
                            order=order,
                            name_as_written=agency.name,
                        )
                    )
                if i in reported:
                    result.append((task, self.reporters(lead, partners, agencies)))
        self.step("assignments", TaskAssignment, assignments)
        return result

    def roles(self, i: int, unit_agencies: list[Agency]) -> tuple[Agency, list[Agency]]:
        """The lead (rotating) and one or two partners (alternately) of the plan's i-th task."""
        lead = unit_agencies[LEAD_ROTATION[i % len(LEAD_ROTATION)]]
        others = [a for a in unit_agencies if a.pk != lead.pk]
        partners = self.rng.sample(others, 1 + i % 2)
        return lead, partners

    @staticmethod
    def reporters(lead: Agency, partners: list[Agency], agencies) -> list[Agency]:
        """Who owes a report on the task: the lead, or the members of a lead group other than
        those the plan names as partners (rule 12)."""
        if lead.kind != AgencyKind.GROUP:
            return [lead]
        partner_ids = {p.pk for p in partners}
        return [
            a
            for a in agencies[lead.unit_id]
            if a.kind != AgencyKind.GROUP and a.kind in lead.includes and a.pk not in partner_ids
        ]

    # --- reports ----------------------------------------------------------------------

    def reports(self, tasks) -> None:
        self.step(
            "progress reports", ProgressReport, report_objects(tasks, self.config.year, self.rng)
        )

    # --- users ------------------------------------------------------------------------

    def users(self, units, agencies) -> None:
        access.ensure_groups()
        groups = {g.name: g for g in Group.objects.all()}
        province_group = groups.get(getattr(access, "GROUP_PROVINCE", None) or "")
        wanted = []  # (username, full name, group, unit, agency, is_staff)
        for unit in units:
            if unit.level == UnitLevel.PROVINCE:
                if province_group is not None:
                    name = f"Sở Nội vụ {unit.full_name}"
                    wanted.append((f"{unit.slug}-sonoivu", name, province_group, unit, None, False))
                continue
            office = groups[access.GROUP_OFFICE]
            name = f"Công chức Nội vụ {unit.full_name}"
            wanted.append((f"{unit.slug}-noivu", name, office, unit, None, True))
            head = groups[access.GROUP_AGENCY]
            committee = next(a for a in agencies[unit.pk] if a.kind == AgencyKind.COMMUNE)
            name = f"Lãnh đạo {committee.name}"
            wanted.append((f"{unit.slug}-ubnd", name, head, unit, committee, False))
        model = get_user_model()
        # One hash for every account: hashing thousands of passwords would take minutes.
        shared = make_password(self.config.password) if self.config.password else None
        users = [
            model(
                username=username,
                first_name=name[:150],
                email=f"{username}@example.invalid",
                is_staff=is_staff,
                password=shared or make_password(None),
            )
            for username, name, _, _, _, is_staff in wanted
        ]
        users = self.step("users", model, users)
        rows = list(zip(users, wanted, strict=True))
        membership = model.groups.through
        _bulk(membership, [membership(user_id=u.pk, group_id=w[2].pk) for u, w in rows])
        profiles = [UserProfile(user=u, unit=w[3], agency=w[4]) for u, w in rows]
        self.step("user profiles", UserProfile, profiles)


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL; autovacuum would do it
    within minutes, a benchmark cannot wait)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
