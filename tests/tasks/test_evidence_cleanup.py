"""`manage.py cleanup_evidence`: evidence files no report nor history entry refers to are
removed (once old enough); a referenced file never is."""

import datetime
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from plans.periods import Period
from tasks.models import ProgressReport
from tasks.progress.services import report_save
from tests.factories import TaskAssignmentFactory, TaskFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VALUES = {
    "status": "in_progress",
    "percent": 40,
    "completion_date": None,
    "result": "Đã xây dựng dự thảo",
    "product_issued": "",
    "difficulties": "",
    "proposals": "",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def age(media, name, days):
    """Make the stored file `days` old."""
    moment = (timezone.now() - datetime.timedelta(days=days)).timestamp()
    os.utime(media / name, (moment, moment))


def send(s, task, filename, version=None):
    return report_save(
        user=s["office_head"],
        task=task,
        period=Period(2022, 2),
        values=dict(VALUES),
        evidence=SimpleUploadedFile(filename, PDF),
        submit=True,
        expected_version=version,
        today=datetime.date(2022, 6, 5),
    )


def cleanup(*args):
    out = io.StringIO()
    call_command("cleanup_evidence", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def files(district_setup, media):
    """A current file, a replaced one (still in the report's history), a stray one (no
    reference: an upload whose report was never saved) and a stray one uploaded an hour ago."""
    s = district_setup
    task = TaskFactory(area=s["area"], code="1", title="Nhiệm vụ 1")
    TaskAssignmentFactory(task=task, agency=s["office"], role="lead")
    replaced = send(s, task, "ban-dau.pdf").evidence.name
    current = send(s, task, "ban-sua.pdf", version=1).evidence.name
    stray = default_storage.save("evidence/999/lac.pdf", ContentFile(PDF))
    fresh = default_storage.save("evidence/999/moi.pdf", ContentFile(PDF))
    for name in (replaced, current, stray):
        age(media, name, days=30)
    age(media, fresh, days=0)
    return {"replaced": replaced, "current": current, "stray": stray, "fresh": fresh}


def test_cleanup_removes_only_old_files_nothing_refers_to(files):
    lines = cleanup()

    assert lines == [
        f"Đã xoá: {files['stray']}",
        "Tệp minh chứng: 4 tệp, 2 tệp còn được tham chiếu, 1 tệp mới (giữ lại), đã xoá 1 tệp.",
    ]
    assert [default_storage.exists(files[k]) for k in ("current", "replaced", "fresh")] == [
        True,
        True,
        True,
    ]
    assert not default_storage.exists(files["stray"])


def test_cleanup_dry_run_lists_and_removes_nothing(files):
    lines = cleanup("--dry-run")

    assert lines == [
        f"Sẽ xoá: {files['stray']}",
        "Tệp minh chứng: 4 tệp, 2 tệp còn được tham chiếu, 1 tệp mới (giữ lại), sẽ xoá 1 tệp.",
    ]
    assert default_storage.exists(files["stray"])


def test_file_of_a_deleted_report_is_kept_until_its_history_is_gone(files):
    ProgressReport.objects.all().delete()

    assert cleanup()[-1] == (
        "Tệp minh chứng: 4 tệp, 2 tệp còn được tham chiếu, 1 tệp mới (giữ lại), đã xoá 1 tệp."
    )
    assert default_storage.exists(files["current"])

    ProgressReport.history.all().delete()

    assert cleanup()[-1] == (
        "Tệp minh chứng: 3 tệp, 0 tệp còn được tham chiếu, 1 tệp mới (giữ lại), đã xoá 2 tệp."
    )
    assert not default_storage.exists(files["current"])
    assert not default_storage.exists(files["replaced"])
    assert default_storage.exists(files["fresh"])


def test_cleanup_with_no_evidence_folder_does_nothing(media):
    assert cleanup() == [
        "Tệp minh chứng: 0 tệp, 0 tệp còn được tham chiếu, 0 tệp mới (giữ lại), đã xoá 0 tệp."
    ]
