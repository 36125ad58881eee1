"""TOTP two-factor sign-in (reformplan/accounts/): enrolment, the code step, superusers.

Codes are computed here from the device's secret with django_otp.oath.totp, as the phone does.
"""

import io
import re
import time
from binascii import unhexlify

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from reformplan.accounts import two_factor

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-2026!"


def _code(hex_key, steps_ahead=0):
    return f"{totp(unhexlify(hex_key), t0=-30 * steps_ahead):06d}"


def _login(client, username, password=PASSWORD, next_url=None):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def _device(user):
    return TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)


def _unthrottle(device):
    """django-otp waits a second after a wrong code; the test does not."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("quan-tri", password=PASSWORD)


# --- staff enrol from a page ---------------------------------------------------------------


def test_staff_enrol_an_authenticator_app_with_a_code_from_it(client, district_setup):
    staff = district_setup["staff"]
    client.force_login(staff)

    page = client.get(reverse("two-factor-setup"))
    key = client.session[two_factor.NEW_KEY]
    wrong = client.post(reverse("two-factor-setup"), {"token": "000000"})
    right = client.post(reverse("two-factor-setup"), {"token": _code(key)}, follow=True)

    assert page.status_code == 200
    # The QR code is inline SVG; the page has no inline script (only `<script src=…>` files).
    assert "<svg" in page.text
    assert re.findall(r"<script(?![^>]*\bsrc=)", page.text) == []
    assert "Mã xác thực không đúng" in wrong.text
    assert right.redirect_chain == [(reverse("home"), 302)]
    assert "Đã bật xác thực hai lớp cho tài khoản của bạn." in right.text
    device = TOTPDevice.objects.get(user=staff)
    assert (device.key, device.confirmed) == (key, True)
    assert two_factor.NEW_KEY not in client.session


def test_a_wrong_enrolment_code_saves_no_device(client, district_setup):
    client.force_login(district_setup["staff"])
    client.get(reverse("two-factor-setup"))

    response = client.post(reverse("two-factor-setup"), {"token": "12ab56"})

    assert "Mã xác thực chỉ gồm chữ số." in response.text
    assert TOTPDevice.objects.count() == 0


def test_a_user_with_a_device_is_told_so_and_cannot_enrol_a_second(client, district_setup):
    staff = district_setup["staff"]
    _device(staff)
    client.force_login(staff)

    response = client.get(reverse("two-factor-setup"))

    assert "Tài khoản của bạn đã bật xác thực hai lớp" in response.text
    assert "<svg" not in response.text
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_users_who_are_not_staff_cannot_enrol(client, district_setup):
    client.force_login(district_setup["leader"])

    assert client.get(reverse("two-factor-setup")).status_code == 403


# --- the code step -----------------------------------------------------------------------


def test_a_user_with_a_device_signs_in_with_password_then_code(client, district_setup):
    staff = district_setup["staff"]
    device = _device(staff)

    password_step = _login(client, "a-noivu", next_url=reverse("review"))
    signed_in_after_password = "_auth_user_id" in client.session
    wrong = client.post(reverse("two-factor-verify"), {"token": _code(device.key, 5)})
    _unthrottle(device)
    right = client.post(reverse("two-factor-verify"), {"token": _code(device.key)})

    assert (password_step.status_code, password_step.url) == (302, reverse("two-factor-verify"))
    assert signed_in_after_password is False
    assert "Mã xác thực không đúng hoặc đã dùng. Còn 4 lần thử" in wrong.text
    assert (right.status_code, right.url) == (302, reverse("review"))
    assert settings.LOGIN_DEVICE_COOKIE not in password_step.cookies
    assert settings.LOGIN_DEVICE_COOKIE in right.cookies
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert two_factor.PENDING_KEY not in client.session


def test_a_code_cannot_be_used_twice(client, district_setup):
    device = _device(district_setup["staff"])
    code = _code(device.key)
    _login(client, "a-noivu")
    client.post(reverse("two-factor-verify"), {"token": code})
    client.logout()

    _login(client, "a-noivu")
    replay = client.post(reverse("two-factor-verify"), {"token": code})

    assert replay.status_code == 200
    assert "_auth_user_id" not in client.session


def test_five_wrong_codes_end_the_login(client, district_setup):
    device = _device(district_setup["staff"])
    _login(client, "a-noivu")

    for _ in range(4):
        client.post(reverse("two-factor-verify"), {"token": "000000"})
        _unthrottle(device)
    fifth = client.post(reverse("two-factor-verify"), {"token": "000000"}, follow=True)
    _unthrottle(device)
    right_code_after = client.post(reverse("two-factor-verify"), {"token": _code(device.key)})

    assert fifth.redirect_chain == [(reverse("login"), 302)]
    assert "Nhập sai mã quá nhiều lần. Vui lòng đăng nhập lại." in fifth.text
    assert (right_code_after.status_code, right_code_after.url) == (302, reverse("login"))
    assert "_auth_user_id" not in client.session


def test_a_pending_login_expires_after_five_minutes(client, district_setup, monkeypatch):
    device = _device(district_setup["staff"])
    _login(client, "a-noivu")
    later = time.time() + two_factor.PENDING_SECONDS + 1
    monkeypatch.setattr(two_factor.time, "time", lambda: later)

    response = client.post(reverse("two-factor-verify"), {"token": _code(device.key)})

    assert (response.status_code, response.url) == (302, reverse("login"))
    assert "_auth_user_id" not in client.session


def test_the_code_page_without_a_password_step_leads_to_the_login(client, district_setup):
    response = client.get(reverse("two-factor-verify"))

    assert (response.status_code, response.url) == (302, reverse("login"))


def test_staff_without_a_device_sign_in_with_the_password_alone(client, district_setup):
    response = _login(client, "a-noivu")

    assert (response.status_code, response.url) == (302, reverse("home"))
    assert client.session["_auth_user_id"] == str(district_setup["staff"].pk)


# --- superusers --------------------------------------------------------------------------


def test_a_superuser_without_a_device_must_enrol_before_using_the_site(client, superuser):
    password_step = _login(client, "quan-tri", next_url="/admin/")
    admin_meanwhile = client.get("/admin/")
    page = client.get(reverse("two-factor-setup"))
    key = client.session[two_factor.NEW_KEY]
    enrolled = client.post(reverse("two-factor-setup"), {"token": _code(key)})
    admin_after = client.get("/admin/")

    assert (password_step.status_code, password_step.url) == (302, reverse("two-factor-setup"))
    assert admin_meanwhile.status_code == 302
    assert admin_meanwhile.url.startswith(reverse("admin:login"))
    assert "Tài khoản quản trị phải bật xác thực hai lớp" in page.text
    assert (enrolled.status_code, enrolled.url) == (302, "/admin/")
    assert client.session["_auth_user_id"] == str(superuser.pk)
    assert admin_after.status_code == 200
    assert TOTPDevice.objects.get(user=superuser).confirmed is True


def test_the_code_page_sends_a_superuser_without_a_device_to_enrolment(client, superuser):
    _login(client, "quan-tri")

    response = client.get(reverse("two-factor-verify"))

    assert (response.status_code, response.url) == (302, reverse("two-factor-setup"))
    assert "_auth_user_id" not in client.session


def test_a_superuser_with_a_device_gives_a_code(client, superuser):
    device = _device(superuser)

    password_step = _login(client, "quan-tri")
    code_step = client.post(reverse("two-factor-verify"), {"token": _code(device.key)})

    assert password_step.url == reverse("two-factor-verify")
    assert (code_step.status_code, code_step.url) == (302, reverse("home"))
    assert client.session["_auth_user_id"] == str(superuser.pk)


def test_on_a_local_demo_a_superuser_without_a_device_signs_in_with_the_password(
    client, superuser, settings
):
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = False

    response = _login(client, "quan-tri")

    assert (response.status_code, response.url) == (302, reverse("home"))
    assert client.session["_auth_user_id"] == str(superuser.pk)


def test_superusers_must_use_two_factor_unless_debug():
    from reformplan import settings as project_settings

    assert project_settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS is (not project_settings.DEBUG)


def test_an_anonymous_visitor_cannot_reach_enrolment(client):
    response = client.get(reverse("two-factor-setup"))

    assert (response.status_code, response.url) == (
        302,
        reverse("login") + "?next=" + reverse("two-factor-setup"),
    )


def test_ensure_superuser_prints_the_enrolment_page(settings):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("ensure_superuser", "--username", "admin", "--password", PASSWORD, stdout=out)

    assert reverse("two-factor-setup") in out.getvalue()
