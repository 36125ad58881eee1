"""Hardening: login throttling (django-axes), CSRF on every form, session expiry."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-2026!"


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, district_setup):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "a-noivu", "sai-mat-khau").status_code == 200
    fifth = _login(client, "a-noivu", "sai-mat-khau")
    right = _login(client, "a-noivu", PASSWORD)

    assert (fifth.status_code, right.status_code) == (429, 429)
    assert "Tài khoản tạm bị khóa vì nhập sai mật khẩu 5 lần" in right.text
    assert "thử lại sau 15 phút" in right.text
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, district_setup):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "a-noivu", "sai-mat-khau")

    other_user = _login(client, "a-lanhdao", PASSWORD)
    other_address = Client(REMOTE_ADDR="10.0.0.9")
    same_user_elsewhere = _login(other_address, "a-noivu", PASSWORD)

    assert (other_user.status_code, other_user.url) == (302, reverse("home"))
    assert (same_user_elsewhere.status_code, same_user_elsewhere.url) == (302, reverse("home"))


def test_a_few_wrong_passwords_then_the_right_one_logs_in(client, district_setup):
    for _ in range(2):
        _login(client, "a-noivu", "sai-mat-khau")

    response = _login(client, "a-noivu", PASSWORD)

    assert (response.status_code, response.url) == (302, reverse("home"))


def test_forms_are_refused_without_csrf_token(district_setup):
    s = district_setup
    client = Client(enforce_csrf_checks=True)
    client.force_login(s["staff"])

    response = client.post(reverse("review-accept", args=[1]), {"version": "1"})

    assert response.status_code == 403


def test_every_post_form_of_the_site_carries_a_csrf_token():
    form = re.compile(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)
    include = re.compile(r"{% include \"([^\"]+)\"")
    root = settings.BASE_DIR / "templates"
    missing = []
    for path in sorted(root.rglob("*.html")):
        for body in form.findall(path.read_text(encoding="utf-8")):
            # The token may come from an included template (the target entry's fields).
            texts = [body] + [
                (root / name).read_text(encoding="utf-8") for name in include.findall(body)
            ]
            if not any("{% csrf_token %}" in text for text in texts):
                missing.append(str(path.relative_to(settings.BASE_DIR)))

    assert missing == []


def test_session_expires_after_a_working_day_and_with_the_browser():
    assert (settings.SESSION_COOKIE_AGE, settings.SESSION_EXPIRE_AT_BROWSER_CLOSE) == (
        8 * 60 * 60,
        True,
    )


def test_weak_password_is_refused_by_the_validators(district_setup):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = make_user("nguoi-moi")
    for weak in ("12345678", "password", "nguoi-moi", "ab1"):
        with pytest.raises(ValidationError):
            validate_password(weak, user)


@pytest.mark.parametrize(
    ("new_password", "status", "changed"),
    [("Kx7-mua-thu", 200, False), ("Kx7-mua-thu!", 302, True)],
    ids=["11-characters", "12-characters"],
)
def test_a_new_password_needs_twelve_characters(
    client, district_setup, new_password, status, changed
):
    staff = district_setup["staff"]
    client.force_login(staff)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    staff.refresh_from_db()
    assert (response.status_code, staff.check_password(new_password)) == (status, changed)
    assert ("Mật khẩu quá ngắn: cần ít nhất 12 ký tự." in response.text) is not changed
