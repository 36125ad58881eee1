"""Evidence files on a storage other than the local disk (S3-compatible object storage in
production): the DJANGO_EVIDENCE_STORAGE settings, and upload and permission-checked download
through Django's storage API, exercised with Django's InMemoryStorage."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reformplan.settings import evidence_storage
from tasks.models import ProgressReport
from tests.factories import TaskAssignmentFactory, TaskFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
S3_VARIABLES = [
    "DJANGO_EVIDENCE_STORAGE",
    "DJANGO_S3_BUCKET",
    "DJANGO_S3_ENDPOINT_URL",
    "DJANGO_S3_REGION",
    "DJANGO_S3_ACCESS_KEY_ID",
    "DJANGO_S3_SECRET_ACCESS_KEY",
]


# --- settings -----------------------------------------------------------------------------------


@pytest.fixture
def storage_env(monkeypatch):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        return evidence_storage()

    return set_env


def test_evidence_storage_is_local_by_default(storage_env):
    assert storage_env() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert storage_env(DJANGO_EVIDENCE_STORAGE="local")["BACKEND"].endswith("FileSystemStorage")


def test_s3_evidence_storage_reads_every_variable(storage_env):
    config = storage_env(
        DJANGO_EVIDENCE_STORAGE="s3",
        DJANGO_S3_BUCKET="cchc-minh-chung",
        DJANGO_S3_ENDPOINT_URL="https://s3.example.gov.vn",
        DJANGO_S3_REGION="hn-1",
        DJANGO_S3_ACCESS_KEY_ID="AKEXAMPLE",
        DJANGO_S3_SECRET_ACCESS_KEY="secret-example",
    )

    assert config == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "cchc-minh-chung",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "endpoint_url": "https://s3.example.gov.vn",
            "region_name": "hn-1",
            "access_key": "AKEXAMPLE",
            "secret_key": "secret-example",
        },
    }


def test_s3_storage_is_built_from_the_settings_without_connecting(storage_env):
    from django.core.files.storage.handler import StorageHandler

    config = storage_env(
        DJANGO_EVIDENCE_STORAGE="S3",
        DJANGO_S3_BUCKET="cchc-minh-chung",
        DJANGO_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )

    storage = StorageHandler({"default": config})["default"]

    assert type(storage).__name__ == "S3Storage"
    assert (storage.bucket_name, storage.endpoint_url, storage.default_acl) == (
        "cchc-minh-chung",
        "http://127.0.0.1:9000",
        None,
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"DJANGO_EVIDENCE_STORAGE": "s3"},
            "DJANGO_S3_BUCKET is required when DJANGO_EVIDENCE_STORAGE is s3.",
        ),
        (
            {"DJANGO_EVIDENCE_STORAGE": "s3", "DJANGO_S3_BUCKET": "  "},
            "DJANGO_S3_BUCKET is required when DJANGO_EVIDENCE_STORAGE is s3.",
        ),
        (
            {"DJANGO_EVIDENCE_STORAGE": "ftp"},
            "DJANGO_EVIDENCE_STORAGE must be one of local/s3, not 'ftp'",
        ),
        (
            {
                "DJANGO_EVIDENCE_STORAGE": "s3",
                "DJANGO_S3_BUCKET": "b",
                "DJANGO_S3_ENDPOINT_URL": "s3.example.gov.vn",
            },
            "DJANGO_S3_ENDPOINT_URL must be an http:// or https:// URL",
        ),
        (
            {
                "DJANGO_EVIDENCE_STORAGE": "s3",
                "DJANGO_S3_BUCKET": "b",
                "DJANGO_S3_ACCESS_KEY_ID": "AKEXAMPLE",
            },
            "DJANGO_S3_ACCESS_KEY_ID and DJANGO_S3_SECRET_ACCESS_KEY must be set together",
        ),
    ],
)
def test_malformed_storage_settings_are_refused(storage_env, values, message):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        storage_env(**values)

    assert message in str(excinfo.value)


def test_start_up_stops_when_s3_has_no_bucket():
    env = {k: v for k, v in os.environ.items() if k not in S3_VARIABLES}
    env["DJANGO_EVIDENCE_STORAGE"] = "s3"

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "DJANGO_S3_BUCKET is required when DJANGO_EVIDENCE_STORAGE is s3." in result.stderr


# --- evidence through a non-local storage -------------------------------------------------------


@pytest.fixture
def memory_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return default_storage


def test_evidence_upload_and_download_go_through_the_configured_storage(
    client, district_setup, memory_storage
):
    s = district_setup
    task = TaskFactory(area=s["area"], code="1", title="Nhiệm vụ 1")
    TaskAssignmentFactory(task=task, agency=s["office"], role="lead", order=1)
    client.force_login(s["office_head"])

    response = client.post(
        reverse("report-edit", args=[task.pk, "2022-Q2"]),
        {
            "status": "in_progress",
            "percent": "40",
            "completion_date": "",
            "result": "Đã xây dựng dự thảo",
            "product_issued": "",
            "difficulties": "",
            "proposals": "",
            "version": "",
            "submit": "1",
            "evidence": SimpleUploadedFile("ke-hoach.pdf", PDF),
        },
    )
    assert response.status_code == 302

    report = ProgressReport.objects.get()
    assert isinstance(memory_storage._wrapped, InMemoryStorage)
    assert memory_storage.exists(report.evidence.name)
    assert not (settings.MEDIA_ROOT).exists()
    url = reverse("evidence", args=[report.pk])

    def download(user):
        client.force_login(user)
        response = client.get(url)
        # InMemoryStorage hands out one shared file object: read each answer before the next.
        body = b"".join(response.streaming_content) if response.status_code == 200 else b""
        return response, body

    own, own_body = download(s["office_head"])
    staff, staff_body = download(s["staff"])
    other_agency, _ = download(s["finance_head"])
    outsider, _ = download(s["outsider"])

    assert (own.status_code, staff.status_code) == (200, 200)
    assert (other_agency.status_code, outsider.status_code) == (404, 404)
    assert own_body == staff_body == PDF
    assert own["Content-Disposition"] == 'attachment; filename="ke-hoach.pdf"'
    client.logout()
    assert client.get(url).status_code == 302  # to the login page, never the file
