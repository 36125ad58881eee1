"""Report editions: create (pre-filled), edit (versioned), finalise (frozen) and turn into the
`ReportDocument` that the Word and Excel writers render.

Writes go through these services; the views only call them. A finalised edition keeps the
files generated at that moment, so it downloads byte for byte the same later, and a snapshot of
its numbers, so the page can show where the live data has moved since.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from plans.models import Plan
from plans.periods import Period
from tasks.reports.builder import ConsolidatedReport, build_report
from tasks.reports.document import Frame, ReportDocument, Section
from tasks.reports.docx import render_docx
from tasks.reports.models import EditionState, ReportEdition
from tasks.reports.narrative import prefill
from tasks.reports.xlsx import render_xlsx
from tasks.services import StaleVersionError, claim_version

NUMBER_FORMAT = re.compile(r"^\d{1,6}/BC-[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$")
# The edition's fields as the form shows them: the Decree 30 frame, then the narrative.
FRAME_FIELDS = [
    "number",
    "doc_date",
    "place",
    "parent_body",
    "issuing_body",
    "issuing_body_short",
    "subject",
    "recipients",
    "distribution",
    "signer_lines",
    "signer_name",
]
SECTION_FIELDS = ["direction", "achievements", "shortcomings", "causes", "next_steps", "proposals"]
TEXT_FIELDS = [f for f in FRAME_FIELDS + SECTION_FIELDS if f != "doc_date"]
DATE_MARGIN_DAYS = 90
FINAL_MESSAGE = "Báo cáo đã chốt nên không thể sửa."


def default_frame_values(plan: Plan, period: Period) -> dict:
    """The frame of a new edition: the unit's People's Committee reports to the level above
    (a district or commune to its province, a province to the Ministry of Home Affairs)."""
    unit = plan.unit
    province = unit.province
    if province is None or province.pk == unit.pk:
        recipients = "Bộ Nội vụ"
    else:
        recipients = f"Ủy ban nhân dân {province.full_name}\nSở Nội vụ {province.full_name}"
    return {
        "place": unit.name,
        "parent_body": "",
        "issuing_body": "\n".join(unit.committee_lines),
        "issuing_body_short": plan.issuer or unit.committee,
        "subject": f"Kết quả thực hiện công tác cải cách hành chính {period.cumulative_label}",
        "recipients": recipients,
        "distribution": (
            f"- Như trên;\n- Chủ tịch, các Phó Chủ tịch UBND {unit.type_word};\n- Lưu: VT, NV."
        ),
        "signer_lines": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "signer_name": plan.signer,
    }


def previous_report(plan: Plan, period: Period) -> ConsolidatedReport | None:
    earlier = period.previous()
    return build_report(plan, earlier) if earlier.year in plan.years else None


@transaction.atomic
def edition_create(*, plan: Plan, period: Period, user) -> ReportEdition:
    """The period's edition, created pre-filled from the data if it does not exist yet."""
    existing = ReportEdition.objects.filter(plan=plan, year=period.year, quarter=period.quarter)
    if existing.exists():
        return existing.get()
    edition = ReportEdition(
        plan=plan,
        year=period.year,
        quarter=period.quarter,
        **default_frame_values(plan, period),
        **prefill(build_report(plan, period)),
    )
    edition._history_user = user
    edition.full_clean()
    edition.save()
    return edition


def _clean(values: dict, edition: ReportEdition) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for key in TEXT_FIELDS:
        if key in values:
            text = str(values[key] or "").replace("\r\n", "\n").replace("\r", "\n")
            cleaned[key] = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    number = cleaned.get("number", edition.number)
    if number and not NUMBER_FORMAT.match(number):
        errors["number"] = ["Số văn bản cần có dạng <số>/BC-<cơ quan>, ví dụ 125/BC-UBND."]
    if "doc_date" in values:
        cleaned["doc_date"] = values["doc_date"]
        day, first = values["doc_date"], edition.period.start
        last = edition.period.end + datetime.timedelta(days=DATE_MARGIN_DAYS)
        if day is not None and not first <= day <= last:
            errors["doc_date"] = [
                f"Ngày ban hành phải từ {first:%d/%m/%Y} đến {last:%d/%m/%Y} "
                "(trong kỳ báo cáo hoặc sau đó không quá 90 ngày)."
            ]
    if "areas" in values:
        known = {a["area"] for a in edition.areas}
        areas = []
        for item in values["areas"]:
            if item.get("area") not in known:
                errors["areas"] = ["Lĩnh vực không thuộc báo cáo này."]
                break
            areas.append({**item, "text": str(item.get("text", "")).replace("\r\n", "\n").strip()})
        cleaned["areas"] = areas
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def edition_update(*, edition: ReportEdition, values: dict, expected_version, user):
    """Save the office's edits if the edition is still a draft at `expected_version`."""
    fresh = ReportEdition.objects.select_for_update().get(pk=edition.pk)
    if fresh.is_final:
        raise ValidationError(FINAL_MESSAGE)
    cleaned = _clean(values, fresh)
    if not claim_version(ReportEdition, fresh.pk, expected_version):
        raise StaleVersionError(ReportEdition.objects.get(pk=fresh.pk))
    for key, value in cleaned.items():
        setattr(fresh, key, value)
    fresh.version = expected_version + 1
    fresh._history_user = user
    fresh.full_clean()
    fresh.save()
    return fresh


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def frame_of(edition: ReportEdition) -> Frame:
    return Frame(
        parent_body=edition.parent_body,
        issuing_body=_lines(edition.issuing_body),
        issuing_body_short=edition.issuing_body_short,
        number=edition.number,
        place=edition.place,
        date=edition.doc_date,
        subject=edition.subject,
        recipients=_lines(edition.recipients),
        distribution=_lines(edition.distribution),
        signer_lines=_lines(edition.signer_lines),
        signer_name=edition.signer_name,
        year=edition.year,
    )


def sections_of(edition: ReportEdition) -> tuple[Section, ...]:
    areas = tuple(
        Section(str(i), a["heading"], a.get("text", "")) for i, a in enumerate(edition.areas, 1)
    )
    return (
        Section("I", "Công tác chỉ đạo, điều hành", edition.direction),
        Section("II", "Kết quả thực hiện theo từng lĩnh vực", subsections=areas),
        Section(
            "III",
            "Đánh giá chung",
            subsections=(
                Section("1", "Kết quả đạt được", edition.achievements),
                Section("2", "Tồn tại, hạn chế", edition.shortcomings),
                Section("3", "Nguyên nhân", edition.causes),
            ),
        ),
        Section("IV", "Phương hướng, nhiệm vụ quý tới", edition.next_steps),
        Section("V", "Kiến nghị, đề xuất", edition.proposals),
    )


def document_for(
    plan: Plan, period: Period, edition: ReportEdition | None, *, with_previous: bool = True
) -> ReportDocument:
    """The period's document: the edition's text, or (no edition yet) the text it would be
    pre-filled with, over the live numbers. The previous period's report (for the Excel
    comparison) is built only when asked for."""
    if edition is not None:
        return document_of(edition, with_previous=with_previous)
    report = build_report(plan, period)
    transient = ReportEdition(
        plan=plan,
        year=period.year,
        quarter=period.quarter,
        **default_frame_values(plan, period),
        **prefill(report),
    )
    return document_of(transient, report, with_previous=with_previous)


def document_of(
    edition: ReportEdition,
    report: ConsolidatedReport | None = None,
    *,
    with_previous: bool = True,
) -> ReportDocument:
    """The live document of an edition: its text with today's numbers."""
    plan, period = edition.plan, edition.period
    report = report or build_report(plan, period)
    notes = []
    current = (period.year, period.quarter)
    if not any((r.year, r.quarter) == current for row in report.rows for _, r in row.results):
        notes.append("Chưa có cơ quan nào gửi báo cáo trong kỳ.")
    if report.problems:
        notes.append("Dữ liệu kế hoạch có điểm chưa nhất quán, cần rà soát trước khi chốt.")
    return ReportDocument(
        frame=frame_of(edition),
        title="BÁO CÁO",
        sections=sections_of(edition),
        report=report,
        previous=previous_report(plan, period) if with_previous else None,
        final=edition.is_final,
        notes=tuple(notes),
    )


def snapshot_of(report: ConsolidatedReport) -> dict:
    return {
        "as_of": report.as_of.isoformat(),
        "counts": dict(report.counts.by_class),
        "cancelled": report.counts.cancelled,
        "tasks": {
            str(row.task.pk): {
                "ref": f"{row.task.area.numeral.rstrip('.')}/{row.task.display_code or '—'}",
                "title": row.task.short_title,
                "label": row.classified.status_label,
            }
            for row in report.units
        },
    }


def moved_since(edition: ReportEdition, live: ConsolidatedReport) -> list[str]:
    """What the live data says differently from the finalised snapshot, in words."""
    if not edition.is_final:
        return []
    then, now = edition.snapshot, snapshot_of(live)
    lines = []
    for task_id, before in then.get("tasks", {}).items():
        after = now["tasks"].get(task_id)
        if after is None:
            lines.append(f"Nhiệm vụ {before['ref']} {before['title']}: không còn trong kế hoạch.")
        elif after["label"] != before["label"]:
            lines.append(
                f"Nhiệm vụ {before['ref']} {before['title']}: lúc chốt “{before['label']}”, "
                f"nay “{after['label']}”."
            )
    for task_id, after in now["tasks"].items():
        if task_id not in then.get("tasks", {}):
            lines.append(f"Nhiệm vụ {after['ref']} {after['title']}: thêm sau khi chốt.")
    return lines


@transaction.atomic
def edition_finalise(*, edition: ReportEdition, expected_version, user) -> ReportEdition:
    """Freeze the edition: its numbers and its .docx and .xlsx as they are now."""
    fresh = ReportEdition.objects.select_for_update().get(pk=edition.pk)
    if fresh.is_final:
        raise ValidationError("Báo cáo đã được chốt trước đó.")
    if not fresh.number or fresh.doc_date is None:
        raise ValidationError("Cần ghi số và ngày ban hành văn bản trước khi chốt báo cáo.")
    if not claim_version(ReportEdition, fresh.pk, expected_version):
        raise StaleVersionError(ReportEdition.objects.get(pk=fresh.pk))
    fresh.state = EditionState.FINAL
    document = document_of(fresh)
    fresh.snapshot = snapshot_of(document.report)
    fresh.docx_file = render_docx(document)
    fresh.xlsx_file = render_xlsx(document)
    fresh.finalised_at = timezone.now()
    fresh.finalised_by = user
    fresh.version = expected_version + 1
    fresh._history_user = user
    fresh.save()
    return fresh
