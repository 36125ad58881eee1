"""A PAR Index evidence file follows the progress reports' checks: its type by content and the
size limit; a refused file leaves nothing behind (no row, no file)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.par.models import (
    Assessment,
    AssessmentItem,
    CriteriaSet,
    Criterion,
    Evidence,
)
from indicators.par.services import add_evidence_file
from tasks.models import EVIDENCE_MAX_BYTES
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def item(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = PlanFactory(start_year=2024, end_year=2024)
    criteria_set = CriteriaSet.objects.create(
        province=plan.unit.parent, year=2024, level="district", title="Bộ tiêu chí thử"
    )
    criterion = Criterion.objects.create(
        criteria_set=criteria_set, code="1.1", title="Ban hành kế hoạch CCHC", level="criterion",
        order=1, max_score=Decimal(1), rule="yes_no",
    )  # fmt: skip
    assessment = Assessment.objects.create(criteria_set=criteria_set, unit=plan.unit, plan=plan)
    return AssessmentItem.objects.create(assessment=assessment, criterion=criterion)


def test_evidence_over_the_size_limit_is_refused_and_nothing_is_stored(item, tmp_path):
    too_big = SimpleUploadedFile("ke-hoach.pdf", PDF + b"0" * EVIDENCE_MAX_BYTES)

    with pytest.raises(ValidationError) as caught:
        add_evidence_file(None, item, too_big, "Kế hoạch CCHC năm 2024")

    assert caught.value.message_dict == {"file": ["Tệp quá lớn (10.0 MB); tối đa 10 MB."]}
    assert Evidence.objects.count() == 0
    assert not (tmp_path / "par-evidence").exists()


@pytest.mark.parametrize("name", ["ke-hoach.exe", "ke-hoach.html", "ke-hoach"])
def test_evidence_of_a_type_not_accepted_is_refused(item, name):
    with pytest.raises(ValidationError) as caught:
        add_evidence_file(None, item, SimpleUploadedFile(name, PDF), "")

    assert caught.value.message_dict["file"][0].startswith("Loại tệp không được chấp nhận.")
    assert Evidence.objects.count() == 0


def test_evidence_lines_name_every_agency_of_a_task_in_one_line():
    """The Biểu tự đánh giá lists a collective lead's reports as one line per task and period."""
    from types import SimpleNamespace

    from indicators.par.models import EvidenceKind
    from indicators.par.unit_selectors import PlanChoices, evidence_lines

    choices = PlanChoices(
        tasks=[],
        indicators=[],
        reports_by_task={},
        task_labels={},
        report_labels={},
        report_parts={
            1: ("quý 4/2024", "1.1", "UBND xã Phước An"),
            2: ("quý 4/2024", "1.1", "UBND xã Phước Hòa"),
            3: ("quý 4/2024", "1.2", "Phòng Nội vụ"),
        },
    )
    evidence = [
        SimpleNamespace(kind=EvidenceKind.REPORT, report_id=1),
        SimpleNamespace(kind=EvidenceKind.FILE, report_id=None, title="Kế hoạch 12/KH-UBND.pdf"),
        SimpleNamespace(kind=EvidenceKind.REPORT, report_id=3),
        SimpleNamespace(kind=EvidenceKind.REPORT, report_id=2),
    ]

    assert evidence_lines(evidence, choices) == [
        "Báo cáo tiến độ quý 4/2024 (nhiệm vụ 1.1) của 2 cơ quan, đơn vị: UBND xã Phước An; "
        "UBND xã Phước Hòa",
        "Kế hoạch 12/KH-UBND.pdf",
        "Báo cáo tiến độ quý 4/2024 của Phòng Nội vụ (nhiệm vụ 1.2)",
    ]
