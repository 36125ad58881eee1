"""Login throttling (reformplan/accounts/throttling.py), the proxy guard, over-long usernames.

Rules (docs/accounts.md): a username is locked at one address after 5 wrong passwords; an
address is locked for every username after 30 wrong passwords, whatever the usernames.
"""

import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-2026!"
OFFICE = "10.1.1.1"  # an office NAT: every colleague shares this address
ELSEWHERE = "10.2.2.2"


def _login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _spray(client, tries, **extra):
    """Wrong passwords over ten usernames in turn, as a password-spraying attacker does."""
    return [
        _login(client, f"nguoi-dung-{i % 10}", "sai-mat-khau", **extra).status_code
        for i in range(tries)
    ]


def test_forty_wrong_tries_over_ten_usernames_from_one_address_are_stopped(district_setup):
    office = Client(REMOTE_ADDR=OFFICE)

    statuses = _spray(office, 40)
    real_user_here = _login(office, "a-noivu", PASSWORD)
    real_user_elsewhere = _login(Client(REMOTE_ADDR=ELSEWHERE), "a-noivu", PASSWORD)

    assert statuses == [200] * 29 + [429] * 11
    assert real_user_here.status_code == 429
    assert "Địa chỉ mạng này tạm bị khóa đăng nhập vì đã có 30 lần nhập sai" in (
        real_user_here.text
    )
    assert "_auth_user_id" not in office.session
    assert (real_user_elsewhere.status_code, real_user_elsewhere.url) == (302, reverse("home"))


def test_a_colleague_failing_five_times_on_a_user_locks_only_that_user_at_that_address(
    district_setup,
):
    colleague = Client(REMOTE_ADDR=OFFICE)
    statuses = [_login(colleague, "a-noivu", "sai-mat-khau").status_code for _ in range(5)]

    locked_pair = _login(Client(REMOTE_ADDR=OFFICE), "a-noivu", PASSWORD)
    own_account_same_office = _login(Client(REMOTE_ADDR=OFFICE), "a-lanhdao", PASSWORD)
    user_from_elsewhere = _login(Client(REMOTE_ADDR=ELSEWHERE), "a-noivu", PASSWORD)

    assert statuses == [200, 200, 200, 200, 429]
    assert locked_pair.status_code == 429
    assert "Tài khoản tạm bị khóa vì nhập sai mật khẩu 5 lần" in locked_pair.text
    assert (own_account_same_office.status_code, own_account_same_office.url) == (
        302,
        reverse("home"),
    )
    assert (user_from_elsewhere.status_code, user_from_elsewhere.url) == (302, reverse("home"))


def test_signing_in_to_ones_own_account_does_not_reset_the_address_count(district_setup):
    attacker = Client(REMOTE_ADDR=OFFICE)
    before = _spray(attacker, 29)

    own_login = _login(Client(REMOTE_ADDR=OFFICE), "a-noivu", PASSWORD)
    next_try = _login(attacker, "nguoi-dung-khac", "sai-mat-khau")

    assert before == [200] * 29
    assert own_login.status_code == 302
    assert next_try.status_code == 429


def test_a_successful_login_clears_only_its_own_pair(district_setup):
    office = Client(REMOTE_ADDR=OFFICE)
    for _ in range(3):
        _login(office, "a-noivu", "sai-mat-khau")
    _login(office, "a-lanhdao", "sai-mat-khau")

    _login(office, "a-noivu", PASSWORD)

    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [
        ("a-lanhdao", 1)
    ]


def test_the_address_limit_is_counted_on_the_forwarded_address_behind_the_proxy(
    district_setup, settings
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    # The attacker forges the first entries; nginx appends the address it saw, always the same.
    statuses = [
        _login(
            proxy,
            f"nguoi-dung-{i % 10}",
            "sai-mat-khau",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}, {OFFICE}",
            HTTP_X_FORWARDED_PROTO="https",
        ).status_code
        for i in range(31)
    ]
    other_client = _login(
        proxy,
        "a-noivu",
        PASSWORD,
        HTTP_X_FORWARDED_FOR=ELSEWHERE,
        HTTP_X_FORWARDED_PROTO="https",
    )

    assert statuses == [200] * 29 + [429] * 2
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}
    assert (other_client.status_code, other_client.url) == (302, reverse("home"))


def test_the_limits_are_five_per_username_and_address_and_thirty_per_address():
    assert (settings.AXES_FAILURE_LIMIT, settings.LOGIN_IP_FAILURE_LIMIT) == (5, 30)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


# --- trusted browsers (the device cookie) ---------------------------------------------------


def _trusted_browser(username, address=OFFICE):
    """A browser that signed in as `username` once, then signed out: it keeps the cookie."""
    browser = Client(REMOTE_ADDR=address)
    assert _login(browser, username, PASSWORD).status_code == 302
    browser.post(reverse("logout"))
    return browser


def test_a_colleague_behind_the_same_nat_cannot_lock_a_user_out_of_their_own_browser(
    district_setup,
):
    own_browser = _trusted_browser("a-noivu")
    colleague = Client(REMOTE_ADDR=OFFICE)
    statuses = [_login(colleague, "a-noivu", "sai-mat-khau").status_code for _ in range(6)]

    new_browser_same_office = _login(Client(REMOTE_ADDR=OFFICE), "a-noivu", PASSWORD)
    own = _login(own_browser, "a-noivu", PASSWORD)

    assert statuses == [200, 200, 200, 200, 429, 429]
    assert new_browser_same_office.status_code == 429
    assert (own.status_code, own.url) == (302, reverse("home"))


def test_a_trusted_browser_signs_in_while_spraying_has_locked_its_address(district_setup):
    own_browser = _trusted_browser("a-noivu")
    spray = _spray(Client(REMOTE_ADDR=OFFICE), 30)

    own = _login(own_browser, "a-noivu", PASSWORD)

    assert spray[-1] == 429
    assert (own.status_code, own.url) == (302, reverse("home"))


def test_a_trusted_browser_is_locked_after_five_wrong_passwords_of_its_own(district_setup):
    own_browser = _trusted_browser("a-noivu")

    statuses = [_login(own_browser, "a-noivu", "sai-mat-khau").status_code for _ in range(5)]
    right = _login(own_browser, "a-noivu", PASSWORD)

    assert statuses == [200, 200, 200, 200, 429]
    assert right.status_code == 429
    assert "_auth_user_id" not in own_browser.session


def test_the_device_cookie_trusts_a_browser_only_for_the_username_it_signed_in_as(
    district_setup,
):
    leader_browser = _trusted_browser("a-lanhdao")
    for _ in range(5):
        _login(Client(REMOTE_ADDR=OFFICE), "a-noivu", "sai-mat-khau")

    other_username = _login(leader_browser, "a-noivu", PASSWORD)
    leader_browser.cookies[settings.LOGIN_DEVICE_COOKIE] = (
        leader_browser.cookies[settings.LOGIN_DEVICE_COOKIE].value[:-2] + "xx"
    )
    for _ in range(5):
        _login(Client(REMOTE_ADDR=OFFICE), "a-lanhdao", "sai-mat-khau")
    forged = _login(leader_browser, "a-lanhdao", PASSWORD)

    assert (other_username.status_code, forged.status_code) == (429, 429)


def test_the_device_cookie_is_http_only_and_kept_for_six_months(client, district_setup):
    response = _login(client, "a-noivu", PASSWORD)

    cookie = response.cookies[settings.LOGIN_DEVICE_COOKIE]
    assert (cookie["httponly"], cookie["samesite"], cookie["max-age"]) == (
        True,
        "Lax",
        180 * 24 * 60 * 60,
    )


def test_a_login_attempt_takes_as_many_queries_whatever_the_number_of_failures(
    client, district_setup, django_assert_max_num_queries
):
    def attempt():
        return _login(Client(REMOTE_ADDR=OFFICE), "a-noivu", "sai-mat-khau")

    attempt()
    with django_assert_max_num_queries(12) as few:
        attempt()
    few_count = len(few.captured_queries)
    _spray(Client(REMOTE_ADDR=OFFICE), 20)
    with django_assert_max_num_queries(few_count) as many:
        attempt()

    assert len(many.captured_queries) == few_count


# --- forwarded headers without DJANGO_BEHIND_TLS_PROXY ------------------------------------


@pytest.mark.parametrize(
    ("header", "name"),
    [("HTTP_X_FORWARDED_FOR", "X-Forwarded-For"), ("HTTP_X_FORWARDED_PROTO", "X-Forwarded-Proto")],
)
def test_a_request_through_a_proxy_fails_while_the_proxy_setting_is_off(caplog, header, name):
    client = Client(raise_request_exception=False)

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(reverse("login"), **{header: "https"})

    assert response.status_code == 500
    assert [r.exc_info[0].__name__ for r in caplog.records] == ["ImproperlyConfigured"]
    message = str(caplog.records[0].exc_info[1])
    assert f"The request carries {name}" in message
    assert "Set DJANGO_BEHIND_TLS_PROXY=1" in message
    assert AccessAttempt.objects.count() == 0


def test_a_request_through_the_proxy_is_served_when_the_proxy_setting_is_on(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    response = Client().get(
        reverse("login"), HTTP_X_FORWARDED_FOR="198.51.100.7", HTTP_X_FORWARDED_PROTO="https"
    )

    assert response.status_code == 200


def test_a_direct_request_is_served_while_the_proxy_setting_is_off():
    assert Client().get(reverse("login")).status_code == 200


# --- over-long usernames ------------------------------------------------------------------


def test_a_300_character_username_gets_a_clear_message_and_is_not_recorded(client):
    response = _login(client, "a" * 300, "sai-mat-khau")

    assert response.status_code == 200
    assert "Tên đăng nhập dài tối đa 150 ký tự (đã nhập 300 ký tự)." in response.text
    assert "Tên đăng nhập hoặc mật khẩu không đúng" not in response.text
    assert AccessAttempt.objects.count() == 0


def test_a_150_character_username_is_an_ordinary_wrong_login(client):
    response = _login(client, "a" * 150, "sai-mat-khau")

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.text
    assert list(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == [1]


def test_the_admin_login_page_leads_to_the_site_login(client):
    response = client.get("/admin/login/?next=/admin/")

    assert (response.status_code, response.url) == (302, reverse("login") + "?next=/admin/")
