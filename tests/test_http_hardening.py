"""HTTP hardening: body size limits, security headers, no-store, the password-reset pages."""

import base64
import hashlib
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail, signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from reformplan.middleware import SecurityHeadersMiddleware
from tasks.models import ProgressReport
from tests.factories import TaskAssignmentFactory, TaskFactory, make_user

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
CSP = (
    "default-src 'self'; script-src 'self'; "
    "script-src-attr 'unsafe-hashes' 'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


@pytest.fixture(autouse=True)
def empty_cache():
    """The reset throttle counts in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


class UnreadableBody:
    """A wsgi.input that records any attempt to read it."""

    def __init__(self):
        self.reads = 0

    def read(self, *args):
        self.reads += 1
        raise AssertionError("the body was read")

    readline = read


def _task_for(s):
    task = TaskFactory(area=s["area"], code="1", title="Nhiệm vụ 1")
    TaskAssignmentFactory(task=task, agency=s["office"], role="lead", order=1)
    return task


def _report_payload(**extra):
    return {
        "status": "in_progress",
        "percent": "40",
        "completion_date": "",
        "result": "Đã xây dựng dự thảo",
        "product_issued": "",
        "difficulties": "",
        "proposals": "",
        "version": "",
        "submit": "1",
        **extra,
    }


# --- body size ----------------------------------------------------------------------------


def test_body_over_the_limit_is_refused_with_413_before_it_is_read(client, district_setup):
    s = district_setup
    task = _task_for(s)
    client.force_login(s["office_head"])
    body = UnreadableBody()

    response = client.generic(
        "POST",
        reverse("report-edit", args=[task.pk, "2022-Q2"]),
        b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(300 * MB),
        **{"wsgi.input": body},
    )

    assert response.status_code == 413
    assert body.reads == 0
    text = response.content.decode()
    assert "Dữ liệu gửi lên quá lớn (300 MB), vượt giới hạn 11 MB của một lần gửi." in text
    assert "Tệp minh chứng tối đa 10 MB, tệp nhập danh mục nhiệm vụ tối đa 5 MB" in text
    assert not ProgressReport.objects.exists()


def test_body_one_byte_over_the_limit_is_refused_and_at_the_limit_is_not(client, db):
    limit = settings.REQUEST_BODY_MAX_BYTES
    over = client.generic(
        "POST",
        reverse("login"),
        b"",
        CONTENT_LENGTH=str(limit + 1),
        **{"wsgi.input": UnreadableBody()},
    )
    at_limit = client.post(
        reverse("login"),
        "username=a&password=b&pad=" + "x" * (limit - len("username=a&password=b&pad=")),
        content_type="application/x-www-form-urlencoded",
    )

    assert over.status_code == 413
    assert at_limit.status_code == 200  # the login form again, with its error


def test_an_evidence_file_of_the_full_10_mb_is_accepted(client, district_setup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    s = district_setup
    task = _task_for(s)
    client.force_login(s["office_head"])
    content = b"%PDF-1.4\n" + b"0" * (settings.EVIDENCE_MAX_BYTES - 9)
    assert len(content) == 10 * MB

    response = client.post(
        reverse("report-edit", args=[task.pk, "2022-Q2"]),
        _report_payload(evidence=SimpleUploadedFile("bien-ban.pdf", content)),
    )

    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.evidence.size == 10 * MB


def test_confirming_a_5_mb_import_is_not_refused_as_too_big(client, district_setup):
    """A form field as large as a 5 MB file posted back (the confirm step's token once carried
    the file; it now carries only versions) is read, not refused with a bare 400."""
    admin = make_user("sieu-quan-tri")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.force_login(admin)
    data = base64.b64encode(os.urandom(settings.IMPORT_MAX_BYTES)).decode()
    token = signing.dumps({"plan": 1, "name": "ke-hoach.xlsx", "data": data}, compress=True)
    assert len(token) > 6 * MB

    response = client.post(reverse("admin:tasks_task_import_sheet_confirm"), {"token": token})

    # The view read the token (a foreign signature: back to the upload form), not a 400.
    assert response.status_code == 302
    assert response.url == reverse("admin:tasks_task_import_sheet")


def test_upload_limits_agree_with_the_forms():
    from tasks.models import EVIDENCE_MAX_BYTES

    assert settings.EVIDENCE_MAX_BYTES == EVIDENCE_MAX_BYTES == 10 * MB
    assert settings.IMPORT_MAX_BYTES == 5 * MB
    assert settings.REQUEST_BODY_MAX_BYTES == 11 * MB
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.REQUEST_BODY_MAX_BYTES


# --- headers ------------------------------------------------------------------------------


def test_signed_in_pages_are_never_stored(client, district_setup):
    client.force_login(district_setup["staff"])

    response = client.get(reverse("home"))

    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private", "max-age=0"} <= directives


def test_evidence_download_is_never_stored(client, district_setup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    s = district_setup
    task = _task_for(s)
    client.force_login(s["office_head"])
    client.post(
        reverse("report-edit", args=[task.pk, "2022-Q2"]),
        _report_payload(evidence=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n")),
    )

    response = client.get(reverse("evidence", args=[ProgressReport.objects.get().pk]))

    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"
    response.close()
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban.pdf"'
    assert "no-store" in response["Cache-Control"]


def test_a_download_is_never_stored_even_without_a_signed_in_user():
    request = RequestFactory().get("/bao-cao.xlsx")

    def download(request):
        response = HttpResponse(b"x", content_type="application/octet-stream")
        response["Content-Disposition"] = 'attachment; filename="bao-cao.xlsx"'
        return response

    response = SecurityHeadersMiddleware(download)(request)
    page = SecurityHeadersMiddleware(lambda r: HttpResponse("trang"))(request)

    assert "no-store" in response["Cache-Control"]
    assert "Cache-Control" not in page


def test_every_page_carries_the_content_security_and_permissions_policies(client, db):
    response = client.get(reverse("login"))

    policy = sorted(d.strip() for d in response["Content-Security-Policy"].split(";"))
    assert policy == sorted(d.strip() for d in CSP.split(";"))
    assert response["Permissions-Policy"] == PERMISSIONS
    assert "Server" not in response


def test_templates_have_no_inline_script_or_event_handler():
    """script-src 'self' would block them: scripts belong in static files."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")
    handler = re.compile(r"\son[a-z]+\s*=|javascript:", re.IGNORECASE)
    offenders = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if inline_script.search(text) or handler.search(text):
            offenders.append(path.name)

    assert offenders == []


def test_inline_handlers_of_installed_apps_templates_are_allowed_by_hash_only():
    """A third-party template's on…="…" handler runs only if its exact text is hashed in
    script-src-attr: an upgrade that changes one shows up here, not as a dead button."""
    import django.contrib.admin
    import import_export
    import simple_history

    handler = re.compile(r'\son[a-z]+="([^"]*)"')
    allowed = set(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src-attr"])
    missing = {}
    for package in (django.contrib.admin, import_export, simple_history):
        for path in Path(package.__file__).parent.joinpath("templates").rglob("*.html"):
            for code in handler.findall(path.read_text(encoding="utf-8")):
                digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
                if f"'sha256-{digest}'" not in allowed:
                    missing[path.name] = (code, f"'sha256-{digest}'")

    assert missing == {}
    assert "'unsafe-inline'" not in allowed


# --- password reset -----------------------------------------------------------------------


def test_forgot_password_link_appears_only_when_email_is_delivered(client, db, settings):
    settings.PASSWORD_RESET_ENABLED = False
    without = client.get(reverse("login")).content.decode()
    settings.PASSWORD_RESET_ENABLED = True
    with_mail = client.get(reverse("login")).content.decode()

    link = f'<a href="{reverse("password_reset")}">Quên mật khẩu?</a>'
    assert link not in without
    assert link in with_mail


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("password_reset", []),
        ("password_reset_done", []),
        ("password_reset_confirm", ["MQ", "set-password"]),
        ("password_reset_complete", []),
    ],
)
def test_reset_pages_do_not_exist_when_email_is_not_delivered(client, db, settings, name, args):
    settings.PASSWORD_RESET_ENABLED = False

    get = client.get(reverse(name, args=args))
    post = client.post(reverse("password_reset"), {"email": "a-noivu@example.test"})

    assert (get.status_code, post.status_code) == (404, 404)
    assert mail.outbox == []


def test_reset_mail_carries_a_link_that_sets_a_new_password(client, district_setup, settings):
    settings.PASSWORD_RESET_ENABLED = True

    response = client.post(reverse("password_reset"), {"email": "a-noivu@example.test"})

    assert (response.status_code, response.url) == (302, reverse("password_reset_done"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[CCHC] Đặt lại mật khẩu tài khoản a-noivu"
    assert message.to == ["a-noivu@example.test"]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    new = "Mot-mat-khau-moi-2026!"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert (done.status_code, done.url) == (302, reverse("password_reset_complete"))
    district_setup["staff"].refresh_from_db()
    assert district_setup["staff"].check_password(new)


def test_reset_requests_are_throttled_per_email_address(client, district_setup, settings):
    settings.PASSWORD_RESET_ENABLED = True
    limit = settings.PASSWORD_RESET_LIMIT_PER_EMAIL
    url = reverse("password_reset")

    allowed = [client.post(url, {"email": "A-Noivu@example.test "}) for _ in range(limit)]
    refused = client.post(url, {"email": "a-noivu@example.test"})
    other = client.post(url, {"email": "a-lanhdao@example.test"})

    assert [r.status_code for r in allowed] == [302] * limit
    assert refused.status_code == 429
    assert "Có quá nhiều yêu cầu đặt lại mật khẩu" in refused.content.decode()
    assert "thử lại sau 60 phút" in refused.content.decode()
    assert other.status_code == 302
    assert [m.to for m in mail.outbox] == [["a-noivu@example.test"]] * limit + [
        ["a-lanhdao@example.test"]
    ]


def test_reset_requests_are_throttled_per_client_address(district_setup, settings):
    settings.PASSWORD_RESET_ENABLED = True
    limit = settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    here, elsewhere = Client(REMOTE_ADDR="10.0.0.5"), Client(REMOTE_ADDR="10.0.0.6")
    url = reverse("password_reset")

    allowed = [here.post(url, {"email": f"khong-co-{i}@example.test"}) for i in range(limit)]
    refused = here.post(url, {"email": "a-noivu@example.test"})
    other_address = elsewhere.post(url, {"email": "a-noivu@example.test"})

    assert [r.status_code for r in allowed] == [302] * limit
    assert (refused.status_code, other_address.status_code) == (429, 302)
    assert [m.to for m in mail.outbox] == [["a-noivu@example.test"]]
