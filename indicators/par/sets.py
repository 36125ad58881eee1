"""Writes on criteria sets: publish, new version, the guard of a published set, and the checks
that decide whether a set can be published (docs/par-index.md, "Criteria sets and the template").

Published is final: once a set is published no service here, the admin or the import changes
its fields (other than `ranking_published_at`, the ranking's own service) or its criteria —
assessments are made against it. A change is a new version (a draft copy).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from indicators.par.access import can_manage_province
from indicators.par.models import (
    PUBLISHED_SET_MESSAGE,
    CriteriaSet,
    Criterion,
    CriterionLevel,
    ScoringRule,
    SetStatus,
)
from indicators.par.rules import criterion_problems, fmt, parse_grade_bands

# The fields of a set its header (form, template header block) may change while a draft.
HEADER_FIELDS = ("title", "source", "grade_bands", "note")
# The fields of a criterion copied into a new version and compared by the import.
CRITERION_FIELDS = (
    "code",
    "title",
    "level",
    "max_score",
    "rule",
    "steps",
    "deduction",
    "target",
    "evidence_expected",
    "task_codes",
    "reform_area_id",
)


def parent_code(code: str) -> str | None:
    """ "1.3.1" → "1.3"; "1" → None."""
    return code.rsplit(".", 1)[0] if "." in code else None


def tree_problems(nodes, parent_of) -> list[str]:
    """Why criteria `nodes` (in order) cannot be published; `parent_of(node)` is its parent
    node or None. Used on saved criteria (publish) and on an import's unsaved ones (preview)."""
    problems: list[str] = []
    children: dict[int, list] = defaultdict(list)
    for node in nodes:
        parent = parent_of(node)
        if parent is not None:
            children[id(parent)].append(node)
    totals: dict[int, Decimal | None] = {}

    def total(node) -> Decimal | None:
        """The node's maximum: its own for a leaf; its children's sum for a parent."""
        key = id(node)
        if key not in totals:
            kids = children.get(key, [])
            if not kids:
                totals[key] = node.max_score
            else:
                values = [total(kid) for kid in kids]
                totals[key] = None if None in values else sum(values, Decimal(0))
        return totals[key]

    leaves = 0
    for node in nodes:
        code, parent, kids = node.code, parent_of(node), children.get(id(node), [])
        if node.level == CriterionLevel.AREA and parent is not None:
            problems.append(f"Lĩnh vực {code} không được thuộc dòng {parent.code}.")
        if parent is None and parent_code(code):
            problems.append(
                f"Tiêu chí {code}: thiếu dòng cha {parent_code(code)} "
                f"(dòng cha của “1.3.1” là “1.3”)."
            )
        if parent is not None and not code.startswith(f"{parent.code}."):
            problems.append(
                f"Tiêu chí {code} thuộc {parent.code} nhưng số thứ tự không bắt đầu bằng "
                f"“{parent.code}.”."
            )
        if kids:
            if node.rule != ScoringRule.SUM:
                problems.append(
                    f"Tiêu chí {code} có tiêu chí con nên phải tính bằng tổng các tiêu chí con."
                )
            elif node.max_score is not None:
                values = [total(kid) for kid in kids]
                if None not in values and sum(values, Decimal(0)) != node.max_score:
                    problems.append(
                        f"Tiêu chí {code}: điểm tối đa {fmt(node.max_score)} khác tổng điểm "
                        f"tối đa của các tiêu chí con ({fmt(sum(values, Decimal(0)))})."
                    )
        elif node.rule == ScoringRule.SUM:
            problems.append(f"Tiêu chí {code} tính bằng tổng các tiêu chí con nhưng không có con.")
        else:
            leaves += 1
            problems.extend(criterion_problems(node))
    if not leaves:
        problems.append("Bộ tiêu chí chưa có tiêu chí nào để chấm điểm.")
    return problems


def set_problems(criteria_set: CriteriaSet, criteria: list[Criterion] | None = None) -> list[str]:
    """Everything that keeps the set from being published; empty when it can be. `criteria`:
    the set's criteria in order, when the caller already has them (no query then)."""
    if criteria is None:
        criteria = list(criteria_set.criteria.order_by("order"))
    problems = []
    try:
        parse_grade_bands(criteria_set.grade_bands)
    except ValueError as exc:
        problems.append(f"Xếp loại: {exc}")
    by_id = {c.pk: c for c in criteria}
    problems += tree_problems(criteria, lambda c: by_id.get(c.parent_id))
    return problems


def _check_manager(user, criteria_set: CriteriaSet) -> None:
    if user is not None and not can_manage_province(user, criteria_set.province_id):
        raise PermissionDenied("Chỉ Sở Nội vụ của tỉnh được thay đổi bộ tiêu chí.")


def lock_draft(criteria_set: CriteriaSet) -> CriteriaSet:
    """The set re-read under a row lock (inside a transaction); ValidationError with
    PUBLISHED_SET_MESSAGE when it is published (whatever the caller's copy says)."""
    locked = CriteriaSet.objects.select_for_update().select_related("province")
    locked = locked.get(pk=criteria_set.pk)
    if locked.status != SetStatus.DRAFT:
        raise ValidationError(PUBLISHED_SET_MESSAGE)
    return locked


@transaction.atomic
def update_set(criteria_set: CriteriaSet, user=None, **values) -> CriteriaSet:
    """Change a draft set's header fields (HEADER_FIELDS); refused once published."""
    _check_manager(user, criteria_set)
    unknown = set(values) - set(HEADER_FIELDS)
    if unknown:
        raise ValueError(f"not a header field: {sorted(unknown)}")
    locked = lock_draft(criteria_set)
    for key, value in values.items():
        setattr(locked, key, value)
    locked.full_clean(exclude=["province"])
    locked.save(update_fields=list(values))
    return locked


@transaction.atomic
def publish_set(criteria_set: CriteriaSet, user=None) -> CriteriaSet:
    """Publish a draft set once nothing keeps it from being scored; final.

    ValidationError: PUBLISHED_SET_MESSAGE when already published; else one message per
    problem, each naming its criterion's code."""
    _check_manager(user, criteria_set)
    locked = lock_draft(criteria_set)
    problems = set_problems(locked)
    if problems:
        raise ValidationError(problems)
    locked.status = SetStatus.PUBLISHED
    locked.published_at = timezone.now()
    if user is not None:
        locked._history_user = user
    locked._change_reason = "Ban hành"
    locked.save(update_fields=["status", "published_at"])
    criteria_set.status, criteria_set.published_at = locked.status, locked.published_at
    return locked


def latest_version(province_id: int, year: int, level: str, *, lock: bool = False):
    """The newest set of (province, year, level), or None."""
    sets = CriteriaSet.objects.filter(province_id=province_id, year=year, level=level)
    if lock:
        sets = sets.select_for_update()
    return sets.order_by("-version").first()


def next_version_number(province_id: int, year: int, level: str) -> int:
    latest = latest_version(province_id, year, level)
    return latest.version + 1 if latest else 1


def _by_depth(criteria):
    """Parents before their children, in order within a depth."""
    return sorted(criteria, key=lambda c: (c.code.count("."), c.order))


@transaction.atomic
def new_version(criteria_set: CriteriaSet, user=None) -> CriteriaSet:
    """A draft copy of the set, criteria included (parents remapped), numbered after the newest
    version of its province, year and level. Refused while that newest version is a draft
    (there is one draft to edit at a time)."""
    _check_manager(user, criteria_set)
    latest = latest_version(
        criteria_set.province_id, criteria_set.year, criteria_set.level, lock=True
    )
    if latest.status == SetStatus.DRAFT:
        raise ValidationError(
            f"Phiên bản {latest.version} của bộ tiêu chí này đang soạn (dự thảo): hãy sửa "
            "hoặc nhập tệp vào phiên bản đó thay vì tạo phiên bản mới."
        )
    copy = CriteriaSet(
        province_id=criteria_set.province_id,
        year=criteria_set.year,
        level=criteria_set.level,
        version=latest.version + 1,
        **{key: getattr(criteria_set, key) for key in HEADER_FIELDS},
    )
    if user is not None:
        copy._history_user = user
    copy._change_reason = f"Phiên bản mới từ phiên bản {criteria_set.version}"
    copy.save()
    copied: dict[int, Criterion] = {}
    for old in _by_depth(criteria_set.criteria.all()):
        new = Criterion(
            criteria_set=copy,
            parent=copied.get(old.parent_id),
            order=old.order,
            **{key: getattr(old, key) for key in CRITERION_FIELDS},
        )
        new.save()
        copied[old.pk] = new
    return copy


@transaction.atomic
def relink_parents(criteria_set: CriteriaSet) -> int:
    """Set every criterion's parent from its code (the parent of "1.3.1" is "1.3", none when
    the set has no such row); return how many changed. Used after an edit in the admin."""
    lock_draft(criteria_set)
    criteria = list(criteria_set.criteria.all())
    by_code = {c.code: c for c in criteria}
    changed = 0
    for criterion in criteria:
        parent = by_code.get(parent_code(criterion.code) or "")
        if criterion.parent_id != (parent.pk if parent else None):
            criterion.parent = parent
            criterion.save(update_fields=["parent"])
            changed += 1
    return changed
