"""`check --deploy` with debug off: clean when e-mail is configured, failing when it is not."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from reformplan.checks import check_email_delivery, check_site_url

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-secret-" + "x7Gq2" * 10,
    "DJANGO_ALLOWED_HOSTS": "cchc.example.gov.vn",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://cchc.example.gov.vn",
    "DJANGO_SITE_URL": "https://cchc.example.gov.vn",
}
MAIL = {
    "DJANGO_EMAIL_BACKEND": SMTP,
    "DJANGO_EMAIL_HOST": "smtp.example.gov.vn",
    "DJANGO_EMAIL_PORT": "587",
    "DJANGO_EMAIL_USE_TLS": "1",
    "DJANGO_EMAIL_HOST_USER": "cchc@example.gov.vn",
    "DJANGO_EMAIL_HOST_PASSWORD": "mat-khau-smtp",
    "DJANGO_DEFAULT_FROM_EMAIL": "cchc@example.gov.vn",
}


def _check_deploy(**variables):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env.update(PRODUCTION, **variables)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_a_real_mail_server():
    result = _check_deploy(**MAIL)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_fails_when_production_mail_is_not_configured():
    result = _check_deploy()

    assert result.returncode != 0
    assert "(reformplan.E001) EMAIL_BACKEND is " + CONSOLE + ", which delivers no mail" in (
        result.stderr
    )
    assert "(reformplan.E002) DEFAULT_FROM_EMAIL is 'cchc@localhost'" in result.stderr
    assert "System check identified 2 issues (0 silenced)." in result.stderr


def _ids():
    return [problem.id for problem in check_email_delivery()]


@pytest.fixture
def mail_settings(settings):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = SMTP
    settings.DEFAULT_FROM_EMAIL = "cchc@example.gov.vn"
    settings.EMAIL_HOST_PASSWORD = "mat-khau-smtp"
    settings.EMAIL_USE_TLS = True
    settings.EMAIL_USE_SSL = False
    return settings


def test_a_real_mail_server_raises_nothing(mail_settings):
    assert _ids() == []


@pytest.mark.parametrize(
    "backend",
    [
        CONSOLE,
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    ],
)
def test_a_backend_that_delivers_nothing_is_an_error(mail_settings, backend):
    mail_settings.EMAIL_BACKEND = backend

    assert _ids() == ["reformplan.E001"]


@pytest.mark.parametrize("sender", ["cchc@localhost", "CCHC@LOCALHOST", "", "cchc"])
def test_a_sender_no_mail_server_accepts_is_an_error(mail_settings, sender):
    mail_settings.DEFAULT_FROM_EMAIL = sender

    assert _ids() == ["reformplan.E002"]


def test_tls_and_ssl_together_are_an_error(mail_settings):
    mail_settings.EMAIL_USE_SSL = True

    assert _ids() == ["reformplan.E003"]


def test_a_password_sent_without_encryption_is_a_warning(mail_settings):
    mail_settings.EMAIL_USE_TLS = False

    assert _ids() == ["reformplan.W001"]


def test_nothing_is_checked_with_debug_on(mail_settings):
    mail_settings.DEBUG = True
    mail_settings.EMAIL_BACKEND = CONSOLE
    mail_settings.DEFAULT_FROM_EMAIL = "cchc@localhost"

    assert _ids() == []


@pytest.mark.parametrize(
    ("url", "ids"),
    [
        ("https://cchc.example.gov.vn", []),
        ("http://localhost:8000", ["reformplan.W002"]),
        ("https://localhost", ["reformplan.W002"]),
        ("http://cchc.example.gov.vn", ["reformplan.W002"]),
    ],
)
def test_site_url_must_be_the_public_https_address(settings, url, ids):
    settings.DEBUG = False
    settings.SITE_URL = url

    assert [problem.id for problem in check_site_url()] == ids


def test_check_deploy_warns_when_site_url_is_left_at_localhost():
    result = _check_deploy(**MAIL, DJANGO_SITE_URL="http://localhost:8000")

    assert result.returncode != 0
    assert "(reformplan.W002) SITE_URL is 'http://localhost:8000'" in result.stderr
