"""Data-quality findings of a plan: what the Interior Office should review in the loaded data.

`plan_findings` reads a plan in a fixed number of queries (four, whatever its size) and lists
every problem it finds, without changing anything. The source's own quirks surface here rather
than being "corrected". Kinds, in the order they are listed:

- plan metadata: no number, no issue date, a number or date that conflicts with another one the
  document writes (recorded in the plan's notes, see `NOTE_OTHER_NUMBER` / `NOTE_OTHER_DATE`);
- deadlines outside the plan's period, not understood, or missing;
- tasks (and sub-rows) without a lead agency; an agency holding two roles on one task;
- agency names recognised only through an alias; duplicate codes;
- targets without a value; targets that contradict each other.

Repeated findings are grouped into one line with a count: 57 tasks naming "Văn phòng huyện"
give one finding whose `places` are the 57 tasks. A finding stays machine-readable: `kind`,
`refs`, `count`, `values` (what conflicts with what), the task and indicator ids; `as_dict`
gives it as JSON-ready data (`plan_issues --json`).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from indicators.evaluation import target_label
from indicators.models import Comparator, Indicator
from indicators.targets import guess_subject, parse_targets
from plans.agency_names import AgencyIndex
from plans.models import Agency, Plan
from tasks.models import AssignmentRole, DeadlineKind, Task, TaskAssignment

# A line of the plan's notes recording another number or date the document writes for the plan
# itself, so that it can be compared with `Plan.number` / `Plan.issue_date`:
#   "Số hiệu ghi khác trong văn bản: 254/QĐ-UBND; 253/QĐ-UBND — where and how it is written."
#   "Ngày ban hành ghi khác trong văn bản: 30/12/2019 — where and how it is written."
# Numbers and dates come before " — ", the explanation after it.
NOTE_OTHER_NUMBER = "Số hiệu ghi khác trong văn bản:"
NOTE_OTHER_DATE = "Ngày ban hành ghi khác trong văn bản:"

# How many places a grouped line names before "…" (all of them stay in `places`).
REFS_SHOWN = 10

# Two targets are about the same measure when they have the same subject and unit and their
# clauses share at least this share of their content words (Jaccard index; figures and the
# words below left out). Measured on the seed plans: the contradictions score 0.62 and 0.70,
# the closest unrelated pair 0.35.
SAME_MEASURE_SIMILARITY = 0.5
# syllables: Vietnamese words are written as space-separated syllables
_FILLER_WORDS = frozenset(
    {
        "được",
        "các",
        "của",
        "và",
        "đạt",
        "tối",
        "thiểu",
        "trở",
        "lên",
        "từ",
        "phấn",
        "đấu",
        "phân",
        "đầu",
        "trên",
        "dưới",
        "đối",
        "với",
        "thực",
        "hiện",
        "theo",
        "quy",
        "định",
        "có",
        "là",
        "trong",
        "đó",
        "những",
        "một",
        "cho",
        "tại",
        "thì",
        "số",
        "lượng",
        "tỷ",
        "lệ",
        "đảm",
        "bảo",
        "hoàn",
        "thành",
        "ít",
        "nhất",
        "không",
        "quá",
        "hơn",
        "mức",
        "lần",
        "lượt",
    }
)
# Comparators that bound a value the same way: two minimums with different values conflict.
_BOUND = {
    Comparator.GTE: "min",
    Comparator.GT: "min",
    Comparator.LTE: "max",
    Comparator.LT: "max",
    Comparator.EQ: "eq",
    Comparator.TOP: "top",
    Comparator.REDUCTION: "reduction",
}
_TASK_TARGET_FIELDS = ("expected_result", "title", "products")


class FindingKind:
    PLAN_NUMBER_MISSING = "plan_number_missing"
    PLAN_DATE_MISSING = "plan_date_missing"
    PLAN_NUMBER_CONFLICT = "plan_number_conflict"
    PLAN_DATE_CONFLICT = "plan_date_conflict"
    OUT_OF_PERIOD = "out_of_period"
    DEADLINE_UNKNOWN = "deadline_unknown"
    NO_DEADLINE = "no_deadline"
    NO_LEAD = "no_lead"
    AGENCY_TWO_ROLES = "agency_two_roles"
    ALIAS_MATCH = "alias_match"
    DUPLICATE_CODE = "duplicate_code"
    TARGET_WITHOUT_VALUE = "target_without_value"
    CONFLICTING_TARGETS = "conflicting_targets"

    # Also the order in which kinds are listed.
    LABELS = {
        PLAN_NUMBER_MISSING: "Kế hoạch chưa có số hiệu",
        PLAN_DATE_MISSING: "Kế hoạch chưa có ngày ban hành",
        PLAN_NUMBER_CONFLICT: "Số hiệu kế hoạch không thống nhất",
        PLAN_DATE_CONFLICT: "Ngày ban hành không thống nhất",
        OUT_OF_PERIOD: "Thời hạn ngoài thời kỳ kế hoạch",
        DEADLINE_UNKNOWN: "Không hiểu được thời hạn",
        NO_DEADLINE: "Không ghi thời hạn",
        NO_LEAD: "Nhiệm vụ chưa có cơ quan chủ trì",
        AGENCY_TWO_ROLES: "Một cơ quan giữ hai vai trò trong cùng nhiệm vụ",
        ALIAS_MATCH: "Tên cơ quan chỉ khớp qua cách viết khác",
        DUPLICATE_CODE: "Số thứ tự nhiệm vụ bị trùng",
        TARGET_WITHOUT_VALUE: "Chỉ tiêu không có giá trị định lượng",
        CONFLICTING_TARGETS: "Chỉ tiêu mâu thuẫn nhau",
    }


@dataclass(frozen=True)
class Place:
    """Where a finding is: a task ("III/2") or a target ("Chỉ tiêu 6")."""

    ref: str
    task_id: int | None = None
    indicator_id: int | None = None


@dataclass(frozen=True)
class Finding:
    kind: str
    message: str  # Vietnamese, without the final period and without the list of places
    places: tuple[Place, ...] = ()  # () for the whole plan
    count: int = 1  # how many occurrences this line stands for
    values: tuple[str, ...] = ()  # the values found, e.g. the conflicting numbers

    @property
    def label(self) -> str:
        return FindingKind.LABELS[self.kind]

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(p.ref for p in self.places)

    @property
    def ref(self) -> str:
        """The places of a single finding ("III/2", "Chỉ tiêu 7.c.1; 7/7.3.3"); "" for the whole
        plan and for a grouped line (whose `text` lists them)."""
        return "" if self.grouped else "; ".join(self.refs)

    @property
    def grouped(self) -> bool:
        return self.count > 1

    @property
    def task_ids(self) -> tuple[int, ...]:
        return tuple(p.task_id for p in self.places if p.task_id is not None)

    @property
    def indicator_ids(self) -> tuple[int, ...]:
        return tuple(p.indicator_id for p in self.places if p.indicator_id is not None)

    @property
    def task_id(self) -> int | None:
        return self.task_ids[0] if len(self.places) == 1 and self.task_ids else None

    @property
    def indicator_id(self) -> int | None:
        return self.indicator_ids[0] if len(self.places) == 1 and self.indicator_ids else None

    @property
    def places_noun(self) -> str:
        if self.places and all(p.task_id is not None for p in self.places):
            return "nhiệm vụ"
        if self.places and all(p.indicator_id is not None for p in self.places):
            return "chỉ tiêu"
        return "vị trí"

    @property
    def text(self) -> str:
        """The line to read: the message, and for a grouped line the count and the places
        ("“Văn phòng huyện” được hiểu là “…” (57 nhiệm vụ: I/1, I/2, …).")."""
        if not self.grouped:
            return f"{self.message}."
        shown = ", ".join(self.refs[:REFS_SHOWN]) + (", …" if len(self.refs) > REFS_SHOWN else "")
        return f"{self.message} ({self.count} {self.places_noun}: {shown})."

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "message": self.message,
            "text": self.text,
            "count": self.count,
            "refs": list(self.refs),
            "task_ids": list(self.task_ids),
            "indicator_ids": list(self.indicator_ids),
            "values": list(self.values),
        }


def group_findings(findings: list[Finding]) -> list[Finding]:
    """Findings of the same kind and message merged into one line, in first-seen order."""
    merged: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        merged.setdefault((finding.kind, finding.message), []).append(finding)
    result = []
    for (kind, message), same in merged.items():
        if len(same) == 1:
            result.append(same[0])
            continue
        places = tuple(dict.fromkeys(p for f in same for p in f.places))
        values = tuple(dict.fromkeys(v for f in same for v in f.values))
        result.append(Finding(kind, message, places, sum(f.count for f in same), values))
    return result


def _task_ref(task: Task) -> str:
    return f"{task.area.numeral.rstrip('.')}/{task.display_code or '(không số)'}"


def _task_place(task: Task) -> Place:
    return Place(_task_ref(task), task_id=task.pk)


def _indicator_place(indicator: Indicator) -> Place:
    return Place(f"Chỉ tiêu {indicator.display_code}", indicator_id=indicator.pk)


def _dates(task: Task) -> list[datetime.date]:
    dates = [datetime.date.fromisoformat(m) for m in task.milestones]
    if task.due_date:
        dates.append(task.due_date)
    return dates


def _quote_list(values) -> str:
    return ", ".join(f"“{v}”" for v in values)


# --------------------------------------------------------------------------- plan metadata

_RE_DOC_NUMBER = re.compile(r"\d+(?:/\d{4})?\s*/\s*[A-ZĐ][\wĐđ.\-]*")
_RE_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")


def _normal_number(number: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", number)).upper()


def _note_lines(plan: Plan, prefix: str) -> list[tuple[str, str]]:
    """(values, explanation) of every notes line starting with `prefix`."""
    lines = []
    for line in unicodedata.normalize("NFC", plan.notes or "").splitlines():
        line = line.strip()
        if line.startswith(prefix):
            values, _, explanation = line[len(prefix) :].partition(" — ")
            lines.append((values.strip(), explanation.strip().rstrip(".")))
    return lines


def _metadata_findings(plan: Plan) -> list[Finding]:
    findings = []
    if not plan.number.strip():
        findings.append(
            Finding(
                FindingKind.PLAN_NUMBER_MISSING,
                "Chưa có số hiệu của kế hoạch (văn bản để trống hoặc chưa nhập); cần bổ sung "
                "khi có văn bản chính thức",
            )
        )
    if plan.issue_date is None:
        findings.append(
            Finding(
                FindingKind.PLAN_DATE_MISSING,
                "Chưa có ngày ban hành của kế hoạch (văn bản để trống hoặc chưa nhập); cần bổ "
                "sung khi có văn bản chính thức",
            )
        )
    for values, explanation in _note_lines(plan, NOTE_OTHER_NUMBER):
        own = _normal_number(plan.number)
        others = [
            n.replace(" ", "") for n in _RE_DOC_NUMBER.findall(values) if _normal_number(n) != own
        ]
        if own and others:
            findings.append(
                Finding(
                    FindingKind.PLAN_NUMBER_CONFLICT,
                    f"Số hiệu đang dùng “{plan.number}” khác với số văn bản ghi ở chỗ khác: "
                    f"{_quote_list(others)}" + (f" ({explanation})" if explanation else ""),
                    values=(plan.number, *others),
                )
            )
    for values, explanation in _note_lines(plan, NOTE_OTHER_DATE):
        others = []
        for day, month, year in _RE_DATE.findall(values):
            try:
                date = datetime.date(int(year), int(month), int(day))
            except ValueError:
                continue
            if date != plan.issue_date:
                others.append(date)
        if plan.issue_date and others:
            findings.append(
                Finding(
                    FindingKind.PLAN_DATE_CONFLICT,
                    f"Ngày ban hành đang dùng {plan.issue_date:%d/%m/%Y} khác với ngày văn bản "
                    f"ghi ở chỗ khác: {', '.join(f'{d:%d/%m/%Y}' for d in others)}"
                    + (f" ({explanation})" if explanation else ""),
                    values=(
                        plan.issue_date.isoformat(),
                        *(d.isoformat() for d in others),
                    ),
                )
            )
    return findings


# --------------------------------------------------------------------------- tasks


def _deadline_findings(plan: Plan, tasks: list[Task]) -> list[Finding]:
    findings = []
    for task in tasks:
        outside = [d for d in _dates(task) if not plan.start_year <= d.year <= plan.end_year]
        if outside:
            dates = ", ".join(d.strftime("%d/%m/%Y") for d in outside)
            findings.append(
                Finding(
                    FindingKind.OUT_OF_PERIOD,
                    f"“{task.deadline_text}” cho hạn {dates}"
                    f", ngoài thời kỳ kế hoạch {plan.period_label}",
                    (_task_place(task),),
                    values=tuple(d.isoformat() for d in outside),
                )
            )
        if task.deadline_kind == DeadlineKind.UNKNOWN:
            findings.append(
                Finding(
                    FindingKind.DEADLINE_UNKNOWN,
                    f"Không xác định được hạn từ “{task.deadline_text}”; cần đặt hạn thủ công",
                    (_task_place(task),),
                )
            )
        if task.deadline_kind == DeadlineKind.NONE:
            findings.append(
                Finding(
                    FindingKind.NO_DEADLINE,
                    "Văn bản không ghi thời hạn",
                    (_task_place(task),),
                )
            )
    return findings


def _names(assignments, role) -> list[str]:
    return [a.agency.name for a in assignments if a.role == role]


def _lead_findings(tasks: list[Task]) -> list[Finding]:
    """A task without a lead agency, unless it is a heading whose sub-tasks have leads. A
    sub-row is checked on its own: it is flagged even when its siblings have leads."""
    has_lead = {
        t.pk: any(a.role == AssignmentRole.LEAD for a in t.assignments.all()) for t in tasks
    }
    headings_with_led_children = {t.parent_id for t in tasks if t.parent_id and has_lead[t.pk]}
    by_pk = {t.pk: t for t in tasks}
    findings = []
    for task in tasks:
        if has_lead[task.pk] or task.pk in headings_with_led_children:
            continue
        assignments = list(task.assignments.all())
        if task.parent_id:
            parent = by_pk[task.parent_id]  # loaded with its own parent: no query
            message = f"Nhiệm vụ con của {parent.display_code} không có cơ quan chủ trì"
        else:
            message = "Nhiệm vụ không có cơ quan chủ trì"
        others = []
        for role, noun in (
            (AssignmentRole.PARTNER, "phối hợp"),
            (AssignmentRole.MONITOR, "theo dõi"),
        ):
            names = _names(assignments, role)
            if names:
                others.append(f"cơ quan {noun}: {', '.join(names)}")
        if others:
            message += f" (chỉ có {'; '.join(others)})"
        findings.append(Finding(FindingKind.NO_LEAD, message, (_task_place(task),)))
    return findings


_ROLE_ORDER = [AssignmentRole.LEAD, AssignmentRole.PARTNER, AssignmentRole.MONITOR]


def _two_roles_findings(tasks: list[Task]) -> list[Finding]:
    findings = []
    for task in tasks:
        roles: dict[int, list[str]] = defaultdict(list)
        agencies = {}
        for a in task.assignments.all():
            agencies[a.agency_id] = a.agency
            if a.role not in roles[a.agency_id]:
                roles[a.agency_id].append(a.role)
        for agency_id, held in roles.items():
            if len(held) < 2:
                continue
            held = sorted(held, key=_ROLE_ORDER.index)
            words = [AssignmentRole(r).label.lower() for r in held]
            findings.append(
                Finding(
                    FindingKind.AGENCY_TWO_ROLES,
                    f"“{agencies[agency_id].name}” vừa {' vừa '.join(words)}",
                    (_task_place(task),),
                    values=(agencies[agency_id].name, *held),
                )
            )
    return findings


def _alias_findings(tasks: list[Task], index: AgencyIndex) -> list[Finding]:
    findings = []
    for task in tasks:
        seen = set()
        for assignment in task.assignments.all():
            written = assignment.name_as_written
            match = index.match(written) if written else None
            if match is None or not match.through_alias or written in seen:
                continue
            seen.add(written)
            findings.append(
                Finding(
                    FindingKind.ALIAS_MATCH,
                    f"“{written}” được hiểu là “{assignment.agency.name}”",
                    (_task_place(task),),
                    values=(written, assignment.agency.name),
                )
            )
    return findings


def _duplicate_findings(tasks: list[Task]) -> list[Finding]:
    by_key: dict[tuple, list[Task]] = defaultdict(list)
    for task in tasks:
        if task.code:
            by_key[(task.area_id, task.parent_id, task.code)].append(task)
    by_pk = {t.pk: t for t in tasks}
    findings = []
    for same in by_key.values():
        if len(same) < 2:
            continue
        first = same[0]
        under = f" (nhiệm vụ {by_pk[first.parent_id].display_code})" if first.parent_id else ""
        findings.append(
            Finding(
                FindingKind.DUPLICATE_CODE,
                f"Số thứ tự “{first.code}” xuất hiện {len(same)} lần trong lĩnh vực "
                f"{first.area.numeral.rstrip('.')}{under}: "
                + "; ".join(f"“{t.short_title}”" for t in same),
                tuple(_task_place(t) for t in same),
                count=len(same),
                values=tuple(t.short_title for t in same),
            )
        )
    return findings


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class _Target:
    source: tuple  # ("indicator", code) or ("task", pk): targets of one source never conflict
    place: Place
    subject: str
    unit: str
    comparator: str
    value: Decimal | None
    clause: str
    label: str


def _words(text: str) -> frozenset[str]:
    text = re.sub(r"\d+(?:[.,]\d+)?\s*%?", " ", unicodedata.normalize("NFC", text).lower())
    return frozenset(w for w in re.findall(r"\w+", text) if w not in _FILLER_WORDS)


def _similarity(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def _around_figure(text: str, value: Decimal, limit: int = 120) -> str:
    """The clause, or when long the part of it that ends with its figure ("…cấp huyện đạt
    tối thiểu 20%"): what tells two similar clauses apart is near the number."""
    text = " ".join(text.split()).rstrip(" .;,")
    if len(text) <= limit:
        return text
    number = format(value.normalize(), "f").replace(".", "[.,]")
    match = re.search(rf"(?<![\d.,]){number}(?:\s*%)?", text)
    end = match.end() if match else len(text)
    start = max(0, end - limit)
    if start:
        space = text.find(" ", start, end)  # begin with a whole word
        start = space + 1 if space != -1 else start
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _parsed_label(target) -> str:
    return target_label(
        Indicator(
            statement=target.clause,
            comparator=target.comparator,
            unit=target.unit,
            target_value=target.value,
            max_value=target.max_value,
            base_year=target.base_year,
        )
    )


def _plan_targets(indicators: list[Indicator], tasks: list[Task]) -> list[_Target]:
    targets = []
    for ind in indicators:
        if ind.comparator not in _BOUND or ind.target_value is None:
            continue
        clause = ind.clause or ind.statement
        subject = (guess_subject(ind.clause) if ind.clause else "") or ind.subject
        targets.append(
            _Target(
                ("indicator", ind.code),
                _indicator_place(ind),
                subject,
                ind.unit,
                ind.comparator,
                ind.target_value,
                clause,
                target_label(ind),
            )
        )
    for task in tasks:
        for field in _TASK_TARGET_FIELDS:
            text = getattr(task, field)
            if not text:
                continue
            for parsed in parse_targets(text):
                if parsed.comparator not in _BOUND or parsed.value is None:
                    continue
                targets.append(
                    _Target(
                        ("task", task.pk),
                        _task_place(task),
                        guess_subject(parsed.clause) or guess_subject(text),
                        parsed.unit,
                        parsed.comparator,
                        parsed.value,
                        parsed.clause,
                        _parsed_label(parsed),
                    )
                )
    return targets


def _conflict_findings(indicators: list[Indicator], tasks: list[Task]) -> list[Finding]:
    """Two targets on the same measure (same subject and unit, similar wording, bounding the
    value the same way) that require different values. One side is always a plan target
    (indicator): rows of the task table are distinct criteria, each its own measure."""
    targets = _plan_targets(indicators, tasks)
    # (first source, second source) -> (first targets, second targets, subject)
    pairs: dict[tuple, tuple[list[_Target], list[_Target], str]] = {}
    for i, a in enumerate(targets):
        if a.source[0] != "indicator":
            continue
        for j, b in enumerate(targets):
            # each pair of plan targets once; a plan target against every task row
            if b.source == a.source or (b.source[0] == "indicator" and j < i):
                continue
            if not a.subject or a.subject != b.subject or a.unit != b.unit:
                continue
            if _BOUND[a.comparator] != _BOUND[b.comparator] or a.value == b.value:
                continue
            if _similarity(a.clause, b.clause) < SAME_MEASURE_SIMILARITY:
                continue
            firsts, seconds, _ = pairs.setdefault((a.source, b.source), ([], [], a.subject))
            if a not in firsts:
                firsts.append(a)
            if b not in seconds:
                seconds.append(b)
    findings = []
    for (_sa, sb), (firsts, seconds, subject) in pairs.items():
        first, second = firsts[0], seconds[0]
        other = "chỉ tiêu" if sb[0] == "indicator" else "nhiệm vụ"

        def said(items):
            return "; ".join(f"“{_around_figure(t.clause, t.value)}” ({t.label})" for t in items)

        findings.append(
            Finding(
                FindingKind.CONFLICTING_TARGETS,
                f"Cùng nội dung “{subject}”: {first.place.ref} đặt {said(firsts)}, "
                f"còn {other} {second.place.ref.removeprefix('Chỉ tiêu ')} đặt {said(seconds)}",
                (first.place, second.place),
                values=tuple(t.label for t in firsts + seconds),
            )
        )
    return findings


def _target_findings(indicators: list[Indicator]) -> list[Finding]:
    return [
        Finding(
            FindingKind.TARGET_WITHOUT_VALUE,
            f"Không đọc được giá trị: {indicator.short_statement}",
            (_indicator_place(indicator),),
        )
        for indicator in indicators
        if indicator.comparator == Comparator.TEXT
    ]


# --------------------------------------------------------------------------- entry point


def plan_findings(plan: Plan) -> list[Finding]:
    """Every data-quality finding of `plan`, repeated ones grouped, by kind in a fixed order
    (document order within a kind). Four queries whatever the plan's size."""
    tasks = list(
        Task.objects.filter(plan=plan)
        .select_related("area", "parent")
        .prefetch_related(
            Prefetch("assignments", queryset=TaskAssignment.objects.select_related("agency"))
        )
    )
    indicators = list(Indicator.objects.filter(plan=plan))
    index = AgencyIndex(Agency.objects.filter(unit_id=plan.unit_id))

    findings = (
        _metadata_findings(plan)
        + _deadline_findings(plan, tasks)
        + _lead_findings(tasks)
        + _two_roles_findings(tasks)
        + _alias_findings(tasks, index)
        + _duplicate_findings(tasks)
        + _target_findings(indicators)
        + _conflict_findings(indicators, tasks)
    )
    order = list(FindingKind.LABELS)
    # stable: document order within a kind
    return sorted(group_findings(findings), key=lambda f: order.index(f.kind))
