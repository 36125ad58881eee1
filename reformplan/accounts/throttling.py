"""Login throttling with two thresholds and trusted browsers, on django-axes' own records.

Axes compares one failure count (the highest over its lockout parameters) with one limit, so it
cannot lock a username at one address after 5 failures and the address itself after 30. This
handler keeps axes' storage (one AccessAttempt row per username, address and browser) and only
changes how the rows are counted:

- the pair (username, address) is locked after AXES_FAILURE_LIMIT failures;
- the address is locked for every username after LOGIN_IP_FAILURE_LIMIT failures, whatever the
  usernames tried (password spraying);
- a browser that signed in as a user before carries a signed "device cookie" for that username
  (LOGIN_DEVICE_COOKIE). Its attempts for that username are counted on their own and locked only
  after AXES_FAILURE_LIMIT failures of its own: a colleague behind the same office NAT, failing
  on the user's name from another browser, cannot lock the user out of their own browser.

Rows are counted in the database, so the limits hold across every worker process. A successful
login clears only its own pair (AXES_LOCKOUT_PARAMETERS) and its own browser's count, never the
address's: an attacker with one valid account cannot reset the address's count by signing in.
"""

import secrets

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, Q, Sum

DEVICE_SALT = "reformplan.accounts.login-device"
DEVICE_MAX_AGE = 180 * 24 * 60 * 60  # a browser stays trusted for six months after a login
# A trusted browser's failures: AccessAttempt rows with no address and this user agent prefix.
DEVICE_AGENT = "login-device:"


def trusted_device(request, username) -> str | None:
    """The id of the request's device cookie if it is genuine, fresh, and for this username."""
    raw = request.COOKIES.get(settings.LOGIN_DEVICE_COOKIE)
    if not raw or not username:
        return None
    try:
        data = signing.loads(raw, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != username or not data.get("d"):
        return None
    return str(data["d"])


def remember_device(response, user) -> None:
    """Marks the browser that just signed in as trusted for this user."""
    value = signing.dumps({"u": user.get_username(), "d": secrets.token_hex(8)}, salt=DEVICE_SALT)
    response.set_cookie(
        settings.LOGIN_DEVICE_COOKIE,
        value,
        max_age=DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _device_rows(username, device):
    return AccessAttempt.objects.filter(
        username=username, ip_address__isnull=True, user_agent=DEVICE_AGENT + device
    )


class LoginThrottlingHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """The failure count compared with AXES_FAILURE_LIMIT. One query.

        A trusted browser: its own failures. Otherwise the pair's, raised to the limit when the
        address is locked; the request is marked (`login_locked_by_address`) so that the lockout
        page can say which rule applies.
        """
        username = get_client_username(request, credentials)
        since = get_cool_off_threshold(request)
        request.login_locked_by_address = False
        if device := trusted_device(request, username):
            rows = _device_rows(username, device).filter(attempt_time__gte=since)
            return rows.aggregate(n=Sum("failures_since_start"))["n"] or 0
        recent = AccessAttempt.objects.filter(attempt_time__gte=since)
        counts = recent.filter(ip_address=request.axes_ip_address).aggregate(
            address=Sum("failures_since_start"),
            pair=Sum("failures_since_start", filter=Q(username=username)),
        )
        pair, address = counts["pair"] or 0, counts["address"] or 0
        request.login_locked_by_address = address >= settings.LOGIN_IP_FAILURE_LIMIT
        if request.login_locked_by_address:
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        """Also counts the failure on the trusted browser's own row, when it has one."""
        if request is not None and not getattr(request, "axes_locked_out", False):
            username = get_client_username(request, credentials)
            if device := trusted_device(request, username):
                with transaction.atomic():
                    attempt, created = AccessAttempt.objects.select_for_update().get_or_create(
                        username=username,
                        ip_address=None,
                        user_agent=DEVICE_AGENT + device,
                        defaults={
                            "get_data": "",
                            "post_data": "",
                            "http_accept": request.axes_http_accept,
                            "path_info": request.axes_path_info,
                            "failures_since_start": 1,
                            "attempt_time": request.axes_attempt_time,
                        },
                    )
                    if not created:
                        AccessAttempt.objects.filter(pk=attempt.pk).update(
                            failures_since_start=F("failures_since_start") + 1,
                            attempt_time=request.axes_attempt_time,
                        )
        super().user_login_failed(sender, credentials, request, **kwargs)

    def reset_user_attempts(self, request, credentials=None) -> int:
        count = super().reset_user_attempts(request, credentials)
        username = get_client_username(request, credentials)
        if device := trusted_device(request, username):
            count += _device_rows(username, device).delete()[0]
        return count
