"""Importing a criteria-set workbook: check → preview → confirm (docs/par-index.md).

`build_preview` reads and checks the whole file (every problem with its row and column, in
Vietnamese) and compares it with the set it will write: a draft set of the same province, year
and level (its criteria are replaced), or — when the newest version is published — a new draft
version, or a new set when there is none. `confirm_import` re-runs the same check inside the
writing transaction, with the sets locked; a file with any error, or a set changed since the
preview (its `fingerprint`), writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction

from indicators.par.models import (
    PUBLISHED_SET_MESSAGE,
    CriteriaSet,
    Criterion,
    CriterionLevel,
    ScoringRule,
    SetLevel,
    SetStatus,
)
from indicators.par.rules import fmt
from indicators.par.set_checks import (
    Line,
    check_header,
    check_line,
    check_tree,
    reform_areas,
)
from indicators.par.sets import (
    CRITERION_FIELDS,
    HEADER_FIELDS,
    latest_version,
    parent_code,
    tree_problems,
)
from indicators.par.workbook import read_set_sheet
from plans.models import ReformArea
from tasks.spreadsheet.columns import MAX_MESSAGES, SpreadsheetError


@dataclass
class ImportPreview:
    filename: str
    province: object
    chosen: CriteriaSet | None = None
    header: dict = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    publish_problems: list[str] = field(default_factory=list)
    target: CriteriaSet | None = None  # the draft whose criteria are replaced
    base: CriteriaSet | None = None  # the published version a new version follows
    version: int | None = None
    header_changes: list[tuple[str, str, str]] = field(default_factory=list)
    removed: list[Criterion] = field(default_factory=list)
    fingerprint: str = ""
    stale: bool = False
    result: CriteriaSet | None = None

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def count(self, state: str) -> int:
        return sum(1 for line in self.lines if line.state == state)

    @property
    def counts(self) -> dict[str, int]:
        states = {s: self.count(s) for s in ("new", "changed", "unchanged")}
        return {**states, "removed": len(self.removed)}

    def summary(self) -> str:
        c = self.counts
        return (
            f"{c['new']} tiêu chí mới, {c['changed']} thay đổi, {c['unchanged']} không đổi, "
            f"{c['removed']} bị bỏ."
        )

    @property
    def action(self) -> str:
        if self.target is not None:
            return f"Thay các tiêu chí của bộ đang soạn (dự thảo): {self.target}."
        if self.base is not None:
            return (
                f"Phiên bản {self.base.version} đã ban hành: tạo phiên bản mới {self.version} "
                "(dự thảo)."
            )
        return "Tạo bộ tiêu chí mới (dự thảo)."

    def limited(self, messages: list[str]) -> list[str]:
        if len(messages) <= MAX_MESSAGES:
            return messages
        return [*messages[:MAX_MESSAGES], f"… và {len(messages) - MAX_MESSAGES} lỗi khác."]


# --------------------------------------------------------------------------- preview


def fingerprint(province_id: int, year: int, level: str) -> str:
    """What the preview compared with: every version's status and header, every criterion."""
    sets = CriteriaSet.objects.filter(province_id=province_id, year=year, level=level)
    state = [
        list(sets.order_by("version").values_list("pk", "version", "status", *HEADER_FIELDS)),
        list(
            Criterion.objects.filter(criteria_set__in=sets)
            .order_by("criteria_set_id", "order", "pk")
            .values_list("criteria_set_id", "pk", "parent_id", "order", *CRITERION_FIELDS)
        ),
    ]
    text = json.dumps(state, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _display(key: str, value, area_names: dict[int, str]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return fmt(value)
    if key == "rule":
        return ScoringRule(value).label
    if key == "level":
        return CriterionLevel(value).label
    if key == "reform_area_id":
        return area_names.get(value, "")
    return str(value)


def _blank(value):
    return None if value == "" else value


def _compare(preview: ImportPreview, existing: list[Criterion]) -> None:
    by_code = {c.code: c for c in existing}
    codes = {c.pk: c.code for c in existing}
    area_names = dict(ReformArea.objects.values_list("pk", "name"))
    for line in preview.lines:
        old = by_code.get(line.code)
        if old is None:
            continue
        for key in CRITERION_FIELDS:
            old_value, new_value = getattr(old, key), line.values[key]
            if _blank(old_value) != _blank(new_value):
                label = "lĩnh vực CCHC" if key == "reform_area_id" else None
                label = label or Criterion._meta.get_field(key).verbose_name
                line.changes.append(
                    (
                        str(label),
                        _display(key, old_value, area_names),
                        _display(key, new_value, area_names),
                    )
                )
        old_parent, new_parent = codes.get(old.parent_id), parent_code(line.code)
        if old_parent != new_parent:
            line.changes.append(("thuộc", old_parent or "—", new_parent or "—"))
        line.state = "changed" if line.changes else "unchanged"
    in_file = {line.code for line in preview.lines}
    preview.removed = [c for c in existing if c.code not in in_file]


def _resolve(preview: ImportPreview, year: int, level: str, lock: bool) -> None:
    province, chosen = preview.province, preview.chosen
    latest = latest_version(province.pk, year, level, lock=lock)
    if chosen is not None:
        if (chosen.province_id, chosen.year, chosen.level) != (province.pk, year, level):
            preview.errors.append(
                f"Tệp là bộ tiêu chí năm {year}, {SetLevel(level).label.lower()}; không phải "
                f"của bộ tiêu chí đang chọn ({chosen}, năm {chosen.year}, "
                f"{chosen.get_level_display().lower()})."
            )
            return
        chosen.refresh_from_db(fields=["status"])
        if chosen.status == SetStatus.DRAFT:
            latest = chosen
        elif latest.pk != chosen.pk:
            preview.errors.append(
                f"{PUBLISHED_SET_MESSAGE} (Phiên bản mới nhất là {latest.version}.)"
            )
            return
    if latest is not None and latest.status == SetStatus.DRAFT:
        preview.target, preview.version = latest, latest.version
        for key in HEADER_FIELDS:
            old, new = getattr(latest, key), preview.header[key]
            if old != new:
                label = str(CriteriaSet._meta.get_field(key).verbose_name)
                preview.header_changes.append((label, old or "—", new or "—"))
    elif latest is not None:
        preview.base, preview.version = latest, latest.version + 1
    else:
        preview.version = 1


def build_preview(
    content: bytes, filename: str, province, chosen: CriteriaSet | None = None, lock=False
) -> ImportPreview:
    """Read and check the whole file against the set it would write; writes nothing."""
    preview = ImportPreview(filename=filename, province=province, chosen=chosen)
    try:
        raw = read_set_sheet(content, filename)
    except SpreadsheetError as exc:
        preview.errors = list(exc.messages)
        return preview
    preview.warnings = list(raw.warnings)
    preview.header = check_header(raw, province, preview.errors)
    areas = reform_areas()
    preview.lines = [check_line(r, areas, preview.errors, preview.warnings) for r in raw.rows]
    check_tree(preview.lines, preview.errors)
    year, level = preview.header["year"], preview.header["level"]
    if year is None or level is None:
        return preview
    _resolve(preview, year, level, lock)
    if preview.has_errors:
        return preview
    against = preview.target or preview.base
    _compare(preview, list(against.criteria.order_by("order")) if against else [])
    by_code = {line.code: line for line in preview.lines}
    problems = tree_problems(preview.lines, lambda line: by_code.get(parent_code(line.code)))
    preview.publish_problems = problems
    preview.fingerprint = fingerprint(province.pk, year, level)
    return preview


# --------------------------------------------------------------------------- writing


def _apply(preview: ImportPreview, user=None) -> CriteriaSet:
    reason = f"Nhập từ bảng tính {preview.filename}"[:100]
    header = {key: preview.header[key] for key in HEADER_FIELDS}
    existing: dict[str, Criterion] = {}
    if preview.target is not None:
        criteria_set = CriteriaSet.objects.select_for_update().get(pk=preview.target.pk)
        if criteria_set.status != SetStatus.DRAFT:  # the guard of a published set
            raise SpreadsheetError([PUBLISHED_SET_MESSAGE])
        changed = [key for key, value in header.items() if getattr(criteria_set, key) != value]
        for key in changed:
            setattr(criteria_set, key, header[key])
        if changed:
            criteria_set._change_reason = reason
            criteria_set.save(update_fields=changed)
        removed = [c.pk for c in preview.removed]
        Criterion.objects.filter(criteria_set=criteria_set, pk__in=removed).delete()
        existing = {c.code: c for c in criteria_set.criteria.exclude(pk__in=removed)}
    else:
        criteria_set = CriteriaSet(
            province=preview.province,
            year=preview.header["year"],
            level=preview.header["level"],
            version=preview.version,
            **header,
        )
        criteria_set._change_reason = reason
        criteria_set.full_clean(validate_constraints=False)
        criteria_set.save()
    if user is not None:
        criteria_set._history_user = user
    saved: dict[str, Criterion] = {}
    positions = {id(line): order for order, line in enumerate(preview.lines, start=1)}
    for line in sorted(preview.lines, key=lambda line: line.code.count(".")):
        criterion = existing.get(line.code) or Criterion(criteria_set=criteria_set)
        parent = saved.get(parent_code(line.code) or "")
        order = positions[id(line)]
        same_place = criterion.parent_id == (parent.pk if parent else None)
        same_place = same_place and criterion.order == order
        if criterion.pk is None or line.state == "changed" or not same_place:
            for key in CRITERION_FIELDS:
                setattr(criterion, key, line.values[key])
            criterion.parent, criterion.order = parent, order
            criterion._change_reason = reason
            criterion.save()
        saved[line.code] = criterion
    return criteria_set


def confirm_import(
    content: bytes,
    filename: str,
    province,
    chosen: CriteriaSet | None,
    expected: str,
    user=None,
) -> ImportPreview:
    """Check again and write, in one transaction: `result` is the written set. Nothing is
    written when the file has errors, or when the sets changed since the preview that
    returned `expected` (`stale`: the caller shows the new preview)."""
    try:
        with transaction.atomic():
            preview = build_preview(content, filename, province, chosen, lock=True)
            if preview.has_errors:
                return preview
            if preview.fingerprint != expected:
                preview.stale = True
                return preview
            preview.result = _apply(preview, user)
    except SpreadsheetError as exc:
        preview.errors = list(exc.messages)
    except IntegrityError:
        preview.errors = [
            "Bộ tiêu chí vừa được người khác thay đổi cùng lúc: chưa ghi gì. Hãy tải tệp lên lại."
        ]
    return preview
